"""A model's technique id, read onto the knowledge base's ids.

Every hard rule is keyed by the knowledge base's id, so a row whose id misses it by a
capital (`Carbon-Aware-Scheduling`), a separator (`quantization_int4`), the word order
(`int4-quantization`) or a common name (`lora`, one of the technique's `aliases` in the
knowledge base) would escape them all. Those are read onto the id they obviously mean;
anything else is not guessed at, and the guard removes the row (every recommendation
carries a knowledge-base id). Which names a technique answers to is
advisor/technique_names.py's; the spellings a model varies (quantisation, 4-bit) are here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from advisor import technique_names

_WORDS = {"quantisation": "quantization", "quantize": "quantization", "quantise": "quantization",
          "quantized": "quantization", "quantised": "quantization"}
_BITS = re.compile(r"\b(4|8)[\s_-]?bits?\b")


def slug(raw: str) -> str:
    """`raw` as an id would spell it: lower case, hyphens, `int4` for 4-bit, `quantization` however spelt."""
    text = _BITS.sub(r"int\1", raw.strip().lower())
    return "-".join(_WORDS.get(w, w) for w in re.split(r"[^a-z0-9]+", text) if w)


def canonical(raw: str, known: Mapping) -> str | None:
    """The knowledge-base id `raw` means, or None when it means none of `known` (the knowledge
    base's techniques by id) or could mean several."""
    written = slug(raw)
    if not written:
        return None
    if written in known:
        return written
    named = technique_names.of(known).read(raw, slug)
    if named is not None:
        return named
    words = sorted(written.split("-"))
    same_words = [k for k in known if sorted(k.split("-")) == words]
    return same_words[0] if len(same_words) == 1 else None
