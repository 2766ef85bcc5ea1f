"""A model's free text, made fit to print and to store.

Whatever a model writes reaches a terminal, Markdown, HTML, JSON and the answer cache.
So, at the guard, before anything else reads it: terminal escape sequences and other
control characters go (an OSC 52 sequence writes the clipboard, CSI clears the screen),
and so do the configured keys a server may have echoed (advisor/secrets.py). And since
the figures are the calculator's, a clause of an action or warning that claims a saving
(a percentage, a multiple, energy, carbon or money) is cut: the impact column says it.
"""

from __future__ import annotations

import re

from advisor.secrets import scrub

_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC … BEL/ST (clipboard, titles, hyperlinks)
    r"|\x1b[P_^X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"      # DCS, APC, PM, SOS strings
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"           # CSI (cursor, erase, colours)
    r"|\x1b[ -/]*[0-~]?"                            # any other escape
)
# C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_NUMBER = r"(?<![\w.,])[-−–+~≈]?\s?\d+(?:[.,\u202f\u00a0 ]\d+)*(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?"
_UNIT = (
    r"\s?(?:%|‰|percent\b|per\s?cent\b|pour\s?cent\b|x\b|×|fois\b|times\b|"
    r"[kmgt]?wh\b|(?:[kmg]?t|kg|g|tonnes?|tons?)\s?(?:of\s)?(?:co2|co₂)\w*|[kmg]?tco2\w*|kgco2\w*|gco2\w*|"
    r"(?:usd|eur|dollars?|euros?)\b)"
)
CLAIM = re.compile(rf"{_NUMBER}{_UNIT}|[$€£]\s?\d", re.I)
_CLAUSES = re.compile(r"((?<!\d)[,:]|[,:](?!\d)|[;()\[\]]|\s[-–—]\s)")  # not inside 1,200 or 22:00
_LETTER = re.compile(r"[^\W\d_]")


def clean(text: str | None, *, lines: bool = False) -> str:
    """No escape sequence, control character or configured key; one line unless `lines`."""
    if not text:
        return ""
    text = _ESCAPES.sub("", text)
    if lines:
        text = "\n".join(_CONTROLS.sub(" ", line) for line in text.replace("\r\n", "\n").split("\n"))
    else:
        text = " ".join(_CONTROLS.sub(" ", text).split())
    return scrub(text).strip()


def strip_claims(text: str) -> tuple[str, bool]:
    """The text without its clauses that claim a figure; True when some were cut.

    Clauses are split at commas, semicolons, colons, brackets and spaced dashes, so
    "Batch requests: cuts 99% of energy, saves 5000 tCO2e" keeps "Batch requests".
    """
    if not CLAIM.search(text):
        return text, False
    parts = _CLAUSES.split(text)
    kept: list[str] = []
    for clause, sep in zip(parts[::2], parts[1::2] + [""]):
        if not CLAIM.search(clause):
            kept.append(clause + sep)
        elif kept and kept[-1].endswith(("(", "[")):
            kept[-1] = kept[-1][:-1]
    out = " ".join("".join(kept).split())
    out = re.sub(r"\s+([,;:)\]])", r"\1", out).strip(" ,;:-–—([")
    out = re.sub(r"\(\s*\)|\[\s*\]", "", out).strip()
    return (out if _LETTER.search(out) else ""), True


def has_claim(text: str) -> bool:
    return bool(CLAIM.search(text or ""))
