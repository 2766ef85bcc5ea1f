"""The HTML report, opened in a real headless Chromium: it loads, logs no console error, renders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from conftest import ALL_EXAMPLES, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]


def _chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's package)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_is_self_contained(tmp_path, lang):
    from conftest import example

    html = run_cli("analyze", example("support-chatbot-azure.yaml"), "--format", "html", "--lang", lang).stdout
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r'src="https?:', html)
    assert "prefers-color-scheme: dark" in html and "@media print" in html
    assert "<svg" in html
    assert ("Outils suggérés" if lang == "fr" else "Suggested tools") in html


def test_hostile_names_are_escaped(write_yaml):
    from conftest import example

    path = write_yaml(example("doc-analyzer.yaml").read_text().replace("name: doc-analyzer", 'name: "<script>alert(1)</script>"'))
    html = run_cli("analyze", path, "--format", "html").stdout
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in ALL_EXAMPLES])
def test_report_opens_in_headless_chromium(tmp_path, path):
    chromium = _chromium()
    page = tmp_path / "report.html"
    assert run_cli("analyze", path, "--format", "html", "--output", page).code == 0
    shot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,2400",
                             f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 20_000
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0
    assert "<table>" in dom.stdout and "<svg" in dom.stdout
