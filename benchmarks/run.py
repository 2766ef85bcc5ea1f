"""Run every benchmark and write RESULTS.md (python benchmarks/run.py, from the repository)."""

from __future__ import annotations

import time
from pathlib import Path

import evalsuite
import fleet
import model_batch
import scale
import startup
import startup_floor
import tokens
from common import machine


def main() -> None:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    s = startup.run()
    floor = startup_floor.run()
    f = fleet.run()
    e = evalsuite.run()
    t = tokens.run()
    m = model_batch.run()
    sc = scale.run()
    lines = [
        "# Benchmark results",
        "",
        f"Run {started} on {machine()}. Reproduce with `python benchmarks/run.py` (each script also runs alone).",
        "Timings are medians of repeated runs where stated; they are reported here, never asserted in tests.",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| offline `analyze` of doc-analyzer vs `python -c \"import pydantic, yaml, rich\"` (median of {startup.REPEAT}) | "
        f"{s['analyze_s'] * 1000:.0f} ms vs {s['baseline_s'] * 1000:.0f} ms: **{s['ratio']:.1f}×** (`--format json --no-log`) | ≤ {s['target_ratio']}× |",
        f"| the same, as a user types it (`greenadvisor analyze FILE`: terminal table, logged) | "
        f"{s['default_s'] * 1000:.0f} ms: {s['default_ratio']:.1f}× | (reported) |",
        f"| {f['files']:,} generated architectures, offline, one command | **{f['seconds']:.1f} s** ({f['files_per_s']:.0f} files/s, "
        f"{f['reports']} reports written) | < {f['target_seconds']:.0f} s |",
        f"| eval suite, offline engine ({e['cases']} cases, median of 3) | **{e['seconds']:.2f} s** | seconds |",
        f"| batch of {model_batch.FILES} files, loopback model adding {model_batch.LATENCY_S * 1000:.0f} ms per call, "
        "steady state (once running) | "
        + ", ".join(f"c={c}: {m['steady'][c]['files_per_s']:.1f} files/s" for c in model_batch.CONCURRENCY)
        + f"; **c=16 is {m['steady_speedup_16_vs_1']:.1f}× c=1** | ≥ {m['target_speedup']:.0f}× |",
        "| the same, end to end (whole command, start-up included) | "
        + ", ".join(f"c={c}: {m['end_to_end'][c]['files_per_s']:.1f} files/s" for c in model_batch.CONCURRENCY)
        + f"; c=16 is {m['end_to_end_speedup_16_vs_1']:.1f}× c=1 | (reported) |",
        "| one architecture with many workloads, offline (median of 3; json / table) | "
        + ", ".join(f"{n}: {t['json']:.2f} s / {t['table']:.2f} s" for n, t in sc.items()) + " | (reported) |",
        "",
        "## Prompt tokens (o200k_base) against a naive baseline",
        "",
        "The baseline pastes the seed's pro prompt, the whole architecture YAML and the whole knowledge base.",
        "",
        "| example, level, language | grounded prompt | naive baseline | share |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {key} | {v['tokens']:,} | {v['baseline']:,} | {v['share'] * 100:.1f} % |" for key, v in t.items()]
    lines += [
        "",
        "## Start-up floor of the stack (CPU time of a fresh interpreter, median of "
        f"{startup_floor.REPEAT})",
        "",
        "| what runs | CPU time | × baseline |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {r['cpu_ms']:.0f} ms | {r['ratio']:.2f}× |" for name, r in floor.items()]
    out = Path(__file__).with_name("RESULTS.md")
    existing = out.read_text(encoding="utf-8") if out.exists() else ""
    analysis = existing.split("## Reading the numbers", 1)[1] if "## Reading the numbers" in existing else "\n"
    out.write_text("\n".join(lines) + "\n\n## Reading the numbers" + analysis, encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
