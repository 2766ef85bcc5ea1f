"""Does a technique apply to a workload? The hard rules of DESIGN.md, read from the data.

Each technique's `applies` block (knowledge/techniques/*.yaml) states its conditions;
this module is their only interpreter. `why_not` returns the first reason a technique is
ruled out, in words a user can read in the report's "ruled out" list, or None.
"""

from __future__ import annotations

import re

from advisor.architecture import Architecture
from advisor.engine import latency
from advisor.engine.memory import needed
from advisor.footprint import WorkloadFootprint
from advisor.kb import Technique

LLM_KINDS = {"llm-inference", "llm-api", "batch-inference"}


def why_not(technique: Technique, wf: WorkloadFootprint, arch: Architecture, kb) -> str | None:
    """The first reason `technique` is ruled out on this workload, or None. `kb` sizes the model's
    memory (engine/memory.py) for `max_memory_fraction` and holds the policy's thresholds."""
    a = technique.applies
    workload, accelerator = wf.workload, wf.accelerator
    kind = workload.kind
    if technique.id in workload.practices:
        return "already in place (practices)"
    in_place = [p for p in a.not_with_practices if p in workload.practices]
    if in_place:
        return f"moot: {', '.join(in_place)} already in place"
    if kind not in a.kinds:
        return f"does not apply to {kind} workloads"
    if a.providers is not None and arch.cloud.provider not in a.providers:
        return f"does not apply on {arch.cloud.provider}"
    hw = workload.hardware
    on_cpu = a.cpu is not None and hw is not None and not hw.has_accelerator
    if on_cpu:
        # CPU runtimes (ONNX Runtime, OpenVINO, llama.cpp) bring their own kernels: the accelerator's
        # vendor and feature flags do not apply, only the kinds the technique pays for there
        if kind not in a.cpu.kinds:
            return f"does not apply to {kind} workloads on CPU-only hardware"
    elif a.needs_accelerator and (hw is None or not hw.has_accelerator):
        return "needs an accelerator of the workload's own" + (" (llm-api runs on the provider's)" if kind == "llm-api" else "")
    elif accelerator is not None:
        if a.accelerator_vendors is not None and accelerator.vendor not in a.accelerator_vendors:
            return f"not for {accelerator.name}"
        missing = [f for f in a.hardware_features if not getattr(accelerator.supports, f)]
        if missing:
            return f"{accelerator.name} has no {'/'.join(m.upper() for m in missing)} support"
    elif a.accelerator_vendors is not None or a.hardware_features:
        return "needs a specific accelerator"
    family = _model_match(workload.model.name, a.not_for_models)
    if family is not None:
        return f"does not apply to {family} models ({workload.model.name})"
    if a.precisions is not None:
        precision = workload.model.precision
        if precision is not None and precision not in a.precisions:
            return f"the model already runs in {precision}"
    # a region move or a cloud's own chip is that cloud's offering: no target nor tool of it is allowed
    if technique.impact.method == "grid-region" and arch.cloud.provider == "on-prem":
        if not [c for c in arch.allowed_clouds if c != "on-prem"]:  # from one's own data centre, only to an allowed cloud
            return "no cloud is allowed to move to (constraints.clouds)"
    elif (a.own_cloud or technique.impact.method == "grid-region") and arch.cloud.provider not in arch.allowed_clouds:
        return f"{arch.cloud.provider} is not among the allowed clouds"
    if a.deferrable and not workload.schedule.deferrable:
        return "the work is not deferrable (no temporal or spatial shifting of real-time work)"
    params = workload.model.parameters_b
    minimum = a.cpu.min_parameters_b if on_cpu else a.min_parameters_b
    if isinstance(minimum, dict):
        minimum = minimum.get(kind)
    if minimum is not None and params is not None and params < minimum:
        return f"model too small ({params:g} B < {minimum:g} B) for this to save energy"
    if a.max_parameters_b is not None and params is not None and params > a.max_parameters_b:
        return f"model too large ({params:g} B > {a.max_parameters_b:g} B)"
    if hw is not None:
        if a.min_utilization is not None and hw.utilization < a.min_utilization:
            return f"utilization {hw.utilization:g} below {a.min_utilization:g}"
        if a.max_utilization is not None and hw.utilization > a.max_utilization:
            return f"utilization {hw.utilization:g} already above {a.max_utilization:g}"
        if a.min_accelerator_count is not None and hw.count < a.min_accelerator_count:
            return f"needs at least {a.min_accelerator_count} accelerators"
    if a.max_memory_fraction is not None and (crowded := _fills_device(a.max_memory_fraction, wf, kb)):
        return crowded
    traffic = workload.traffic
    if a.generates_tokens and not generates_tokens(workload, kb.policy):
        out = traffic.output_tokens if traffic else None
        if kind in LLM_KINDS and out:  # a few tokens: a scorer or classifier, not a writer
            return f"the workload scores rather than generates (traffic.output_tokens: {out:g})"
        return "the workload does not generate tokens"
    if a.provider_feature and kind == "llm-api" and not _offered_by(technique, workload):
        return f"{workload.model.provider or 'the API provider'} offers no such feature to its API callers"
    if a.needs_traffic and not (traffic and traffic.requests_per_month):
        return "needs traffic.requests_per_month"
    if a.min_input_tokens is not None:
        tokens = traffic.input_tokens if traffic else None
        if tokens is None or tokens < a.min_input_tokens:
            return f"prompts shorter than {a.min_input_tokens:g} tokens (or not given)"
    if a.min_output_tokens is not None:
        tokens = traffic.output_tokens if traffic else None
        if tokens is None or tokens < a.min_output_tokens:
            return f"answers shorter than {a.min_output_tokens:g} tokens (or not given)"
    if a.min_pue is not None:
        if wf.pue.value < a.min_pue:
            return f"PUE {wf.pue.value:g} already below {a.min_pue:g}"
    return latency.ruled_out(technique, workload)


def generates_tokens(workload, policy) -> bool:
    """LLM serving generates tokens unless told it answers with fewer than the policy's
    `min_generated_tokens` per request (a scorer or classifier, one token from the prompt pass);
    a batch job only when its traffic says it writes that many (a CLIP or BERT batch writes none).
    The rules and the tool filter (engine/tools.py `fits`) read the same knowledge base's threshold."""
    out = workload.traffic.output_tokens if workload.traffic else None
    if workload.kind in ("llm-inference", "llm-api"):
        return out is None or out >= policy.min_generated_tokens
    if workload.kind == "batch-inference":
        return out is not None and out >= policy.min_generated_tokens
    return False


def _fills_device(fraction: float, wf: WorkloadFootprint, kb) -> str | None:
    """Why the model leaves no room on one of its devices for another model, or None.

    Why: sharing a GPU (MIG slices, MPS, time-slicing) packs several models on one device, so each
    must fit in a part of its memory; a 70B model spread over eight GPUs has nothing to share.
    """
    acc = wf.accelerator
    need = needed(wf.workload, kb)
    if acc is None or not acc.memory_gb or need is None:
        return None
    room = fraction * acc.memory_gb
    if need.gb <= room:
        return None
    return (f"the model needs {need.gb:.0f} GB, more than {fraction * 100:.0f} % of one {acc.name} "
            f"({acc.memory_gb:.0f} GB): no room to share the device with another model")


def _offered_by(technique: Technique, workload) -> bool:
    """Does one of the technique's tools name the provider this llm-api workload calls?"""
    provider = workload.model.provider
    return any(t.api_providers is not None and t.fits(None, "api", provider, workload.kind) for t in technique.tools)


def _words(text: str) -> str:
    return " " + " ".join(w for w in re.split(r"[^a-z0-9]+", text.lower()) if w) + " "


def _model_match(name: str | None, families: tuple[str, ...]) -> str | None:
    """The first of `families` whose words appear, as whole words in order, in the model's name
    ("lightgbm-fraud" is a LightGBM model, "risk-gbm" a GBM; "gbmini" is neither), or None.
    A name is all the engine knows of a classic model's family, so only explicit words count."""
    if not name:
        return None
    mine = _words(name)
    return next((f for f in families if _words(f) in mine), None)
