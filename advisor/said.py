"""A warning written in English that can be worded again in the reader's language.

Why: the file's remarks (advisor/archnotes.py, advisor/places.py) and the measurement's
warnings (advisor/measured/, advisor/footprint_measured.py) are written where no language
is known (loading a file, matching runs), long before the report is built in English or
French. A `Said` is the English sentence itself (a `str`, so every caller, test and golden
file reads it as before) that also keeps its table, key and values; the report words it
again in its language (`word`). Numbers keep the English format spec, with French separators.
"""

from __future__ import annotations

from advisor.i18n import num, pick

JOIN = {
    "en": {"at": "{where}{message}", "list": ", ", "or": " or ", "and": " and ", "more": "{items} and {more} more",
           "count": "{item} ×{n}", "semi": "; "},
    "fr": {"at": "{where}{message}", "list": ", ", "or": " ou ", "and": " et ", "more": "{items} et {more} autres",
           "count": "{item} ×{n}", "semi": " ; "},
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
    if isinstance(v, (Said, Worded)):
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


class Worded(str):
    """A text already written in each language (the English one is the `str`), for a value that is
    worded by its own module in either language (a profile's description, a zone check) and then
    goes into a `Said` written before the language is known."""

    def __new__(cls, en: str, fr: str):
        self = super().__new__(cls, en)
        self.fr = fr
        return self

    def __reduce__(self):
        return (Worded, (str(self), self.fr))

    def in_lang(self, lang: str) -> str:
        return self.fr if lang == "fr" else str(self)


def word(text: str, lang: str) -> str:
    """A warning in the reader's language: a `Said` worded again, any other text as it is."""
    return text.in_lang(lang) if isinstance(text, (Said, Worded)) else text


def worded(obj, lang: str):
    """`obj` (a report, a comparison: pydantic models, lists, dicts) with every `Said` in it worded in `lang`.

    Why: a `Said` put in a model after its validation (a figure's note, set with `model_copy`, or a
    warning appended to a list) stays a `Said` until the model is written out, so the renderers word
    it at the last moment, when the report's language is known. Unchanged parts are shared, not copied;
    English needs no pass at all (a `Said` is its English text).
    """
    if lang == "en":
        return obj
    return _worded(obj, lang)


def _worded(obj, lang: str):
    if isinstance(obj, (Said, Worded)):
        return obj.in_lang(lang)
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if isinstance(obj, list):
        items = [_worded(x, lang) for x in obj]
        return obj if all(a is b for a, b in zip(items, obj)) else items
    if isinstance(obj, dict):
        items = {k: _worded(v, lang) for k, v in obj.items()}
        return obj if all(items[k] is v for k, v in obj.items()) else items
    fields = getattr(type(obj), "model_fields", None)
    if fields is None:
        return obj
    update = {}
    for name in fields:
        value = getattr(obj, name)
        new = _worded(value, lang)
        if new is not value:
            update[name] = new
    return obj.model_copy(update=update) if update else obj
