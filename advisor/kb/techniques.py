"""The techniques' schema: when one applies, what it saves, its risks, and the tools that carry it out.

One file of knowledge/techniques/ is one `Technique`. The rules the engine and the guard-rails
share (`applies`) and the figures the calculator reads (`impact`) are checked here when the
knowledge base loads, so a slip in a file fails before any report is built.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from advisor.kb.common import KINDS, Difficulty, Level, Text, _Strict


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
    # the model's memory need (engine/memory.py) must fit in this fraction of one of the workload's own
    # accelerators: sharing a GPU between models needs room on it for another model
    max_memory_fraction: float | None = Field(default=None, gt=0, le=1)
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
