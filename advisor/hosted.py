"""Footprint of llm-api workloads, through EcoLogits (the field's model for hosted LLM calls).

EcoLogits estimates energy per request from the model's (active) parameter count and the
output tokens, with its own provider PUE and server model, and gives min–max ranges. It
does not count input tokens (EcoLogits issue #183); we add a prefill share for them from a
cited ratio (`assumptions.prefill_energy_ratio`) so prompt-side actions are not invisible.
Emissions use our own grid figure for the zone where the provider serves the model, so a
hosted workload is treated like any other one. Imported only when an llm-api workload exists.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.figures import Figure, Span
from advisor.footprint import noted
from advisor.said import Listing, Said, Worded

if TYPE_CHECKING:
    from advisor.architecture import Workload
    from advisor.footprint import Calculator, WorkloadFootprint

# How the architecture file may name an API provider -> EcoLogits' provider id.
PROVIDER_ALIASES = {
    "openai": "openai", "azure-openai": "openai", "azure": "openai",
    "anthropic": "anthropic", "bedrock": "anthropic", "aws-bedrock": "anthropic",
    "mistral": "mistralai", "mistralai": "mistralai",
    "google": "google_genai", "gemini": "google_genai", "google_genai": "google_genai", "vertex": "google_genai",
    "cohere": "cohere",
    "huggingface": "huggingface_hub", "huggingface_hub": "huggingface_hub", "hf": "huggingface_hub",
}
# Providers that serve the model from the architecture's own cloud region when that cloud matches.
SERVED_IN_OWN_CLOUD = {"azure-openai": "azure", "azure": "azure", "bedrock": "aws", "aws-bedrock": "aws", "vertex": "gcp"}
UNMEASURED_LATENCY_S = 1.0e6  # no measured latency: let EcoLogits use its own latency model
ECOLOGITS_SOURCE = "ecologits-llm-inference-methodology"

# What this module says about a hosted model's figures, in English and French: written before the
# report's language is known, as `Said` sentences (advisor/said.py) worded when the report is written.
NOTES: dict[str, dict[str, str]] = {
    "en": {
        "ecologits_warning": "EcoLogits: {message}",
        "unknown_model": "EcoLogits does not know model '{name}'{close}; used {how}",
        "did_you_mean": " (did you mean {names}?)",
        "how_known": "EcoLogits model '{name}' ({provider})",
        "how_file": "parameters from the file ({total:g} B)",
        "how_assumed": "unknown model: assumed {low:g}–{high:g} B active parameters (assumptions.api_model_active_parameters_b)",
        "per_request": "EcoLogits for {output:g} output tokens ({how}){prefill}",
        "prefill": " + prefill of {input:g} input tokens",
        "pue": "{provider} data centres, as modelled by EcoLogits",
        "served": "{label}: where {provider} serves the model",
        "embodied": "EcoLogits embodied share per request × requests",
        "gpu": "GPUs only (no server, no PUE): EcoLogits' GPU energy per request × GPUs the model needs × requests",
        "disclosed": ("{who} publishes {wh:g} Wh for {what}; this estimate, {estimate:.3g} Wh per request, is {factor:.2g}× "
                      "{way}: an estimate for a model whose architecture is not public is that uncertain"),
        "higher": "higher",
        "lower": "lower",
        "own_cloud": ("costed where {provider} serves it ({served}); if you call it through {cloud}'s own offering, write "
                      "provider: {alias} and it is costed on {region}'s grid instead"),
    },
    "fr": {
        "ecologits_warning": "EcoLogits : {message}",
        "unknown_model": "EcoLogits ne connaît pas le modèle « {name} »{close} ; à la place : {how}",
        "did_you_mean": " (vouliez-vous dire {names} ?)",
        "how_known": "modèle EcoLogits « {name} » ({provider})",
        "how_file": "paramètres du fichier ({total:g} B)",
        "how_assumed": ("modèle inconnu : {low:g}–{high:g} B de paramètres actifs supposés "
                        "(assumptions.api_model_active_parameters_b)"),
        "per_request": "EcoLogits pour {output:g} tokens de sortie ({how}){prefill}",
        "prefill": " + préremplissage de {input:g} tokens d'entrée",
        "pue": "centres de données de {provider}, tels que les modélise EcoLogits",
        "served": "{label} : là où {provider} sert le modèle",
        "embodied": "part intrinsèque EcoLogits par requête × requêtes",
        "gpu": ("GPU seuls (sans serveur ni PUE) : énergie GPU par requête d'EcoLogits × GPU nécessaires au modèle × "
                "requêtes"),
        "disclosed": ("{who} publie {wh:g} Wh pour {what} ; cette estimation, {estimate:.3g} Wh par requête, est {factor:.2g} fois "
                      "{way} : c'est l'incertitude d'une estimation pour un modèle dont l'architecture n'est pas publique"),
        "higher": "plus élevée",
        "lower": "plus faible",
        "own_cloud": ("compté là où {provider} le sert ({served}) ; si vous l'appelez via l'offre de {cloud}, écrivez "
                      "provider: {alias} et il sera compté sur le réseau de {region}"),
    },
}
# EcoLogits' own warnings about a model, by their code, in French; another code is quoted as EcoLogits wrote it.
ECOLOGITS_WARNINGS_FR = {
    "model-arch-not-released": "l'architecture du modèle n'a pas été publiée, précision moindre à prévoir.",
    "model-arch-multimodal": "l'architecture du modèle est multimodale, précision moindre à prévoir.",
}


def say(_key: str, **values) -> Said:
    return Said(NOTES, _key, **values)


def _warning(w) -> Said:
    """One of EcoLogits' warnings about a model: French by its code when known, else quoted."""
    message = str(w.message)
    return say("ecologits_warning",
               message=Worded(message, ECOLOGITS_WARNINGS_FR.get(str(getattr(w, "code", "")), f"« {message} »")))


def _ecologits():
    from ecologits.model_repository import ParametersMoE, models
    from ecologits.tracers import utils

    logging.getLogger("ecologits").setLevel(logging.ERROR)  # its warnings become our report notes
    return utils, models, ParametersMoE


@dataclass
class RequestImpact:
    """One request to a hosted model: energy at the meter (kWh) and embodied carbon (kg), with bounds."""

    energy: Span
    embodied: Span
    pue: Span
    gpu_energy: Span  # kWh per request on the GPUs alone (no server, no PUE): EcoLogits' own GPU term
    parameters_b: Span  # total parameters the estimate assumed
    provider: str
    zone: str  # ISO alpha-3 of the grid the provider serves from (its default, or the file's region)
    how: str  # a Said
    notes: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    figures: dict[str, Figure] = field(default_factory=dict)
    known: bool = False  # EcoLogits knows the model (else its size is the file's or assumed): `how` in other words


def request_impact(
    assumption: Callable[[str], tuple[Span, Figure]],
    *,
    provider: str | None,
    model_name: str | None,
    parameters_b: float | None = None,
    active_parameters_b: float | None = None,
    input_tokens: float = 0.0,
    output_tokens: float = 0.0,
) -> RequestImpact:
    """EcoLogits for the output tokens, plus the prefill share of the input tokens."""
    utils, models, ParametersMoE = _ecologits()
    given = (provider or "").strip().lower()
    eco_provider = PROVIDER_ALIASES.get(given)
    notes: list[str] = []
    sources = {ECOLOGITS_SOURCE}
    figures: dict[str, Figure] = {}
    model = None
    if model_name:
        for candidate in [eco_provider] if eco_provider else sorted(set(PROVIDER_ALIASES.values())):
            model = models.find_model(provider=candidate, model_name=model_name)
            if model is not None:
                eco_provider = candidate
                break
    eco_provider = eco_provider or "openai"
    config = utils.PROVIDER_CONFIG_MAP[eco_provider]
    if model is not None:
        params = model.architecture.parameters
        if isinstance(params, ParametersMoE):
            active, total = params.active, params.total
        else:
            active = total = params
        how = say("how_known", name=model_name, provider=eco_provider)
        if model.has_warnings:
            notes += [_warning(w) for w in model.warnings]
    else:
        if parameters_b:
            active, total = active_parameters_b or parameters_b, parameters_b
            how = say("how_file", total=total)
        else:
            from ecologits.utils.range_value import RangeValue

            span, fig = assumption("api_model_active_parameters_b")
            active = total = RangeValue(min=span.low, max=span.high)
            sources.update(fig.sources)
            how = say("how_assumed", low=span.low, high=span.high)
        if model_name:
            known = [m.name for m in models.list_models()]
            close = difflib.get_close_matches(model_name, known, n=2, cutoff=0.7)
            notes.append(say("unknown_model", name=model_name, how=how,
                             close=say("did_you_mean", names=Listing(close, "or")) if close else ""))
    deployment = model.deployment if model is not None else None
    impacts = _impacts(utils, active, total, output_tokens, config, deployment)
    energy_min, energy_max = _range(impacts.energy.value)
    emb_min, emb_max = _range(impacts.embodied.gwp.value)
    energy = Span(energy_min, (energy_min + energy_max) / 2, energy_max)
    gpu = _gpu_energy(active, total, output_tokens, config)
    if input_tokens:
        ratio, ratio_fig = assumption("prefill_energy_ratio")
        energy = energy + energy / max(output_tokens, 1.0) * ratio * input_tokens
        gpu = gpu + gpu / max(output_tokens, 1.0) * ratio * input_tokens
        figures["prefill_energy_ratio"] = ratio_fig
        sources.update(ratio_fig.sources)
    total_low, total_high = _range(total)
    pue_low, pue_high = _range(config.datacenter_pue)
    return RequestImpact(
        energy=energy,
        embodied=Span(emb_min, (emb_min + emb_max) / 2, emb_max),
        pue=Span(pue_low, (pue_low + pue_high) / 2, pue_high),
        gpu_energy=gpu,
        parameters_b=Span(total_low, (total_low + total_high) / 2, total_high),
        provider=eco_provider,
        zone=config.datacenter_location or "WOR",
        how=how,
        known=model is not None,
        notes=notes,
        sources=sources,
        figures=figures,
    )


def hosted_footprint(calc: Calculator, workload: Workload) -> WorkloadFootprint:
    from advisor.footprint import WorkloadFootprint

    spec, traffic = workload.model, workload.traffic
    impact = request_impact(
        calc.assumption,
        provider=spec.provider,
        model_name=spec.name,
        parameters_b=spec.parameters_b,
        active_parameters_b=spec.active_parameters_b,
        input_tokens=traffic.input_tokens or 0.0,
        output_tokens=traffic.output_tokens or 0.0,
    )
    # Where the model runs, and so which grid it draws from.
    zone = impact.zone
    cloud = calc.arch.cloud
    own_region = calc.kb.regions.get((cloud.provider, cloud.region or ""))
    if SERVED_IN_OWN_CLOUD.get((spec.provider or "").strip().lower()) == cloud.provider and own_region is not None:
        zone = own_region.country
    intensity, grid_row, grid_fig = calc.country_grid(zone)

    requests = traffic.requests_per_month or 0.0
    figures = dict(impact.figures)
    sources = impact.sources
    figures["energy_per_request_wh"] = noted(Figure.from_span(impact.energy * 1000.0, "Wh/request", "estimate", sources), say(
        "per_request", output=traffic.output_tokens or 0, how=impact.how,
        prefill=say("prefill", input=traffic.input_tokens) if traffic.input_tokens else ""))
    figures["pue"] = noted(Figure.from_span(impact.pue, "", "source", [ECOLOGITS_SOURCE]), say("pue", provider=impact.provider))
    figures["grid_intensity_gco2e_per_kwh"] = noted(grid_fig, say("served", label=grid_row.label, provider=impact.provider))
    embodied = impact.embodied * requests
    figures["embodied_kgco2e_month"] = noted(Figure.from_span(embodied, "kgCO2e/month", "estimate", [ECOLOGITS_SOURCE]),
                                             say("embodied"))
    figures["accelerator_energy_kwh_month"] = noted(
        Figure.from_span(impact.gpu_energy * requests, "kWh/month", "estimate", sources), say("gpu"))
    notes, cited = list(impact.notes), sources | set(grid_row.sources)
    alias = _own_cloud_alias(spec.provider, cloud.provider)
    if alias is not None and own_region is not None and zone != own_region.country:
        notes.append(say("own_cloud", provider=impact.provider, served=grid_row.label, cloud=cloud.provider, alias=alias,
                         region=cloud.region))
    disclosed = _disclosed(calc.kb, spec.provider or impact.provider, spec.name, impact.energy.value * 1000.0)
    if disclosed is not None:
        notes.append(disclosed[0])
        cited |= disclosed[1]
    result = WorkloadFootprint(
        workload=workload, energy=impact.energy * requests, intensity=intensity, pue=impact.pue, embodied=embodied,
        grid=grid_row, figures=figures, notes=notes, parameters_b=impact.parameters_b,
    )
    return calc._finish(result, cited)


def _own_cloud_alias(provider: str | None, cloud: str) -> str | None:
    """The provider name that serves the same models from the file's own cloud (openai on an Azure
    file: azure-openai), when the file names the provider's own API instead.

    Why: `provider: openai` on an Azure system is costed on the US grid where OpenAI serves it; a
    team calling GPT-4o through Azure OpenAI in France draws from the French grid, five times cleaner.
    Only the file can say which it is; the note says how.
    """
    given = (provider or "").strip().lower()
    if given in SERVED_IN_OWN_CLOUD or given not in PROVIDER_ALIASES:
        return None
    family = PROVIDER_ALIASES[given]
    return next((alias for alias, home in SERVED_IN_OWN_CLOUD.items()
                 if home == cloud and PROVIDER_ALIASES.get(alias) == family), None)


def _disclosed(kb, provider: str | None, model: str | None, estimate_wh: float) -> tuple[Said, set[str]] | None:
    """The provider's own published figure, when the estimate for one request is far from it.

    Why: EcoLogits sizes a closed model from public guesses; Google and OpenAI have since published
    what a request costs them (undisclosed model, tokens and scope, so nothing to scale): a reader
    should see when the two disagree by more than the knowledge base's `ratio_noted`, not only a range.
    """
    found = kb.disclosures.find(provider, model)
    if found is None or estimate_wh <= 0:
        return None
    ratio = estimate_wh / found.wh_per_request
    if 1 / kb.disclosures.ratio_noted <= ratio <= kb.disclosures.ratio_noted:
        return None
    higher = ratio > 1
    note = say("disclosed", who=found.publisher, wh=found.wh_per_request, what=Worded(found.what.en, found.what.fr), estimate=estimate_wh,
               factor=ratio if higher else 1 / ratio, way=say("higher" if higher else "lower"))
    return note, set(found.sources)


def _impacts(utils, active, total, output_tokens: float, config, deployment):
    from ecologits.impacts.llm import compute_llm_impacts

    mix = utils.electricity_mixes.find_electricity_mix(zone="WOR")  # emissions are ours; the mix only feeds unused outputs
    return compute_llm_impacts(
        model_active_parameter_count=active,
        model_total_parameter_count=total,
        output_token_count=output_tokens,
        request_latency=UNMEASURED_LATENCY_S,
        if_electricity_mix_adpe=mix.adpe,
        if_electricity_mix_pe=mix.pe,
        if_electricity_mix_gwp=mix.gwp,
        if_electricity_mix_wue=mix.wue,
        datacenter_pue=config.datacenter_pue,
        datacenter_wue=config.datacenter_wue,
        tps=deployment.tps if deployment else None,
        ttft=deployment.ttft if deployment else None,
    )


def _gpu_energy(active, total, output_tokens: float, config) -> Span:
    """EcoLogits' GPU term alone (kWh per request): GPU energy per request × GPUs required.

    The same fit EcoLogits' request energy is built from, before it adds the server and the
    PUE, so a hosted model gets the accelerator-only figure an energy rating compares.
    """
    from ecologits.impacts.llm import compute_llm_impacts_dag

    mix = 0.0  # the GPU term does not depend on the electricity mix
    values = []
    for act, tot in zip(_range(active), _range(total)):
        dag = compute_llm_impacts_dag(
            model_active_parameter_count=act, model_total_parameter_count=tot, output_token_count=output_tokens,
            request_latency=UNMEASURED_LATENCY_S, if_electricity_mix_adpe=mix, if_electricity_mix_pe=mix,
            if_electricity_mix_gwp=mix, if_electricity_mix_wue=mix, datacenter_pue=_range(config.datacenter_pue)[0],
            datacenter_wue=_range(config.datacenter_wue)[0],
        )
        values.append(float(dag["gpu_energy"]) * float(dag["gpu_required_count"]))
    low, high = min(values), max(values)
    return Span(low, (low + high) / 2, high)


def _range(value) -> tuple[float, float]:
    if hasattr(value, "min") and hasattr(value, "max"):
        return float(value.min), float(value.max)
    return float(value), float(value)
