"""Google's error JSON: {"error": {"code", "message", "status", ...}}."""

from __future__ import annotations

from typing import Any

STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    412: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
    "other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
    "of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "The service is currently unavailable.",
}


class ApiError(Exception):
    """An error the emulator answers with, in Google's JSON shape."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        status: str | None = None,
        details: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "Error")
        self.status = status or STATUS.get(code, "UNKNOWN")
        self.details = details
        self.headers = headers or {}
        super().__init__(f"{code} {self.status}: {self.message}")

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            err["details"] = self.details
        return {"error": err}


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def invalid_field(field: str, value: Any, type_name: str) -> ApiError:
    import json

    msg = f"Invalid value at '{field}' ({type_name}), {json.dumps(value, ensure_ascii=False)}"
    return ApiError(
        400,
        msg,
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": field, "description": msg}],
            }
        ],
    )
