"""Which of a technique's tools fit this workload: its kind, its accelerator's vendor and its hosting.

A tool entry may say which workload kinds it serves (`kinds`: vLLM serves LLMs, not an
XGBoost model or an embedding encoder), what it runs on (`hardware`: nvidia | amd | aws |
google | cpu), how the model is hosted (`hosting`: self-hosted | api) and, for API features, which model providers
offer it (`api_providers`). TensorRT-LLM is no use on a TPU, vLLM's prefix cache none to a
team calling Claude, and Anthropic's prompt caching none to a team calling OpenAI. Untagged
tools fit everywhere the technique applies. The cloud rule (a tool from a cloud outside the
allowed ones) stays in kb.Technique.tools_for and advisor/clouds.py.

The same rule judges the tools a recommendation names (`keep`: a model's answer in the guard,
a saved report in the rule checker). Brand keywords alone only catch the names they list
("AKS", "Cosmos DB", "Lambda" pass them under any cloud), so a named tool is kept only when
the knowledge base names it: among the technique's tools for the allowed clouds that fit the
workload, or among the open-source tools of any technique (tied to no cloud) that fit it.
Names match by their words, case and punctuation aside, version numbers dropped ("vLLM 0.6"
is vLLM), and a shorter name matches a longer one ("SageMaker LMI", "TensorRT"); a brand
alone ("Google Cloud") or one generic word ("AI", "GPU") names nothing, and a brand of a
cloud that is not allowed still drops a tool ("vLLM on EKS" under gcp).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from advisor.clouds import tool_cloud
from advisor.engine.applicability import generates_tokens
from advisor.footprint import WorkloadFootprint
from advisor.kb import Tool


def hosting(wf: WorkloadFootprint) -> str:
    return "api" if wf.workload.kind == "llm-api" else "self-hosted"


def hardware(wf: WorkloadFootprint) -> str | None:
    """The accelerator's vendor, `cpu` for CPU-only hardware, None when the file does not say."""
    if wf.accelerator is not None:
        return wf.accelerator.vendor
    hw = wf.workload.hardware
    return "cpu" if hw is not None and not hw.has_accelerator else None


def fits(wf: WorkloadFootprint) -> Callable[[Tool], bool]:
    """The predicate on tools for this workload. `generates_tokens` asks the rules' own question
    (engine/applicability.py), so vLLM leaves a CLIP batch job exactly when speculative decoding does."""
    where, how = hardware(wf), hosting(wf)
    provider, kind = wf.workload.model.provider, wf.workload.kind
    writes = generates_tokens(wf.workload)

    def fit(tool: Tool) -> bool:
        if tool.kinds is not None and kind not in tool.kinds:
            return False
        if tool.generates_tokens and not writes:
            return False
        if where is None and tool.hardware is not None and how == "self-hosted":
            return True  # hardware unknown: do not guess it away
        return tool.fits(where, how, provider, kind)

    return fit


_VERSION = re.compile(r"v?\d+[a-z]?")  # 0, 6, v0, 3b: version and size numbers
BRANDS = frozenset("amazon aws google gcp cloud azure microsoft".split())
FILLER = frozenset("and or for with on of the a an in to by via open source".split())
GENERIC = frozenset(
    "ai ml machine learning service services model models inference api sdk gpu gpus cpu instance instances "
    "llm server serving endpoint endpoints container containers based tool tools library framework".split()
)


def words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[^a-z0-9]+", name.lower()) if w and not _VERSION.fullmatch(w))


def keep(tools: list[str], technique, kb, clouds: set[str], fits=None) -> tuple[list[str], list[str]]:
    """(kept, dropped) among `tools`, in their order; `fits` (see `fits` above) admits only the
    tools for this workload's hardware and hosting, such as its API provider's prompt caching."""
    known = [words(name) for name in technique.tools_for(sorted(clouds), fits)] + _open_source(kb, fits)
    kept, dropped = [], []
    for tool in tools:
        mine = words(tool)
        brand = tool_cloud(tool)
        named = _names_something(mine) and any(mine <= theirs for theirs in known)
        (kept if named and (brand is None or brand in clouds) else dropped).append(tool)
    return kept, dropped


def _names_something(mine: frozenset[str]) -> bool:
    """More than a brand: one specific word ("vLLM", "SageMaker"), or two generic ones ("Azure Machine Learning")."""
    meaning = mine - BRANDS - FILLER
    return bool(meaning - GENERIC) or len(meaning) >= 2


def _open_source(kb, fits=None) -> list[frozenset[str]]:
    return [name for tool, name in _open_source_tools(kb) if fits is None or fits(tool)]


@lru_cache(maxsize=4)
def _open_source_tools(kb) -> tuple[tuple[Tool, frozenset[str]], ...]:
    """Every technique's open-source tools tied to no cloud, with their words: read once per
    knowledge base, since every checked row asks (the eval suite checks thousands)."""
    return tuple(
        (t, words(t.name)) for technique in kb.techniques.values() for t in technique.tools
        if t.open_source and t.cloud is None and tool_cloud(t.name) is None
    )
