"""Accelerator memory a workload's model needs: one sizing for the engine and for the file's warnings.

A hardware change must not propose cards that cannot hold the model (engine/savings.py), and a
file whose hardware cannot hold its model gets a warning (advisor/archnotes.py). Both ask here,
so the figure a warning quotes is the one the engine sized with. The figures are data
(knowledge/hardware/memory.yaml): inference holds the weights at their precision plus KV cache
and buffers; training and full fine-tuning hold weights, gradients and Adam states (ZeRO's 16
bytes per parameter) plus activations; PEFT (`peft` in practices) keeps the base frozen, so it is
sized like inference.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.architecture import Workload


@dataclass(frozen=True)
class Need:
    gb: float
    bytes_per_parameter: float
    overhead: float
    states: bool  # sized with gradients and optimiser states (training, full fine-tuning)


def needed(workload: Workload, kb, precision: str | None = None) -> Need | None:
    """The memory the workload's model needs across its devices (in `precision` when given, for
    serving); None when the file gives no size."""
    params_b = workload.model.parameters_b
    if not params_b:
        return None
    sizing = kb.memory
    states = workload.trains_weights and "peft" not in workload.practices
    if states:
        per_param, overhead = sizing.training_bytes_per_parameter.value, sizing.training_activation_overhead.value
    else:
        precision = precision or workload.model.precision or sizing.default_precision
        per_param, overhead = sizing.bytes_per_parameter[precision], sizing.inference_overhead.value
    return Need(params_b * per_param * overhead, per_param, overhead, states)
