"""Ask a model for the recommendations and get back a validated answer, or one typed error.

Three separate loops, never mixed:
- the *mode ladder*: native structured output (JSON schema, or a forced tool for
  Anthropic), then JSON mode, then plain text with the JSON fished out of fences — a
  server that rejects a mode (HTTP 400/404/422) moves down one rung;
- *transport retries*: 408/409/429/5xx, timeouts and dropped connections are retried
  with exponential backoff (honouring Retry-After) and are never pasted into the prompt;
- *repairs*: a validation failure, and only that, goes back to the model with its own
  previous answer and the exact errors, a bounded number of times.
When repairs run out, `ModelOutputError` carries the last answer, the attempts and the
token usage; when the transport gives up, `ModelUnavailableError` says why (keys scrubbed).
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass, field

from pydantic import ValidationError

from advisor.errors import GreenAdvisorError
from advisor.llm.answer import ModelAnswer, json_schema
from advisor.secrets import scrub

TOOL_NAME = "record_recommendations"
MAX_BACKOFF_S = 20.0


class ModelUnavailableError(GreenAdvisorError):
    """The model could not be reached or refused the request (auth, quota, network)."""


class ModelOutputError(GreenAdvisorError):
    """The model answered, but never with a valid answer within the repair budget."""

    def __init__(self, message: str, *, last_raw: str, attempts: int, usage: dict, errors: list[str]):
        super().__init__(message)
        self.last_raw = last_raw
        self.attempts = attempts
        self.usage = usage
        self.errors = errors


@dataclass
class Call:
    mode: str
    input_tokens: int
    output_tokens: int
    seconds: float
    outcome: str  # valid | invalid | transport-error | unsupported-mode


@dataclass
class ModelResult:
    answer: ModelAnswer
    raw: str
    mode: str
    calls: list[Call] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return sum(1 for c in self.calls if c.outcome in ("valid", "invalid"))

    @property
    def usage(self) -> dict:
        return usage_of(self.calls)


def usage_of(calls: list[Call]) -> dict:
    return {
        "input_tokens": sum(c.input_tokens for c in calls),
        "output_tokens": sum(c.output_tokens for c in calls),
        "calls": len(calls),
    }


def modes_for(provider: str) -> list[str]:
    """The ladder, best first. Local OpenAI-compatible servers often take a schema only
    inside JSON mode (llama.cpp's `{"type": "json_object", "schema": …}`)."""
    if provider == "anthropic":
        return ["tool", "text"]
    if provider == "openai":
        return ["json_schema", "json_mode", "text"]
    if provider == "openai-compatible":
        return ["json_schema", "json_object_schema", "json_mode", "text"]
    return ["text"]


def _bind(llm, mode: str):
    schema = json_schema()
    if mode == "json_schema":
        return llm.bind(response_format={"type": "json_schema", "json_schema": {"name": TOOL_NAME, "schema": schema}})
    if mode == "json_object_schema":
        return llm.bind(response_format={"type": "json_object", "schema": schema})
    if mode == "json_mode":
        return llm.bind(response_format={"type": "json_object"})
    if mode == "tool":
        tool = {"name": TOOL_NAME, "description": "Record the recommendations table.", "input_schema": schema}
        return llm.bind_tools([tool], tool_choice={"type": "tool", "name": TOOL_NAME})
    return llm


def raw_text(message) -> str:
    """The answer's text: a forced tool call's arguments, or the message content."""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return json.dumps(calls[0].get("args", {}), ensure_ascii=False)
    content = message.content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, dict):
                if block.get("type") == "tool_use":
                    return json.dumps(block.get("input", {}), ensure_ascii=False)
                parts.append(str(block.get("text", "")))
            else:
                parts.append(str(block))
        content = "".join(parts)
    return str(content or "")


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)


def extract_json(text: str):
    """The JSON object in an answer: the whole text, a fenced block, or the outermost braces."""
    text = text.strip()
    candidates = [text]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        candidates.append(text[start : end + 1])
    last_error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as exc:
            last_error = exc
    if not text:
        raise ValueError("the answer was empty")
    raise ValueError(f"no JSON object found ({last_error.msg} at line {last_error.lineno}, column {last_error.colno})"
                     if last_error else "no JSON object found")


def validate(raw: str) -> tuple[ModelAnswer | None, list[str]]:
    try:
        data = extract_json(raw)
    except ValueError as exc:
        return None, [str(exc)]
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


def repair_message(errors: list[str], lang: str) -> str:
    listed = "\n".join(f"- {e}" for e in errors[:20])
    if lang == "fr":
        return (f"Ta réponse précédente n'est pas valide :\n{listed}\n"
                "Corrige-la et renvoie uniquement l'objet JSON complet, au format demandé.")
    return (f"Your previous answer is not valid:\n{listed}\n"
            "Fix it and return only the complete JSON object, in the requested format.")


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if not headers:
        return None
    value = headers.get("retry-after") or headers.get("Retry-After")
    try:
        return min(float(value), 60.0) if value is not None else None
    except ValueError:
        return None


_MODE_WORDS = re.compile(r"response_format|json_schema|json_object|tool_choice|\btools\b", re.I)


def classify(exc: BaseException) -> str:
    """retry | unsupported | fatal"""
    status = _status(exc)
    name = type(exc).__name__
    if status is not None and status >= 400 and _MODE_WORDS.search(str(exc)):
        return "unsupported"  # some servers answer 500 when they do not know a structured-output option
    if status in (408, 409, 429) or (status is not None and status >= 500):
        return "retry"
    if status in (400, 404, 415, 422):
        return "unsupported"
    if status is not None:
        return "fatal"
    if isinstance(exc, (TimeoutError, ConnectionError)) or any(w in name for w in ("Timeout", "Connection", "RemoteProtocol", "ReadError")):
        return "retry"
    return "fatal"


def describe(exc: BaseException, extra_secrets: tuple[str, ...] = ()) -> str:
    status = _status(exc)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = text[:300]
    return scrub(f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "") + f": {text}", extra_secrets)


@dataclass
class Asker:
    llm: object
    provider: str
    max_repairs: int = 2
    max_transport_retries: int = 3
    lang: str = "en"
    sleep: object = time.sleep
    secrets: tuple[str, ...] = ()
    count_tokens: object = None

    def ask(self, system: str, user: str) -> ModelResult:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        messages = [SystemMessage(content=system), HumanMessage(content=user)]
        calls: list[Call] = []
        modes = modes_for(self.provider)
        mode_index = 0
        last_raw, errors = "", []
        repairs = 0
        while True:
            mode = modes[mode_index]
            try:
                message = self._call(mode, messages, calls)
            except _UnsupportedMode as exc:
                if mode_index + 1 < len(modes):
                    mode_index += 1
                    continue
                raise ModelUnavailableError(f"the model refused the request: {exc.detail}") from None
            last_raw = raw_text(message)
            answer, errors = validate(last_raw)
            calls[-1].outcome = "valid" if answer else "invalid"
            if answer is not None:
                return ModelResult(answer, last_raw, mode, calls)
            if repairs >= self.max_repairs:
                raise ModelOutputError(
                    f"the model's answer was still invalid after {repairs + 1} attempts: {errors[0]}",
                    last_raw=last_raw, attempts=repairs + 1, usage=usage_of(calls), errors=errors,
                )
            repairs += 1
            messages = [*messages, AIMessage(content=last_raw or "(empty)"), HumanMessage(content=repair_message(errors, self.lang))]

    def _call(self, mode: str, messages, calls: list[Call]):
        bound = _bind(self.llm, mode)
        retries = 0
        while True:
            started = time.monotonic()
            try:
                message = bound.invoke(messages)
            except Exception as exc:  # the SDKs raise many types; classify decides
                kind = classify(exc)
                calls.append(Call(mode, 0, 0, time.monotonic() - started, "transport-error" if kind == "retry" else "unsupported-mode"))
                if kind == "unsupported" and mode != "text":
                    raise _UnsupportedMode(describe(exc, self.secrets)) from None
                if kind == "retry" and retries < self.max_transport_retries:
                    wait = _retry_after(exc)
                    if wait is None:
                        wait = min(MAX_BACKOFF_S, 0.5 * 2**retries) * (0.8 + 0.4 * random.random())
                    self.sleep(wait)
                    retries += 1
                    continue
                calls[-1].outcome = "transport-error"
                raise ModelUnavailableError(
                    describe(exc, self.secrets) + (f" (after {retries + 1} tries)" if kind == "retry" else "")
                ) from None
            usage = getattr(message, "usage_metadata", None) or {}
            input_tokens = int(usage.get("input_tokens") or 0)
            output_tokens = int(usage.get("output_tokens") or 0)
            if not usage and self.count_tokens is not None:
                input_tokens = sum(self.count_tokens(str(m.content)) for m in messages)
                output_tokens = self.count_tokens(raw_text(message))
            calls.append(Call(mode, input_tokens, output_tokens, time.monotonic() - started, "pending"))
            return message


class _UnsupportedMode(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail
