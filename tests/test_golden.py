"""Golden Markdown reports: any change in figures, ranking or wording shows up as a diff.

Regenerate on purpose with GREENADVISOR_UPDATE_GOLDEN=1 pytest tests/test_golden.py,
then read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import example, run_cli

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("doc-analyzer.yaml", "en", "pro"),
    ("doc-analyzer.yaml", "fr", "pro"),
    ("onprem-vision.yaml", "en", "pro"),
    ("nightly-training-gcp.yaml", "fr", "basic"),
]


@pytest.mark.parametrize("name, lang, level", CASES, ids=[f"{n[:-5]}-{lang}-{lvl}" for n, lang, lvl in CASES])
def test_markdown_matches_golden(name, lang, level):
    result = run_cli("analyze", example(name), "--format", "markdown", "--lang", lang, "--level", level)
    assert result.code == 0, result.stderr
    golden = GOLDEN / f"{name[:-5]}.{lang}.{level}.md"
    if os.environ.get("GREENADVISOR_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}: run with GREENADVISOR_UPDATE_GOLDEN=1"
    assert result.stdout == golden.read_text(encoding="utf-8")
