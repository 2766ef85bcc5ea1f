"""A model's technique id, read onto the knowledge base's ids.

Every hard rule is keyed by the knowledge base's id, so a row whose id misses it by a
capital (`Carbon-Aware-Scheduling`), a separator (`quantization_int4`), the word order
(`int4-quantization`) or a common name (`lora`) would escape them all. Those are read
onto the id they obviously mean; anything else is not guessed at, and the guard removes
the row (every recommendation carries a knowledge-base id).
"""

from __future__ import annotations

import re

_WORDS = {"quantisation": "quantization", "quantize": "quantization", "quantise": "quantization",
          "quantized": "quantization", "quantised": "quantization"}
_BITS = re.compile(r"\b(4|8)[\s_-]?bits?\b")

# common names of a technique, as a model may write them (already lower-case and hyphenated)
ALIASES = {
    "lora": "peft", "qlora": "peft", "parameter-efficient-fine-tuning": "peft",
    "knowledge-distillation": "distillation", "model-distillation": "distillation",
    "dynamic-batching": "continuous-batching", "in-flight-batching": "continuous-batching",
    "inflight-batching": "continuous-batching",
    "prefix-caching": "kv-cache-reuse", "prompt-caching": "kv-cache-reuse", "kv-cache": "kv-cache-reuse",
    "kv-caching": "kv-cache-reuse",
    "fp16-inference": "half-precision-inference", "half-precision": "half-precision-inference",
    "mixed-precision": "mixed-precision-training", "amp": "mixed-precision-training",
    "carbon-aware": "carbon-aware-scheduling", "time-shifting": "carbon-aware-scheduling",
    "temporal-shifting": "carbon-aware-scheduling",
    "spatial-shifting": "region-selection", "region-shifting": "region-selection",
    "power-limiting": "power-capping", "gpu-power-capping": "power-capping",
    "int8": "quantization-int8", "int4": "quantization-int4", "fp8": "quantization-fp8",
}


def canonical(raw: str, known) -> str | None:
    """The knowledge-base id `raw` means, or None when it means none of `known`."""
    text = _BITS.sub(r"int\1", raw.strip().lower())
    words = [_WORDS.get(w, w) for w in re.split(r"[^a-z0-9]+", text) if w]
    if not words:
        return None
    slug = "-".join(words)
    if slug in known:
        return slug
    if ALIASES.get(slug) in known:
        return ALIASES[slug]
    same_words = [k for k in known if sorted(k.split("-")) == sorted(words)]
    return same_words[0] if len(same_words) == 1 else None
