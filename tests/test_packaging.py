"""A plain `pip install .` carries the knowledge base and the prompts inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_wheel_carries_knowledge_and_prompts(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("greenadvisor-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "advisor/_data/knowledge/policy.yaml" in names
    assert "advisor/_data/knowledge/grid/regions.csv" in names
    assert "advisor/_data/knowledge/techniques/quantization-int8.yaml" in names
    assert any(n.startswith("advisor/_data/prompts/") for n in names)
    assert "advisor/cli/app.py" in names


def test_readme_quick_start_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Quick start")
    blocks = readme[start:].split("```sh\n")[1:3]
    commands = [b.split("\n```")[0].strip() for b in blocks]
    assert commands[0] == "pip install . && greenadvisor analyze examples/doc-analyzer.yaml"
    assert (ROOT / "examples" / "doc-analyzer.yaml").is_file()
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
