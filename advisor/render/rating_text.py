"""The energy rating's sentences in English and French, written from its facts (advisor/rating.py).

The rating is computed with the footprint, before the report's language is known; its
words are written here, when the report is built, like the rest of the report's text
(advisor/render/text.py). Numbers follow the reader's convention (advisor/i18n.py).
"""

from __future__ import annotations

from advisor.i18n import num

METHOD = {
    "en": ("GPU energy only (no host server, no PUE), as the reference counts it, per request × 1,000. "
           "Ours is {kind} for this system's own hardware, utilisation and traffic; the reference measured each model's "
           "GPU energy on {hardware}, over a fixed 1,000-query dataset: the comparison is indicative."),
    "fr": ("Énergie GPU seule (ni serveur hôte, ni PUE), comme la référence la compte, par requête × 1 000. "
           "La nôtre est {kind} pour le matériel, l'utilisation et le trafic propres à ce système ; la référence a mesuré "
           "l'énergie GPU de chaque modèle sur {hardware}, sur un jeu fixe de 1 000 requêtes : la comparaison est indicative."),
}
KIND = {
    "en": {"measured": "a measurement", "scaled": "an estimate of the GPUs' share of the measured energy", "estimate": "an estimate"},
    "fr": {"measured": "une mesure", "scaled": "une estimation de la part des GPU dans l'énergie mesurée", "estimate": "une estimation"},
}
REFERENCE = {
    "en": "{name}, {edition}: {label}",
    "fr": "{name}, {edition} : {label}",
}
PUBLISHED = {
    "en": ", {count} models from {low} to {high} {unit}",
    "fr": ", {count} modèles de {low} à {high} {unit}",
}
REASONS = {
    "en": {
        "cpu_only": "no accelerator: the rating counts GPU energy, as the reference does, and this workload runs on CPUs",
        "no_accelerator_energy": "no accelerator energy to rate",
        "no_requests": "no traffic.requests_per_month: GPU energy per query needs the number of queries",
        "no_task": "no reference task for a {kind} workload: say what the model does with model.task ({tasks})",
        "unsized": "the model's size is unknown: give model.parameters_b to place it in a size class of the reference",
        "straddles": ("the model's size ({low}–{high} B parameters) straddles the reference's classes {class_low} and "
                      "{class_high}: no stars"),
        "outside": "{value} Wh is outside the published range ({low}–{high}); rated as {side} benchmarked model",
        "zero": ("0 Wh: no GPU energy this month (hardware.hours_per_month or the power is 0), so nothing to compare; "
                 "a zero would read as better than every benchmarked model: no stars"),
    },
    "fr": {
        "cpu_only": "pas d'accélérateur : la note compte l'énergie GPU, comme la référence, et cette charge tourne sur CPU",
        "no_accelerator_energy": "pas d'énergie d'accélérateur à noter",
        "no_requests": "pas de traffic.requests_per_month : l'énergie GPU par requête demande le nombre de requêtes",
        "no_task": "pas de tâche de référence pour une charge {kind} : indiquez ce que fait le modèle avec model.task ({tasks})",
        "unsized": ("taille du modèle inconnue : donnez model.parameters_b pour le placer dans une classe de taille "
                    "de la référence"),
        "straddles": ("la taille du modèle ({low}–{high} Md de paramètres) chevauche les classes {class_low} et "
                      "{class_high} de la référence : pas d'étoiles"),
        "outside": "{value} Wh est hors de la fourchette publiée ({low}–{high}) ; noté comme {side} modèle mesuré",
        "zero": ("0 Wh : aucune énergie GPU ce mois-ci (hardware.hours_per_month ou la puissance vaut 0), rien à comparer ; "
                 "un zéro passerait pour meilleur que tous les modèles mesurés : pas d'étoiles"),
    },
}
SIDE = {
    "en": {True: "better than the best", False: "worse than the worst"},
    "fr": {True: "meilleur que le meilleur", False: "moins bon que le moins bon"},
}


def _lang(lang: str) -> str:
    return lang if lang in REASONS else "en"


def task_label(rating, lang: str) -> str | None:
    if rating.task is None:
        return None
    spec = rating.reference.tasks[rating.task]
    text = spec.label(lang)
    return f"{text}, {spec.classes[rating.size_class].label(lang)}" if rating.size_class else text


def reference(rating, lang: str) -> str | None:
    """What the figure was compared with: the reference, its task and class, and the published range."""
    label = task_label(rating, lang)
    if label is None:
        return None
    lang = _lang(lang)
    ref = rating.reference
    text = REFERENCE[lang].format(name=ref.name, edition=ref.edition(lang), label=label)
    p = rating.published
    if p is not None:
        text += PUBLISHED[lang].format(count=p.count, low=num(p.low, lang), high=num(p.high, lang), unit=ref.unit(lang))
    return text


def method(rating, lang: str) -> str:
    lang = _lang(lang)
    kind = "measured" if rating.measured else "scaled" if rating.scaled else "estimate"
    return METHOD[lang].format(kind=KIND[lang][kind], hardware=rating.reference.hardware(lang))


def reason(rating, lang: str) -> str | None:
    r = rating.reason
    if r is None:
        return None
    lang = _lang(lang)
    values = {k: num(v, lang) if isinstance(v, float) else v for k, v in r.values.items()}
    if "tasks" in values:
        values["tasks"] = ", ".join(values["tasks"])
    if "better" in values:
        values["side"] = SIDE[lang][values.pop("better")]
    return REASONS[lang][r.key].format(**values)
