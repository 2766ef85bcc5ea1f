"""Text as a reader sees it: what a model's answer, a tool name or a piece of prose is read as.

Why one module: a hostile or sloppy answer hides a brand in full-width letters ("ＡＷＳ"), splits
a key or an id with an invisible soft hyphen, drops a French accent or swaps a Latin letter for
a Cyrillic look-alike. The guard (advisor/llm/model_text.py), the tool rule (advisor/clouds.py,
advisor/engine/tools.py) and the technique-name finder (advisor/technique_names.py) must read
such text the same way, so the three foldings live here. ASCII text is returned as it is (the
common case costs nothing).
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek letters drawn like Latin ones, read as the Latin letter (character data)
_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁһԛԝӏ" "АВЕКМНОРСТХУІЈЅ" "οαρινκτυχ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhqwl" "ABEKMHOPCTXYIJS" "oapivktux" "ABEZHIKMNOPTYX",
)


def without_format(text: str, instead: str = "") -> str:
    """`text` without its invisible format characters (Unicode category Cf), each replaced by
    `instead`: they render as nothing. An identifier is read with `instead=" "`: a soft hyphen
    or a zero-width space in "carbon\u00adaware" marks where words part, as a hyphen would."""
    if text.isascii():
        return text
    return "".join(instead if unicodedata.category(ch) == "Cf" else ch for ch in text)


def folded(name: str) -> str:
    """`name` in lower case, compatibility forms folded (NFKC: full-width letters, ligatures) and
    invisible format characters deleted: a name compared with the knowledge base's names."""
    if name.isascii():
        return name.lower()
    return without_format(unicodedata.normalize("NFKC", name)).lower()


def seen(text: str) -> str:
    """`text` for finding names in prose: no accents, compatibility forms folded, no invisible
    format characters, look-alike letters read as the Latin ones they imitate (case kept)."""
    if text.isascii():
        return text
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFKC", bare).translate(_LOOK_ALIKES)
