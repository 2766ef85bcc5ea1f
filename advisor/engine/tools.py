"""Which of a technique's tools fit this workload: its accelerator's vendor and its hosting.

A tool entry may say what it runs on (`hardware`: nvidia | amd | aws | google | cpu), how the
model is hosted (`hosting`: self-hosted | api) and, for API features, which model providers
offer it (`api_providers`). TensorRT-LLM is no use on a TPU, vLLM's prefix cache none to a
team calling Claude, and Anthropic's prompt caching none to a team calling OpenAI. Untagged
tools fit everywhere the technique applies. The cloud rule (a tool from a cloud outside the
allowed ones) stays in kb.Technique.tools_for and advisor/clouds.py.
"""

from __future__ import annotations

from collections.abc import Callable

from advisor.footprint import WorkloadFootprint
from advisor.kb import Tool


def hosting(wf: WorkloadFootprint) -> str:
    return "api" if wf.workload.kind == "llm-api" else "self-hosted"


def hardware(wf: WorkloadFootprint) -> str | None:
    """The accelerator's vendor, `cpu` for CPU-only hardware, None when the file does not say."""
    if wf.accelerator is not None:
        return wf.accelerator.vendor
    hw = wf.workload.hardware
    return "cpu" if hw is not None and not hw.has_accelerator else None


def fits(wf: WorkloadFootprint) -> Callable[[Tool], bool]:
    where, how = hardware(wf), hosting(wf)
    provider = wf.workload.model.provider

    def fit(tool: Tool) -> bool:
        if where is None and tool.hardware is not None and how == "self-hosted":
            return True  # hardware unknown: do not guess it away
        return tool.fits(where, how, provider)

    return fit
