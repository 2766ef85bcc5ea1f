"""Keeping credentials out of prompts, output, logs and caches.

Two guards: `redact` removes strings that look like credentials (provider keys, cloud
access keys, tokens, private keys, `password: …` pairs) from any text, and `scrub` also
removes the values of the keys this process was given, wherever they show up (an SDK
error message, a model's answer echoing what a server saw). A server may quote a key
without its `sk-proj-` prefix, or cut it short, so any run of PARTIAL characters of a
configured key counts, not only the whole value. The configured keys are the usual
variables and any variable named like a key (`*_API_KEY`, `*_TOKEN`, …: a server's
`api_key_env` in the settings is named by the user).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

REDACTED = "[REDACTED]"

_PATTERNS = [
    re.compile(r"sk-ant-[A-Za-z0-9_\-]{16,}"),
    re.compile(r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_\-]{16,}"),
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{40,}\b"),
    re.compile(r"\bxox[abprs]-[A-Za-z0-9\-]{10,}\b"),
    re.compile(r"\bhf_[A-Za-z0-9]{30,}\b"),
    re.compile(r"\beyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\b"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
    re.compile(
        r"(?i)\b((?:api[_-]?key|secret(?:[_-]?access)?[_-]?key|access[_-]?token|auth[_-]?token|password|passwd|bearer)"
        r"\s*[:=]\s*)(['\"]?)[^\s'\"]{6,}\2"
    ),
    re.compile(r"(?i)\b(Bearer\s+)[A-Za-z0-9._\-]{16,}"),
]

KEY_VARIABLES = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GREENADVISOR_API_KEY", "ELECTRICITYMAPS_TOKEN", "WATTTIME_PASSWORD")
_KEY_NAME = re.compile(r"(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD)$")
PARTIAL = 12  # this many characters of a configured key are enough to redact them


SHORTEST_MATCH = 13  # "passwd:" and six characters; no pattern matches anything shorter


def redact(text: str) -> str:
    if len(text) < SHORTEST_MATCH:  # most strings in a report are short labels: skip 11 regexes
        return text
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: (m.group(1) or "") + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


def configured_keys(extra: tuple[str, ...] = ()) -> list[str]:
    names = set(KEY_VARIABLES) | {name for name in os.environ if _KEY_NAME.search(name.upper())}
    values = {os.environ.get(name, "") for name in names} | set(extra)
    return sorted((v for v in values if v and len(v) >= 6), key=len, reverse=True)


def scrub(text: str, extra: tuple[str, ...] = ()) -> str:
    """Redact, and remove the key values this process knows about, whole or in part."""
    for value in configured_keys(extra):
        text = _remove_parts(text.replace(value, REDACTED), value)
    return redact(text)


def scrub_data(value, extra: tuple[str, ...] = ()):
    """`scrub` on every string inside nested data (dicts, lists), e.g. an answer before it is cached."""
    return _each(value, lambda text: scrub(text, extra))


@lru_cache(maxsize=64)
def _windows(value: str) -> frozenset[str]:
    return frozenset(value[i:i + PARTIAL] for i in range(len(value) - PARTIAL + 1))


def _remove_parts(text: str, value: str) -> str:
    """Replace every run of at least PARTIAL characters that also occurs in `value`."""
    if len(value) < PARTIAL or len(text) < PARTIAL:
        return text
    windows = _windows(value)
    out, start, i = [], 0, 0
    while i <= len(text) - PARTIAL:
        if text[i:i + PARTIAL] not in windows:
            i += 1
            continue
        end = i + PARTIAL
        while end < len(text) and text[i:end + 1] in value:
            end += 1
        out += [text[start:i], REDACTED]
        start = i = end
    return "".join(out) + text[start:]


def redact_data(value):
    """Redact every string inside nested data (dicts, lists) before it reaches a model."""
    return _each(value, redact)


def _each(value, change):
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {change(str(k)): _each(v, change) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_each(v, change) for v in value]
    return value
