"""The toolchain verdicts as tests: ruff, mypy and the import contract (issue 8, item 10).

The README's test command (`pip install -e '.[test]' && python -m pytest`) runs these, so a fresh
clone gets the same verdict as CI (the tools are pinned in the `test` extra of pyproject.toml).
The import contract is the layering of the design (COMMON.md "Layers"), written in
`[tool.importlinter]`; the planted-violation tests prove each of its rules can fail.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "aggregate", "config", "sync")
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    """The console script of a pinned tool, from the interpreter's own environment."""
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    assert which is not None, f"{name} is not installed: run python -m pip install -e '.[test]'"
    return which


def _run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    done = _run([sys.executable, "-m", "ruff", "check", "."])
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean():
    done = _run([sys.executable, "-m", "mypy", "aggregate", "config", "core", "sync", "scheduler.py"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contract_holds():
    done = _run([_tool("lint-imports"), "--no-cache"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def _imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_nothing_in_the_product_imports_the_cli():
    """scheduler.py is a top-level module, which import-linter cannot name as a layer: checked here."""
    offenders = [str(p.relative_to(ROOT)) for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))
                 if any(m == "scheduler" or m.startswith("scheduler.") for m in _imports_of(p))]
    assert offenders == []


def test_the_cli_check_fails_on_a_planted_cli_import(tmp_path):
    """The AST check above can fail: a module that imports scheduler is seen."""
    planted = tmp_path / "planted.py"
    planted.write_text("import scheduler\nfrom scheduler import main\n", encoding="utf-8")
    assert "scheduler" in _imports_of(planted)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the product packages and pyproject.toml, to plant violations in."""
    root = tmp_path_factory.mktemp("tree")
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, root / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


# (where the violation is planted, the import planted, the contract that must break)
PLANTED = [
    ("core/planted.py", "import aggregate.normalise", "core is the leaf"),
    ("core/planted.py", "from config import settings", "core is the leaf"),
    ("core/planted.py", "import sync.job", "core is the leaf"),
    ("aggregate/planted.py", "from config.settings import Settings", "aggregate imports only core"),
    ("aggregate/planted.py", "import sync.ports", "aggregate imports only core"),
    ("config/planted.py", "import aggregate.reports", "config imports only core"),
    ("sync/google/planted.py", "from sync.local import reader", "never import each other"),
    ("sync/local/planted.py", "import sync.google.transport", "never import each other"),
    ("sync/local/planted.py", "import aggregate.normalise", "the adapters never import"),
    ("sync/google/planted.py", "import sync.job", "the adapters never import"),
    ("sync/check_planted.py", "import aggregate.normalise", None),  # not a listed module: allowed
    ("sync/template.py", "import aggregate.normalise", "only the job knows the rules"),
    ("sync/service.py", "from aggregate.normalise import normalise_reports", "only the job knows the rules"),
    # sync.check runs the section-8 checks through sync.job (optional_source_steps), never aggregate itself
    ("sync/check.py", "from aggregate.pr import normalise_pr", "only the job knows the rules"),
    ("sync/check.py", "from aggregate.tabs import SourceResult", "only the job knows the rules"),
]


@pytest.mark.parametrize(("where", "line", "contract"), PLANTED,
                         ids=[f"{w}:{c or 'allowed'}" for w, _, c in PLANTED])
def test_import_contract_fails_on_a_planted_violation(tree: Path, where: str, line: str, contract: str | None):
    target = tree / where
    before = target.read_text(encoding="utf-8") if target.exists() else None
    target.write_text((before or "") + f"\n{line}  # planted\n", encoding="utf-8")
    try:
        done = _run([_tool("lint-imports"), "--no-cache"], cwd=tree)
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_text(before, encoding="utf-8")
    if contract is None:
        assert done.returncode == 0, done.stdout + done.stderr
        return
    assert done.returncode == 1, done.stdout + done.stderr
    broken = done.stdout[done.stdout.index("Broken contracts"):]
    assert contract in " ".join(broken.split()), done.stdout
    assert "(l." in broken  # the offending line is named
