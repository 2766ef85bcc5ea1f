"""A warning written in English that can be worded again in the reader's language.

Why: the file's remarks (advisor/archnotes.py, advisor/places.py) and the measurement's
warnings (advisor/measured*.py, advisor/footprint_measured.py) are written where no language
is known (loading a file, matching runs), long before the report is built in English or
French. A `Said` is the English sentence itself (a `str`, so every caller, test and golden
file reads it as before) that also keeps its table, key and values; the report words it
again in its language (`word`). Numbers keep the English format spec, with French separators.
"""

from __future__ import annotations

from advisor.i18n import num, pick

JOIN = {
    "en": {"at": "{where}{message}", "list": ", ", "or": " or ", "and": " and ", "more": "{items} and {more} more",
           "count": "{item} ×{n}"},
    "fr": {"at": "{where}{message}", "list": ", ", "or": " ou ", "and": " et ", "more": "{items} et {more} autres",
           "count": "{item} ×{n}"},
}


class Listing(list):
    """Items (str or Said) joined by the language's `sep` (a key of JOIN)."""

    def __init__(self, items=(), sep: str = "list"):
        super().__init__(items)
        self.sep = sep


class _Number:
    def __init__(self, x, lang: str):
        self.x, self.lang = x, lang

    def __format__(self, spec: str) -> str:
        if self.lang != "fr":
            return format(self.x, spec)
        if not spec:
            return num(self.x, "fr")
        return format(self.x, spec).replace(",", "\u202f").replace(".", ",")


def _value(v, lang: str):
    if isinstance(v, Said):
        return v.in_lang(lang)
    if isinstance(v, Listing):
        return pick(JOIN, v.sep, lang).join(str(_value(item, lang)) for item in v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _Number(v, lang)
    return v


def _word(table: dict, key: str, lang: str, values: dict) -> str:
    return pick(table, key, lang, **{k: _value(v, lang) for k, v in values.items()})


class Said(str):
    """`table[en][key]` filled with `values`; `in_lang` words the same values in another language."""

    def __new__(cls, table: dict, key: str, **values):
        self = super().__new__(cls, _word(table, key, "en", values))
        self.table, self.key, self.values = table, key, values
        return self

    def __reduce__(self):
        return (_said, (self.table, self.key, self.values))

    def in_lang(self, lang: str) -> str:
        return str(self) if lang == "en" else _word(self.table, self.key, lang, self.values)


def _said(table: dict, key: str, values: dict) -> Said:
    return Said(table, key, **values)


def at(where: str, message) -> Said:
    """A message after its place (`file:line: field: `), still worded again as a whole."""
    return Said(JOIN, "at", where=where, message=message)


def listed(items, shown: int = 5) -> Said | Listing:
    """The first `shown` items, and how many more."""
    items = list(items)
    if len(items) <= shown:
        return Listing(items)
    return Said(JOIN, "more", items=Listing(items[:shown]), more=len(items) - shown)


def word(text: str, lang: str) -> str:
    """A warning in the reader's language: a `Said` worded again, any other text as it is."""
    return text.in_lang(lang) if isinstance(text, Said) else text
