"""Numbers that keep their range and their provenance.

"No naked numbers": every figure the report shows is a `Figure` with low/high bounds and
where it comes from (a knowledge-base source, a measurement, an assumption the file can
override, or the file itself). Inside the calculator, `Span` does the arithmetic on
(low, value, high) triples of non-negative quantities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

Provenance = Literal["input", "source", "assumption", "estimate", "measured"]


@dataclass(frozen=True)
class Span:
    """A non-negative quantity with bounds. Products and sums of bounds stay bounds."""

    low: float
    value: float
    high: float

    @classmethod
    def point(cls, value: float) -> Span:
        return cls(value, value, value)

    @classmethod
    def of(cls, triple: tuple[float, float, float] | tuple[float, float, float, bool]) -> Span:
        return cls(triple[0], triple[1], triple[2])

    def __post_init__(self) -> None:
        finite = math.isfinite  # spans are made by the thousand per analysis: no generator here
        if not (finite(self.low) and finite(self.value) and finite(self.high)):
            raise ValueError(f"non-finite span {self}")

    def __add__(self, other: Span | float) -> Span:
        o = other if isinstance(other, Span) else Span.point(other)
        return Span(self.low + o.low, self.value + o.value, self.high + o.high)

    def __mul__(self, other: Span | float) -> Span:
        o = other if isinstance(other, Span) else Span.point(other)
        products = (self.low * o.low, self.low * o.high, self.high * o.low, self.high * o.high)
        return Span(min(products), self.value * o.value, max(products))

    __rmul__ = __mul__
    __radd__ = __add__

    def __truediv__(self, other: float) -> Span:
        return Span(self.low / other, self.value / other, self.high / other)

    def clamp(self, low: float = 0.0, high: float = math.inf) -> Span:
        def c(x: float) -> float:
            return min(max(x, low), high)

        return Span(c(self.low), c(self.value), c(self.high))

    def ordered(self) -> Span:
        return Span(min(self.low, self.value), self.value, max(self.high, self.value))


class Figure(BaseModel):
    value: float
    low: float
    high: float
    unit: str
    provenance: Provenance
    sources: list[str] = Field(default_factory=list)
    note: str | None = None

    @classmethod
    def from_span(cls, span: Span, unit: str, provenance: Provenance, sources=(), note: str | None = None) -> Figure:
        s = span.ordered()
        return cls(
            value=_round(s.value),
            low=_round(s.low),
            high=_round(s.high),
            unit=unit,
            provenance=provenance,
            sources=sorted(set(sources)),
            note=note,
        )


def _round(x: float) -> float:
    """Six significant figures: enough for any figure here, short in JSON."""
    if x == 0 or not math.isfinite(x):
        return 0.0 if not math.isfinite(x) else x
    return float(f"{x:.6g}")
