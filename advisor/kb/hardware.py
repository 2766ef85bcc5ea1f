"""The hardware's schema: accelerators (power, memory, features, embodied carbon) and memory sizing.

Read from knowledge/hardware/*.yaml; what the engine needs to tell whether a part can hold a
model, run a precision or replace another.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.kb.common import PRECISIONS, _Strict


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
