"""Words and numbers as an English or a French reader writes them."""

from __future__ import annotations

import math


def num(x: float, lang: str = "en") -> str:
    """Three significant figures, thousands grouped, in the reader's convention."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    magnitude = abs(x)
    if magnitude >= 100:
        s = f"{x:,.0f}"
    elif magnitude >= 10:
        s = f"{x:,.1f}".removesuffix(".0")
    else:
        digits = max(2, 2 - int(math.floor(math.log10(magnitude))))
        s = f"{x:.{min(digits, 8)}f}".rstrip("0").rstrip(".")
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return s


def pct(x: float, lang: str = "en") -> str:
    s = f"{x:,.0f}" if abs(x) >= 10 else f"{x:.1f}".rstrip("0").rstrip(".")
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return f"{s}\u00a0%" if lang == "fr" else f"{s} %"


def figure(fig, lang: str, separator: str = " ") -> str:
    """A figure's central value, then its range when it has one; '–' when there is none."""
    if fig is None:
        return "–"
    if fig.low == fig.high:
        return num(fig.value, lang)
    return f"{num(fig.value, lang)}{separator}{num(fig.low, lang)}–{num(fig.high, lang)}"


def pick(table: dict[str, dict[str, str]], key: str, lang: str, **values) -> str:
    """`key`'s text in `lang` (English for a language without a table), placeholders filled.

    One lookup for every sentence table (the report's labels, the chat's), so each command
    speaks the language it was asked for the same way and a missing key fails loudly.
    """
    text = table.get(lang, table["en"])[key]
    return text.format(**values) if values else text
