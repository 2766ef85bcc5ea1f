"""Find the answer in what a model wrote, and validate it.

Models wrap their JSON in prose and fences, and often show an example first ("for
instance: ```{"example": true}```") or add a `{…}` aside after the answer. So no single
guess (the first fence, the outermost braces) is trusted: every candidate — the whole text,
each fenced block, then each balanced JSON object in the text — is validated in that order,
and the first valid one wins. Only when none is valid are the errors of the most promising
candidate (one with a `recommendations` key, then the fewest errors) sent back for repair.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from advisor.llm.answer import ModelAnswer

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)
MAX_SPANS = 200  # bounds the scan of a long, brace-heavy answer


def candidates(text: str) -> tuple[list, json.JSONDecodeError | None]:
    """Every JSON value found, in the order tried, and the first parse error (for the message)."""
    text = text.strip()
    found: list = []
    first_error: json.JSONDecodeError | None = None
    for piece in [text, *(m.group(1).strip() for m in _FENCE.finditer(text))]:
        try:
            found.append(json.loads(piece))
        except json.JSONDecodeError as exc:
            first_error = first_error or exc
    decoder, start, tried = json.JSONDecoder(), text.find("{"), 0
    while start != -1 and tried < MAX_SPANS:
        tried += 1
        try:
            value, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            first_error = first_error or exc
            start = text.find("{", start + 1)
            continue
        found.append(value)
        start = text.find("{", end)
    return found, first_error


def extract_json(text: str):
    """The first JSON value in an answer (whole text, a fenced block, or a balanced object)."""
    return _found(text)[0]


def _found(text: str) -> list:
    found, error = candidates(text)
    if found:
        return found
    if not text.strip():
        raise ValueError("the answer was empty")
    raise ValueError(f"no JSON object found ({error.msg} at line {error.lineno}, column {error.colno})"
                     if error else "no JSON object found")


def _check(data) -> tuple[ModelAnswer | None, list[str]]:
    if isinstance(data, list):
        data = {"recommendations": data}
    try:
        return ModelAnswer.model_validate(data), []
    except ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in error["loc"]) or "(root)"
            errors.append(f"{loc}: {error['msg']}")
        return None, errors


def validate(raw: str) -> tuple[ModelAnswer | None, list[str]]:
    """The first candidate that validates, or the errors of the most promising one."""
    try:
        found = _found(raw)
    except ValueError as exc:
        return None, [str(exc)]
    best: tuple[tuple[int, int], list[str]] | None = None
    for data in found:
        answer, errors = _check(data)
        if answer is not None:
            return answer, []
        rank = (0 if isinstance(data, (dict, list)) and (isinstance(data, list) or "recommendations" in data) else 1, len(errors))
        if best is None or rank < best[0]:
            best = (rank, errors)
    return None, best[1] if best else ["no JSON object found"]
