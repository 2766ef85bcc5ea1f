"""The knowledge base: typed, checked, loaded once per process.

Data lives in `knowledge/` (see its README for the schema); this module only reads and
checks it. Cross-references (every cited source exists, every technique condition is from
the known vocabulary) are checked at load time, so a broken edit fails loudly in tests.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from advisor.errors import KnowledgeBaseError
from advisor.paths import knowledge_dir
from advisor.technique_names import clashes

Level = Literal["none", "low", "medium", "high"]
Difficulty = Literal["low", "medium", "high"]
Geo = Literal["north-america", "south-america", "europe", "asia-pacific", "middle-east", "africa"]
KINDS = ("llm-inference", "llm-api", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml")
PRECISIONS = ("fp32", "bf16", "fp16", "fp8", "int8", "int4")
# regions.csv geos of the separate partitions (AWS GovCloud, Azure Government, AWS and Azure China):
# a commercial account cannot reach them, and the data does not say what hardware they offer
PARTITION_GEOS = ("us-government", "china", "eu-sovereign")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the bundled files parse ~10x faster


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


class Intensity(_Sourced):
    """A grid carbon intensity (gCO2e/kWh)."""

    key: str
    label: str
    country: str
    geo: str | None = None

    @property
    def partition(self) -> bool:
        """A region of a separate partition (China, US government), not of the commercial cloud."""
        return self.geo in PARTITION_GEOS


class Zone(_Strict):
    """Where a grid's current intensity is published: its Electricity Maps zone and WattTime region."""

    electricitymaps: str | None = None
    watttime: str | None = None
    sources: tuple[str, ...]
    note: str | None = None


class Pue(_Sourced):
    provider: str


class Supports(_Strict):
    bf16: bool = False
    fp8: bool = False
    int8: bool = False
    mig: bool = False
    sparsity: bool = False  # 2:4 structured sparsity in the tensor cores (pruning's hardware path)


class Accelerator(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)
    id: str
    name: str
    vendor: str
    family: str | None = None
    year: int | None = None
    tdp_w: Annotated[float, Field(gt=0)]
    idle_w: Annotated[float, Field(ge=0)] | None = None
    memory_gb: float | None = None
    memory_bandwidth_gbs: float | None = None
    fp16_tflops: float | None = None
    int8_tops: float | None = None
    fp8_tflops: float | None = None
    supports: Supports = Field(default_factory=Supports)
    embodied_kgco2e: float | None = None
    clouds: tuple[str, ...] = ()
    # what the vendor builds the part for: a training job is only moved to a training-class part
    roles: tuple[Literal["training", "inference"], ...] = ("training", "inference")
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


class CpuApplies(_Strict):
    """Where a technique that otherwise needs an accelerator also pays on CPU-only hardware
    (`accelerator: none`): CPU runtimes (ONNX Runtime, OpenVINO, llama.cpp) have their own kernels,
    so the accelerator's feature flags do not apply, and the GPU-measured size floor gives way to
    this one."""

    kinds: tuple[Literal[KINDS], ...]  # type: ignore[valid-type]
    min_parameters_b: float | dict[str, float] | None = None


class Applies(_Strict):
    kinds: tuple[Literal[KINDS], ...]  # type: ignore[valid-type]
    providers: tuple[Literal["aws", "gcp", "azure", "on-prem"], ...] | None = None
    needs_accelerator: bool = False
    accelerator_vendors: tuple[str, ...] | None = None
    hardware_features: tuple[Literal["bf16", "fp8", "int8", "mig", "sparsity"], ...] = ()
    cpu: CpuApplies | None = None  # on CPU-only hardware: the kinds it applies to there (else needs_accelerator rules)
    # words of a model name (any case, punctuation aside) the technique is not for: tree ensembles for pruning
    not_for_models: tuple[str, ...] = ()
    precisions: tuple[Literal["fp32", "bf16", "fp16", "fp8", "int8", "int4"], ...] | None = None
    deferrable: bool | None = None
    min_parameters_b: float | dict[str, float] | None = None
    max_parameters_b: float | None = None
    min_utilization: float | None = None
    max_utilization: float | None = None
    min_accelerator_count: int | None = None
    min_input_tokens: float | None = None
    min_output_tokens: float | None = None
    # the workload writes tokens (engine/applicability.generates_tokens): caching answers, routing between
    # LLMs, decoding tricks; a CLIP or BERT batch job is batch-inference too but writes none
    generates_tokens: bool = False
    # the action is the workload's own cloud's offering (its regions, its own chips): ruled out when that
    # cloud is not among the allowed ones, since every tool and target of it would be that cloud's
    own_cloud: bool = False
    # llm-api: the action is a feature the model provider runs (prompt caching): only for a provider one of
    # the technique's tools names (`api_providers`), since a team cannot turn on what its provider lacks
    provider_feature: bool = False
    needs_traffic: bool = False
    min_pue: float | None = None
    # below this p95 budget the technique is ruled out; a mapping {accelerator: ms, cpu: ms} when it
    # depends on the hardware (engine/latency.py)
    min_latency_budget_ms: float | dict[Literal["accelerator", "cpu"], float] | None = None
    latency_warning_below_ms: float | None = None  # below this p95 budget it carries a latency warning
    not_with_practices: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _cpu_within(self) -> Applies:
        outside = [k for k in (self.cpu.kinds if self.cpu else ()) if k not in self.kinds]
        if outside:
            raise ValueError(f"applies.cpu.kinds must be among applies.kinds, not {', '.join(outside)}")
        return self


class Span3(_Strict):
    low: float
    typical: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Span3:
        if not self.low <= self.typical <= self.high:
            raise ValueError(f"expected low <= typical <= high, got {self.low}, {self.typical}, {self.high}")
        return self


# What each impact method reads from its technique (advisor/engine/savings.py): required when the
# knowledge base loads, so the calculator never falls back on a figure of its own.
METHOD_NEEDS = {
    "share": ("saving_pct",), "idle-capacity": ("saving_pct",), "accelerator-swap": ("saving_pct",),
    "grid-time": ("saving_pct", "full_window_hours"), "pue": ("target_pue",),
}


class CpuImpact(_Strict):
    """The saving on CPU-only hardware, measured there: CPU kernels gain differently from GPU ones."""

    saving_pct: Span3
    sources: tuple[str, ...]
    note: Text


class Impact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    method: Literal["share", "idle-capacity", "accelerator-swap", "grid-region", "grid-time", "pue", "market-based", "none"]
    saving_pct: Span3 | None = None
    # share method: `compute` speeds up the work (only busy accelerator time shrinks), `work`
    # removes work (fewer requests, tokens or steps: a job ends sooner). See engine/busy.py.
    scope: Literal["compute", "work"] = "compute"
    parameters: dict = Field(default_factory=dict)
    sources: tuple[str, ...] = ()
    note: Text | None = None
    cpu: CpuImpact | None = None  # share method: what it saves on CPU-only hardware (Technique.on)

    @model_validator(mode="after")
    def _complete(self) -> Impact:
        given = {**self.parameters, "saving_pct": self.saving_pct}
        missing = [name for name in METHOD_NEEDS.get(self.method, ()) if given.get(name) is None]
        if missing:
            raise ValueError(f"method {self.method} needs {', '.join(missing)}")
        if self.cpu is not None and self.method != "share":
            raise ValueError(f"impact.cpu is a share of the workload's energy: not for method {self.method}")
        return self


class Latency(_Strict):
    effect: Literal["lower", "neutral", "higher"]
    note: Text | None = None


class LossRange(_Strict):
    low: float = 0.0
    high: float = 0.0


class Accuracy(_Strict):
    risk: Level
    loss_pct: LossRange = Field(default_factory=LossRange)
    sources: tuple[str, ...] = ()


# the kinds engine/applicability.generates_tokens may find writing tokens (a batch job only with output tokens)
TOKEN_KINDS = ("llm-inference", "llm-api", "batch-inference")


class Tool(_Strict):
    """A tool to carry out a technique. `kinds` (workload kinds), `hardware` (accelerator vendors,
    or `cpu`), `hosting` and `api_providers` narrow where it is any use; absent, it fits everywhere
    the technique does. A technique spans kinds whose tools differ (vLLM serves LLMs, not an
    XGBoost model), so a tool names the kinds it serves when it does not serve them all."""

    name: str
    cloud: Literal["aws", "gcp", "azure"] | None = None
    open_source: bool = False
    kinds: tuple[Literal[KINDS], ...] | None = None  # type: ignore[valid-type]
    hardware: tuple[Literal["nvidia", "amd", "aws", "google", "cpu"], ...] | None = None
    hosting: tuple[Literal["self-hosted", "api"], ...] | None = None
    api_providers: tuple[str, ...] | None = None  # llm-api: the model providers it serves
    # serves only models that write tokens (vLLM, RouteLLM): `kinds` cannot tell an LLM batch job from a
    # CLIP one, both batch-inference; the engine asks the rules' own generates_tokens(workload)
    generates_tokens: bool = False
    sources: tuple[str, ...] = ()
    note: str | None = None

    @field_validator("kinds")
    @classmethod
    def _some_kind(cls, kinds: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if kinds is not None and not kinds:
            raise ValueError("an empty list fits no workload: leave `kinds` out for a tool that serves every kind")
        return kinds

    @model_validator(mode="after")
    def _token_kinds(self) -> Tool:
        """A tool for token-writing models must serve a kind that can write tokens, or it fits no one."""
        if self.generates_tokens and self.kinds is not None and not set(self.kinds) & set(TOKEN_KINDS):
            raise ValueError(f"generates_tokens: true fits none of kinds {list(self.kinds)}: only {', '.join(TOKEN_KINDS)} write tokens")
        return self

    @field_validator("api_providers")
    @classmethod
    def _known_providers(cls, providers: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """Spelled as an architecture file may name the provider (advisor/hosted.py), or the tool fits no one."""
        from advisor.hosted import PROVIDER_ALIASES

        unknown = [p for p in providers or () if p not in PROVIDER_ALIASES]
        if unknown:
            raise ValueError(f"unknown API provider(s) {unknown}: use the spellings an architecture accepts, {sorted(PROVIDER_ALIASES)}")
        return providers

    def fits(self, hardware: str | None, hosting: str, api_provider: str | None, kind: str | None = None) -> bool:
        if self.kinds is not None and kind is not None and kind not in self.kinds:
            return False
        if self.hosting is not None and hosting not in self.hosting:
            return False
        if self.hardware is not None and hosting == "self-hosted" and hardware not in self.hardware:
            return False
        return self.api_providers is None or (api_provider or "").strip().lower() in self.api_providers


class Aliases(_Strict):
    """Other names practitioners give a technique, per language (never a tool's name): a model's
    id, a chat reply or a summary may use them (advisor/technique_names.py)."""

    en: tuple[str, ...] = ()
    fr: tuple[str, ...] = ()


class Technique(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str
    name: Text
    aliases: Aliases = Field(default_factory=Aliases)
    action: Text
    group: str
    lever: Literal["energy", "carbon", "none"]
    applies: Applies
    impact: Impact
    latency: Latency
    accuracy: Accuracy
    difficulty: Difficulty
    tools: tuple[Tool, ...]
    note: Text | None = None

    @model_validator(mode="after")
    def _tool_kinds(self) -> Technique:
        """A tool tagged only with kinds the technique never applies to would never be offered: a slip."""
        for t in self.tools:
            if t.kinds is not None and not set(t.kinds) & set(self.applies.kinds):
                raise ValueError(f"tool {t.name!r}: kinds {list(t.kinds)} share none with applies.kinds {list(self.applies.kinds)}")
        return self

    def tools_for(self, clouds: list[str], fits=None) -> list[str]:
        """Tool names usable under the allowed clouds: their own, or open source and tied to no other cloud.

        `fits` (a Tool predicate, see engine/tools.py) keeps only tools for this workload's
        hardware and hosting; without it every tool of the allowed clouds is listed."""
        from advisor.clouds import tool_cloud

        usable = []
        for t in self.tools:
            if fits is not None and not fits(t):
                continue
            owner = t.cloud or tool_cloud(t.name)
            # an API provider's own feature (Anthropic prompt caching) belongs to no cloud: it is
            # offered only when `fits` matched it to the provider the workload already calls
            own_api = fits is not None and t.api_providers is not None
            if owner in clouds or (owner is None and (t.open_source or own_api)):
                usable.append(t.name)
        return usable

    def on(self, hardware: str | None) -> Technique:
        """This technique as it stands on `hardware` (engine/tools.hardware: a vendor, `cpu`, or None):
        on CPU-only hardware its impact is the CPU-measured one when the knowledge base has it."""
        cpu = self.impact.cpu
        if cpu is None:
            return self
        if hardware != "cpu":  # the CPU figures are not this report's: neither cited nor shown
            return self.model_copy(update={"impact": self.impact.model_copy(update={"cpu": None})})
        impact = self.impact.model_copy(update={"saving_pct": cpu.saving_pct, "sources": cpu.sources, "note": cpu.note, "cpu": None})
        return self.model_copy(update={"impact": impact})

    def cited(self) -> set[str]:
        ids = set(self.impact.sources) | set(self.accuracy.sources)
        if self.impact.cpu is not None:
            ids.update(self.impact.cpu.sources)
        for value in self.impact.parameters.values():
            if isinstance(value, dict):
                ids.update(value.get("sources", ()))
        return ids


class SourcedValue(_Strict):
    value: Annotated[float, Field(gt=0)]
    sources: tuple[str, ...] = ()
    note: str | None = None


class MemorySizing(_Strict):
    """How much accelerator memory a model needs (hardware/memory.yaml, advisor/engine/memory.py)."""

    bytes_per_parameter: dict[Literal[PRECISIONS], float]  # type: ignore[valid-type]
    default_precision: Literal[PRECISIONS]  # type: ignore[valid-type]
    inference_overhead: SourcedValue
    training_bytes_per_parameter: SourcedValue
    training_activation_overhead: SourcedValue

    @model_validator(mode="after")
    def _every_precision(self) -> MemorySizing:
        missing = [p for p in PRECISIONS if p not in self.bytes_per_parameter]
        if missing:
            raise ValueError(f"bytes_per_parameter lacks {', '.join(missing)}")
        return self

    def cited(self) -> set[str]:
        return {s for v in (self.inference_overhead, self.training_bytes_per_parameter,
                            self.training_activation_overhead) for s in v.sources}


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


class BasicLevel(_Strict):
    """What the basic level prefers (engine/levels.py)."""

    difficulty: tuple[Difficulty, ...]
    risks: tuple[Level, ...]


class Policy(BaseModel):
    """The engine's own choices (not figures about the world): thresholds and weights."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    small_accuracy_margin_pct: float
    accuracy_lowering_min_risk: Level
    min_saving_pct_of_workload: float
    min_region_saving_pct: float
    min_accelerator_swap_saving_pct: float
    risk_weight: dict[Level, float]
    difficulty_weight: dict[Difficulty, float]
    safe_risks: tuple[Level, ...]
    basic_level_actions: int
    basic_level: BasicLevel
    spec_ratio_realisation: dict[Literal["low", "value", "high"], float]
    small_model_memory_fraction: float
    min_time_shift_saving_pct: float
    max_power_per_tdp: Annotated[float, Field(gt=1.0)]


class Disclosure(_Strict):
    """A provider's own published energy per request (knowledge/hosted/disclosures.yaml): a cross-check, never a figure used."""

    id: str
    publisher: str  # who published it, as a sentence names them
    providers: tuple[str, ...]
    models: tuple[str, ...]  # lower-case prefixes of the model names it may stand for
    wh_per_request: Annotated[float, Field(gt=0)]
    what: Text
    sources: tuple[str, ...]

    def covers(self, provider: str | None, model: str | None) -> bool:
        name = (model or "").strip().lower()
        return (provider or "").strip().lower() in self.providers and any(name.startswith(m) for m in self.models)


class Disclosures(_Strict):
    ratio_noted: Annotated[float, Field(gt=1)]
    disclosures: tuple[Disclosure, ...] = ()

    def find(self, provider: str | None, model: str | None) -> Disclosure | None:
        return next((d for d in self.disclosures if d.covers(provider, model)), None)


class KnowledgeBase:
    def __init__(self, root: Path):
        self.root = root
        self.sources: dict[str, Source] = self._load_sources()
        self.regions: dict[tuple[str, str], Intensity] = self._load_regions()
        self.countries: dict[str, Intensity] = self._load_countries()
        self.pue: dict[str, Pue] = self._load_pue()
        self.accelerators: dict[str, Accelerator] = self._load_accelerators()
        self.memory = _build(MemorySizing, self._yaml("hardware/memory.yaml"), "hardware/memory.yaml")
        # other names of regions and countries (advisor/places.py): (provider, alias in lower case) ->
        # region id, and a common non-alpha-3 code (upper case) -> ISO alpha-3, with their sources
        self.region_aliases, self.country_aliases, self._alias_sources = self._load_aliases()
        self.cpu: dict = self._yaml("hardware/cpu.yaml")
        self.assumptions: dict[str, Assumption] = {
            key: Assumption(key=key, **value) for key, value in self._yaml("assumptions.yaml").items()
        }
        self.techniques: dict[str, Technique] = self._load_techniques()
        self.policy = Policy(**self._yaml("policy.yaml"))
        self.disclosures = _build(Disclosures, self._yaml("hosted/disclosures.yaml"), "hosted/disclosures.yaml")
        self.geo_neighbours: dict[str, tuple[str, ...]] = self._load_geo_neighbours()
        self.rating: RatingReference = self._load_rating("ratings/ai-energy-score.yaml")
        self.rating_tasks: dict[str, KindTask] = {
            kind: _build(KindTask, value, f"ratings/tasks.yaml: {kind}") for kind, value in (self._yaml("ratings/tasks.yaml") or {}).items()
        }
        self._check_rating_tasks()
        self._check_citations()

    # -- loading -------------------------------------------------------------------
    def _load_geo_neighbours(self) -> dict[str, tuple[str, ...]]:
        """grid/geos.yaml: the geographies a region move may reach past its own (none for a partition)."""
        data = self._yaml("grid/geos.yaml") or {}
        known = {r.geo for r in self.regions.values() if r.geo}
        neighbours: dict[str, tuple[str, ...]] = {}
        for geo, others in (data.get("neighbours") or {}).items():
            for g in (geo, *others):
                if g not in known:
                    raise KnowledgeBaseError(f"knowledge base: grid/geos.yaml: unknown geo '{g}' (regions.csv has {sorted(known)})")
                if g in PARTITION_GEOS:
                    raise KnowledgeBaseError(f"knowledge base: grid/geos.yaml: '{g}' is a separate partition: no move leaves or enters it")
            neighbours[geo] = tuple(others)
        return neighbours

    def _yaml(self, relative: str):
        path = self.root / relative
        try:
            with path.open(encoding="utf-8") as fh:
                return yaml.load(fh, Loader=_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise KnowledgeBaseError(f"knowledge base: cannot read {relative}: {exc}") from exc

    def _csv(self, relative: str) -> list[dict[str, str]]:
        path = self.root / relative
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]
        except OSError as exc:
            raise KnowledgeBaseError(f"knowledge base: cannot read {relative}: {exc}") from exc

    def _load_sources(self) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for path in sorted((self.root / "sources").glob("*.yaml")):
            entries = self._yaml(f"sources/{path.name}") or {}
            for key, value in entries.items():
                source = _build(Source, value, f"sources/{path.name}: {key}")
                if key in sources and sources[key].url != source.url:
                    raise KnowledgeBaseError(f"knowledge base: source id '{key}' defined twice with different urls")
                sources.setdefault(key, source)
        return sources

    @staticmethod
    def _intensity(row: dict[str, str], key: str, label: str, where: str) -> Intensity:
        try:
            value = float(row["gco2e_per_kwh"])
            low = float(row.get("low") or value)
            high = float(row.get("high") or value)
            year = int(float(row["year"])) if row.get("year") else None
        except (KeyError, ValueError) as exc:
            raise KnowledgeBaseError(f"knowledge base: {where}: bad number: {exc}") from exc
        return _build(
            Intensity,
            dict(
                key=key,
                label=label,
                country=row.get("country", "").strip().upper(),
                geo=(row.get("geo") or None),
                value=value,
                low=min(low, value),
                high=max(high, value),
                year=year,
                sources=_ids(row.get("source")),
                note=row.get("note") or None,
            ),
            where,
        )

    def _load_regions(self) -> dict[tuple[str, str], Intensity]:
        regions = {}
        for i, row in enumerate(self._csv("grid/regions.csv"), start=2):
            provider, region = row["provider"].strip(), row["region"].strip()
            label = f"{provider} {region} ({row.get('location', '').strip()})"
            twin = next((r for (p, r) in regions if p == provider and r.lower() == region.lower()), None)
            if twin is not None:  # the loader reads region ids in any case (advisor/architecture.py)
                raise KnowledgeBaseError(f"knowledge base: grid/regions.csv line {i}: {provider} region '{region}' "
                                         f"is '{twin}' in another case")
            regions[(provider, region)] = self._intensity(row, region, label, f"grid/regions.csv line {i}")
        return regions

    def _load_countries(self) -> dict[str, Intensity]:
        countries = {}
        for i, row in enumerate(self._csv("grid/countries.csv"), start=2):
            code = row["country"].strip().upper()
            countries[code] = self._intensity(row, code, f"{row.get('name', code)} ({code})", f"grid/countries.csv line {i}")
        return countries

    def _load_pue(self) -> dict[str, Pue]:
        result = {}
        for row in self._csv("datacenters/pue.csv"):
            value = float(row["pue"])
            result[row["provider"].strip()] = Pue(
                provider=row["provider"].strip(),
                value=value,
                low=float(row.get("low") or value),
                high=float(row.get("high") or value),
                year=int(float(row["year"])) if row.get("year") else None,
                sources=_ids(row.get("source")),
                note=row.get("note") or None,
            )
        return result

    def _load_accelerators(self) -> dict[str, Accelerator]:
        data = self._yaml("hardware/accelerators.yaml") or {}
        return {key: _build(Accelerator, {"id": key, **value}, f"accelerators: {key}") for key, value in data.items()}

    def _load_aliases(self) -> tuple[dict[tuple[str, str], str], dict[str, str], list[tuple[str, str]]]:
        regions: dict[tuple[str, str], str] = {}
        countries: dict[str, str] = {}
        cited: list[tuple[str, str]] = []
        for i, row in enumerate(self._csv("grid/region_aliases.csv"), start=2):
            where = f"grid/region_aliases.csv line {i}"
            provider, alias, region = (row.get(k, "").strip() for k in ("provider", "alias", "region"))
            if (provider, region) not in self.regions:
                raise KnowledgeBaseError(f"knowledge base: {where}: '{alias}' names {provider} region '{region}', not in grid/regions.csv")
            if (provider, alias.lower()) in regions:
                raise KnowledgeBaseError(f"knowledge base: {where}: {provider} alias '{alias}' given twice")
            regions[(provider, alias.lower())] = region
            cited += [(where, s) for s in _ids(row.get("source"))]
        for i, row in enumerate(self._csv("grid/country_aliases.csv"), start=2):
            where = f"grid/country_aliases.csv line {i}"
            alias, country = row.get("alias", "").strip().upper(), row.get("country", "").strip().upper()
            if country not in self.countries or alias in self.countries or alias in countries:
                raise KnowledgeBaseError(f"knowledge base: {where}: '{alias}' must be a new code for a country of "
                                         "grid/countries.csv, given once")
            countries[alias] = country
            cited += [(where, s) for s in _ids(row.get("source"))]
        return regions, countries, cited

    def _load_techniques(self) -> dict[str, Technique]:
        techniques = {}
        for path in sorted((self.root / "techniques").glob("*.yaml")):
            data = self._yaml(f"techniques/{path.name}")
            technique = _build(Technique, data, f"techniques/{path.name}")
            if technique.id != path.stem:
                raise KnowledgeBaseError(f"knowledge base: techniques/{path.name} has id '{technique.id}'")
            techniques[technique.id] = technique
        for clash in clashes(techniques.values()):  # a name must say one technique (advisor/technique_names.py)
            where = f"knowledge base: techniques/{clash.technique}.yaml: alias '{clash.alias}' of {clash.technique}"
            if clash.other is None:
                raise KnowledgeBaseError(f"{where} is empty (brackets aside)")
            raise KnowledgeBaseError(f"{where} is already the {clash.what} of technique '{clash.other}' "
                                     f"(techniques/{clash.other}.yaml)")
        return techniques

    def _load_rating(self, relative: str) -> RatingReference:
        """The reference and its published per-model figures, checked against its own stars.

        Recomputing every published star from the published energies is what shows that the
        rule stated in the YAML is the reference's rule, not our reading of it.
        """
        data = self._yaml(relative) or {}
        reference = _build(RatingReference, data, relative)
        folder = str(Path(relative).parent)
        rows: dict[tuple[str, str], list[tuple[str, float, int, int]]] = {}
        for line, row in enumerate(self._csv(f"{folder}/{reference.models}"), start=2):
            where = f"{folder}/{reference.models} line {line}"
            task, cls = (row.get("task") or "").strip(), (row.get("class") or "").strip()
            if task not in reference.tasks:
                raise KnowledgeBaseError(f"knowledge base: {where}: unknown task '{task}'")
            if (cls or None) is not None and cls not in reference.tasks[task].classes or (not cls and reference.tasks[task].classes):
                raise KnowledgeBaseError(f"knowledge base: {where}: class '{cls}' does not fit task '{task}'")
            try:
                value, stars = float(row["gpu_wh_per_1k_queries"]), int(row["stars"])
            except (KeyError, TypeError, ValueError) as exc:
                raise KnowledgeBaseError(f"knowledge base: {where}: bad number: {exc}") from None
            if not math.isfinite(value) or value <= 0 or not 1 <= stars <= reference.stars.bands:
                raise KnowledgeBaseError(f"knowledge base: {where}: energy must be > 0 and stars 1..{reference.stars.bands}")
            rows.setdefault((task, cls), []).append((row.get("model", ""), value, stars, line))
        ranges = {}
        for key, entries in rows.items():
            values = [v for _, v, _, _ in entries]
            low, high = min(values), max(values)
            for model, value, stars, line in entries:
                if reference.stars.stars(value, low, high) != stars:
                    raise KnowledgeBaseError(
                        f"knowledge base: {folder}/{reference.models} line {line}: {model} has {stars} stars, "
                        f"the stated rule gives {reference.stars.stars(value, low, high)}"
                    )
            ranges[key] = PublishedRange(low, high, len(entries))
        return reference.model_copy(update={"ranges": ranges})

    def _check_rating_tasks(self) -> None:
        for kind, mapping in self.rating_tasks.items():
            if kind not in KINDS:
                raise KnowledgeBaseError(f"knowledge base: ratings/tasks.yaml: unknown workload kind '{kind}'")
            if mapping.task is not None and mapping.task not in self.rating.tasks:
                raise KnowledgeBaseError(f"knowledge base: ratings/tasks.yaml: {kind}: unknown task '{mapping.task}'")
        for task, spec in self.rating.tasks.items():
            for cls in spec.classes or {"": None}:
                if self.rating.range_for(task, cls) is None:
                    raise KnowledgeBaseError(f"knowledge base: ratings: no published model for {task} {cls}".rstrip())

    def _check_citations(self) -> None:
        cited: list[tuple[str, str]] = []
        for technique in self.techniques.values():
            cited += [(f"technique {technique.id}", s) for s in technique.cited()]
            cited += [(f"technique {technique.id} tool {t.name}", s) for t in technique.tools for s in t.sources]
            for other in technique.applies.not_with_practices:
                if other not in self.techniques:
                    raise KnowledgeBaseError(f"knowledge base: {technique.id}: unknown technique '{other}'")
        for group in (self.regions.values(), self.countries.values()):
            cited += [(f"grid {item.key}", s) for item in group for s in item.sources]
        cited += [(f"pue {p.provider}", s) for p in self.pue.values() for s in p.sources]
        cited += [(f"accelerator {a.id}", s) for a in self.accelerators.values() for s in a.sources]
        cited += [("hardware/memory.yaml", s) for s in self.memory.cited()]
        cited += self._alias_sources
        cited += [(f"assumption {a.key}", s) for a in self.assumptions.values() for s in a.sources]
        cited += [(f"rating {self.rating.id}", s) for s in (*self.rating.sources, self.rating.figures_source)]
        cited += [(f"hosted disclosure {d.id}", s) for d in self.disclosures.disclosures for s in d.sources]
        missing = sorted({f"{who} cites unknown source '{source}'" for who, source in cited if source not in self.sources})
        if missing:
            raise KnowledgeBaseError("knowledge base: " + "; ".join(missing[:5]))

    # -- read only when live grid data is asked for ----------------------------------
    @cached_property
    def zones(self) -> dict[tuple[str, str], Zone]:
        return {(r["provider"].strip(), r["region"].strip()): self._zone(r, f"grid/zones.csv line {i}")
                for i, r in enumerate(self._csv("grid/zones.csv"), start=2)}

    @cached_property
    def country_zones(self) -> dict[str, Zone]:
        return {r["country"].strip().upper(): self._zone(r, f"grid/country_zones.csv line {i}")
                for i, r in enumerate(self._csv("grid/country_zones.csv"), start=2)}

    def _zone(self, row: dict[str, str], where: str) -> Zone:
        zone = _build(Zone, dict(electricitymaps=(row.get("electricitymaps_zone") or "").strip() or None,
                                 watttime=(row.get("watttime_region") or "").strip() or None,
                                 sources=_ids(row.get("source")), note=row.get("note") or None), where)
        unknown = [s for s in zone.sources if s not in self.sources]
        if unknown:
            raise KnowledgeBaseError(f"knowledge base: {where} cites unknown source '{unknown[0]}'")
        return zone

    # -- queries -------------------------------------------------------------------
    def assumption(self, key: str, overrides: dict[str, float] | None = None) -> tuple[float, float, float, bool]:
        """(low, value, high, overridden) for an assumption, honouring the file's overrides."""
        if overrides and key in overrides:
            value = overrides[key]
            return (value, value, value, True)
        try:
            return (*self.assumptions[key].span, False)
        except KeyError:
            raise KnowledgeBaseError(f"knowledge base: assumption '{key}' is missing") from None


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (text or "").replace(",", ";").split(";") if s.strip())


def _build(model, data, where: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise KnowledgeBaseError(f"knowledge base: {where}: {loc}: {first['msg']}") from None


@cache
def load_kb(root: str | None = None) -> KnowledgeBase:
    """The knowledge base, checked; the bundled one comes from a pickle cache when it is fresh.

    Parsing and checking ~40 YAML/CSV files costs more than the rest of an offline analysis,
    so the checked result is kept in the greenadvisor home (see `advisor.kbcache`), keyed by
    the files' sizes and modification times and by the versions that shape the objects.
    Models are built with `defer_build`: an unpickled knowledge base never builds their
    validators. A folder given explicitly (tests, authors checking edits) is always read.
    """
    if root:
        return KnowledgeBase(Path(root))
    from advisor.kbcache import cached

    return cached(knowledge_dir(), KnowledgeBase)
