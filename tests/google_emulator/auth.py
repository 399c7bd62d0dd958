"""OAuth for the emulator: a runtime RSA test key, the service-account key file, JWT checks, tokens."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

GOOGLE_TOKEN_AUD = "https://oauth2.googleapis.com/token"
SCOPE_PREFIX = "https://www.googleapis.com/auth/"
SPREADSHEETS = SCOPE_PREFIX + "spreadsheets"
SPREADSHEETS_RO = SCOPE_PREFIX + "spreadsheets.readonly"
FORMS_BODY_RO = SCOPE_PREFIX + "forms.body.readonly"
FORMS_RESPONSES_RO = SCOPE_PREFIX + "forms.responses.readonly"
DEFAULT_SCOPES = (SPREADSHEETS, FORMS_BODY_RO, FORMS_RESPONSES_RO)

_KEY_LOCK = threading.Lock()
_KEY_CACHE: dict[str, rsa.RSAPrivateKey] = {}


def runtime_private_key(name: str = "default") -> rsa.RSAPrivateKey:
    """One RSA key per name per process (generating one takes tens of ms)."""
    with _KEY_LOCK:
        if name not in _KEY_CACHE:
            _KEY_CACHE[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _KEY_CACHE[name]


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class AuthError(Exception):
    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass
class ServiceAccount:
    email: str
    key_id: str
    key: rsa.RSAPrivateKey

    def info(self, token_uri: str, project_id: str = "ita-sync-test") -> dict[str, Any]:
        pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return {
            "type": "service_account",
            "project_id": project_id,
            "private_key_id": self.key_id,
            "private_key": pem,
            "client_email": self.email,
            "client_id": "100000000000000000000",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
            + self.email.replace("@", "%40"),
            "universe_domain": "googleapis.com",
        }


@dataclass
class Token:
    value: str
    email: str
    scopes: frozenset[str]
    expires_at: float
    self_signed_audience: str | None = None


@dataclass
class TokenStore:
    accounts: dict[str, ServiceAccount] = field(default_factory=dict)  # by email
    tokens: dict[str, Token] = field(default_factory=dict)
    lifetime: int = 3600
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_account(self, email: str, key_name: str = "default") -> ServiceAccount:
        with self.lock:
            if email not in self.accounts:
                self.accounts[email] = ServiceAccount(email, secrets.token_hex(20), runtime_private_key(key_name))
            return self.accounts[email]

    def verify_jwt(self, assertion: str) -> tuple[dict, dict, ServiceAccount]:
        try:
            h64, p64, s64 = assertion.split(".")
            header = json.loads(_b64d(h64))
            payload = json.loads(_b64d(p64))
            signature = _b64d(s64)
        except (ValueError, json.JSONDecodeError) as e:
            raise AuthError("invalid_grant", f"Invalid JWT: {e}") from None
        if header.get("alg") != "RS256":
            raise AuthError("invalid_grant", "Invalid JWT: only RS256 is accepted.")
        account = self.accounts.get(payload.get("iss", ""))
        if account is None:
            raise AuthError("invalid_grant", "Invalid grant: account not found")
        if header.get("kid") not in (None, account.key_id):
            raise AuthError("invalid_grant", "Invalid JWT Signature.")
        try:
            account.key.public_key().verify(
                signature, f"{h64}.{p64}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature:
            raise AuthError("invalid_grant", "Invalid JWT Signature.") from None
        now = time.time()
        if not isinstance(payload.get("exp"), (int, float)) or not isinstance(payload.get("iat"), (int, float)):
            raise AuthError("invalid_grant", "Invalid JWT: missing iat/exp.")
        if payload["exp"] < now - 30 or payload["iat"] > now + 300 or payload["exp"] - payload["iat"] > 3600:
            raise AuthError(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                "Check your iat and exp values in the JWT claim.",
            )
        return header, payload, account

    def grant(self, form: dict[str, str], token_urls: set[str]) -> dict[str, Any]:
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            raise AuthError("unsupported_grant_type", f"Invalid grant_type: {form.get('grant_type')}")
        _header, payload, account = self.verify_jwt(form.get("assertion", ""))
        aud = payload.get("aud")
        if aud not in token_urls | {GOOGLE_TOKEN_AUD}:
            raise AuthError("invalid_grant", f"Invalid JWT: audience {aud!r} is not the token endpoint.")
        scope = payload.get("scope", "")
        if not scope:
            raise AuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        scopes = frozenset(scope.split())
        token = Token("ya29.emu-" + secrets.token_urlsafe(24), account.email, scopes, time.time() + self.lifetime)
        with self.lock:
            self.tokens[token.value] = token
        return {"access_token": token.value, "expires_in": self.lifetime, "token_type": "Bearer"}

    def check_bearer(self, header: str | None) -> Token | None:
        """The token behind an Authorization header, or None when it is missing/invalid/expired."""
        if not header or not header.startswith("Bearer "):
            return None
        value = header[len("Bearer ") :].strip()
        with self.lock:
            token = self.tokens.get(value)
        if token is not None:
            return token if token.expires_at > time.time() else None
        if value.count(".") == 2:  # a self-signed JWT (always_use_jwt_access)
            try:
                _h, payload, account = self.verify_jwt(value)
            except AuthError:
                return None
            scopes = frozenset((payload.get("scope") or "").split())
            aud = payload.get("aud")
            return Token(value, account.email, scopes, payload["exp"], self_signed_audience=aud)
        return None

    def expire_all(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token.expires_at = 0


def write_key_file(path: str | Path, account: ServiceAccount, token_uri: str) -> Path:
    path = Path(path)
    path.write_text(json.dumps(account.info(token_uri), indent=2))
    path.chmod(0o600)  # as the README says to keep a key: `check` and `run` warn otherwise
    return path
