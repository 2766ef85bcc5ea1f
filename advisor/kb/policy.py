"""The engine's own thresholds and weights (knowledge/policy.yaml): choices, not figures about the world.

Kept apart from the cited data so that what greenadvisor decides and what the sources say are
never mixed in one schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.kb.common import Difficulty, Level, _Strict


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
    # fewer output tokens than this per request is scoring (a ranker, a classifier), not generation
    min_generated_tokens: Annotated[int, Field(ge=1)]
