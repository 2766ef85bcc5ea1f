"""What a model must answer: the report contract's recommendation fields, as a schema.

Lenient wherever the guard (advisor/llm/guard.py) can decide, because a failure here
costs a paid re-ask and, after the last one, the whole answer: an empty technique id,
workload or action passes (the guard removes a blank row, with a note); a difficulty or an
accuracy risk is read in any case and in either language ("Easy", "Moderate", "élevée"),
and one that cannot be read is no error: the difficulty is left to the engine's, the risk
counts as the lowest, which the guard raises to the engine's. Sloppy shapes whose meaning
is clear pass too (a single tool as a string). The schema sent to the model stays strict:
it guides the model; only this validator forgives. What is left (a missing key, a wrong
type, an overlong text) is sent back to the model for repair.

The number of rows is not worth a paid re-ask: the schema sent asks for 1 to
MAX_RECOMMENDATIONS rows, the validator cuts a longer list to that same limit (the answer
keeps `dropped`, for a note), and an empty list is a valid "no model advice", for which
the engine's rows are shown.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

Risk = Literal["none", "low", "medium", "high"]
RISKS = ("none", "low", "medium", "high")
Difficulty = Literal["low", "medium", "high"]
MAX_RECOMMENDATIONS = 10

# what models write for each level, accents and case aside
_DIFFICULTY = {
    "low": "low", "easy": "low", "simple": "low", "trivial": "low", "facile": "low", "faible": "low", "basse": "low",
    "medium": "medium", "moderate": "medium", "intermediate": "medium", "moyen": "medium", "moyenne": "medium",
    "modere": "medium", "moderee": "medium",
    "high": "high", "hard": "high", "difficult": "high", "complex": "high", "difficile": "high", "eleve": "high",
    "elevee": "high", "complexe": "high", "haute": "high",
}
_RISK = {
    "none": "none", "nil": "none", "aucun": "none", "aucune": "none", "nul": "none", "nulle": "none",
    "low": "low", "minor": "low", "faible": "low", "basse": "low",
    "medium": "medium", "moderate": "medium", "moyen": "medium", "moyenne": "medium", "modere": "medium", "moderee": "medium",
    "high": "high", "severe": "high", "eleve": "high", "elevee": "high", "fort": "high",
    "forte": "high", "haute": "high",
}


def _levels(value, names: dict[str, str]) -> set[str]:
    """The levels a text names ("Easy" → low, "Élevée" → high, "Medium (if …)" → medium)."""
    if not isinstance(value, str):
        return set()
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return {names[w] for w in re.findall(r"[a-z]+", plain) if w in names}


class ModelRecommendation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    technique_id: Annotated[str, Field(max_length=80)]  # blank: the guard removes the row
    workload: Annotated[str, Field(max_length=200)]
    action: Annotated[str, Field(max_length=600)]
    impact: Annotated[str, Field(max_length=600)] = ""
    difficulty: Difficulty | None = None  # None: the engine's
    tools: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=12)] = Field(default_factory=list)
    accuracy_risk: Risk = "none"  # the guard raises it to the engine's
    warning: Annotated[str, Field(max_length=800)] | None = None

    @field_validator("technique_id", "workload", "action", "impact", mode="before")
    @classmethod
    def _blank(cls, value):
        return "" if value is None else value

    @field_validator("difficulty", mode="before")
    @classmethod
    def _difficulty(cls, value):
        found = _levels(value, _DIFFICULTY)
        return found.pop() if len(found) == 1 else None  # "low to medium": the engine's

    @field_validator("accuracy_risk", mode="before")
    @classmethod
    def _risk(cls, value):
        found = _levels(value, _RISK)  # "medium to high": the higher, never a guess that lowers it
        return max(found, key=RISKS.index) if found else "none"

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
