"""Find the answer in what a model wrote, and validate it.

Models wrap their JSON in prose and fences, and often show an example first ("for
instance: ```{"example": true}```") or add a `{…}` aside after the answer. So no single
guess (the first fence, the outermost braces) is trusted: every candidate — the whole text,
each fenced block, then each balanced JSON object in the text — is validated in that order,
and the first valid one wins. Only when none is valid are the errors of the most promising
candidate (one with a `recommendations` key, then the fewest errors) sent back for repair.

When no candidate has the answer's shape and an object or array that starts before the best
one could not be read, the best one is only a piece of it (a row inside an answer with a
comment or a trailing comma): its "recommendations: Field required" would send the model
looking for a key it wrote, so the syntax error is what is sent back. Whatever the text, reading
it is an invalid answer, never a crash: a value nested too deeply for the decoder (RecursionError)
or a number too long to convert (ValueError) is a syntax error like any other.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from advisor.llm.answer import ModelAnswer

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)
MAX_SPANS = 200  # bounds the scan of a long, brace-heavy answer
_SYNTAX_HINT = "; comments, trailing commas, single quotes and unquoted keys are not JSON"
UNREADABLE = (ValueError, RecursionError)  # JSONDecodeError is a ValueError; depth is a RecursionError


@dataclass
class Scan:
    """What reading a text found: JSON values (with where they start), and where values that start
    with a bracket could not be read (with why)."""

    found: list = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    broken: list[tuple[int, str]] = field(default_factory=list)
    first_error: str | None = None

    def failed(self, at: int, exc: Exception, bracketed: bool) -> None:
        text = _describe(exc)
        self.first_error = self.first_error or text
        if bracketed:
            hint = _SYNTAX_HINT if isinstance(exc, json.JSONDecodeError) else ""
            self.broken.append((at, f"the answer is not valid JSON ({text}){hint}"))

    def add(self, value, at: int) -> None:
        self.found.append(value)
        self.starts.append(at)


def _describe(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return str(exc)[:200]


def scan(text: str) -> Scan:
    """Every JSON value found, in the order tried, and what could not be read."""
    text = text.strip()
    out = Scan()
    pieces = [(0, text), *((m.start(1) + len(m.group(1)) - len(m.group(1).lstrip()), m.group(1).strip())
                           for m in _FENCE.finditer(text))]
    for at, piece in pieces:
        try:
            out.add(json.loads(piece), at)
        except UNREADABLE as exc:
            out.failed(at, exc, piece.startswith(("{", "[")))
    decoder, start, tried = json.JSONDecoder(), text.find("{"), 0
    while start != -1 and tried < MAX_SPANS:
        tried += 1
        try:
            value, end = decoder.raw_decode(text, start)
        except UNREADABLE as exc:
            out.failed(start, exc, True)
            start = text.find("{", start + 1)
            continue
        out.add(value, start)
        start = text.find("{", end)
    return out


def candidates(text: str) -> tuple[list, str | None]:
    """Every JSON value found, in the order tried, and the first reading error (for the message)."""
    found = scan(text)
    return found.found, found.first_error


def extract_json(text: str):
    """The first JSON value in an answer (whole text, a fenced block, or a balanced object)."""
    return _found(text).found[0]


def _found(text: str) -> Scan:
    found = scan(text)
    if found.found:
        return found
    if not text.strip():
        raise ValueError("the answer was empty")
    raise ValueError(f"no JSON object found ({found.first_error})" if found.first_error else "no JSON object found")


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
        read = _found(raw)
    except ValueError as exc:
        return None, [str(exc)]
    best: tuple[tuple[int, int], int, list[str]] | None = None
    for data, at in zip(read.found, read.starts):
        answer, errors = _check(data)
        if answer is not None:
            return answer, []
        rank = (0 if isinstance(data, (dict, list)) and (isinstance(data, list) or "recommendations" in data) else 1, len(errors))
        if best is None or rank < best[0]:
            best = (rank, at, errors)
    if best is None:
        return None, ["no JSON object found"]
    (shape, _), at, errors = best
    enclosing = [why for start, why in read.broken if start < at]
    if shape and enclosing:  # a piece of an answer that could not be read: say why it could not
        return None, [enclosing[0]]
    return None, errors
