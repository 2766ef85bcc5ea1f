"""Several actions combined into the footprint they leave, multiplicatively per workload.

Two 30 % cuts on one workload leave 0.7 × 0.7 of it (51 % saved, not 60 %). The low bound of
"after" uses each action's high share, and the reverse. The plan tries every prefix of a
ranking of thousands of actions, so this is kept linear: actions are grouped by workload once
(`combine`), and a growing plan updates only the workload an action touches (`Running`)
instead of recombining the whole system per prefix.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from advisor.figures import Span

if TYPE_CHECKING:
    from advisor.engine.advise import Candidate
    from advisor.footprint import Footprint


def _remaining(share: Span) -> tuple[float, float, float]:
    """What an action leaves of its workload, for (low, value, high) of the result."""
    return (1 - share.high, 1 - share.value, 1 - share.low)


def combine(footprint: Footprint, actions: list[Candidate]) -> tuple[Span, Span]:
    """Energy and emissions after `actions` (each workload's factors in the actions' order)."""
    by_workload: dict[str, list[Candidate]] = defaultdict(list)
    for c in actions:
        by_workload[c.workload.name].append(c)
    energy = Span.point(0.0)
    emissions = Span.point(0.0)
    for wf in footprint.workloads:
        e_factor = [1.0, 1.0, 1.0]
        c_factor = [1.0, 1.0, 1.0]
        for c in by_workload.get(wf.name, ()):
            for i, f in enumerate(_remaining(c.energy_fraction())):
                e_factor[i] *= f
            for i, f in enumerate(_remaining(c.emissions_fraction())):
                c_factor[i] *= f
        e, m = wf.energy, wf.emissions
        energy = energy + Span(e.low * e_factor[0], e.value * e_factor[1], e.high * e_factor[2])
        emissions = emissions + Span(m.low * c_factor[0], m.value * c_factor[1], m.high * c_factor[2])
    return energy.ordered(), emissions.ordered()


class Running:
    """A plan grown one action at a time, at most one per (workload, technique group): its
    central energy cut after each addition, in constant time per action."""

    def __init__(self, footprint: Footprint, actions: list[Candidate] = ()) -> None:
        self.before = footprint.energy.value
        self.left = {wf.name: wf.energy.value for wf in footprint.workloads}
        self.after = self.before
        self.actions: list[Candidate] = []
        self.slots: set[tuple[str, str]] = set()
        for c in actions:
            self.add(c)

    def add(self, c: Candidate) -> bool:
        """Add `c` unless its slot is taken; whether it was added."""
        slot = (c.workload.name, c.technique.group)
        if slot in self.slots:
            return False
        self.slots.add(slot)
        self.actions.append(c)
        name = c.workload.name
        if name in self.left:
            old = self.left[name]
            self.left[name] = new = old * (1 - c.energy_fraction().value)
            self.after += new - old
        return True

    def reduction(self) -> float:
        """Central energy cut in percent (a running sum: exact to rounding, for comparisons)."""
        return (1 - self.after / self.before) * 100 if self.before else 0.0
