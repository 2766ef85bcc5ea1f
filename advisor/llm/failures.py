"""What went wrong with one model call, and which loop deals with it.

A call can fail in three ways that need three different answers:
- the *transport* (429, 5xx, timeouts, resets) or a 200 response the SDK cannot read (an
  HTML page, `{not json`, an SSE stream, `choices: []`): the answer never arrived, so the
  same request is sent again, with backoff, and nothing is pasted into the prompt;
- the *answer* arrived but was cut at the token limit or stopped by a content filter: that
  is the model's doing, so it is re-asked (a repair) with a note saying why;
- the request itself (auth, quota, a mode the server lacks): retrying will not help.
The SDKs raise many types for these; `classify` is the one place that sorts them, so a
Python-internal name (IndexError, LengthFinishReasonError) never reaches the user.
"""

from __future__ import annotations

import re
import time
from email.utils import parsedate_to_datetime

from advisor.llm.words import CALL_NOTES, call_note
from advisor.secrets import scrub

_MODE_WORDS = re.compile(r"response_format|json_schema|json_object|tool_choice|\btools\b", re.I)
# openai's parse() raises these on a 200 whose answer did not finish normally
_FINISH_ERRORS = {"LengthFinishReasonError": "length", "ContentFilterFinishReasonError": "filtered"}
# raised by an SDK or LangChain reading a body that is not the format it expects
_UNREADABLE = (AttributeError, TypeError, IndexError, KeyError, ValueError)
# finish_reason (OpenAI) / stop_reason (Anthropic) of a message that did not finish normally
FINISH_PROBLEMS = {"length": "length", "max_tokens": "length", "content_filter": "filtered", "refusal": "filtered"}

# What the repair feedback tells the model (in English, like the validation errors beside it)
PROBLEM_TEXT = {problem: CALL_NOTES["en"][f"problem_{problem}"] for problem in ("length", "filtered")}


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def classify(exc: BaseException) -> str:
    """retry | unreadable | length | filtered | unsupported | fatal"""
    status = status_of(exc)
    name = type(exc).__name__
    if name in _FINISH_ERRORS:
        return _FINISH_ERRORS[name]
    if status is not None and status >= 400 and _MODE_WORDS.search(str(exc)):
        return "unsupported"  # some servers answer 500 when they do not know a structured-output option
    if status in (408, 409, 429) or (status is not None and status >= 500):
        return "retry"
    if status in (400, 404, 415, 422):
        return "unsupported"
    if status is not None and 200 <= status < 300:
        return "unreadable"
    if status is not None:
        return "fatal"
    if isinstance(exc, (TimeoutError, ConnectionError)) or any(w in name for w in ("Timeout", "Connection", "RemoteProtocol", "ReadError")):
        return "retry"
    if isinstance(exc, _UNREADABLE):
        return "unreadable"
    return "fatal"


def describe(exc: BaseException, extra_secrets: tuple[str, ...] = ()) -> str:
    """One line for a failed call; when no server answered (no HTTP status), it names the
    address tried: "Connection error." alone does not say whether the URL, the port or the
    server is wrong."""
    status = status_of(exc)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = text[:300]
    url = None if status is not None else address_of(exc)
    return scrub(f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "") + (f": {url}" if url else "")
                 + f": {text}", extra_secrets)


def address_of(exc: BaseException) -> str | None:
    """The URL the failed request went to, as the SDKs' errors carry it (`exc.request.url`,
    httpx's Request), without credentials or query: a key can ride in either."""
    from urllib.parse import urlsplit, urlunsplit

    for err in (exc, exc.__cause__, exc.__context__):
        try:
            url = getattr(err, "request", None).url  # httpx raises RuntimeError when no request is attached
        except (AttributeError, RuntimeError):
            continue
        try:
            parts = urlsplit(str(url))
        except ValueError:
            return None
        if not parts.scheme or not parts.hostname:
            return None
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return None


def unreadable(exc: BaseException, extra_secrets: tuple[str, ...] = (), lang: str = "en") -> str:
    """One line for a 200 the SDK could not read: what the body was, in the user's terms (and language)."""
    import json

    text = str(exc)
    if isinstance(exc, json.JSONDecodeError):
        what = call_note("body_not_json", lang)
    elif isinstance(exc, AttributeError) and "'str' object" in text:
        what = call_note("body_not_object", lang)
    elif isinstance(exc, IndexError):
        what = call_note("no_choices", lang)
    elif isinstance(exc, TypeError) and "NoneType" in text:
        what = call_note("null_field", lang)
    elif type(exc).__name__ == "ValidationError":
        what = call_note("wrong_type", lang, detail=(text.splitlines() or [""])[0][:120])
    else:
        what = (text.splitlines() or [type(exc).__name__])[0][:200]
    return scrub(call_note("unreadable", lang, what=what), extra_secrets)


def retry_after(exc: BaseException) -> float | None:
    """The server's requested wait in seconds: retry-after-ms, retry-after in seconds or as an HTTP date."""
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if not headers:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
        value = headers.get("retry-after") or headers.get("Retry-After")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None


def retry_cap(timeout_s: float | None) -> float:
    """The longest Retry-After obeyed: 30 s, or three call timeouts if longer. Beyond it the
    wait costs more than the answer is worth to someone at a terminal (or in a CI job), so the
    call fails at once, and `--fallback offline` answers instead."""
    return max(30.0, 3.0 * (timeout_s or 0.0))


def duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f}".removesuffix(".0") + " h"
    if seconds >= 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


def finish_problem(message) -> str | None:
    """'length' or 'filtered' when the message says it did not finish normally, else None."""
    meta = getattr(message, "response_metadata", None) or {}
    reason = meta.get("finish_reason") or meta.get("stop_reason")
    return FINISH_PROBLEMS.get(reason) if isinstance(reason, str) else None


def partial_text(exc: BaseException) -> str:
    """The text an openai finish-reason error carries, if any (what was written before the cut)."""
    try:
        return exc.completion.choices[0].message.content or ""  # type: ignore[attr-defined]
    except (AttributeError, IndexError, TypeError):
        return ""


def partial_usage(exc: BaseException) -> tuple[object, object]:
    usage = getattr(getattr(exc, "completion", None), "usage", None)
    return getattr(usage, "prompt_tokens", None), getattr(usage, "completion_tokens", None)
