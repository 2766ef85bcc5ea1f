"""What-if: change a field of the architecture, recompute, and show the before/after delta.

`region=eu-north-1`, `utilization=0.7`, `document-analysis.precision=int8` … Fields of the
cloud apply to the system; workload fields apply to every workload, or to one when
prefixed with its name. The changed architecture is validated like a file (a bad value is
one clear message) and the engine recomputes; no model is needed.

The calculator's power model does not see precision (a fleet draws what it draws), so a
workload whose precision differs from the file's is projected: its figures less the engine's
estimate for the technique the change amounts to (fp32 → fp16 is half-precision-inference,
→ int8 is quantization-int8 …), estimated on the same architecture at the file's precision.
The projection is a function of the architecture alone, so each what-if starts from the
figures the previous one showed, later changes (region, utilization …) rescale the estimate,
and going back to the file's precision drops it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from advisor.chat.words import say
from advisor.errors import InputError
from advisor.i18n import reason
from advisor.loader import LoadedArchitecture, validate_document
from advisor.yamlfile import YamlDocument

CLOUD_FIELDS = {"provider", "region", "country", "pue", "grid_intensity_gco2e_per_kwh"}
WORKLOAD_FIELDS = {
    "precision": ("model", "precision"),
    "parameters_b": ("model", "parameters_b"),
    "model": ("model", "name"),
    "accelerator": ("hardware", "accelerator"),
    "count": ("hardware", "count"),
    "utilization": ("hardware", "utilization"),
    "hours_per_month": ("hardware", "hours_per_month"),
    "vcpus": ("hardware", "vcpus"),
    "requests_per_month": ("traffic", "requests_per_month"),
    "input_tokens": ("traffic", "input_tokens"),
    "output_tokens": ("traffic", "output_tokens"),
    "deferrable": ("schedule", "deferrable"),
    "window_hours": ("schedule", "window_hours"),
    "latency_p95_ms": ("slo", "latency_p95_ms"),
}
PRECISION_TECHNIQUE = {"fp16": "half-precision-inference", "bf16": "half-precision-inference",
                       "fp8": "quantization-fp8", "int8": "quantization-int8", "int4": "quantization-int4"}


@dataclass
class Change:
    target: str | None  # a workload name, or None for all / the system
    field: str
    value: object


@dataclass
class Projection:
    """The figures a what-if shows for one architecture: the calculator's, less the precision estimates."""

    energy: float  # kWh/month
    emissions: float  # kgCO2e/month
    included: list = field(default_factory=list)  # engine candidates (on the file's precision) taken off
    unmodelled: dict[str, str] = field(default_factory=dict)  # workload -> why its precision change has no estimate


def _value(text: str):
    lowered = text.strip().lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    try:
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    except ValueError:
        return text.strip()


def parse(assignments: list[str], names: list[str], lang: str = "en") -> list[Change]:
    if not assignments:
        raise InputError(say("whatif_usage", lang))
    changes = []
    for item in assignments:
        if "=" not in item:
            raise InputError(say("whatif_expected", lang, item=item))
        key, raw = item.split("=", 1)
        target, _, name = key.rpartition(".")
        if target and target not in names:
            raise InputError(say("whatif_not_workload", lang, target=target, names=", ".join(names)))
        if name not in CLOUD_FIELDS and name not in WORKLOAD_FIELDS:
            import difflib

            close = difflib.get_close_matches(name, sorted(CLOUD_FIELDS | set(WORKLOAD_FIELDS)), n=1, cutoff=0.6)
            hint = say("did_you_mean", lang, name=close[0]) if close else ""
            raise InputError(say("whatif_unknown_field", lang, name=name, hint=hint))
        if target and name in CLOUD_FIELDS:
            raise InputError(say("whatif_system_field", lang, name=name, value=raw))
        changes.append(Change(target or None, name, _value(raw)))
    return changes


def assignment(change: Change) -> str:
    """A change as /whatif takes it: `document-analysis.precision=int8`, `country=–` for a removal."""
    value = "–" if change.value is None else change.value
    return f"{change.target + '.' if change.target else ''}{change.field}={value}"


def apply(loaded: LoadedArchitecture, changes: list[Change], kb, lang: str = "en") -> LoadedArchitecture:
    """The architecture with the changes made; a value of None removes the field.

    Its errors name the file once ("what-if on doc-analyzer.yaml: …", in the session's language;
    the loader's own message stays as it is), however many what-ifs came before, and it keeps
    the file's path, so files the file names are still found.
    """
    data = copy.deepcopy(loaded.architecture.model_dump(mode="json", exclude_none=True))
    for change in changes:
        if change.field in CLOUD_FIELDS:
            cloud = data.setdefault("cloud", {})
            if change.value is None:
                cloud.pop(change.field, None)
            else:
                cloud[change.field] = change.value
            if change.field == "region":
                cloud.pop("grid_intensity_gco2e_per_kwh", None)
            continue
        section, key = WORKLOAD_FIELDS[change.field]
        for workload in data["workloads"]:
            if change.target and workload["name"] != change.target:
                continue
            if section == "hardware" and workload.get("kind") == "llm-api":
                continue
            if change.value is None:
                workload.get(section, {}).pop(key, None)
            else:
                workload.setdefault(section, {})[key] = change.value
    document = YamlDocument(path=Path(say("whatif_file", lang, name=loaded.path.name)), data=data)
    changed = validate_document(document, kb)
    # the synthetic document has no key positions, so its "not given" notes would be false: keep the file's
    changed.warnings = list(loaded.warnings)
    # still the file's path: the next what-if names the file once, and `metrics:` resolves beside it
    changed.path = loaded.path
    return changed


def project(analysis, original: LoadedArchitecture, kb, lang: str, metrics=None) -> Projection:
    """The figures of `analysis` with each precision change from the file taken off as the engine estimates it.

    The estimate is made on this very architecture with the file's precision put back, so it
    follows the current region, fleet and traffic rather than the step where the change was made.
    """
    from advisor.analysis import prepare

    footprint = analysis.footprint
    energy, emissions = footprint.energy.value, footprint.emissions.value
    first = {w.name: w.model.precision for w in original.architecture.workloads}
    moved = [w for w in analysis.architecture.workloads if w.name in first and w.model.precision != first[w.name]]
    if not moved:
        return Projection(energy, emissions)
    baseline = prepare(apply(analysis.loaded, [Change(w.name, "precision", first[w.name]) for w in moved], kb, lang),
                       kb, lang, metrics)
    included, unmodelled = [], {}
    for w in moved:
        technique = PRECISION_TECHNIQUE.get(str(w.model.precision))
        if technique is None:
            start = first[w.name] or say("unstated_precision", lang)
            unmodelled[w.name] = say("no_precision_estimate", lang, start=start, precision=w.model.precision)
            continue
        hits = [c for c in baseline.advice.candidates if c.technique.id == technique and c.workload.name == w.name]
        if not hits:
            reasons = [reason(e.reason, lang) for e in baseline.advice.excluded if e.technique_id == technique and e.workload == w.name]
            unmodelled[w.name] = say("no_effect", lang, technique=technique, why=f" ({reasons[0]})" if reasons else "")
        for c in hits:
            energy -= min(c.saving.kwh.value, c.workload.energy.value)
            emissions -= min(c.saving.kg.value, c.workload.emissions.value)
            included.append(c)
    return Projection(max(0.0, energy), max(0.0, emissions), included, unmodelled)
