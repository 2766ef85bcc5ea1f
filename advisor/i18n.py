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


# The guard-rails' notes on a model's answer (advisor/llm/guard.py), in the reader's language.
GUARD_NOTES = {
    "en": {
        "on": "{tid} on {workload}",
        "changes": "{label}: {changes}",
        "and": "; ",
        "blank": "a recommendation with no technique, workload or action: removed",
        "unknown": "'{tid}': not a technique of the knowledge base: removed (every recommendation needs one)",
        "read_as": "'{raw}' read as {tid}",
        "workload_corrected": "{label}: workload corrected to '{name}'",
        "no_workload": "{label}: removed (no workload of that name)",
        "duplicate": "{label}: removed (duplicate)",
        "removed": "{label}: removed ({reason})",
        "no_saving": "{label}: removed (the calculator finds no saving for this workload)",
        "tools_removed": "{label}: tools removed (not among the knowledge base's tools for the allowed clouds, nor open source): {tools}",
        "risk_raised": "accuracy risk raised from {old} to {new}",
        "warning_added": "accuracy warning added",
        "warning_kept": "the calculator's accuracy warning is kept ahead of the model's",
        "warning_dismissive": "the model's warning contradicted the calculator's accuracy warning: replaced",
        "impact_replaced": "impact claim '{claim}' replaced by the calculator's figures",
        "figures_removed": "figures in the model's {field} removed (the calculator's are in the impact column)",
        "field_action": "action",
        "field_warning": "warning",
        "summary_figures": "the model's summary was left out: it quotes figures that are not the calculator's",
        "summary_removed": "the model's summary was left out: it mentions advice that was removed ({ids})",
        "all_removed": "every recommendation of the model broke a hard rule: the engine's recommendations are shown",
        "rows_cut": "the model gave {given} recommendations; the first {kept} are kept",
        "no_advice": "the model proposed no action: the engine's recommendations are shown",
    },
    "fr": {
        "on": "{tid} sur {workload}",
        "changes": "{label} : {changes}",
        "and": " ; ",
        "blank": "une recommandation sans technique, charge ou action : retirée",
        "unknown": "« {tid} » : pas une technique de la base de connaissances : retirée (chaque recommandation en exige une)",
        "read_as": "« {raw} » lu comme {tid}",
        "workload_corrected": "{label} : charge corrigée en « {name} »",
        "no_workload": "{label} : retirée (aucune charge de ce nom)",
        "duplicate": "{label} : retirée (doublon)",
        "removed": "{label} : retirée ({reason})",
        "no_saving": "{label} : retirée (le calculateur ne trouve aucune économie pour cette charge)",
        "tools_removed": "{label} : outils retirés (absents des outils de la base pour les clouds autorisés, et pas open source) : {tools}",
        "risk_raised": "risque de précision relevé de {old} à {new}",
        "warning_added": "avertissement de précision ajouté",
        "warning_kept": "l'avertissement de précision du calculateur est conservé avant celui du modèle",
        "warning_dismissive": "l'avertissement du modèle contredisait celui du calculateur sur la précision : remplacé",
        "impact_replaced": "impact annoncé « {claim} » remplacé par les chiffres du calculateur",
        "figures_removed": "chiffres retirés du texte du modèle ({field}) : ceux du calculateur sont dans la colonne impact",
        "field_action": "action",
        "field_warning": "avertissement",
        "summary_figures": "la synthèse du modèle est omise : elle cite des chiffres qui ne sont pas ceux du calculateur",
        "summary_removed": "la synthèse du modèle est omise : elle mentionne des conseils retirés ({ids})",
        "all_removed": "chaque recommandation du modèle enfreignait une règle : les recommandations du moteur sont affichées",
        "rows_cut": "le modèle a donné {given} recommandations ; les {kept} premières sont conservées",
        "no_advice": "le modèle n'a proposé aucune action : les recommandations du moteur sont affichées",
    },
}

# The engine's reasons for ruling a technique out (advisor/engine/applicability.py and
# savings.py), as the guard quotes them, in French; an unlisted reason is quoted as it is.
_REASONS_FR = [
    (r"already in place \(practices\)", "déjà en place (pratiques)"),
    (r"moot: (.+) already in place", r"sans objet : \1 déjà en place"),
    (r"does not apply to (\S+) workloads", r"ne s'applique pas aux charges \1"),
    (r"does not apply on (\S+)", r"ne s'applique pas sur \1"),
    (r"needs an accelerator of the workload's own \(llm-api runs on the provider's\)",
     "demande un accélérateur propre à la charge (llm-api tourne chez le fournisseur)"),
    (r"needs an accelerator of the workload's own", "demande un accélérateur propre à la charge"),
    (r"not for (.+)", r"pas pour \1"),
    (r"(.+) has no (\S+) support", r"\1 ne prend pas en charge \2"),
    (r"needs a specific accelerator", "demande un accélérateur particulier"),
    (r"the model already runs in (\S+)", r"le modèle tourne déjà en \1"),
    (r"(\S+) is not among the allowed clouds", r"\1 ne fait pas partie des clouds autorisés"),
    (r"the work is not deferrable \(no temporal or spatial shifting of real-time work\)",
     "le travail n'est pas différable (aucun déplacement dans le temps ou l'espace d'un travail en temps réel)"),
    (r"model too small \((.+)\) for this to save energy", r"modèle trop petit (\1) pour économiser de l'énergie"),
    (r"model too large \((.+)\)", r"modèle trop grand (\1)"),
    (r"utilization (\S+) below (\S+)", r"utilisation \1 sous \2"),
    (r"utilization (\S+) already above (\S+)", r"utilisation \1 déjà au-dessus de \2"),
    (r"needs at least (\d+) accelerators", r"demande au moins \1 accélérateurs"),
    (r"the workload does not generate tokens", "la charge ne génère pas de tokens"),
    (r"needs traffic\.requests_per_month", "demande traffic.requests_per_month"),
    (r"prompts shorter than (\S+) tokens \(or not given\)", r"invites de moins de \1 tokens (ou non renseignées)"),
    (r"answers shorter than (\S+) tokens \(or not given\)", r"réponses de moins de \1 tokens (ou non renseignées)"),
    (r"PUE (\S+) already below (\S+)", r"PUE \1 déjà sous \2"),
    (r"latency budget (\S+) ms below the (\S+) ms it needs", r"budget de latence de \1 ms sous les \2 ms nécessaires"),
    (r"no time shift: (.+)", r"aucun décalage dans le temps : \1"),
]


def guard_note(key: str, lang: str, **values) -> str:
    return pick(GUARD_NOTES, key, lang, **values)


def reason(text: str, lang: str) -> str:
    """An engine's reason for ruling a technique out, in the reader's language."""
    if lang != "fr":
        return text
    import re

    for pattern, replacement in _REASONS_FR:
        found = re.fullmatch(pattern, text)
        if found:
            return found.expand(replacement)
    return text
