"""What every part of the knowledge base is built from: strict frozen models, bilingual text, sources.

The vocabulary the files share (workload kinds, precisions, risk and difficulty levels) and the
base classes live here so that the technique, grid, hardware and rating schemas agree on them
without importing one another.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Level = Literal["none", "low", "medium", "high"]
Difficulty = Literal["low", "medium", "high"]
Geo = Literal["north-america", "south-america", "europe", "asia-pacific", "middle-east", "africa"]
KINDS = ("llm-inference", "llm-api", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml")
PRECISIONS = ("fp32", "bf16", "fp16", "fp8", "int8", "int4")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(_Strict):
    en: str
    fr: str

    def __call__(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class Source(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)
    title: str
    publisher: str | None = None
    year: int | str | None = None
    url: str | None = None
    note: str | None = None


class _Sourced(_Strict):
    """A tabulated figure: central value, the range across sources, its year and sources."""

    value: float
    low: float
    high: float
    year: int | None = None
    sources: tuple[str, ...]
    note: str | None = None


class Assumption(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)
    key: str
    value: float
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    description: Text | None = None
    sources: tuple[str, ...] = ()

    @property
    def span(self) -> tuple[float, float, float]:
        low = self.value if self.low is None else self.low
        high = self.value if self.high is None else self.high
        return (low, self.value, high)
