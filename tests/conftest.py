"""Shared fixtures: the knowledge base, the example files, and an in-process CLI runner."""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisor.kb import load_kb

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# ../shared/examples, beside the checkout or beside the folder of worktrees; on a machine without
# it (a bare clone), the repository's copies of DESIGN's four examples stand in for them
SHARED = next((p for p in (ROOT.parent / "shared" / "examples", ROOT.parent.parent / "shared" / "examples")
               if p.is_dir()), None)
SHARED_NAMES = ("doc-analyzer.yaml", "nightly-training-gcp.yaml", "onprem-vision.yaml", "support-chatbot-azure.yaml")
SHARED_EXAMPLES = sorted(SHARED.glob("*.yaml")) if SHARED else [ROOT / "examples" / name for name in SHARED_NAMES]
ALL_EXAMPLES = EXAMPLES + [p for p in SHARED_EXAMPLES if p not in EXAMPLES]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run_cli(*args: str) -> Run:
    """Run `greenadvisor ARGS` in this process, as a user would see it."""
    from advisor.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def kb():
    return load_kb()


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write_yaml(tmp_path):
    def write(text: str, name: str = "arch.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def example(name: str) -> Path:
    return ROOT / "examples" / name


@pytest.fixture
def no_backoff(monkeypatch) -> list[float]:
    """Transport retries wait no time; the waits asked for are recorded, in order, to assert on."""
    from advisor.llm import structured

    waits: list[float] = []
    monkeypatch.setattr(structured, "pause", waits.append)
    return waits


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path_factory):
    """Every test gets its own greenadvisor home, no keys, no colour, no inherited settings."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("GREENADVISOR_HOME", str(tmp_path_factory.mktemp("home")))
    for name in ("GREENADVISOR_DEBUG", "GREENADVISOR_MODEL", "GREENADVISOR_BASE_URL", "GREENADVISOR_TIMEOUT",
                 "GREENADVISOR_FALLBACK", "GREENADVISOR_CONFIG", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
                 "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "ELECTRICITYMAPS_TOKEN", "WATTTIME_USERNAME",
                 "WATTTIME_PASSWORD", "GREENADVISOR_ELECTRICITYMAPS_URL", "GREENADVISOR_WATTTIME_URL",
                 "GREENADVISOR_GRID_TIMEOUT", "GREENADVISOR_GRID_CACHE_TTL"):
        monkeypatch.delenv(name, raising=False)
    yield
    sys.stdout.flush()


def edited_knowledge(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    """A copy of the bundled knowledge base with one text replaced in one file (which must hold it)."""
    import shutil

    from advisor.paths import knowledge_dir

    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def json_report(path, *extra: str) -> dict:
    """`greenadvisor analyze PATH --format json --no-log`, which must succeed, as the JSON a user reads."""
    result = run_cli("analyze", path, "--format", "json", "--no-log", *extra)
    assert result.code == 0, result.stderr
    return result.json()


def tools_by_technique(report: dict) -> dict[str, list[str]]:
    return {r["technique_id"]: r["tools"] for r in report["recommendations"]}
