"""The architecture file: the typed description of an AI system (DESIGN.md's contract).

Names the knowledge base knows (regions, countries, accelerators, technique ids,
assumption keys) are checked here, against the knowledge base passed as validation
context, so a typo is reported with the line and a suggestion before anything is computed.
"""

from __future__ import annotations

import difflib
import os.path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator,
)

from advisor.places import country_hint, resolve_region

Kind = Literal[
    "llm-inference", "llm-api", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml"
]
Precision = Literal["fp32", "bf16", "fp16", "fp8", "int8", "int4"]
CloudName = Literal["aws", "gcp", "azure", "on-prem"]


def _lowered(value: Any) -> Any:
    """`AWS`, ` Azure ` are the provider's name too: read cloud names in any case."""
    return value.strip().lower() if isinstance(value, str) else value


def _as_text(value: Any) -> Any:
    """`name: 2024` is a name, not a number; booleans and null stay refused (`name: yes` is a slip).
    The loader puts back the text as written (`007`, `1e3`); this catches documents built in code."""
    if isinstance(value, bool):
        raise ValueError("a name must be text; YAML reads yes/no/true/false/on/off as a boolean: put it in quotes")
    if isinstance(value, (int, float)):
        return str(value)
    return value


Provider = Annotated[CloudName, BeforeValidator(_lowered)]
# The constraints before the BeforeValidator: after it, they apply to whatever it returns and
# are worded for a list ("at most 200 items"); on the string they say "at most 200 characters".
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), BeforeValidator(_as_text)]


def _a_path(value):
    """An empty path is a slip, not "no file" (that is the key left out): say so rather than ignore it."""
    if isinstance(value, str) and not value.strip():
        raise ValueError("an empty path: give the file's path, or leave the key out when there is none")
    return value


FilePath = Annotated[str, BeforeValidator(_a_path)]

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]

HOURS_IN_MONTH = 744  # the longest month; 730 is the average
# kinds whose job is to change the weights (gradients, optimiser states): sized and moved as training
TRAINING_KINDS = frozenset({"training", "fine-tuning"})
CPU_WORDS = frozenset({"cpu", "cpus", "cpu-only", "cpu_only", "cpuonly"})  # all mean `none`


def _scales_differ(a: float, b: float) -> bool:
    """One value a fraction (0..1) and the other a percentage (1..100]: F1 0.93 vs 90."""
    low, high = sorted((a, b))
    return 0 <= low <= 1 < high <= 100


def suggest(name: str, choices: Any, what: str, *, nearest: bool = False) -> str:
    """`unknown X 'name'` plus the nearest known names, the way a person would want it: names
    that start with what was typed, then contain it, then are contained in it (`nvidia-a100` →
    the two A100s before the A10), then the closest by edit distance; `nearest` names the three
    closest even when none is close (a region missing from the data: say what is near)."""
    choices = sorted(set(choices))
    by_lower = {c.lower(): c for c in choices}
    wanted = name.strip().lower()
    similarity = {low: difflib.SequenceMatcher(None, wanted, low).ratio() for low in by_lower}

    def rank(low: str) -> tuple:
        return (not low.startswith(wanted), wanted not in low, -similarity[low], low)

    contained = sorted((low for low in by_lower if len(wanted) >= 3 and (wanted in low or low in wanted)), key=rank)
    edits = difflib.get_close_matches(wanted, list(by_lower), n=3, cutoff=0.6)
    if nearest:  # a shared start says more about a place than shared letters: usgovtexas → usgovvirginia
        edits += sorted(by_lower, key=lambda low: (-len(os.path.commonprefix([wanted, low])), -similarity[low]))
    close = [by_lower[low] for low in dict.fromkeys([*contained, *edits])][:3]
    message = f"unknown {what} '{name}'"
    if close:
        message += "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    elif len(choices) <= 12:
        message += "; expected one of " + ", ".join(choices)
    return message


def _kb(info: ValidationInfo):
    return (info.context or {}).get("kb")


def _note(info: ValidationInfo, path: tuple, message: str) -> None:
    """A remark for the report (how a value was read), kept by the loader with the value's line."""
    notes = (info.context or {}).get("notes")
    if notes is not None:
        notes.append((path, message))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cloud(_Model):
    provider: Provider
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 of the grid (on-prem)")
    pue: Annotated[float, Field(ge=1.0, le=3.0)] | None = None
    grid_intensity_gco2e_per_kwh: Annotated[float, Field(ge=0.0, le=2000.0)] | None = Field(
        None, description="Overrides the bundled grid intensity (e.g. a supplier's figure)."
    )
    region: str | None = None  # validated last: its check needs provider and the override

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None, info: ValidationInfo) -> str | None:
        kb = _kb(info)
        provider = info.data.get("provider")
        if value is None or kb is None or provider in (None, "on-prem"):
            return value
        value, note = resolve_region(provider, value.strip(), kb)
        if note is not None:
            _note(info, ("cloud", "region"), note)
        known = [r for (p, r) in kb.regions if p == provider]
        if (provider, value) not in kb.regions and info.data.get("grid_intensity_gco2e_per_kwh") is None:
            elsewhere = sorted(p for (p, r) in kb.regions if r.lower() == value.lower())
            raise ValueError(
                suggest(value, known, f"{provider} region", nearest=True)
                + "".join(f" ('{value}' is a region of {p}: check cloud.provider)" for p in elsewhere[:1])
                + " (or give grid_intensity_gco2e_per_kwh for a region not bundled)"
            )
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        value = value.strip().upper()
        kb = _kb(info)
        if kb is not None and value not in kb.countries:
            hint = country_hint(value, kb)
            if hint is not None:
                raise ValueError(f"unknown country code (ISO 3166-1 alpha-3) '{value}'; did you mean {hint}?")
            raise ValueError(suggest(value, kb.countries, "country code (ISO 3166-1 alpha-3)"))
        return value

    @model_validator(mode="after")
    def _where(self) -> Cloud:
        if self.provider == "on-prem":
            if self.region is not None:
                raise ValueError("on-prem sites give 'country' (ISO alpha-3), not 'region'")
            if self.country is None and self.grid_intensity_gco2e_per_kwh is None:
                raise ValueError("on-prem sites need 'country' (ISO 3166-1 alpha-3, e.g. DEU)")
            return self
        if self.region is None:
            raise ValueError(f"'region' is required for {self.provider} (the provider's region id)")
        return self


class ModelSpec(_Model):
    name: Name | None = None
    parameters_b: Annotated[float, Field(gt=0.0, le=100_000.0)] | None = None
    active_parameters_b: Annotated[float, Field(gt=0.0, le=100_000.0)] | None = Field(
        None, description="Active parameters per token for mixture-of-experts models."
    )
    precision: Precision | None = None
    provider: str | None = Field(None, description="The API provider, for llm-api workloads.")
    task: str | None = Field(
        None, description="What the model does, as a task of the energy rating's reference (image-classification, …)."
    )

    @field_validator("task")
    @classmethod
    def _task(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.strip().lower()
        kb = _kb(info)
        if kb is not None and value not in kb.rating.tasks:
            raise ValueError(suggest(value, kb.rating.tasks, "task"))
        return value

    @field_validator("provider")
    @classmethod
    def _provider(cls, value: str | None) -> str | None:
        from advisor.hosted import PROVIDER_ALIASES  # light: EcoLogits loads only when used

        if value is not None and value.strip().lower() not in PROVIDER_ALIASES:
            raise ValueError(suggest(value, PROVIDER_ALIASES, "API provider"))
        return value


class Hardware(_Model):
    accelerator: str = "none"
    count: Annotated[int, Field(ge=1, le=100_000)] = 1
    utilization: Fraction = 0.5
    hours_per_month: Annotated[float, Field(ge=0.0, le=HOURS_IN_MONTH)] = 730.0
    vcpus: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    memory_gb: Annotated[float, Field(ge=0.0, le=1_000_000.0)] | None = None
    power_watts: Annotated[float, Field(gt=0.0, le=5000.0)] | None = Field(
        None, description="Measured average draw of one accelerator (one machine for CPU-only), replaces the power model."
    )

    @field_validator("accelerator")
    @classmethod
    def _accelerator(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip().lower()
        kb = _kb(info)
        if value in CPU_WORDS:
            raise ValueError(f"unknown accelerator '{value}'; did you mean 'none'? (CPU-only hardware is "
                             "'accelerator: none' with 'vcpus')")
        if value != "none" and kb is not None and value not in kb.accelerators:
            raise ValueError(suggest(value, [*kb.accelerators, "none"], "accelerator"))
        return value

    @field_validator("power_watts")
    @classmethod
    def _power(cls, value: float | None, info: ValidationInfo) -> float | None:
        kb = _kb(info)
        accelerator = kb.accelerators.get(info.data.get("accelerator", "")) if kb is not None else None
        limit = kb.policy.max_power_per_tdp if kb is not None else None  # knowledge/policy.yaml, with its reasoning
        if value is not None and accelerator is not None and value > limit * accelerator.tdp_w:
            raise ValueError(
                f"{value:g} W is more than {limit:g}× the {accelerator.name}'s TDP ({accelerator.tdp_w:g} W); "
                "power_watts is the measured average draw of one accelerator"
            )
        return value

    @model_validator(mode="after")
    def _cpu(self) -> Hardware:
        if self.accelerator == "none" and self.vcpus is None:
            raise ValueError("CPU-only hardware (accelerator: none) needs 'vcpus'")
        return self

    @property
    def has_accelerator(self) -> bool:
        return self.accelerator != "none"


class Traffic(_Model):
    requests_per_month: NonNegative | None = None
    input_tokens: NonNegative | None = None
    output_tokens: NonNegative | None = None


class Schedule(_Model):
    deferrable: bool = False
    window_hours: Annotated[float, Field(gt=0.0, le=8760.0)] | None = None


class Slo(_Model):
    latency_p95_ms: Positive | None = None


class Quality(_Model):
    metric: str = "quality"
    current: Annotated[float, Field(allow_inf_nan=False)]
    minimum: Annotated[float, Field(allow_inf_nan=False)]

    @field_validator("minimum")
    @classmethod
    def _same_scale(cls, value: float, info: ValidationInfo) -> float:
        """93 against 0.9 reads as a 99 % margin: a percentage beside a fraction is a unit slip."""
        current = info.data.get("current")
        if current is not None and _scales_differ(current, value):
            raise ValueError(
                f"quality.current ({current:g}) and quality.minimum ({value:g}) look like different scales "
                "(a percentage and a fraction); both must use the same scale, e.g. 93 and 90, or 0.93 and 0.9"
            )
        return value

    @property
    def margin_pct(self) -> float:
        """The headroom above the floor, in percent of the current value."""
        if self.current == 0:
            return 0.0 if self.current <= self.minimum else 100.0
        return (self.current - self.minimum) / abs(self.current) * 100.0


class Workload(_Model):
    name: Name
    kind: Kind
    model: ModelSpec = ModelSpec()
    hardware: Hardware | None = None
    traffic: Traffic | None = None
    schedule: Schedule = Schedule()
    slo: Slo | None = None
    quality: Quality | None = None
    practices: list[str] = Field(default_factory=list)

    @field_validator("practices")
    @classmethod
    def _practices(cls, value: list[str], info: ValidationInfo) -> list[str]:
        kb = _kb(info)
        if kb is not None:
            for item in value:
                if item not in kb.techniques:
                    raise ValueError(suggest(item, kb.techniques, "technique id in practices"))
        return value

    @model_validator(mode="after")
    def _shape(self) -> Workload:
        if self.kind == "llm-api":
            traffic = self.traffic
            if traffic is None or traffic.requests_per_month is None or traffic.output_tokens is None:
                raise ValueError("llm-api workloads need traffic.requests_per_month and traffic.output_tokens")
            if self.model.name is None and self.model.parameters_b is None:
                raise ValueError("llm-api workloads need model.name (or model.parameters_b)")

        elif self.hardware is None:
            raise ValueError(f"{self.kind} workloads need 'hardware' (accelerator, count, utilization, ...)")
        return self

    @property
    def precision(self) -> Precision | None:
        return self.model.precision

    @property
    def trains_weights(self) -> bool:
        """Training and fine-tuning: jobs that end when the work is done, sized with optimiser states."""
        return self.kind in TRAINING_KINDS


class Objective(_Model):
    reduce_energy_pct: Annotated[float, Field(gt=0.0, le=100.0)] | None = None


class Constraints(_Model):
    clouds: list[Provider] | None = None


class Architecture(_Model):
    name: Name
    description: str | None = None
    cloud: Cloud
    workloads: Annotated[list[Workload], Field(min_length=1, max_length=1000)]
    objective: Objective = Objective()
    constraints: Constraints = Constraints()
    metrics: FilePath | None = Field(None, description="Path, relative to the file, of measured metrics.")
    grid_profile: FilePath | None = Field(None, description="Path, relative to the file, of hourly grid intensities (CSV).")
    assumptions: dict[str, float] = Field(
        default_factory=dict, description="Overrides of knowledge/assumptions.yaml, by key."
    )

    @field_validator("workloads")
    @classmethod
    def _unique_names(cls, value: list[Workload]) -> list[Workload]:
        seen: set[str] = set()
        for workload in value:
            if workload.name in seen:
                raise ValueError(f"two workloads are named '{workload.name}'; names must be unique")
            seen.add(workload.name)
        return value

    @field_validator("assumptions")
    @classmethod
    def _assumption_keys(cls, value: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        kb = _kb(info)
        if kb is not None:
            for key, number in value.items():
                if key not in kb.assumptions:
                    raise ValueError(suggest(key, kb.assumptions, "assumption"))
                if number < 0:
                    raise ValueError(f"assumption '{key}' must be ≥ 0")
        return value

    @property
    def allowed_clouds(self) -> list[str]:
        """Clouds whose tools may be suggested: the file's own cloud when the field is absent; an
        explicit empty list allows no cloud's tools, which is what [on-prem] says (open source only)."""
        clouds = self.constraints.clouds
        if clouds is None:
            return [self.cloud.provider]
        return list(clouds) or ["on-prem"]
