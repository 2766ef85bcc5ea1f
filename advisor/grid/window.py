"""When should a deferrable job run? The cleanest slot of a grid profile, and what moving there saves.

The model, stated once so the report can be read against it:
- The job runs `run` whole hours a day in one block (hours_per_month / 30.4, rounded).
- It must run within `span` hours of the hour it is released (schedule.window_hours; 24 h
  when not given, as the generic estimate assumes), so it may start up to span − run hours
  late. Only a span of at least a day plus the run reaches the day's cleanest slot from
  every start.
- Today it starts at no particular hour, so every start is equally likely: the intensity it
  runs at now is the mean of the profile (the honest baseline when the file does not say
  when the job runs).
- Central saving: each start moved to the cleanest block within reach, on the profile's
  typical day (the mean of each UTC hour), i.e. a fixed daily schedule learnt from the file.
  Low: that schedule learnt on one half of the profile and applied to the other (what a
  schedule fixed today keeps next week). High: each day's own best block, as if the grid were
  known in advance (a perfect forecast).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.figures import Span
from advisor.grid.profile import GridProfile

DAY = 24
DAYS_PER_MONTH = 365 / 12  # an average month, as hours_per_month: 730 counts it


@dataclass(frozen=True)
class Slot:
    start: int  # index in the series (the hour of the day, for a typical day)
    length: int
    mean: float

    def clock(self) -> str:
        """`01:00–05:00 UTC` for a slot of the typical day."""
        return f"{self.start % DAY:02d}:00–{(self.start + self.length) % DAY:02d}:00 UTC"


def window_means(values: Sequence[float | None], length: int, circular: bool = False) -> list[float | None]:
    """Mean of every block of `length` consecutive values (wrapping round when circular); None when
    the block holds a missing value."""
    n = len(values)
    if length <= 0 or length > n:
        return []
    starts = n if circular else n - length + 1
    means: list[float | None] = []
    for t in range(starts):
        block = [values[(t + i) % n] for i in range(length)]
        means.append(None if any(v is None for v in block) else sum(block) / length)
    return means


def cleanest(values: Sequence[float | None], length: int, circular: bool = False) -> Slot | None:
    """The block of `length` hours with the lowest mean (the earliest one on a tie)."""
    means = window_means(values, length, circular)
    best: Slot | None = None
    for t, m in enumerate(means):
        if m is not None and (best is None or m < best.mean):
            best = Slot(t, length, m)
    return best


def _reachable_minima(means: list[float | None], reach: int, circular: bool) -> list[float | None]:
    """For each start t, the lowest block mean among starts t..t+reach (a sliding minimum)."""
    n = len(means)
    if n == 0:
        return []
    inf = float("inf")
    seq = [inf if m is None else m for m in means]
    if circular:
        reach = min(reach, n - 1)
        seq = seq + seq[:reach]
    out: list[float | None] = []
    window: deque[int] = deque()
    # walk right to left so the window holds starts t..t+reach
    minima = [inf] * len(seq)
    for i in range(len(seq) - 1, -1, -1):
        while window and seq[window[-1]] >= seq[i]:
            window.pop()
        window.append(i)
        while window[0] > i + reach:
            window.popleft()
        minima[i] = seq[window[0]]
    for t in range(n):
        out.append(None if minima[t] == inf else minima[t])
    return out


def shift_totals(values: Sequence[float | None], run: int, span: int, circular: bool) -> tuple[float, float] | None:
    """(Σ best reachable block mean, Σ block mean where it starts now), over every start with data."""
    means = window_means(values, run, circular)
    reach = max(0, span - run)
    best = _reachable_minima(means, reach, circular)
    moved = now = 0.0
    for m, b in zip(means, best):
        if m is not None and b is not None:
            moved += b
            now += m
    return (moved, now) if now > 0 else None


def _offsets(day: list[float | None], run: int, span: int) -> list[int | None]:
    """The fixed daily schedule: for each start hour, how many hours later the job should start."""
    means = window_means(day, run, circular=True)
    reach = min(max(0, span - run), DAY - 1)
    plan: list[int | None] = []
    for t in range(DAY):
        options = [(means[(t + o) % DAY], o) for o in range(reach + 1) if means[(t + o) % DAY] is not None]
        plan.append(min(options)[1] if options else None)
    return plan


def _apply(day: list[float | None], plan: list[int | None], run: int) -> float | None:
    """Fraction saved on `day` by a schedule learnt elsewhere (may be negative: it can backfire)."""
    means = window_means(day, run, circular=True)
    moved = now = 0.0
    for t, o in enumerate(plan):
        if o is None or means[t] is None or means[(t + o) % DAY] is None:
            continue
        moved += means[(t + o) % DAY]
        now += means[t]
    return 1.0 - moved / now if now > 0 else None


@dataclass(frozen=True)
class TimeShift:
    run: int  # hours a day the job runs
    span: int  # hours it may move within
    span_assumed: bool
    slot: Slot  # the cleanest block of the typical day
    baseline: float  # gCO2e/kWh it runs at now (the profile's mean over every start)
    shifted: float  # gCO2e/kWh after the move, on the typical day
    saving: Span  # fraction of operational emissions saved (low: out of sample, high: perfect forecast)

    def basis(self, profile: GridProfile, lang: str = "en") -> str:
        from advisor.grid.words import dec, say

        where = f"{profile.path.name}, {profile.period()}"
        slot, baseline = dec(self.slot.mean, ".0f", lang), dec(self.baseline, ".0f", lang)
        if self.shifted <= self.slot.mean * (1 + 1e-9):  # every start reaches the cleanest slot
            head = say("shift_cleanest", lang, run=self.run, clock=self.slot.clock(), slot=slot, baseline=baseline)
        else:
            head = say("shift_best", lang, run=self.run, span=self.span, shifted=dec(self.shifted, ".0f", lang),
                       baseline=baseline, clock=self.slot.clock(), slot=slot)
        tail = say("shift_assumed", lang) if self.span_assumed else ""
        return say("shift_basis", lang, head=head, tail=tail, where=where)


def daily_run_hours(hours_per_month: float) -> int:
    """Hours a day the job runs, in whole hours (a job shorter than an hour still takes one)."""
    return max(1, round(hours_per_month / DAYS_PER_MONTH))


def time_shift(profile: GridProfile, run: int, window_hours: float | None) -> TimeShift | str:
    """What moving the job within its window saves on this profile, or why it cannot move."""
    if run >= DAY:
        return f"the job runs around the clock ({run} h a day): there is no cleaner hour to move it to"
    span_assumed = window_hours is None
    span = DAY if window_hours is None else int(window_hours)
    if span <= run:
        return f"its window ({window_hours:g} h) leaves no room to move a {run} h run"
    day = profile.diurnal()
    slot = cleanest(day, run, circular=True)
    totals = shift_totals(day, run, span, circular=True)
    if slot is None or totals is None:
        return f"the grid profile has no complete {run} h block to compare"
    moved, now = totals
    starts = sum(1 for m in window_means(day, run, circular=True) if m is not None)
    value = 1.0 - moved / now
    low = value
    halves = profile.halves()
    if halves is not None:
        tests = [_apply(b.diurnal(), _offsets(a.diurnal(), run, span), run) for a, b in (halves, halves[::-1])]
        tests = [t for t in tests if t is not None]
        if tests:
            low = min(value, sum(tests) / len(tests))
    high = value
    series = shift_totals(profile.values, run, span, circular=False)
    if series is not None:
        high = max(value, 1.0 - series[0] / series[1])
    saving = Span(max(0.0, low), max(0.0, value), max(0.0, high))
    return TimeShift(run, span, span_assumed, slot, now / starts, moved / starts, saving)
