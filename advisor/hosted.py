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
from typing import TYPE_CHECKING

from advisor.figures import Figure, Span

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
ECOLOGITS_SOURCE = "ecologits-methodology"


def _ecologits():
    from ecologits.model_repository import ParametersMoE, models
    from ecologits.tracers import utils

    logging.getLogger("ecologits").setLevel(logging.ERROR)  # its warnings become our report notes
    return utils, models, ParametersMoE


def hosted_footprint(calc: Calculator, workload: Workload) -> WorkloadFootprint:
    from advisor.footprint import WorkloadFootprint

    utils, models, ParametersMoE = _ecologits()
    spec = workload.model
    traffic = workload.traffic
    given = (spec.provider or "").strip().lower()
    provider = PROVIDER_ALIASES.get(given)
    notes: list[str] = []
    model = None
    if spec.name:
        candidates = [provider] if provider else sorted(set(PROVIDER_ALIASES.values()))
        for candidate in candidates:
            model = models.find_model(provider=candidate, model_name=spec.name)
            if model is not None:
                provider = candidate
                break
    provider = provider or "openai"
    config = utils.PROVIDER_CONFIG_MAP[provider]

    # Where the model runs, and so which grid it draws from.
    zone = config.datacenter_location or "WOR"
    cloud = calc.arch.cloud
    own_region = calc.kb.regions.get((cloud.provider, cloud.region or ""))
    if SERVED_IN_OWN_CLOUD.get(given) == cloud.provider and own_region is not None:
        zone = own_region.country
    intensity, grid_row, grid_fig = calc.country_grid(zone)

    output_tokens = traffic.output_tokens or 0.0
    sources = {ECOLOGITS_SOURCE}
    if model is not None:
        params = model.architecture.parameters
        if isinstance(params, ParametersMoE):
            active, total = params.active, params.total
        else:
            active = total = params
        how = f"EcoLogits model '{spec.name}' ({provider})"
        if model.has_warnings:
            notes += [f"EcoLogits: {w.message}" for w in model.warnings]
    else:
        if spec.parameters_b:
            active = spec.active_parameters_b or spec.parameters_b
            total = spec.parameters_b
            how = f"parameters from the file ({total:g} B)"
        else:
            span, fig = calc.assumption("api_model_active_parameters_b")
            from ecologits.utils.range_value import RangeValue

            active = total = RangeValue(min=span.low, max=span.high)
            sources.update(fig.sources)
            how = f"unknown model: assumed {span.low:g}–{span.high:g} B active parameters (assumptions.api_model_active_parameters_b)"
        if spec.name:
            known = [m.name for m in models.list_models()]
            close = difflib.get_close_matches(spec.name, known, n=2, cutoff=0.7)
            notes.append(
                f"EcoLogits does not know model '{spec.name}'" + (f" (did you mean {' or '.join(close)}?)" if close else "")
                + f"; used {how}"
            )
    deployment = model.deployment if model is not None else None
    impacts = _impacts(utils, active, total, output_tokens, config, deployment)
    energy_min, energy_max = _range(impacts.energy.value)
    gwp_emb_min, gwp_emb_max = _range(impacts.embodied.gwp.value)
    per_request = Span(energy_min, (energy_min + energy_max) / 2, energy_max)
    per_output_token = per_request / max(output_tokens, 1.0)

    figures: dict[str, Figure] = {}
    energy_request = per_request
    if traffic.input_tokens:
        ratio, ratio_fig = calc.assumption("prefill_energy_ratio")
        prefill = per_output_token * ratio * traffic.input_tokens
        energy_request = per_request + prefill
        figures["prefill_energy_ratio"] = ratio_fig
        sources.update(ratio_fig.sources)
    requests = traffic.requests_per_month or 0.0
    energy = energy_request * requests
    embodied = Span(gwp_emb_min, (gwp_emb_min + gwp_emb_max) / 2, gwp_emb_max) * requests
    pue_low, pue_high = _range(config.datacenter_pue)
    pue = Span(pue_low, (pue_low + pue_high) / 2, pue_high)
    figures["energy_per_request_wh"] = Figure.from_span(
        energy_request * 1000.0, "Wh/request", "estimate", sources,
        f"EcoLogits for {output_tokens:g} output tokens ({how})"
        + (f" + prefill of {traffic.input_tokens:g} input tokens" if traffic.input_tokens else ""),
    )
    figures["pue"] = Figure.from_span(pue, "", "source", [ECOLOGITS_SOURCE], f"{provider} data centres, as modelled by EcoLogits")
    figures["grid_intensity_gco2e_per_kwh"] = grid_fig.model_copy(
        update={"note": f"{grid_row.label}: where {provider} serves the model"}
    )
    figures["embodied_kgco2e_month"] = Figure.from_span(embodied, "kgCO2e/month", "estimate", [ECOLOGITS_SOURCE], "EcoLogits embodied share per request × requests")
    result = WorkloadFootprint(
        workload=workload, energy=energy, intensity=intensity, pue=pue, embodied=embodied,
        grid=grid_row, figures=figures, notes=notes,
    )
    return calc._finish(result, sources | set(grid_row.sources))


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


def _range(value) -> tuple[float, float]:
    if hasattr(value, "min") and hasattr(value, "max"):
        return float(value.min), float(value.max)
    return float(value), float(value)
