"""The knowledge base: typed, checked, loaded once per process.

The schema is split by what the files describe (`common`, `techniques`, `grid`, `hardware`,
`rating`, `policy`, `disclosures`) and read by `loader`. Every name callers used when this was
one module is re-exported here, so `from advisor.kb import Technique, load_kb` keeps working
and callers need not know which file a model lives in.
"""

from __future__ import annotations

from advisor.kb.common import KINDS, PRECISIONS, Assumption, Difficulty, Geo, Level, Source, Text
from advisor.kb.disclosures import Disclosure, Disclosures
from advisor.kb.grid import PARTITION_GEOS, Intensity, Pue, Zone
from advisor.kb.hardware import Accelerator, MemorySizing, SourcedValue, Supports
from advisor.kb.loader import KnowledgeBase, load_kb
from advisor.kb.policy import BasicLevel, Policy
from advisor.kb.rating import KindTask, PublishedRange, RatingClass, RatingReference, RatingTask, StarRule
from advisor.kb.techniques import (
    METHOD_NEEDS,
    TOKEN_KINDS,
    Accuracy,
    Aliases,
    Applies,
    CpuApplies,
    CpuImpact,
    Impact,
    Latency,
    LossRange,
    Span3,
    Technique,
    Tool,
)

__all__ = [
    "KINDS", "METHOD_NEEDS", "PARTITION_GEOS", "PRECISIONS", "TOKEN_KINDS",
    "Accelerator", "Accuracy", "Aliases", "Applies", "Assumption", "BasicLevel", "CpuApplies", "CpuImpact",
    "Difficulty", "Disclosure", "Disclosures", "Geo", "Impact", "Intensity", "KindTask", "KnowledgeBase",
    "Latency", "Level", "LossRange", "MemorySizing", "Policy", "PublishedRange", "Pue", "RatingClass",
    "RatingReference", "RatingTask", "Source", "SourcedValue", "Span3", "StarRule", "Supports", "Technique",
    "Text", "Tool", "Zone", "load_kb",
]
