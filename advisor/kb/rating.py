"""The energy rating's schema: the reference (AI Energy Score), its star rule and published ranges.

Read from knowledge/ratings/; the loader checks every published star against `StarRule`, and
advisor/rating.py rates a workload with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.kb.common import Text, _Strict


class StarRule(_Strict):
    """How a reference turns GPU energy into stars: equal bands of the task's published range."""

    method: Literal["equal-bands"]
    bands: Annotated[int, Field(ge=2, le=10)]
    boundary: Literal["better", "worse"]

    def stars(self, value: float, low: float, high: float) -> int:
        """Stars for `value` against a task whose published models span [low, high].

        Below the range is the best rating and above it the worst: the bands are relative
        to what was benchmarked, so a value outside it is at least as good or as bad.
        """
        if high <= low or value <= low:
            return self.bands
        if value > high:
            return 1
        position = (value - low) / (high - low) * self.bands  # in band units, 0..bands (no band width: it underflows)
        index = math.ceil(position - 1e-9) if self.boundary == "better" else math.floor(position + 1e-9) + 1
        return self.bands + 1 - min(max(index, 1), self.bands)


class RatingClass(_Strict):
    max_parameters_b: float | None = None  # None: no upper bound
    label: Text


class RatingTask(_Strict):
    label: Text
    classes: dict[str, RatingClass] = Field(default_factory=dict)

    def class_for(self, parameters_b: float) -> str | None:
        """The size class a model of this many (total) parameters is scored in; None when the task has none."""
        for name, cls in sorted(self.classes.items(), key=lambda kv: kv[1].max_parameters_b or math.inf):
            if cls.max_parameters_b is None or parameters_b <= cls.max_parameters_b:
                return name
        return None


@dataclass(frozen=True)
class PublishedRange:
    """The GPU energy of the models a reference benchmarked for one task (and class)."""

    low: float
    high: float
    count: int


class RatingReference(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str
    name: str
    edition: Text  # the words a report shows are in its language (en, fr)
    published: str
    unit: Text
    hardware: Text
    models: str
    stars: StarRule
    sources: tuple[str, ...]
    figures_source: str
    tasks: dict[str, RatingTask]
    ranges: dict[tuple[str, str], PublishedRange] = Field(default_factory=dict)  # (task, class or "") -> range

    def range_for(self, task: str, cls: str | None) -> PublishedRange | None:
        return self.ranges.get((task, cls or ""))


class KindTask(_Strict):
    """The reference task a workload kind is rated against (None: the file must say)."""

    task: str | None
    needs_output_tokens: bool = False
