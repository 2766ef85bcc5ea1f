"""Ask a model for the recommendations and get back a validated answer, or one typed error.

Three separate loops, never mixed:
- the *mode ladder*: native structured output (JSON schema, or a forced tool for
  Anthropic), then JSON mode, then plain text with the JSON fished out of fences — a
  server that rejects a mode (HTTP 400/404/422) moves down one rung;
- *transport retries*: 408/409/429/5xx, timeouts and dropped connections are retried
  with exponential backoff (honouring Retry-After) and are never pasted into the prompt;
- *repairs*: a validation failure, or an answer cut at the token limit or stopped by a
  content filter, goes back to the model with its own previous answer and the exact errors
  (never an empty re-ask), a bounded number of times.
A 200 whose body the SDK cannot read counts as transport; a Retry-After beyond
`retry_cap` fails at once (llm/failures.py). Token usage the server reports is checked
against a local count (llm/usage.py).
When repairs run out, `ModelOutputError` carries the last answer, the attempts and the
token usage; when the transport gives up, `ModelUnavailableError` says why (keys scrubbed).
"""

from __future__ import annotations

import json
import random
import time
import warnings
from dataclasses import dataclass, field

from advisor.errors import GreenAdvisorError
from advisor.llm.answer import MAX_RECOMMENDATIONS, ModelAnswer, json_schema
from advisor.llm.extract import validate
from advisor.llm.failures import (  # noqa: F401 - classify and describe re-exported
    PROBLEM_TEXT, classify, describe, duration, finish_problem, partial_text, partial_usage, retry_after, retry_cap,
    status_of, unreadable,
)
from advisor.llm.usage import INPUT_SLACK, OUTPUT_SLACK, checked, plausible
from advisor.llm.words import call_note

# A malformed body (a tool_use whose input is a string) makes the SDK's pydantic models print
# a dozen serializer warnings before the error that `classify` reports in one line. Set once,
# for the process: warnings.catch_warnings is not thread-safe, and fleets call from threads.
warnings.filterwarnings("ignore", message="Pydantic serializer warnings", category=UserWarning)

TOOL_NAME = "record_recommendations"
MAX_BACKOFF_S = 20.0


def pause(seconds: float) -> None:
    """Every wait between transport retries, unless an Asker is given its own `sleep`: one
    name, looked up when waiting, so a test can record the waits instead of sleeping them."""
    time.sleep(seconds)


class _Spent:
    """What a list of calls cost, and what was noted about them. A failure keeps its calls too:
    their tokens are spent, and the report and the log keep them."""

    calls: list

    @property
    def usage(self) -> dict:
        return usage_of(self.calls)

    @property
    def notes(self) -> list[str]:
        return notes_of(self.calls)


class ModelUnavailableError(_Spent, GreenAdvisorError):
    """The model could not be reached or refused the request (auth, quota, network)."""

    def __init__(self, message: str, *, calls: list | None = None):
        super().__init__(message)
        self.calls = list(calls or [])


class ModelOutputError(_Spent, GreenAdvisorError):
    """The model answered, but never with a valid answer within the repair budget."""

    def __init__(self, message: str, *, last_raw: str, attempts: int, errors: list[str], calls: list | None = None):
        super().__init__(message)
        self.calls = list(calls or [])
        self.last_raw = last_raw
        self.attempts = attempts
        self.errors = errors


@dataclass
class Call:
    mode: str
    input_tokens: int
    output_tokens: int
    seconds: float
    outcome: str  # valid | invalid | transport-error | unsupported-mode
    note: str | None = None  # e.g. the server's token usage was implausible and replaced


@dataclass
class ModelResult(_Spent):
    answer: ModelAnswer
    raw: str
    mode: str
    calls: list[Call] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return sum(1 for c in self.calls if c.outcome in ("valid", "invalid"))


def notes_of(calls: list[Call]) -> list[str]:
    return list(dict.fromkeys(c.note for c in calls if c.note))


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


def repair_message(errors: list[str], lang: str, problem: str | None = None) -> str:
    """The feedback of a re-ask: always the errors, and for a cut answer, how to fit."""
    if problem == "length":
        return (f"Ta réponse précédente a été coupée à la limite de tokens. Réponds plus brièvement : au plus "
                f"{MAX_RECOMMENDATIONS} recommandations, des champs courts, uniquement l'objet JSON complet."
                if lang == "fr" else
                f"Your previous answer was cut at the token limit. Answer more briefly: at most {MAX_RECOMMENDATIONS} "
                "recommendations, short fields, only the complete JSON object.")
    if problem == "filtered":
        return ("Ta réponse précédente a été arrêtée par le filtre de contenu du fournisseur. Renvoie uniquement "
                "l'objet JSON demandé, sur l'empreinte énergétique et carbone du système décrit."
                if lang == "fr" else
                "Your previous answer was stopped by the provider's content filter. Return only the requested JSON "
                "object, about the energy and carbon footprint of the system described.")
    listed = "\n".join(f"- {e}" for e in errors[:20])
    if lang == "fr":
        return (f"Ta réponse précédente n'est pas valide :\n{listed}\n"
                "Corrige-la et renvoie uniquement l'objet JSON complet, au format demandé.")
    return (f"Your previous answer is not valid:\n{listed}\n"
            "Fix it and return only the complete JSON object, in the requested format.")


@dataclass
class Asker:
    llm: object
    provider: str
    max_repairs: int = 2
    max_transport_retries: int = 3
    lang: str = "en"
    sleep: object = None  # None (or time.sleep, model_report's default): `pause`
    secrets: tuple[str, ...] = ()
    count_tokens: object = None
    timeout_s: float | None = None

    def ask(self, system: str, user: str) -> ModelResult:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        messages = [SystemMessage(content=system), HumanMessage(content=user)]
        calls: list[Call] = []
        modes = modes_for(self.provider)
        mode_index = 0
        repairs = 0
        while True:
            mode = modes[mode_index]
            try:
                last_raw, problem = self._call(mode, messages, calls)
            except _UnsupportedMode as exc:
                if mode_index + 1 < len(modes):
                    mode_index += 1
                    continue
                raise ModelUnavailableError(call_note("refused", self.lang, detail=exc.detail), calls=calls) from None
            answer, errors = validate(last_raw)
            if answer is None and problem:
                errors = [PROBLEM_TEXT[problem]]
            calls[-1].outcome = "valid" if answer else "invalid"
            if answer is not None:
                return ModelResult(answer, last_raw, mode, calls)
            if repairs >= self.max_repairs:
                message = (call_note("after_attempts", self.lang, problem=call_note(f"problem_{problem}", self.lang),
                                     n=repairs + 1) if problem else
                           call_note("still_invalid", self.lang, n=repairs + 1, error=errors[0]))
                raise ModelOutputError(message, last_raw=last_raw, attempts=repairs + 1, errors=errors, calls=calls)
            repairs += 1
            messages = [*messages, AIMessage(content=last_raw or "(empty)"),
                        HumanMessage(content=repair_message(errors, self.lang, problem))]

    def _call(self, mode: str, messages, calls: list[Call]) -> tuple[str, str | None]:
        """One answer's text and what cut it short (None, 'length', 'filtered'), after transport retries."""
        bound = _bind(self.llm, mode)
        retries = 0
        while True:
            started = time.monotonic()
            try:
                message = bound.invoke(messages)
            except Exception as exc:  # the SDKs raise many types; classify decides
                kind = classify(exc)
                if kind in ("length", "filtered"):
                    raw = partial_text(exc)
                    calls.append(self._counted(mode, messages, raw, partial_usage(exc), started))
                    return raw, kind
                calls.append(Call(mode, 0, 0, time.monotonic() - started, "unsupported-mode" if kind == "unsupported" else "transport-error"))
                if kind == "unsupported" and mode != "text":
                    raise _UnsupportedMode(describe(exc, self.secrets)) from None
                if kind in ("retry", "unreadable") and retries < self.max_transport_retries:
                    sleep = pause if self.sleep in (None, time.sleep) else self.sleep
                    sleep(self._wait(exc, retries, calls))
                    retries += 1
                    continue
                calls[-1].outcome = "transport-error"
                text = unreadable(exc, self.secrets, self.lang) if kind == "unreadable" else describe(exc, self.secrets)
                tries = call_note("after_tries", self.lang, n=retries + 1) if kind in ("retry", "unreadable") else ""
                raise ModelUnavailableError(text + tries, calls=calls) from None
            usage = getattr(message, "usage_metadata", None) or {}
            raw = raw_text(message)
            calls.append(self._counted(mode, messages, raw, (usage.get("input_tokens"), usage.get("output_tokens")), started))
            return raw, finish_problem(message)

    def _wait(self, exc: BaseException, retries: int, calls: list[Call]) -> float:
        """The server's Retry-After when within the cap, else backoff; a longer request fails now."""
        wait = retry_after(exc)
        if wait is not None and wait > retry_cap(self.timeout_s):
            why = call_note("rate_limited" if status_of(exc) == 429 else "unavailable", self.lang)
            raise ModelUnavailableError(call_note("retry_later", self.lang, why=why, wait=duration(wait)), calls=calls) from None
        if wait is None:
            wait = min(MAX_BACKOFF_S, 0.5 * 2**retries) * (0.8 + 0.4 * random.random())
        return wait

    def _counted(self, mode: str, messages, raw: str, reported: tuple, started: float) -> Call:
        """A call with the server's token counts where plausible, else counted here (llm/usage.py)."""
        count = self.count_tokens or (lambda text: len(text) // 4)
        local_in = sum(count(str(m.content)) for m in messages)
        local_out = count(raw)
        input_tokens, output_tokens, note = checked(*reported, local_in, local_out)
        if note and self.lang != "en":
            note = self._usage_note(reported, local_in, local_out)
        return Call(mode, input_tokens, output_tokens, time.monotonic() - started, "pending", note)

    def _usage_note(self, reported: tuple, local_in: int, local_out: int) -> str:
        """usage.checked's note in the report's language: the counts it did not believe, and that local ones are used."""
        bad = [call_note(f"usage_{name}", self.lang, value=str(value)[:40]) for name, value, local, slack in
               (("input", reported[0], local_in, INPUT_SLACK), ("output", reported[1], local_out, OUTPUT_SLACK))
               if value is not None and plausible(value, local, slack) is None]
        return call_note("usage_implausible", self.lang, details=call_note("usage_and", self.lang).join(bad))


class _UnsupportedMode(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail
