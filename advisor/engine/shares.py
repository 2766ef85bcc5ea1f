"""What share of its workload's energy and emissions one saving removes, with the share's range.

The share is what the report prints ("−15 % emissions, range 12 %–17 %") and what the plan
multiplies ("two 30 % cuts give 51 %"), so its range must be the uncertainty of the share
itself, with low ≤ value ≤ high, and its central value the central saving over the central
footprint.

Dividing each bound of the saving by the same bound of the footprint is right only when both
move together: a share of the energy scales with the energy, so its ratio cancels the energy's
own uncertainty. Emissions are operational + embodied, two independent estimates: a saving on
the operational part divided bound by bound by a total whose wide embodied range drives its
bounds gives a "range" that excludes its own central value. So emissions are split: the share
of each part (bound by bound, they co-vary with their part), weighted by the operational
part's share of the total, whose bounds pair a low operational with a high embodied figure.
"""

from __future__ import annotations

from advisor.figures import Span


def share(part: Span, whole: Span) -> Span:
    """part / whole, for a part computed from the same bounds as the whole.

    When the bound-by-bound ratio is not ordered (the part does not scale with the whole
    everywhere), the conservative interval of two independent spans is used instead. Ratios
    equal by construction (a saving proportional to its workload, a profile whose days are the
    same) differ in their last bits, so the order is checked with a relative tolerance, and the
    returned span is then clamped to hold low ≤ value ≤ high exactly.
    """
    if whole.value <= 0:
        return Span.point(0.0)
    # min(…, 1.0): a share is at most the whole, and a denormal bound must not overflow to inf
    value = min(part.value / whole.value, 1.0)
    low = min(part.low / whole.low, 1.0) if whole.low > 0 else 0.0
    high = min(part.high / whole.high, 1.0) if whole.high > 0 else value
    if not (_at_most(low, value) and _at_most(value, high)):
        low = min(part.low / whole.high, 1.0) if whole.high > 0 else 0.0
        high = min(part.high / whole.low, 1.0) if whole.low > 0 else 1.0
    return Span(min(low, value), value, max(high, value)).clamp(0.0, 1.0)


RELATIVE_TOLERANCE = 1e-9  # rounding of a few products and quotients, far below any shown digit


def _at_most(a: float, b: float) -> bool:
    """a ≤ b, or equal to within rounding."""
    return a <= b or a - b <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def weight(first: Span, second: Span) -> Span:
    """first / (first + second) for two independent non-negative spans."""
    def w(a: float, b: float) -> float:
        return a / (a + b) if a + b > 0 else 1.0

    value = w(first.value, second.value)
    return Span(min(w(first.low, second.high), value), value, max(w(first.high, second.low), value))


def blend(w: Span, a: Span, b: Span) -> Span:
    """w·a + (1 − w)·b over the weight's range: linear in w, so its extremes sit at w's bounds."""
    def at(x: float, ya: float, yb: float) -> float:
        return x * ya + (1 - x) * yb

    value = at(w.value, a.value, b.value)
    low = min(at(w.low, a.low, b.low), at(w.high, a.low, b.low), value)
    high = max(at(w.low, a.high, b.high), at(w.high, a.high, b.high), value)
    return Span(low, value, high).clamp(0.0, 1.0)


def energy_share(kwh: Span, energy: Span) -> Span:
    return share(kwh, energy)


def emissions_share(kg_operational: Span, kg_embodied: Span, operational: Span, embodied: Span) -> Span:
    """The saving's share of operational + embodied emissions, each part's share weighted."""
    return blend(weight(operational, embodied), share(kg_operational, operational), share(kg_embodied, embodied))
