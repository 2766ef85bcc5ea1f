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
Names match by their words (compatibility forms and invisible characters folded), case and
punctuation aside, version numbers dropped ("vLLM 0.6" is vLLM), and a shorter name matches
a longer one ("SageMaker LMI", "TensorRT"); a brand
alone ("Google Cloud") or one generic word ("AI", "GPU") names nothing, and a brand of a
cloud that is not allowed still drops a tool ("vLLM on EKS" under gcp).

A hardware move (a saving whose calculator picked a target accelerator) narrows both: an offering
that rents a part (accelerators.yaml `rented_as`) is named only if it rents the target, and only the
workload's own cloud's tools are named, since the target was chosen there (`on_target`). The engine
applies it to its own rows (advise._target_tools), `keep` to the rows a model or a saved report names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from advisor.clouds import tool_cloud
from advisor.engine.applicability import generates_tokens
from advisor.footprint import WorkloadFootprint
from advisor.kb import Tool
from advisor.unicode_text import folded


def hosting(wf: WorkloadFootprint) -> str:
    return "api" if wf.workload.kind == "llm-api" else "self-hosted"


def hardware(wf: WorkloadFootprint) -> str | None:
    """The accelerator's vendor, `cpu` for CPU-only hardware, None when the file does not say."""
    if wf.accelerator is not None:
        return wf.accelerator.vendor
    hw = wf.workload.hardware
    return "cpu" if hw is not None and not hw.has_accelerator else None


def fits(wf: WorkloadFootprint, policy) -> Callable[[Tool], bool]:
    """The predicate on tools for this workload. `generates_tokens` asks the rules' own question
    (engine/applicability.py), so vLLM leaves a CLIP batch job exactly when speculative decoding does."""
    where, how = hardware(wf), hosting(wf)
    provider, kind = wf.workload.model.provider, wf.workload.kind
    writes = generates_tokens(wf.workload, policy)

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
    """The words a tool's name is made of, read as the eye reads it (unicode_text.folded): a brand in
    full-width letters is that brand, not a run of characters the split throws away."""
    return frozenset(w for w in re.split(r"[^a-z0-9]+", folded(name)) if w and not _VERSION.fullmatch(w))


@dataclass(frozen=True)
class Target:
    """Where a hardware move goes: the accelerator the calculator picked, on the workload's own cloud."""

    accelerator: str  # an id of knowledge/hardware/accelerators.yaml
    cloud: str


def target_of(saving, arch) -> Target | None:
    """The target of a saving whose method picked an accelerator (Saving.target_id), else None."""
    accelerator = getattr(saving, "target_id", None)
    return Target(accelerator, arch.cloud.provider) if accelerator else None


def keep(tools: list[str], technique, kb, clouds: set[str], fits=None,
         target: Target | None = None) -> tuple[list[str], list[str]]:
    """(kept, dropped) among `tools`, in their order; `fits` (see `fits` above) admits only the
    tools for this workload's hardware and hosting, such as its API provider's prompt caching;
    `target` (a hardware move's) admits only the offerings that rent it, on the workload's cloud."""
    known = [words(name) for name in technique.tools_for(sorted(clouds), fits)] + _open_source(kb, fits)
    kept, dropped = [], []
    for tool in tools:
        mine = words(tool)
        brand = tool_cloud(tool)
        named = _names_something(mine) and any(mine <= theirs for theirs in known)
        ok = named and (brand is None or brand in clouds) and on_target(tool, technique, kb, target)
        (kept if ok else dropped).append(tool)
    return kept, dropped


def on_target(tool: str, technique, kb, target: Target | None) -> bool:
    """Whether a hardware move may name `tool` (always, when there is no move).

    Why: "EC2 P5 instances (H100)" is no way to rent a B200, and the move is made on the cloud
    the workload runs on (the target was picked there), so another cloud's VMs or SDK are noise.
    A name claimed by some part's `rented_as` must be claimed by the target's too (a name as
    short as "Amazon EC2" is claimed by every AWS part, the target's included); its cloud is
    that of the technique's tools it names, else its brand's; a tool of no cloud is kept.
    Names compare by their words, as in `keep`, so the engine's exact names and a model's
    shorter ones meet the same rule.
    """
    if target is None:
        return True
    mine = words(tool)
    claimed_by = {part for part, name in _rented(kb) if mine <= name}
    if claimed_by and target.accelerator not in claimed_by:
        return False
    clouds = {t.cloud for t in technique.tools if mine <= words(t.name)} or {tool_cloud(tool)}
    return None in clouds or target.cloud in clouds


@lru_cache(maxsize=4)
def _rented(kb) -> tuple[tuple[str, frozenset[str]], ...]:
    """(accelerator id, words of an offering that rents it), from accelerators.yaml `rented_as`."""
    return tuple((acc.id, words(name)) for acc in kb.accelerators.values()
                 for name in (getattr(acc, "rented_as", None) or ()))


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
