"""The footprint as a Green Software Foundation Impact Framework (IF 1.x) manifest.

Why: IF is the field's reference tool for SCI. Exporting the observations and the
coefficients greenadvisor used lets anyone recompute the SCI with `if-run` (built-in
plugins only, no network) and see that it agrees, or plug the system into a wider IF tree.

One child per workload, one observation each: one month (greenadvisor's month, a twelfth
of a year) with the energy at the meter (kWh, PUE included), the embodied carbon (gCO2e)
and the functional-unit counts (requests, tokens, hours of operation); the grid intensity
(gCO2e/kWh) and where every figure came from are the child's defaults. The pipeline is
E·I (Multiply), + M (Sum), / R (Sci; Divide and Coefficient for the other units), so what
IF computes is exactly the report's SCI = (E·I + M) / R.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import yaml

from advisor.footprint import GRID_BASES, HOURS_PER_YEAR

if TYPE_CHECKING:
    from advisor.figures import Figure
    from advisor.report import Report, WorkloadFootprintOut

IF_PACKAGE = "@grnsft/if"
IF_VERSION = "1.1.0"  # the release the manifest is written for and the round-trip test runs
MONTH_S = round(HOURS_PER_YEAR / 12 * 3600)  # greenadvisor's month: 730 h, the default hours_per_month
GRAMS_PER_KG = 1000.0
TOKENS_PER_KILOTOKEN = 1000.0

# IF parameter names. Output names must be letters and hyphens only: IF 1.1 parses them
# as possible arithmetic expressions and rejects digits.
REQUESTS = "requests"
HOURS = "operating-hours"
TOKENS = "tokens"


def _meta(unit: str, description: str, time: str = "sum", component: str = "sum") -> dict[str, Any]:
    return {"unit": unit, "description": description, "aggregation-method": {"time": time, "component": component}}


ENERGY = _meta("kWh", "energy at the meter over the observation (PUE included)")
# Its description is the manifest's: what the intensity really is (see _intensity_meta).
INTENSITY = _meta("gCO2e/kWh", GRID_BASES["location-average"], "avg", "avg")
OPERATIONAL = _meta("gCO2e", "operational carbon: energy × grid intensity")
EMBODIED = _meta("gCO2e", "embodied carbon of the hardware for the time it is reserved (or per request, hosted models)")
CARBON = _meta("gCO2e", "operational + embodied carbon")

PLUGINS: dict[str, dict[str, Any]] = {
    "operational-carbon": {
        "path": "builtin", "method": "Multiply",
        "config": {"input-parameters": ["energy", "grid/carbon-intensity"], "output-parameter": "carbon-operational"},
        "parameter-metadata": {"inputs": {"energy": ENERGY, "grid/carbon-intensity": INTENSITY},
                               "outputs": {"carbon-operational": OPERATIONAL}},
    },
    "total-carbon": {
        "path": "builtin", "method": "Sum",
        "config": {"input-parameters": ["carbon-operational", "carbon-embodied"], "output-parameter": "carbon"},
        "parameter-metadata": {"inputs": {"carbon-operational": OPERATIONAL, "carbon-embodied": EMBODIED},
                               "outputs": {"carbon": CARBON}},
    },
    "sci-per-request": {
        "path": "builtin", "method": "Sci", "config": {"functional-unit": REQUESTS},
        "parameter-metadata": {"inputs": {REQUESTS: _meta("requests", "requests served over the observation")}},
    },
    "sci-per-operating-hour": {
        "path": "builtin", "method": "Sci", "config": {"functional-unit": HOURS},
        "parameter-metadata": {"inputs": {HOURS: _meta("hours", "hours the hardware is reserved over the observation")}},
    },
    "carbon-per-hour": {
        "path": "builtin", "method": "Divide",
        "config": {"numerator": "carbon", "denominator": HOURS, "output": "sci-per-hour"},
        "parameter-metadata": {"inputs": {"carbon": CARBON, HOURS: _meta("hours", "hours the hardware is reserved over the observation")},
                               "outputs": {"sci-per-hour": _meta("gCO2e/hour", "SCI per hour of operation", "avg", "none")}},
    },
    "carbon-per-token": {
        "path": "builtin", "method": "Divide",
        "config": {"numerator": "carbon", "denominator": TOKENS, "output": "carbon-per-token"},
        "parameter-metadata": {"inputs": {"carbon": CARBON, TOKENS: _meta("tokens", "input + output tokens over the observation")},
                               "outputs": {"carbon-per-token": _meta("gCO2e/token", "carbon per token", "avg", "none")}},
    },
    "sci-per-thousand-tokens": {
        "path": "builtin", "method": "Coefficient",
        "config": {"input-parameter": "carbon-per-token", "coefficient": TOKENS_PER_KILOTOKEN, "output-parameter": "sci-per-thousand-tokens"},
        "parameter-metadata": {"inputs": {"carbon-per-token": _meta("gCO2e/token", "carbon per token", "avg", "none")},
                               "outputs": {"sci-per-thousand-tokens": _meta("gCO2e/1k tokens", "SCI per 1,000 tokens (input + output)", "avg", "none")}},
    },
}
CITED = ("energy_kwh_month", "pue", "grid_intensity_gco2e_per_kwh", "embodied_kgco2e_month")  # the figures under provenance/*
AGGREGATED = ["energy", "carbon-operational", "carbon-embodied", "carbon"]


def to_if_manifest(report: Report, *, month_start: datetime | None = None) -> str:
    """The manifest as YAML text, with a comment header naming the IF release and the sources."""
    manifest = build_manifest(report, month_start=month_start)
    body = yaml.dump(manifest, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return _header(report) + body


class _Dumper(yaml.SafeDumper):
    """Writes shared metadata out in full: no YAML anchors, so the manifest reads as plain data."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def build_manifest(report: Report, *, month_start: datetime | None = None) -> dict[str, Any]:
    start = month_start or datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    children = {w.name: _child(w, report, start) for w in report.footprint.workloads}
    used = {name for child in children.values() for name in child["pipeline"]["compute"]}
    system = report.system
    where = " ".join(x for x in (system.cloud, system.region) if x)
    description = (
        f"{_line(system.description) + ' — ' if system.description else ''}"
        f"Monthly footprint of '{_line(system.name)}' ({where}) computed by {report.generator}, "
        f"written for {IF_PACKAGE} {IF_VERSION}: one component per workload, one observation of one month "
        f"({MONTH_S:,} s); SCI = (E·I + M) / R with IF's built-in plugins."
    )
    return {
        "name": _line(system.name),
        "description": description,
        "tags": {"kind": "ai-system", "category": "on-premise" if system.cloud == "on-prem" else "cloud"},
        "explainer": True,
        "aggregation": {"metrics": AGGREGATED, "type": "both"},
        "initialize": {"plugins": _plugins(used, _intensity_meta(report))},
        "tree": {"children": children},
    }


def _intensity_meta(report: Report) -> dict[str, Any]:
    """The metadata of grid/carbon-intensity, saying what the figure is in this manifest.

    Why: a marginal rate (WattTime MOER) or the file's own figure labelled "location-based"
    would mislead whoever sums or compares the manifest with others. IF's metadata is one per
    parameter, so with several kinds it names each component's, which also says it in its
    `grid/carbon-intensity-basis` default.
    """
    by_basis: dict[str, list[str]] = {}
    for w in report.footprint.workloads:
        by_basis.setdefault(w.grid_basis, []).append(w.name)
    if len(by_basis) == 1:
        description = GRID_BASES[next(iter(by_basis))]
    else:
        description = "grid carbon intensity, not of one kind here: " + "; ".join(
            f"{', '.join(_line(n) for n in names)}: {GRID_BASES[basis]}" for basis, names in by_basis.items())
    return {**INTENSITY, "description": description}


def _plugins(used: set[str], intensity: dict[str, Any]) -> dict[str, Any]:
    plugins = {}
    for name, plugin in PLUGINS.items():
        if name not in used:
            continue
        inputs = plugin["parameter-metadata"]["inputs"]
        if "grid/carbon-intensity" in inputs:
            metadata = {**plugin["parameter-metadata"], "inputs": {**inputs, "grid/carbon-intensity": intensity}}
            plugin = {**plugin, "parameter-metadata": metadata}
        plugins[name] = plugin
    return plugins


def _child(w: WorkloadFootprintOut, report: Report, start: datetime) -> dict[str, Any]:
    f = w.figures
    observation: dict[str, Any] = {
        "timestamp": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": MONTH_S,
        "energy": w.energy_kwh_month,
        "carbon-embodied": w.embodied_kgco2e_month * GRAMS_PER_KG,
    }
    compute = ["operational-carbon", "total-carbon"]
    requests, hours, tokens = f.get("requests_per_month"), f.get("hours_per_month"), f.get("tokens_per_month")
    if requests is not None:
        observation[REQUESTS] = requests.value
    if tokens is not None:
        observation[TOKENS] = tokens.value
    if hours is not None:
        observation[HOURS] = hours.value
    # `sci` is in the unit greenadvisor leads with: per request, else per hour of operation.
    if requests is not None:
        compute.append("sci-per-request")
        if hours is not None:
            compute.append("carbon-per-hour")
    elif hours is not None:
        compute.append("sci-per-operating-hour")
    if tokens is not None:
        compute += ["carbon-per-token", "sci-per-thousand-tokens"]
    defaults: dict[str, Any] = {"grid/carbon-intensity": w.grid_intensity_gco2e_per_kwh,
                                "grid/carbon-intensity-basis": GRID_BASES[w.grid_basis]}
    system = report.system
    if system.cloud == "on-prem":
        if system.region:
            defaults["location/country"] = system.region  # ISO 3166-1 alpha-3
    else:
        defaults["cloud/vendor"] = system.cloud
        if system.region:
            defaults["cloud/region"] = system.region
    defaults["workload/kind"] = w.kind
    defaults["provenance/energy"] = _says(f.get("energy_kwh_month")) + f"; PUE {w.pue:g}, " + _says(f.get("pue"))
    defaults["provenance/grid-carbon-intensity"] = _says(f.get("grid_intensity_gco2e_per_kwh"))
    defaults["provenance/carbon-embodied"] = _says(f.get("embodied_kgco2e_month"))
    units = [fig for fig in (requests, tokens, hours) if fig is not None]
    if units:
        defaults["provenance/functional-units"] = "; ".join(_says(fig) for fig in units)
    return {"pipeline": {"compute": compute}, "defaults": defaults, "inputs": [observation]}


def _sources(figure: Figure | None) -> list[str]:
    return list(figure.sources) if figure is not None else []


def _says(figure: Figure | None) -> str:
    """Where a figure came from, in one line: provenance, note and source keys."""
    if figure is None:
        return "not given"
    text = figure.provenance + (f": {_line(figure.note)}" if figure.note else "")
    return text + (f" [sources: {', '.join(figure.sources)}]" if figure.sources else "")


def _line(text: str) -> str:
    """One line, so text from the architecture file cannot break out of a YAML comment."""
    return " ".join(str(text).split())


def _header(report: Report) -> str:
    lines = [
        f"Impact Framework manifest of '{_line(report.system.name)}', written by {report.generator} (--format if-manifest).",
        f"Target: {IF_PACKAGE} {IF_VERSION}, built-in plugins only, no network. To recompute it:",
        f"  npm install {IF_PACKAGE}@{IF_VERSION} && npx if-run --manifest THIS_FILE.yaml --output OUT",
        "Units follow IF: energy in kWh (at the meter), carbon in gCO2e, duration in seconds.",
    ]
    cited = sorted({s for w in report.footprint.workloads for key in CITED for s in _sources(w.figures.get(key))})
    if cited:
        lines.append("Sources named under provenance/*:")
        for key in cited:
            src = report.sources.get(key, {})
            lines.append(f"  {key}: {_line(src.get('title', ''))} <{_line(src.get('url', ''))}>")
    return "".join(f"# {line}\n" for line in lines)
