"""Keeping credentials out of prompts, output, logs and caches.

Two guards: `redact` removes strings that look like credentials (provider keys, cloud
access keys, tokens, private keys, `password: …` pairs) from any text, and `scrub` also
removes the exact values of the keys this process was given, wherever they show up
(an SDK error message, for instance).
"""

from __future__ import annotations

import os
import re

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


def scrub(text: str, extra: tuple[str, ...] = ()) -> str:
    """Redact, and remove the exact key values this process knows about."""
    values = [os.environ.get(name, "") for name in KEY_VARIABLES] + list(extra)
    for value in values:
        if value and len(value) >= 6:
            text = text.replace(value, REDACTED)
    return redact(text)


def redact_data(value):
    """Redact every string inside nested data (dicts, lists) before it reaches a model."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): redact_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_data(v) for v in value]
    return value
