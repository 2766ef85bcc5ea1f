"""Which of a model's tools a report may name.

Brand keywords (advisor/clouds.py) only catch the names they list: "AKS", "Cosmos DB",
"Lambda" or "Cloud Functions" pass them under any cloud. So a model's tool is kept only
when the knowledge base names it: among the technique's tools for the allowed clouds,
or among the open-source tools of any technique (tied to no cloud). Names match by
their words, case and punctuation aside, version numbers dropped ("vLLM 0.6" is vLLM),
and a shorter name matches a longer one ("SageMaker LMI", "TensorRT"); a brand alone
("Google Cloud") or one generic word ("AI", "GPU") names nothing.
A brand of a cloud that is not allowed still drops a tool ("vLLM on EKS" under gcp).
"""

from __future__ import annotations

import re
from functools import lru_cache

from advisor.clouds import tool_cloud

_VERSION = re.compile(r"v?\d+[a-z]?")  # 0, 6, v0, 3b: version and size numbers
BRANDS = frozenset("amazon aws google gcp cloud azure microsoft".split())
FILLER = frozenset("and or for with on of the a an in to by via open source".split())
GENERIC = frozenset(
    "ai ml machine learning service services model models inference api sdk gpu gpus cpu instance instances "
    "llm server serving endpoint endpoints container containers based tool tools library framework".split()
)


def words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[^a-z0-9]+", name.lower()) if w and not _VERSION.fullmatch(w))


def keep(tools: list[str], technique, kb, clouds: set[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped) among `tools`, in their order."""
    known = [words(name) for name in technique.tools_for(sorted(clouds))] + list(_open_source(kb))
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


@lru_cache(maxsize=4)
def _open_source(kb) -> tuple[frozenset[str], ...]:
    return tuple(
        words(t.name) for technique in kb.techniques.values() for t in technique.tools
        if t.open_source and t.cloud is None and tool_cloud(t.name) is None
    )
