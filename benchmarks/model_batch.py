"""Batch analysis against a loopback model server that adds 200 ms to every call.

Throughput (files per second) at concurrency 1, 4 and 16, answers never cached, so every
file costs one real HTTP call through the OpenAI SDK.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import GREENADVISOR, ROOT, clean_env, timed

LATENCY_S = 0.2
FILES = 64
ANSWER = json.dumps({"summary": "benchmark", "recommendations": [{
    "technique_id": "carbon-monitoring", "workload": "x", "action": "Measure", "impact": "", "difficulty": "low",
    "tools": ["CodeCarbon"], "accuracy_risk": "none", "warning": None}]})


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        time.sleep(LATENCY_S)
        body = json.dumps({"id": "b", "object": "chat.completion", "created": 0, "model": "bench",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER}, "finish_reason": "stop"}],
                           "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def run() -> dict:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            fleet = tmp / "fleet"
            fleet.mkdir()
            examples = sorted((ROOT / "examples").glob("*.yaml"))
            for i in range(FILES):
                shutil.copy(examples[i % len(examples)], fleet / f"{i:03d}-{examples[i % len(examples)].name}")
            env = clean_env(tmp / "home")
            for concurrency in (1, 4, 16):
                (seconds,) = timed([*GREENADVISOR, "analyze", str(fleet), "--model", "openai:bench", "--base-url", url,
                                    "--format", "json", "--no-cache", "--no-log", "-j", str(concurrency)], env=env)
                results[concurrency] = {"seconds": seconds, "files_per_s": FILES / seconds}
    finally:
        server.shutdown()
    results["speedup_16_vs_1"] = results[16]["files_per_s"] / results[1]["files_per_s"]
    results["target_speedup"] = 10.0
    return results


if __name__ == "__main__":
    print(run())
