"""Thai labels officers read live in core/vocab.py only (issue 8, item 7; COMMON.md "Layers").

Every Thai string literal in product code (docstrings aside) must sit in core/vocab.py. The
allow-list holds the modules not yet swept; it may only shrink: a module that no longer needs its
entry fails the test, so the list stays honest. The demo's sample-data modules are exempt for good
(their Thai is input as officers type it, not labels).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THAI = re.compile("[\u0e00-\u0e7f]")
PRODUCT = ("core", "aggregate", "config", "sync")
HOME = "core/vocab.py"
#: modules still holding Thai literals (to be swept; never add to this list)
NOT_YET_SWEPT: set[str] = set()
#: modules whose Thai literals are sample *input data*, not labels: the messy demo data written as
#: officers and respondents type it. Exempt from the check for good; their labels (tab names,
#: headers the reader must match) still come from core/vocab.py.
SAMPLE_DATA_MODULES = {
    "sync/demo_data.py",     # survey answers, names, units, report rows and messy dates as people type them
    "sync/demo_sources.py",  # section-8 sample rows: channel spellings, reporters, employees, topics, bad cells
}


def thai_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            docstrings.add(id(body[0].value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and THAI.search(n.value)
            and id(n) not in docstrings]


def product_modules() -> list[str]:
    files = [ROOT / "scheduler.py"] + [p for pkg in PRODUCT for p in sorted((ROOT / pkg).rglob("*.py"))]
    return [str(p.relative_to(ROOT)) for p in files]


@pytest.mark.parametrize("module", [m for m in product_modules()
                                    if m != HOME and m not in NOT_YET_SWEPT | SAMPLE_DATA_MODULES])
def test_no_thai_literal_outside_the_vocabulary(module):
    assert thai_literals(ROOT / module) == [], f"move these Thai labels into {HOME}"


@pytest.mark.parametrize("module", sorted(NOT_YET_SWEPT))
def test_the_allow_list_only_shrinks(module):
    path = ROOT / module
    if not path.exists():
        pytest.fail(f"{module} is gone: remove it from NOT_YET_SWEPT")
    assert thai_literals(path), f"{module} holds no Thai literal any more: remove it from NOT_YET_SWEPT"


@pytest.mark.parametrize("module", sorted(SAMPLE_DATA_MODULES))
def test_each_sample_data_module_exists(module):
    assert (ROOT / module).exists(), f"{module} is gone: remove it from SAMPLE_DATA_MODULES"


def test_the_sample_data_modules_are_not_also_awaiting_the_sweep():
    assert not SAMPLE_DATA_MODULES & NOT_YET_SWEPT


def test_the_check_sees_a_planted_literal(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""ไทยในคำอธิบาย is fine."""\nLABEL = "สรุปภาพรวม"\n', encoding="utf-8")
    assert thai_literals(planted) == [(2, "สรุปภาพรวม")]


def test_one_copy_of_the_thai_month_tables():
    """demo and the benchmark baseline take the months from core/vocab.py (the rules module's own
    copy in aggregate/parse.py is the rules owner's to remove)."""
    from benchmarks import baseline
    from core import vocab
    from sync import demo_data as demo

    assert demo._MONTHS_FULL is vocab.THAI_MONTHS and demo._MONTHS_ABBR is vocab.MONTH_ABBR
    assert baseline._FULL_MONTHS is vocab.THAI_MONTHS and baseline._SHORT_MONTHS is vocab.MONTH_ABBR
    for module in ("sync/demo_data.py", "sync/demo_sources.py", "sync/template_sources.py", "benchmarks/baseline.py"):
        texts = [t for _, t in thai_literals(ROOT / module)]
        assert "กุมภาพันธ์" not in texts and "ก.พ." not in texts


@pytest.mark.parametrize("module", sorted(SAMPLE_DATA_MODULES))
def test_the_sample_data_takes_its_labels_from_the_vocabulary(module):
    """Tab names and headers the reader matches are labels, not sample data: the demo writes
    them from core/vocab.py, so a renamed label cannot leave the demo behind."""
    from core import vocab

    labels = {vocab.FORM1_TAB, vocab.FORM2_TAB, vocab.DEMO_SURVEY_TAB, vocab.TPL_INSTRUCTIONS_TAB,
              vocab.DEFAULT_QUESTION_TITLES["timestamp"][0], *vocab.PERSONAL_TITLES, *vocab.THAI_MONTHS,
              *vocab.MONTH_ABBR, vocab.THAI_DIGITS}
    assert sorted({t for _, t in thai_literals(ROOT / module)} & labels) == []
