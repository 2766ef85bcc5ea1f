"""A model's free text, made fit to print and to store.

Whatever a model writes reaches a terminal, Markdown, HTML, JSON and the answer cache.
So, at the guard, before anything else reads it: terminal escape sequences and other
control characters go (an OSC 52 sequence writes the clipboard, CSI clears the screen),
and so do the configured keys a server may have echoed (advisor/secrets.py). And since
the figures are the calculator's, a clause of an action or warning that claims a figure
(a percentage, a multiple, energy, power, carbon, money or latency, in symbols or spelled
out) is cut: the impact column and the engine's warning say it.
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

# a figure: 1200, 1,200, 1 200, 1.5, 1.2e3, 1.2 × 10^3, a range (10-20), "5k" or "5 million"
_NUMBER = (
    r"(?<![\w.,])[-−–+~≈]?\s?\d+(?:[.,\u202f\u00a0 ]\d+)*(?:e[-+]?\d+)?"
    r"(?:\s?[×x·*]\s?10\^?[-+−⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
    r"(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?"
    r"(?:\s?(?:k|bn|thousand|million|billion|mille|millions?|milliards?)\b)?"
)
_CURRENCY = r"[$€£¥₹]|(?:usd|eur|gbp|jpy|cny|rmb|chf|cad|aud|inr|krw|sek|nok|dkk|brl)\b"
_UNIT = (
    r"\s?(?:%|‰|pct\b|percent(?:age points?)?\b|per\s?cent\b|pour\s?cent\b|pp\b|x\b|×|fois\b|times\b|"
    r"[kmgt]?wh\b|(?:kilo|mega|méga|giga|tera|téra)?watts?[-\s]?hours?\b|(?:kilo|méga|mega)?wattheures?\b|"  # energy
    r"[kmgt]?w\b|(?:kilo|mega|méga|giga)?watts?\b|"  # power
    r"(?:[kmg]?t|kg|g|tonnes?|tons?|(?:kilo)?grams?|(?:kilo)?grammes?)\s?(?:of\s|de\s)?(?:co2|co₂)\w*|"
    r"[kmg]?tco2\w*|kgco2\w*|gco2\w*|"  # carbon
    rf"{_CURRENCY}|dollars?\b|euros?\b|pounds?\b|yen\b|yuan\b|"  # money
    r"ms\b|msec\b|millisec\w*|µs\b|us\b|microsec\w*|s\b|secs?\b|seconds?\b|secondes?\b)"  # latency
)
CLAIM = re.compile(rf"{_NUMBER}{_UNIT}|(?:{_CURRENCY})\s?\d", re.I)
_CLAUSES = re.compile(r"((?<!\d)[,:]|[,:](?!\d)|[;()\[\]]|\s[-–—]\s|[.!?](?=\s))")  # not inside 1,200 or 22:00
_LETTER = re.compile(r"[^\W\d_]")


def clean(text: str | None, *, lines: bool = False) -> str:
    """No escape sequence, control character or configured key; one line unless `lines`."""
    if not text:
        return ""
    if lines:
        return printable(text).strip()
    return scrub(" ".join(_CONTROLS.sub(" ", _ESCAPES.sub("", text)).split())).strip()


def printable(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`clean` keeping the lines and the spaces at the ends: the same text, printed in pieces
    (advisor/llm/stream_text.py), gives the same output as printed whole."""
    text = _ESCAPES.sub("", text).replace("\r\n", "\n")
    return scrub("\n".join(_CONTROLS.sub(" ", line) for line in text.split("\n")), secrets)


def strip_claims(text: str) -> tuple[str, bool]:
    """The text without its clauses that claim a figure; True when some were cut.

    Clauses are split at commas, semicolons, colons, brackets, spaced dashes and sentence ends, so
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
