"""Hypothesis strategies for valid, varied architecture files, built from the knowledge base's raw data.

The names a file may use (regions, countries, accelerators, technique ids) are read here from
knowledge/ as plain YAML and CSV, not through advisor's loader, so a test using these strategies
exercises the product with inputs chosen independently of the code that checks them. Every
constraint below that narrows what a user could write says why the tool is right to refuse
what it leaves out.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

KINDS = ("llm-inference", "llm-api", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml")
PRECISIONS = ("fp32", "bf16", "fp16", "fp8", "int8", "int4")
CLOUDS = ("aws", "gcp", "azure", "on-prem")
# API providers a user names for llm-api (DESIGN.md: `provider` for llm-api). Names a user would
# write; the product's alias table is deliberately not imported, so an unknown spelling fails here.
API_PROVIDERS = ("openai", "anthropic", "mistral", "google", "cohere", "azure-openai", "bedrock")
# Hosted models EcoLogits knows, and one it does not (then parameters_b sizes it).
API_MODELS = ("gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "mistral-large-latest", "command-r", "our-own-model")


@lru_cache(maxsize=1)
def regions() -> dict[str, list[str]]:
    """Region ids per provider, from knowledge/grid/regions.csv."""
    found: dict[str, list[str]] = {}
    with open(KNOWLEDGE / "grid" / "regions.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["provider"], []).append(row["region"])
    return {p: sorted(r) for p, r in found.items()}


@lru_cache(maxsize=1)
def countries() -> list[str]:
    with open(KNOWLEDGE / "grid" / "countries.csv", newline="", encoding="utf-8") as f:
        return sorted(row["country"] for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def accelerators() -> dict[str, dict[str, Any]]:
    """knowledge/hardware/accelerators.yaml as data: id -> its entry (supports.fp8 and so on)."""
    return yaml.safe_load((KNOWLEDGE / "hardware" / "accelerators.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def techniques() -> dict[str, dict[str, Any]]:
    """knowledge/techniques/*.yaml as data: id -> its entry."""
    out = {}
    for path in sorted((KNOWLEDGE / "techniques").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[entry["id"]] = entry
    return out


@lru_cache(maxsize=1)
def policy() -> dict[str, Any]:
    return yaml.safe_load((KNOWLEDGE / "policy.yaml").read_text(encoding="utf-8"))


def _finite(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def cloud(draw) -> dict[str, Any]:
    provider = draw(st.sampled_from(CLOUDS))
    if provider == "on-prem":
        site: dict[str, Any] = {"provider": provider, "country": draw(st.sampled_from(countries()))}
        if draw(st.booleans()):
            site["pue"] = draw(st.one_of(st.just(1.0), _finite(1.0, 3.0)))  # the schema's range, bounds included
    else:
        region = draw(st.sampled_from(regions()[provider]))
        # knowledge/README.md: files may write a region id in any case
        site = {"provider": provider, "region": region.upper() if draw(st.integers(0, 9)) == 0 else region}
    if draw(st.integers(0, 7)) == 0:  # an optional extra: the supplier's own grid figure, 0 (all renewable) included
        site["grid_intensity_gco2e_per_kwh"] = draw(st.one_of(st.just(0.0), _finite(1.0, 1200.0)))
    return site


@st.composite
def quality(draw) -> dict[str, Any]:
    """Margins of every size, including 0, a hair above 0 and below the floor (a warning, not an error).

    current and minimum stay on one scale (both fractions, or both percentages above 1): a
    fraction beside a percentage is a unit slip the tool rightly refuses (DESIGN: a bad file).
    """
    percent = draw(st.booleans())
    current = draw(_finite(2.0, 100.0) if percent else _finite(0.05, 1.0))
    margin = draw(st.sampled_from(["zero", "tiny", "small", "large", "below"]))
    if margin == "zero":
        minimum = current
    elif margin == "tiny":
        minimum = current * (1 - 1e-6)
    elif margin == "small":
        minimum = current * (1 - draw(_finite(0.001, 0.049)))
    elif margin == "large":
        minimum = current * (1 - draw(_finite(0.06, 0.5)))
    else:
        minimum = current * (1 + draw(_finite(0.001, 0.02)))
    if percent:
        minimum = max(minimum, 1.01)  # stays a percentage (current is at least 2)
    else:
        minimum = min(minimum, 1.0)
    return {"metric": draw(st.sampled_from(["f1", "accuracy", "helpfulness"])), "current": current, "minimum": minimum}


@st.composite
def traffic(draw, api: bool) -> dict[str, Any]:
    """llm-api needs requests and output tokens (DESIGN: its footprint is per request); others may give any part."""
    requests = st.one_of(st.just(0.0), _finite(1.0, 1e9))
    out: dict[str, Any] = {}
    if api or draw(st.booleans()):
        out["requests_per_month"] = draw(requests)
    if draw(st.booleans()):
        out["input_tokens"] = draw(st.one_of(st.just(0.0), _finite(1.0, 50_000.0)))
    if api or draw(st.booleans()):
        out["output_tokens"] = draw(st.one_of(st.just(0.0), _finite(1.0, 4_000.0)))
    return out


@st.composite
def workload(draw, name: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    w: dict[str, Any] = {"name": name, "kind": kind}
    model: dict[str, Any] = {}
    if kind == "llm-api":
        model["name"] = draw(st.sampled_from(API_MODELS))
        model["provider"] = draw(st.sampled_from(API_PROVIDERS))
        if draw(st.booleans()):
            model["parameters_b"] = draw(_finite(0.5, 2000.0))
        w["traffic"] = draw(traffic(api=True))
    else:
        if draw(st.integers(0, 4)):  # `model` is optional outside llm-api: a file may describe only the hardware
            model["name"] = draw(st.sampled_from(["m", "llama-3-8b", "resnet-50", "bge-large"]))
        if draw(st.booleans()):
            model["parameters_b"] = draw(st.one_of(_finite(0.01, 2.0), _finite(2.0, 500.0)))
        if draw(st.booleans()):
            model["precision"] = draw(st.sampled_from(PRECISIONS))
        accelerator = draw(st.sampled_from(sorted(accelerators()) + ["none", "none"]))
        hw: dict[str, Any] = {"accelerator": accelerator}
        # count, utilization and hours have defaults: a file may leave any of them out
        if draw(st.integers(0, 4)):
            hw["count"] = draw(st.integers(1, 16))
        if draw(st.integers(0, 4)):
            hw["utilization"] = draw(st.one_of(st.sampled_from([0.0, 1.0]), _finite(0.0, 1.0)))
        if draw(st.integers(0, 4)):
            hw["hours_per_month"] = draw(st.one_of(st.sampled_from([0.0, 744.0]), _finite(1.0, 744.0)))
        if accelerator == "none":
            hw["vcpus"] = draw(st.integers(1, 128))  # CPU-only needs its size (DESIGN: `none` with `vcpus`)
        w["hardware"] = hw
        if draw(st.booleans()):
            w["traffic"] = draw(traffic(api=False))
    if model:
        w["model"] = model
    if draw(st.booleans()):
        schedule: dict[str, Any] = {"deferrable": draw(st.booleans())}
        if draw(st.booleans()):
            schedule["window_hours"] = draw(_finite(1.0, 72.0))
        w["schedule"] = schedule
    if draw(st.booleans()):
        w["slo"] = {"latency_p95_ms": draw(_finite(5.0, 60_000.0))}
    if draw(st.booleans()):
        w["quality"] = draw(quality())
    if draw(st.booleans()):
        w["practices"] = draw(st.lists(st.sampled_from(sorted(techniques())), max_size=5, unique=True))
    return w


# Workload names as people write them: words, digits, spaces, accents, and words YAML would read as
# something else (yes, 007, null) if they were not quoted; safe_dump quotes them, as a user must.
workload_names = st.one_of(
    st.sampled_from(["chat", "embeddings", "nightly", "yes", "007", "null", "Résumé API", "w|1", "<b>x</b>"]),
    st.text(st.characters(categories=["L", "N"], include_characters=" -_."), min_size=1, max_size=24),
).map(str.strip).filter(bool)


@st.composite
def architectures(draw) -> dict[str, Any]:
    """A whole architecture file as a dict (dump it with yaml.safe_dump): one to four workloads."""
    names = draw(st.lists(workload_names, min_size=1, max_size=4, unique=True))
    arch: dict[str, Any] = {
        "name": "prop",
        "cloud": draw(cloud()),
        "workloads": [draw(workload(name)) for name in names],
    }
    if draw(st.booleans()):
        arch["objective"] = {"reduce_energy_pct": draw(_finite(1.0, 100.0))}
    if draw(st.booleans()):
        arch["constraints"] = {"clouds": draw(st.lists(st.sampled_from(CLOUDS), max_size=4, unique=True))}
    return arch
