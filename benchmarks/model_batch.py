"""Batch analysis against a loopback model server that adds 200 ms to every call.

Two measures at concurrency 1, 4 and 16, answers never cached, so every file costs one real
HTTP call through the OpenAI SDK:

- end to end: the whole `greenadvisor analyze FOLDER --model …` command, start-up included
  (about a second of importing LangChain and the OpenAI SDK, paid once per command);
- steady state: files per second once the command is running — a child process imports
  greenadvisor, makes one warm-up call, then times `run_batch` over the folder.

The server runs in its own process so that it never competes with the client for a GIL.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import GREENADVISOR, ROOT, clean_env, timed

LATENCY_S = 0.2
FILES = 160
CONCURRENCY = (1, 4, 16)
ANSWER = json.dumps({"summary": "benchmark", "recommendations": [{
    "technique_id": "carbon-monitoring", "workload": "x", "action": "Measure", "impact": "", "difficulty": "low",
    "tools": ["CodeCarbon"], "accuracy_risk": "none", "warning": None}]})


class Handler(BaseHTTPRequestHandler):
    latency_s = LATENCY_S

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        time.sleep(self.latency_s)
        body = json.dumps({"id": "b", "object": "chat.completion", "created": 0, "model": "bench",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER}, "finish_reason": "stop"}],
                           "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(port_queue, latency_s: float) -> None:
    Handler.latency_s = latency_s
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    port_queue.put(server.server_address[1])
    server.serve_forever()


def start_server(latency_s: float = LATENCY_S) -> tuple[multiprocessing.Process, str]:
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve, args=(queue, latency_s), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{queue.get(timeout=30)}/v1"


STEADY = """
import json, sys, time
from pathlib import Path
from advisor.batch import expand, report_for, run_batch
from advisor.home import load_settings
from advisor.llm.models import parse_model
url, folder, concurrency = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
settings = load_settings(model="openai:bench", base_url=url)
choice = parse_model(settings.model, settings, settings.base_url)
options = dict(settings=settings, choice=choice, level="pro", lang="en", use_cache=False, log=False)
files = expand([folder]).files
report_for(files[0], **options)  # warm-up: imports, client, templates
started = time.perf_counter()
outcomes = run_batch(files, concurrency=concurrency, **options)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "ok": sum(o.ok for o in outcomes)}))
"""


def steady(url: str, folder: Path, concurrency: int, env: dict) -> dict:
    result = subprocess.run([sys.executable, "-c", STEADY, url, str(folder), str(concurrency)],
                            capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    if data["ok"] != FILES:
        raise RuntimeError(f"only {data['ok']} of {FILES} files succeeded")
    return {"seconds": data["seconds"], "files_per_s": FILES / data["seconds"]}


def run() -> dict:
    process, url = start_server()
    results: dict = {"end_to_end": {}, "steady": {}}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            fleet = tmp / "fleet"
            fleet.mkdir()
            examples = sorted((ROOT / "examples").glob("*.yaml"))
            for i in range(FILES):
                shutil.copy(examples[i % len(examples)], fleet / f"{i:03d}-{examples[i % len(examples)].name}")
            env = clean_env(tmp / "home")
            env["OPENAI_API_KEY"] = "benchmark"
            for concurrency in CONCURRENCY:
                (seconds,) = timed([*GREENADVISOR, "analyze", str(fleet), "--model", "openai:bench", "--base-url", url,
                                    "--format", "json", "--no-cache", "--no-log", "-j", str(concurrency)], env=env)
                results["end_to_end"][concurrency] = {"seconds": seconds, "files_per_s": FILES / seconds}
                results["steady"][concurrency] = steady(url, fleet, concurrency, env)
    finally:
        process.terminate()
    for kind in ("end_to_end", "steady"):
        r = results[kind]
        results[f"{kind}_speedup_16_vs_1"] = r[16]["files_per_s"] / r[1]["files_per_s"]
    results["target_speedup"] = 10.0
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
