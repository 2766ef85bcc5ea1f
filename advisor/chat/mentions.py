"""What a free-text reply names: techniques, workloads, tools, and a dismissal of accuracy.

Why: a model's chat reply is prose, not table rows with a `technique_id`, so before the hard
rules can be checked on it (advisor/chat/replycheck.py) something has to say which actions
it talks about. A technique is named by its id ("quantization-int4", or with spaces), its
name in either language, or the everyday words for it below ("tonight" is time shifting,
"move … to the cheapest region" is region selection). The list errs on the side of finding:
a technique found but allowed here costs nothing, since only broken rules are reported.
"""

from __future__ import annotations

import re

from advisor.clouds import CLOUD_BRANDS

_MOVE = r"(?:mov|migrat|relocat|shift|switch|transfer)\w*"
_DEPLACER = r"(?:déplac|migr|délocalis|transfér|bascul)\w*"
# everyday words for techniques, English and French, matched on the lowercased reply
CUES = {
    "carbon-aware-scheduling": r"tonight|overnight|at night|night-?time|off-?peak|defer\w*|postpon\w*|time[- ]shift\w*"
                               r"|delay (?:the |your )?(?:jobs?|work|runs?|requests?|training|batch\w*)"
                               r"|when the grid is (?:cleaner|greener)|cette nuit|la nuit|de nuit|heures creuses"
                               r"|différ(?:er|ez)|décal(?:er|ez)|report(?:er|ez)|décalage temporel",
    "region-selection": rf"{_MOVE}\b[^.;!?\n]{{0,40}}\b(?:regions?|data ?cent(?:er|re)s?)\b"
                        r"|(?:cheapest|cleanest|greenest|another|other|low-carbon) regions?"
                        rf"|{_DEPLACER}[^.;!?\n]{{0,40}}\b(?:régions?|centres? de données|datacenters?)\b"
                        r"|autre région|région (?:bas carbone|la moins)",
    "quantization-int8": r"\bint8\b|8-bit quanti\w*|\bw8a8\b",
    "quantization-int4": r"\bint4\b|4-bit quanti\w*|\bw4a16\b|\bgptq\b|\bawq\b",
    "quantization-fp8": r"\bfp8\b",
    "half-precision-inference": r"\bfp16\b|\bbf16\b|half[- ]precision|demi-précision",
    "distillation": r"distil",
    "pruning": r"\bprun|élag",
    "speculative-decoding": r"speculative|spéculati",
    "continuous-batching": r"continuous batching|in-flight batching|batching continu",
    "semantic-caching": r"semantic cach|cache sémantique",
    "response-caching": r"response cach|exact[- ]match cach|cache (?:de|des) réponses",
    "kv-cache-reuse": r"\bkv[- ]cache|prefix cach|cache de préfixe",
    "prompt-compression": r"prompt compression|compress\w* (?:the |your )?prompts?|compression des prompts",
    "output-length-control": r"(?:shorter|limit\w*|cap\w*) (?:the )?(?:answers|responses|outputs?)|\bmax_tokens\b"
                             r"|longueur des réponses",
    "model-routing": r"model routing|rout\w* (?:simple |easy )?(?:requests|queries)|routage",
    "model-right-sizing": r"smaller model|plus petit modèle",
    "gpu-right-sizing": r"fewer gpus|right-?siz\w* (?:the |your )?(?:gpus?|fleet)|moins de gpu",
    "autoscaling": r"autoscal|auto-scal|scale to zero|mise à l'échelle automatique",
    "gpu-sharing": r"\bmig\b|\bmps\b|gpu sharing|shar\w* (?:the )?gpus|partag\w* (?:les )?gpu",
    "hardware-upgrade": r"upgrade (?:the |your )?(?:gpus?|hardware|accelerators?)|newer gpus?",
    "inference-accelerator": r"inferentia|\btpus?\b",
    "power-capping": r"power[- ]?cap|plafonn\w* (?:la )?puissance",
    "renewable-energy-procurement": r"renewable|\bppas?\b|énergies? renouvelables?",
    "mixed-precision-training": r"mixed[- ]precision|précision mixte",
    "transfer-learning": r"transfer learning|apprentissage par transfert",
    "peft": r"\blora\b|\bpeft\b|\badapters?\b",
    "early-stopping": r"early[- ]stopping|arrêt précoce",
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
    found = []
    for tid, technique in kb.techniques.items():
        names = {tid, tid.replace("-", " "), technique.name("en"), technique.name("fr")}
        cue = _CUES.get(tid)
        if named_ids(text, names) or (cue is not None and cue.search(text)):
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
