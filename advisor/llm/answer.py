"""What a model must answer: the report contract's recommendation fields, as a schema.

Lenient where weak models are sloppy but the meaning is clear ("Medium" for "medium",
a single tool as a string); strict on everything else. A validation failure here, and
only here, is sent back to the model for repair.

The number of rows is not worth a paid re-ask: the schema sent asks for 1 to
MAX_RECOMMENDATIONS rows, the validator cuts a longer list to that same limit (the answer
keeps `dropped`, for a note), and an empty list is a valid "no model advice", for which
the engine's rows are shown.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

Risk = Literal["none", "low", "medium", "high"]
Difficulty = Literal["low", "medium", "high"]
MAX_RECOMMENDATIONS = 10


class ModelRecommendation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    technique_id: Annotated[str, Field(min_length=1, max_length=80)]
    workload: Annotated[str, Field(min_length=1, max_length=200)]
    action: Annotated[str, Field(min_length=1, max_length=600)]
    impact: Annotated[str, Field(max_length=600)] = ""
    difficulty: Difficulty
    tools: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=12)] = Field(default_factory=list)
    accuracy_risk: Risk
    warning: Annotated[str, Field(max_length=800)] | None = None

    @field_validator("difficulty", "accuracy_risk", mode="before")
    @classmethod
    def _lower(cls, value):
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("tools", mode="before")
    @classmethod
    def _tools(cls, value):
        if isinstance(value, str):
            return [t.strip() for t in value.split(",") if t.strip()]
        return value

    @field_validator("warning", mode="before")
    @classmethod
    def _warning(cls, value):
        if isinstance(value, str) and value.strip().lower() in ("", "null", "none", "n/a"):
            return None
        return value


class ModelAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    summary: Annotated[str, Field(max_length=3000)] = ""
    recommendations: list[ModelRecommendation]
    _dropped: int = PrivateAttr(default=0)

    @model_validator(mode="wrap")
    @classmethod
    def _cut(cls, data, handler):
        rows = data.get("recommendations") if isinstance(data, dict) else None
        extra = len(rows) - MAX_RECOMMENDATIONS if isinstance(rows, list) else 0
        if extra > 0:
            data = {**data, "recommendations": rows[:MAX_RECOMMENDATIONS]}
        answer = handler(data)
        answer._dropped = max(extra, 0)
        return answer

    @property
    def dropped(self) -> int:
        """Rows past MAX_RECOMMENDATIONS, cut before validation."""
        return self._dropped


def json_schema() -> dict:
    """A plain JSON schema (no $refs) that OpenAI, Anthropic and llama.cpp all accept.

    Its bounds (items, string lengths) also bound what a grammar-constrained local model
    can generate, so a weak model cannot loop until its context is full.
    """
    item = {
        "type": "object",
        "properties": {
            "technique_id": {"type": "string", "maxLength": 80},
            "workload": {"type": "string", "maxLength": 200},
            "action": {"type": "string", "maxLength": 300},
            "impact": {"type": "string", "maxLength": 300},
            "difficulty": {"type": "string", "enum": ["low", "medium", "high"]},
            "tools": {"type": "array", "items": {"type": "string", "maxLength": 120}, "maxItems": 6},
            "accuracy_risk": {"type": "string", "enum": ["none", "low", "medium", "high"]},
            "warning": {"type": ["string", "null"], "maxLength": 400},
        },
        "required": ["technique_id", "workload", "action", "impact", "difficulty", "tools", "accuracy_risk", "warning"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "summary": {"type": "string", "maxLength": 600},
            "recommendations": {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_RECOMMENDATIONS},
        },
        "required": ["summary", "recommendations"],
        "additionalProperties": False,
    }
