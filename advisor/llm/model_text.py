"""A model's free text, made fit to print and to store.

Whatever a model writes reaches a terminal, Markdown, HTML, JSON and the answer cache.
So, at the guard, before anything else reads it: terminal escape sequences and other
control characters go (an OSC 52 sequence writes the clipboard, CSI clears the screen),
and so do the invisible format characters (Unicode category Cf: a soft hyphen, a zero-width
space, a word joiner), which are deleted rather than spaced, so that what is checked is
what the eye reads: "AKIA\u00adIOSF…" is a key whole to a reader, and must be to the
redaction of the configured keys and key-like strings a server may have echoed
(advisor/secrets.py), which comes after; the bidi controls, which reorder what follows
them, part it from what comes before, like a space. And since the figures are the calculator's, a
clause of an action or warning that claims a figure (a percentage, a multiple, energy,
power, carbon, money or latency, in symbols, full-width digits or spelled out, "thirty
percent", "trente pour cent") is cut: the impact column and the engine's warning say it.
Figures are looked for in the NFKC form of the text ("３０％" is "30%"), while the text
printed keeps the model's characters.
"""

from __future__ import annotations

import re
import unicodedata

from advisor.secrets import scrub
from advisor.unicode_text import without_format

_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC … BEL/ST (clipboard, titles, hyperlinks)
    r"|\x1b[P_^X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"      # DCS, APC, PM, SOS strings
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"           # CSI (cursor, erase, colours)
    r"|\x1b[ -/]*[0-~]?"                            # any other escape
)
# C0 and C1 controls, DEL, and the format characters that reorder what follows (bidi marks,
# embeddings, overrides, isolates): spaced, as they part what comes before from what comes after
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# a figure: 1200, 1,200, 1 200, 1.5, 1.2e3, 1.2 × 10^3, a range (10-20), "5k" or "5 million"
_NUMBER = (
    r"(?<![\w.,])[-−–+~≈]?\s?\d+(?:[.,\u202f\u00a0 ]\d+)*(?:e[-+]?\d+)?"
    r"(?:\s?[×x·*]\s?10\^?[-+−⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
    r"(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?"
    r"(?:\s?(?:k|bn|thousand|million|billion|mille|millions?|milliards?)\b)?"
)
# a percentage in words, up to a hundred: "thirty percent", "twenty-five per cent", "trente pour cent",
# "quatre-vingt-dix pour cent" (any separator between the parts of a compound)
_SEP = r"[-\s]+"
_EN_UNITS = r"one|two|three|four|five|six|seven|eight|nine"
_EN_SMALL = rf"zero|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_EN_UNITS}"
_EN_WORDS = (rf"(?:a|one){_SEP}hundred|hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
             rf"(?:{_SEP}(?:{_EN_UNITS}))?|{_EN_SMALL}")
_FR_SMALL = (r"z[ée]ro|dix(?:[-\s]+(?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize|"
             r"une?|deux|trois|quatre|cinq|six|sept|huit|neuf")
_FR_WORDS = (rf"cent|(?:vingt|trente|quarante|cinquante|soixante|quatre{_SEP}vingts?)"
             rf"(?:{_SEP}(?:et{_SEP})?(?:{_FR_SMALL}))?|{_FR_SMALL}")
_PERCENT_WORDS = (rf"(?<![\w-])(?:{_EN_WORDS}|{_FR_WORDS})"
                  r"\s?(?:%|pct\b|percent(?:age points?)?\b|per\s?cent\b|pour\s?cent\b)")
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
CLAIM = re.compile(rf"{_NUMBER}{_UNIT}|{_PERCENT_WORDS}|(?:{_CURRENCY})\s?\d", re.I)
_CLAUSES = re.compile(r"((?<!\d)[,:]|[,:](?!\d)|[;()\[\]]|\s[-–—]\s|[.!?](?=\s))")  # not inside 1,200 or 22:00
_LETTER = re.compile(r"[^\W\d_]")


def identifier(text: str | None) -> str:
    """An id or a name as the guard reads it onto the knowledge base (never printed): cleaned,
    invisible characters read as separators, compatibility forms folded (full-width letters)."""
    return unicodedata.normalize("NFKC", clean(without_format(text or "", " ")))


def clean(text: str | None, *, lines: bool = False) -> str:
    """No escape sequence, control or format character, or configured key; one line unless `lines`."""
    if not text:
        return ""
    if lines:
        return printable(text).strip()
    return scrub(" ".join(without_format(_CONTROLS.sub(" ", _ESCAPES.sub("", text))).split())).strip()


def printable(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`clean` keeping the lines and the spaces at the ends: the same text, printed in pieces
    (advisor/llm/stream_text.py), gives the same output as printed whole."""
    text = _ESCAPES.sub("", text).replace("\r\n", "\n")
    return scrub("\n".join(without_format(_CONTROLS.sub(" ", line)) for line in text.split("\n")), secrets)


def _claims(text: str) -> bool:
    """Whether `text` claims a figure, read in its compatibility form (full-width digits and signs)."""
    return CLAIM.search(unicodedata.normalize("NFKC", without_format(text))) is not None


def strip_claims(text: str) -> tuple[str, bool]:
    """The text without its clauses that claim a figure; True when some were cut.

    Clauses are split at commas, semicolons, colons, brackets, spaced dashes and sentence ends, so
    "Batch requests: cuts 99% of energy, saves 5000 tCO2e" keeps "Batch requests".
    """
    if not _claims(text):
        return text, False
    parts = _CLAUSES.split(text)
    kept: list[str] = []
    for clause, sep in zip(parts[::2], parts[1::2] + [""]):
        if not _claims(clause):
            kept.append(clause + sep)
        elif kept and kept[-1].endswith(("(", "[")):
            kept[-1] = kept[-1][:-1]
    out = " ".join("".join(kept).split())
    out = re.sub(r"\s+([,;:)\]])", r"\1", out).strip(" ,;:-–—([")
    out = re.sub(r"\(\s*\)|\[\s*\]", "", out).strip()
    return (out if _LETTER.search(out) else ""), True


def has_claim(text: str) -> bool:
    return _claims(text or "")
