"""The Éco-Architecte prompts: Jinja templates in prompts/, grounded with the engine's figures.

Templates render in Jinja's sandbox with StrictUndefined (a missing variable is an error
before any call, never an empty hole in a prompt). Everything that comes from the user's
file reaches the template as JSON inside one delimited data block, with credentials
redacted, so it can be read as data but cannot pose as instructions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from advisor.engine.advise import Advice
from advisor.i18n import num, reason
from advisor.loader import LoadedArchitecture
from advisor.paths import prompts_dir
from advisor.secrets import redact_data

LEVELS = ("basic", "pro")
LANGS = ("en", "fr")
MAX_TOOLS_PER_CANDIDATE = 3
MAX_EXCLUDED_SHOWN = 10
MAX_CANDIDATES_PRO = 12
MAX_SOURCES_PER_CANDIDATE = 2


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    level: str
    lang: str
    max_actions: int

    def messages(self) -> list[tuple[str, str]]:
        return [("system", self.system), ("user", self.user)]

    @property
    def text(self) -> str:
        return f"{self.system}\n\n{self.user}"


def _tojson_data(value) -> str:
    """JSON for the data block: no raw '<' or '>' can close the block early."""
    dumped = json.dumps(redact_data(value), ensure_ascii=False, separators=(",", ":"))
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e")


@cache
def environment():
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(prompts_dir())),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_data"] = _tojson_data
    return env


def _short(x: float) -> float:
    """Three significant figures: the model needs magnitudes, not decimals (and tokens cost energy)."""
    return float(f"{x:.3g}") if x else 0.0


def grounding(loaded: LoadedArchitecture, advice: Advice, level: str, lang: str, max_actions: int) -> dict:
    arch = loaded.architecture
    footprint = advice.footprint
    workloads = []
    for wf in footprint.workloads:
        w = wf.workload
        item: dict = {"name": w.name, "kind": w.kind}
        if w.model.name:
            item["model"] = w.model.name
        if w.model.parameters_b:
            item["parameters_b"] = w.model.parameters_b
        if w.model.precision:
            item["precision"] = w.model.precision
        if w.model.provider:
            item["api_provider"] = w.model.provider
        if w.hardware is not None:
            hw = w.hardware
            device = hw.accelerator if hw.has_accelerator else f"{hw.vcpus} vCPU"
            item["hardware"] = f"{hw.count} × {device}, utilization {hw.utilization:g}, {hw.hours_per_month:g} h/month"
        if w.traffic and w.traffic.requests_per_month:
            item["requests_per_month"] = w.traffic.requests_per_month
        item.update(
            energy_kwh_month=_short(wf.energy.value),
            grid_gco2e_per_kwh=_short(wf.intensity.value),
            emissions_kgco2e_month=_short(wf.emissions.value),
            deferrable=w.schedule.deferrable,
        )
        per_request = wf.sci_per_request()
        if per_request is not None:
            item["sci_gco2e_per_request"] = _short(per_request.value)
        if w.slo and w.slo.latency_p95_ms:
            item["latency_p95_ms"] = w.slo.latency_p95_ms
        if w.quality:
            item["quality"] = {"metric": w.quality.metric, "current": w.quality.current, "minimum": w.quality.minimum}
        if w.practices:
            item["practices_in_place"] = list(w.practices)
        item["figures"] = "measured" if wf.measured else "estimated"
        gap = wf.figures.get("estimate_vs_measured_pct")
        if gap is not None:
            item["estimate_vs_measured_pct"] = _short(gap.value)
        workloads.append(item)
    chosen = list(advice.candidates)
    if level == "basic":
        chosen = chosen[: max_actions * 3]
    else:
        # the best ones, plus every carbon-only and monitoring lever (tasks 2 and 3 of the pro prompt)
        chosen = chosen[:MAX_CANDIDATES_PRO] + [
            c for c in chosen[MAX_CANDIDATES_PRO:] if c.technique.lever in ("carbon", "none")
        ]
    # Applicable actions left out of the detailed list stay recommendable: the guard computes
    # their figures like any candidate's, and the model still sees that INT8 exists.
    kept = {c.key for c in chosen}
    several = len(arch.workloads) > 1
    more = [f"{c.technique.id} ({c.workload.name})" if several else c.technique.id
            for c in advice.candidates if c.key not in kept]
    candidates = [
        {
            "technique_id": c.technique.id,
            "workload": c.workload.name,
            "saving": _saving(c, lang),
            "difficulty": c.technique.difficulty,
            "accuracy_risk": c.accuracy.risk,
            "tools": c.tools[:MAX_TOOLS_PER_CANDIDATE],
            "sources": sorted(c.technique.impact.sources)[:MAX_SOURCES_PER_CANDIDATE],
        }
        for c in chosen
    ]
    data = {
        "system": {
            "name": arch.name,
            **({"description": arch.description.strip()} if arch.description else {}),
            "cloud": " ".join(x for x in (arch.cloud.provider, arch.cloud.region or arch.cloud.country) if x),
            "allowed_clouds": arch.allowed_clouds,
        },
        "footprint": {
            "energy_kwh_month": _short(footprint.energy.value),
            "emissions_kgco2e_month": _short(footprint.emissions.value),
            "workloads": workloads,
        },
        "candidates": candidates,
    }
    if more:
        data["more_candidates"] = more
    if level == "pro":
        data["excluded"] = [f"{e.technique_id}: {reason(e.reason, lang)}" for e in advice.excluded
                            if e.reason != "no worthwhile saving for this workload"][:MAX_EXCLUDED_SHOWN]
        if advice.plan is not None:
            from advisor.render.text import plan_message

            data["plan"] = plan_message(advice.plan, lang)
    return data


def _saving(c, lang: str) -> str:
    """The candidate's computed saving, in as few tokens as the model needs."""
    if c.technique.lever == "none" or c.technique.impact.method == "market-based":
        return "no direct saving" if lang == "en" else "pas d'économie directe"
    if c.technique.lever == "carbon":
        share, what = c.emissions_fraction(), ("emissions" if lang == "en" else "émissions")
    else:
        share, what = c.energy_fraction(), ("energy" if lang == "en" else "énergie")
    return (
        f"-{share.value * 100:.0f}% {what} ({share.low * 100:.0f}-{share.high * 100:.0f}%), "
        f"-{num(c.saving.kwh.value)} kWh, -{num(c.saving.kg.value)} kgCO2e {'per month' if lang == 'en' else 'par mois'}"
    )


def render_prompt(loaded: LoadedArchitecture, advice: Advice, kb, *, level: str = "pro", lang: str = "en") -> Prompt:
    arch = loaded.architecture
    max_actions = kb.policy.basic_level_actions if level == "basic" else min(10, max(3, len(advice.candidates)))
    budgets = {w.name: f"{num(w.slo.latency_p95_ms)} ms p95" for w in arch.workloads if w.slo and w.slo.latency_p95_ms}
    quality = [
        {"workload": w.name, "metric": w.quality.metric, "current": num(w.quality.current), "minimum": num(w.quality.minimum)}
        for w in arch.workloads if w.quality
    ]
    clouds = arch.allowed_clouds
    variables = {
        "grounding": grounding(loaded, advice, level, lang, max_actions),
        "max_actions": max_actions,
        "objective": num(arch.objective.reduce_energy_pct) if arch.objective.reduce_energy_pct else None,
        "budgets": budgets,
        "quality": quality,
        "clouds": ", ".join(c.upper() if c != "on-prem" else "on-prem" for c in clouds),
        "open_source_only": clouds == ["on-prem"],
    }
    template = environment().get_template(f"{lang}/{level}.j2")
    context = template.new_context(variables)
    system = "".join(template.blocks["system"](context)).strip()
    user = "".join(template.blocks["user"](context)).strip()
    return Prompt(system=system, user=user, level=level, lang=lang, max_actions=max_actions)
