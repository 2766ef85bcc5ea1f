"""What a free-text reply names: techniques, workloads, tools, and a dismissal of accuracy.

Why: a model's chat reply is prose, not table rows with a `technique_id`, so before the hard
rules can be checked on it (advisor/chat/replycheck.py) something has to say which actions
it talks about. A technique is named by any of its names (id, en/fr name, or a common name
from the knowledge base's `aliases`: "LoRA", "prefix caching"), found by advisor/technique_names.py
like everywhere else, or by the everyday phrasings below, which are not names ("tonight" is
time shifting, "move … to the cheapest region" is region selection, "distilled" is distillation).
The list errs on the side of finding: a technique found but allowed here costs nothing, since
only broken rules are reported.
"""

from __future__ import annotations

import re

from advisor import technique_names
from advisor.clouds import CLOUD_BRANDS

_MOVE = r"(?:mov|migrat|relocat|shift|switch|transfer)\w*"
_DEPLACER = r"(?:déplac|migr|délocalis|transfér|bascul)\w*"
# everyday phrasings and word stems (plurals, verb forms: "pruned", "semantic caches") for techniques,
# English and French, matched on the lowercased reply; a technique's names (noun phrases a practitioner
# would write) are its `aliases` in the knowledge base instead, found as whole words.
# MIG, MPS, Inferentia and TPUs are products, not names of a technique, so they stay cues.
CUES = {
    "carbon-aware-scheduling": r"tonight|overnight|at night|night-?time|off-?peak|defer\w*|postpon\w*|time[- ]shift\w*"
                               r"|delay (?:the |your )?(?:jobs?|work|runs?|requests?|training|batch\w*)"
                               r"|when the grid is (?:cleaner|greener)|cette nuit|la nuit|de nuit|heures creuses"
                               r"|différ(?:er|ez)|décal(?:er|ez)|report(?:er|ez)",
    "region-selection": rf"{_MOVE}\b[^.;!?\n]{{0,40}}\b(?:regions?|data ?cent(?:er|re)s?)\b"
                        r"|(?:cheapest|cleanest|greenest|another|other|low-carbon) regions?"
                        rf"|{_DEPLACER}[^.;!?\n]{{0,40}}\b(?:régions?|centres? de données|datacenters?)\b"
                        r"|autre région|région (?:bas carbone|la moins)",
    "quantization-int8": r"8-bit quanti\w*",
    "quantization-int4": r"4-bit quanti\w*",
    "distillation": r"distil",
    "pruning": r"\bprun|élag",
    "speculative-decoding": r"speculative|spéculati",
    "semantic-caching": r"semantic cach",
    "response-caching": r"response cach|exact[- ]match cach",
    "kv-cache-reuse": r"\bkv[- ]cache|prefix cach",
    "prompt-compression": r"compress\w* (?:the |your )?prompts?",
    "output-length-control": r"(?:shorter|limit\w*|cap\w*) (?:the )?(?:answers|responses|outputs?)|\bmax_tokens\b",
    "model-routing": r"rout\w* (?:simple |easy )?(?:requests|queries)|routage",
    "model-right-sizing": r"smaller model|plus petit modèle",
    "gpu-right-sizing": r"fewer gpus|right-?siz\w* (?:the |your )?(?:gpus?|fleet)|moins de gpu",
    "autoscaling": r"autoscal|auto-scal",
    "gpu-sharing": r"\bmig\b|\bmps\b|shar\w* (?:the )?gpus|partag\w* (?:les )?gpu",
    "hardware-upgrade": r"upgrade (?:the |your )?(?:gpus?|hardware|accelerators?)|newer gpus?",
    "inference-accelerator": r"inferentia|\btpus?\b",
    "power-capping": r"power[- ]?cap|plafonn\w* (?:la )?puissance",
    "renewable-energy-procurement": r"renewable",
}
_CUES = {tid: re.compile(pattern) for tid, pattern in CUES.items()}
DISMISSED_ACCURACY = re.compile(
    r"accuracy (?:does not|doesn't|do not|won't|will not) matter|(?:ignore|forget)(?: about)? (?:the )?accuracy"
    r"|accuracy (?:is not|isn't) (?:important|a concern)|la précision (?:ne compte pas|n'a pas d'importance|importe peu)"
    r"|(?:ignorez|oubliez) la précision")
_BRANDS = [re.compile(pattern, re.I) for pattern in CLOUD_BRANDS.values()]
_NEXT_WORD = re.compile(r"\s+[A-Z0-9][\w-]*")


def named_ids(text: str, ids) -> list[str]:
    """The ids that appear in lowercased `text` as whole tokens (not inside a longer id), in order of appearance."""
    found = []
    for id_ in ids:
        match = re.search(rf"(?<![\w-]){re.escape(id_.lower())}(?![\w-])", text)
        if match:
            found.append((match.start(), id_))
    return [id_ for _, id_ in sorted(found)]


def techniques(reply: str, kb, arch) -> list[str]:
    """Ids of the techniques the reply names, in the knowledge base's order; naming another
    region than the system's counts as region selection."""
    text = reply.lower()
    elsewhere = [r for p, r in kb.regions if (p, r) != (arch.cloud.provider, arch.cloud.region)]
    named = set(technique_names.of(kb.techniques).found(reply))
    found = []
    for tid in kb.techniques:
        cue = _CUES.get(tid)
        if tid in named or (cue is not None and cue.search(text)):
            found.append(tid)
    if "region-selection" not in found and named_ids(text, elsewhere):
        found.append("region-selection")
    return found


def workloads(reply: str, arch) -> list[str]:
    """The workloads the reply names; all of them when it names none."""
    return named_ids(reply.lower(), [w.name for w in arch.workloads]) or [w.name for w in arch.workloads]


def tools(reply: str, kb) -> list[str]:
    """Tool names in the reply: the knowledge base's, then any cloud brand with the words that follow it
    ("Amazon SageMaker Training Compiler"), so a tool the knowledge base does not list is still seen."""
    spans: list[tuple[int, int]] = []
    for name in sorted({t.name for technique in kb.techniques.values() for t in technique.tools}, key=len, reverse=True):
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", reply, re.I)
        if match and not any(a < match.end() and match.start() < b for a, b in spans):
            spans.append(match.span())
    for brand in _BRANDS:
        for match in brand.finditer(reply):
            start, end = match.span()
            for _ in range(3):
                more = _NEXT_WORD.match(reply, end)
                if more is None:
                    break
                end = more.end()
            if not any(a < end and start < b for a, b in spans):
                spans.append((start, end))
    return [reply[a:b] for a, b in sorted(spans)]


def dismisses_accuracy(reply: str) -> bool:
    return DISMISSED_ACCURACY.search(reply.lower()) is not None
