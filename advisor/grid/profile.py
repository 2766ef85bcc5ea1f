"""Hourly grid-intensity profiles from CSV exports, read without pandas.

Three shapes are recognised from their header, so a user can pass the file they downloaded
as it is:
- Electricity Maps exports (data portal / app): `Datetime (UTC)` and the columns
  `Carbon Intensity gCO₂eq/kWh (LCA)` / `(direct)` (also spelt `Carbon intensity gCO₂eq/kWh
  (Life cycle)` / `(Direct)`, or with a plain `2`); the life-cycle column is preferred, as it is
  Electricity Maps' default and what its API answers.
- WattTime exports (`point_time,value`, v3 historical data, often every 5 minutes; or v2's
  `timestamp,MOER`): marginal rates (MOER) in lbs CO2/MWh, converted to g/kWh.
- A generic `timestamp,gco2e_per_kwh`.

Whatever the step of the readings, they are averaged into UTC hours; missing hours stay
missing (never invented), duplicate timestamps with the same value are dropped, conflicting
ones are an error. Every bad row is an `InputError` naming the file, the line and the column.
The file is read as the measurement readers read theirs (`advisor.csvtable`): UTF-8 or UTF-16
with its byte-order mark, `,` or a spreadsheet's `;`, a column named twice or a value past
the header refused, and each row's line counted where it starts in an editor.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from advisor.cells import nonnegative
from advisor.csvtable import read_export, read_table
from advisor.errors import InputError, Problem

MAX_CSV_BYTES = 100 * 1024 * 1024  # a year of 5-minute WattTime data is ~4 MB; room for several zones
# The same plausibility bound as cloud.grid_intensity_gco2e_per_kwh in an architecture file:
# no grid, even all-lignite and marginal, comes near it, so a larger value is a unit mistake.
MAX_GCO2E_PER_KWH = 2000.0
# lbs CO2/MWh -> g/kWh: 1 lb = 453.59237 g exactly (international pound, 1959), 1 MWh = 1000 kWh.
GRAMS_PER_KWH_PER_LB_PER_MWH = 0.45359237
MIN_HOURS = 24  # less than a day cannot show a daily pattern
THIN_DAYS = 7  # fewer days give a range of daily means too narrow to trust (one day: no range at all)

TIME_COLUMNS = ("timestamp", "datetime", "time", "datetime (utc)", "point_time", "date", "datetime_utc", "timestamp_utc",
                "timestamp (utc)", "time (utc)", "period_start", "start_time")
GENERIC_VALUES = ("gco2e_per_kwh", "gco2eq_per_kwh", "gco2_per_kwh", "carbon_intensity_gco2e_per_kwh", "carbon_intensity")
EXPECTED = ("Electricity Maps export ('Datetime (UTC)', 'Carbon Intensity gCO₂eq/kWh (LCA)'), "
            "WattTime export ('point_time', 'value'), or 'timestamp,gco2e_per_kwh'")


@dataclass(frozen=True)
class GridProfile:
    """Hourly intensities (gCO2e/kWh) from one file: one slot per UTC hour from `start`, None where missing."""

    path: Path
    source: str  # what the file was recognised as
    column: str  # the header of the column used, as written in the file
    start: datetime  # first hour, UTC
    values: tuple[float | None, ...]
    marginal: bool = False  # WattTime MOER: the marginal, not the average, emission rate
    zone: str | None = None
    facts: tuple[tuple[str, tuple], ...] = ()  # the notes as (advisor/grid/words.py key, its values), worded on demand
    zone_line: int | None = None  # where the file first names its zone, for error messages
    zone_column: str | None = None  # that column's header, as written

    @property
    def notes(self) -> tuple[str, ...]:
        return self.notes_in("en")

    def notes_in(self, lang: str) -> tuple[str, ...]:
        """What the reader should know about the file (gaps, conversions, a thin profile), in `lang`."""
        from advisor.grid.words import dec, say

        specs = {"days": ".1f", "share": ".0%"}
        return tuple(say(key, lang, **{k: dec(v, specs[k], lang) if k in specs else v for k, v in values})
                     for key, values in self.facts)

    @property
    def present(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def hours(self) -> int:
        return len(self.present)

    @property
    def missing(self) -> int:
        return len(self.values) - self.hours

    @property
    def end(self) -> datetime:
        """The start of the last hour."""
        return self.start + timedelta(hours=len(self.values) - 1)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.present)

    def daily_means(self) -> list[float]:
        """Mean of each UTC day with data: the range a month's average can take, read from the file itself."""
        days: dict[object, list[float]] = {}
        for i, v in enumerate(self.values):
            if v is not None:
                days.setdefault((self.start + timedelta(hours=i)).date(), []).append(v)
        return [statistics.fmean(vs) for vs in days.values()]

    def diurnal(self) -> list[float | None]:
        """The typical day: mean of each UTC hour of the day (None for an hour never seen)."""
        buckets: list[list[float]] = [[] for _ in range(24)]
        first = self.start.hour
        for i, v in enumerate(self.values):
            if v is not None:
                buckets[(first + i) % 24].append(v)
        return [statistics.fmean(b) if b else None for b in buckets]

    def halves(self) -> tuple[GridProfile, GridProfile] | None:
        """The profile's first and second halves (whole days each), to test a slot out of sample."""
        days = len(self.values) // 24
        if days < 2:
            return None
        cut = (days // 2) * 24
        first = replace(self, values=self.values[:cut], facts=())
        second = replace(self, start=self.start + timedelta(hours=cut), values=self.values[cut:], facts=())
        if first.hours < 24 or second.hours < 24:
            return None
        return first, second

    def period(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} → {self.end + timedelta(hours=1):%Y-%m-%d %H:%M} UTC"

    def describe(self, lang: str = "en") -> str:
        """One line naming the file, the column and the period, for notes and the report."""
        from advisor.grid.words import say

        zone = say("describe_zone", lang, zone=self.zone) if self.zone else ""
        bits = [say("describe_head", lang, name=self.path.name, source=say("source:" + self.source, lang), zone=zone),
                say("describe_column", lang, column=self.column), self.period(), f"{self.hours} h"]
        if self.missing:
            bits[-1] += say("describe_missing", lang, missing=self.missing)
        return ", ".join(bits)


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").replace("₂", "2").strip().lower().split())


@dataclass(frozen=True)
class _Shape:
    source: str
    time: int  # column index
    value: int
    time_is_utc: bool
    lbs_per_mwh: bool
    marginal: bool
    zone: int | None = None


def _shape(header: list[str], path: Path) -> _Shape:
    names = [_norm(h) for h in header]

    def find(*candidates: str) -> int | None:
        return next((names.index(c) for c in candidates if c in names), None)

    intensity = [i for i, n in enumerate(names) if n.startswith("carbon intensity") and "/kwh" in n]
    if "datetime (utc)" in names and intensity:
        preferred = [i for i in intensity if "lca" in names[i] or "life cycle" in names[i] or "lifecycle" in names[i]]
        column = (preferred or intensity)[0]
        zone = find("zone id", "zone_id")
        return _Shape("Electricity Maps export", names.index("datetime (utc)"), column, True, False, False, zone)
    if "point_time" in names and "value" in names:
        return _Shape("WattTime export (MOER)", names.index("point_time"), names.index("value"), False, True, True)
    if "moer" in names and find("timestamp", "point_time") is not None:
        return _Shape("WattTime export (MOER)", find("timestamp", "point_time"), names.index("moer"), False, True, True)
    time = find(*TIME_COLUMNS)
    value = find(*GENERIC_VALUES)
    if value is None:  # one column that says it is an intensity in grams (not lbs): e.g. carbon_intensity_gco2eq_per_kwh
        named = [i for i, n in enumerate(names) if i != time and ("intensity" in n or "gco2" in n) and "lbs" not in n]
        value = named[0] if len(named) == 1 else None
    if time is not None and value is not None:
        return _Shape("CSV", time, value, "utc" in names[time], False, False)
    found = ", ".join(h.strip() for h in header[:8]) + ("…" if len(header) > 8 else "")
    raise InputError(Problem(f"not a grid profile: expected an {EXPECTED}; found: {found or 'nothing'}", 1), path)


def _timestamp(raw: str, line: int, column: str, path: Path, utc_header: bool) -> tuple[datetime, bool]:
    """(UTC datetime, whether the text carried its own offset)."""
    text = raw.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(Problem(f"not a date and time: {raw.strip()[:40]!r} (ISO 8601 expected, e.g. 2024-01-31T13:00:00Z)",
                                 line, column), path) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc), utc_header
    return moment.astimezone(timezone.utc), True


def _value(raw: str, line: int, column: str, path: Path, factor: float) -> float | None:
    text = raw.strip()
    if text == "" or text.lower() in ("nan", "null", "none", "n/a", "na"):
        return None  # a gap in the export, not an error: the hour stays missing
    value = nonnegative(text, path, line, column, "an intensity") * factor
    if value > MAX_GCO2E_PER_KWH:
        raise InputError(Problem(f"{value:,.6g} gCO2e/kWh is not a plausible grid intensity (wrong unit or column?)",
                                 line, column), path)
    return value


def load_profile(path: str | Path) -> GridProfile:
    path = Path(path)
    text = read_export(path, "grid profile (CSV)", MAX_CSV_BYTES)
    table = read_table(text, path) if text.strip() else None
    if table is None or not any(table.header):
        raise InputError("the grid profile is empty", path)
    header = table.header
    shape = _shape(header, path)
    time_name, value_name = header[shape.time], header[shape.value]
    factor = GRAMS_PER_KWH_PER_LB_PER_MWH if shape.lbs_per_mwh else 1.0

    readings: dict[datetime, tuple[float | None, int]] = {}
    naive = False
    duplicates = 0
    zone, zone_line = None, None
    zone_name = header[shape.zone] if shape.zone is not None else None
    for row in table.rows():
        line, cells = row.line, row.cells
        if time_name not in cells or value_name not in cells:
            raise InputError(Problem(f"{row.width} cell(s), but the header has {len(header)}", line), path)
        moment, offset = _timestamp(cells[time_name], line, time_name, path, shape.time_is_utc)
        naive = naive or not offset
        value = _value(cells[value_name], line, value_name, path, factor)
        if zone_name is not None and (cells.get(zone_name) or "").strip():
            named = cells[zone_name].strip()
            if zone is None:
                zone, zone_line = named, line
            elif named.upper() != zone.upper():
                # Two zones in one file would be averaged into an hour of no real grid.
                raise InputError(Problem(f"zone {named}, but line {zone_line} names zone {zone}: a grid profile "
                                         "holds one zone (export each zone to its own file)", line, zone_name), path)
        if moment in readings:
            previous, previous_line = readings[moment]
            if previous != value:
                # A naive local time repeats at the autumn clock change: say how to export it unambiguously.
                hint = ("" if offset else "; if the file is in local time, the autumn clock change repeats an hour: "
                        "export it in UTC or with offsets (e.g. 2024-10-27T02:00:00+02:00)")
                raise InputError(Problem(f"{cells[time_name].strip()} appears twice with different values "
                                         f"(also on line {previous_line}){hint}", line, time_name), path)
            duplicates += 1
            continue
        readings[moment] = (value, line)

    present = sorted(m for m, (v, _) in readings.items() if v is not None)
    if not present:
        raise InputError("the grid profile has a header but no reading", path)
    steps = [(b - a).total_seconds() for a, b in zip(present, present[1:])]
    if steps and statistics.median(steps) > 3600:
        raise InputError(f"readings every {statistics.median(steps) / 3600:g} h: an hourly (or finer) profile is needed", path)

    hourly: dict[datetime, list[float]] = {}
    for moment in present:
        hourly.setdefault(moment.replace(minute=0, second=0, microsecond=0), []).append(readings[moment][0])
    first, last = min(hourly), max(hourly)
    span = int((last - first).total_seconds() // 3600) + 1
    values = tuple(
        statistics.fmean(hourly[h]) if (h := first + timedelta(hours=i)) in hourly else None for i in range(span)
    )
    if not any(v for v, _ in (readings[m] for m in present)):
        # An all-zero column is an empty or wrong column (or a unit lost on export), not a grid: taken as
        # it is, it would zero the operational footprint and leave time shifting nothing to rank.
        raise InputError(f"every intensity in column '{value_name}' is 0: no grid is carbon-free every hour "
                         "(wrong column, or an empty export?)", path)
    if len(hourly) < MIN_HOURS:
        raise InputError(f"only {len(hourly)} hour(s) of readings: a grid profile needs at least {MIN_HOURS} "
                         "(one day) to show when the grid is cleaner", path)

    facts: list[tuple[str, tuple]] = []
    if len(present) > len(hourly):
        facts.append(("note_averaged", (("readings", len(present)), ("hours", len(hourly)))))
    if shape.lbs_per_mwh:
        facts.append(("note_moer", ()))
    if naive:
        facts.append(("note_naive", ()))
    if duplicates:
        facts.append(("note_duplicates", (("count", duplicates),)))
    if span < THIN_DAYS * 24:
        facts.append(("note_thin", (("days", span / 24), ("thin", THIN_DAYS))))
    missing = span - len(hourly)
    if missing:
        facts.append(("note_missing", (("missing", missing), ("span", span), ("share", missing / span))))
    return GridProfile(path, shape.source, value_name, first, values, shape.marginal, zone, tuple(facts),
                       zone_line, zone_name)
