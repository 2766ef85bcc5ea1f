"""Every sentence the model path adds to a report, in English and French: the guard-rails' notes
on a model's answer (advisor/llm/guard.py), the failed-model banner and the advice's own
footprint (advisor/llm/advisor.py).

Why a table, like advisor/chat/words.py: `analyze --lang fr` must be French throughout, and a
note added in one language only should fail a test (tests/test_reasons_fr.py compares the
keys and placeholders) rather than leak English into a French report.
"""

from __future__ import annotations

from advisor.i18n import pick

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
        "tools_off_target": ("{label}: tools removed (they do not rent the move's target, {target}, on the workload's "
                             "own cloud): {tools}"),
        "risk_raised": "accuracy risk raised from {old} to {new}",
        "warning_added": "{what} added",
        "warning_kept": "the calculator's {what} kept ahead of the model's warning",
        "warning_dismissive": "the model's warning contradicted the calculator's {what}: replaced",
        "accuracy_warning": "accuracy warning",
        "latency_caveat": "latency caveat",
        "availability_caveat": "availability caveat",
        "caveat": "caveat",
        "risk_none": "none", "risk_low": "low", "risk_medium": "medium", "risk_high": "high",
        "last_and": " and ",
        "list_and": ", ",
        "impact_replaced": "impact claim '{claim}' replaced by the calculator's figures",
        "figures_removed": "figures in the model's {field} removed (the calculator's are in the impact column)",
        "field_action": "action",
        "field_warning": "warning",
        "summary_figures": "the model's summary was left out: it quotes figures that are not the calculator's",
        "summary_removed": "the model's summary was left out: it mentions advice that was removed ({ids})",
        "summary_ruled_out": ("the model's summary was left out: it mentions advice that no row carries and that the "
                              "hard rules rule out for a workload here ({ids})"),
        "all_removed": "every recommendation of the model broke a hard rule: the engine's recommendations are shown",
        "rows_cut": "the model gave {given} recommendations; the first {kept} are kept",
        "no_advice": "the model proposed no action: the engine's recommendations are shown",
        # the report of a failed model (advisor/llm/advisor.py): the failure itself is the provider's words
        "model_failed": "the model {model} failed ({reason}); the offline engine answered instead",
        # the advice's own footprint (advisor/llm/advisor.py, advisor_footprint)
        "how_known": "EcoLogits model '{name}' ({provider})",
        "how_assumed": "unknown model: assumed {low}–{high} B active parameters (assumptions.api_model_active_parameters_b)",
        "local_server": "local server, model size unknown: estimated like an unknown hosted model (an upper bound)",
        "grid": "grid {name}",
        "cache_no_call": "answered from the cache: no call made",
        "cache_no_tokens": "answered from the local cache: no tokens spent",
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
        "tools_off_target": ("{label} : outils retirés (ils ne louent pas la cible du changement, {target}, sur le cloud "
                             "de la charge) : {tools}"),
        "risk_raised": "risque de précision relevé : {old} → {new}",
        "warning_added": "le calculateur ajoute {what}",
        "warning_kept": "le calculateur place {what} avant l'avertissement du modèle",
        "warning_dismissive": "l'avertissement du modèle contredisait {what} du calculateur : remplacé",
        "accuracy_warning": "l'avertissement de précision",
        "latency_caveat": "la mise en garde sur la latence",
        "availability_caveat": "la mise en garde sur la disponibilité",
        "caveat": "une mise en garde",
        "risk_none": "aucun", "risk_low": "faible", "risk_medium": "moyen", "risk_high": "élevé",
        "last_and": " et ",
        "list_and": ", ",
        "impact_replaced": "impact annoncé « {claim} » remplacé par les chiffres du calculateur",
        "figures_removed": "chiffres retirés du texte du modèle ({field}) : ceux du calculateur sont dans la colonne impact",
        "field_action": "action",
        "field_warning": "avertissement",
        "summary_figures": "la synthèse du modèle est omise : elle cite des chiffres qui ne sont pas ceux du calculateur",
        "summary_removed": "la synthèse du modèle est omise : elle mentionne des conseils retirés ({ids})",
        "summary_ruled_out": ("la synthèse du modèle est omise : elle mentionne des conseils qu'aucune ligne ne porte et "
                              "que les règles excluent ici pour une charge ({ids})"),
        "all_removed": "chaque recommandation du modèle enfreignait une règle : les recommandations du moteur sont affichées",
        "rows_cut": "le modèle a donné {given} recommandations ; les {kept} premières sont conservées",
        "no_advice": "le modèle n'a proposé aucune action : les recommandations du moteur sont affichées",
        "model_failed": "le modèle {model} a échoué ({reason}) ; le moteur hors ligne a répondu à sa place",
        "how_known": "modèle EcoLogits « {name} » ({provider})",
        "how_assumed": "modèle inconnu : {low}–{high} B de paramètres actifs supposés (assumptions.api_model_active_parameters_b)",
        "local_server": "serveur local, taille du modèle inconnue : estimé comme un modèle hébergé inconnu (une borne haute)",
        "grid": "réseau {name}",
        "cache_no_call": "réponse tirée du cache : aucun appel",
        "cache_no_tokens": "réponse tirée du cache local : aucun token dépensé",
    },
}

# What the structured-answer path says about a call (advisor/llm/structured.py, failures.py): a
# server's token counts replaced, and why the model failed, which a French report's banner quotes.
# An SDK's own error text (its exception, an HTTP body) is quoted as it came.
CALL_NOTES = {
    "en": {
        "usage_implausible": "the server reported implausible token usage ({details}); locally counted tokens are used",
        "usage_input": "input {value}",
        "usage_output": "output {value}",
        "usage_and": ", ",
        "refused": "the model refused the request: {detail}",
        "problem_length": "the answer was cut at the token limit",
        "problem_filtered": "the provider's content filter stopped the answer",
        "after_attempts": "{problem} (after {n} attempts)",
        "still_invalid": "the model's answer was still invalid after {n} attempts: {error}",
        "after_tries": " (after {n} tries)",
        "retry_later": "{why}: the server asks to retry after {wait}",
        "rate_limited": "rate-limited",
        "unavailable": "the server is unavailable",
        "unreadable": "the server returned an unreadable response: {what}",
        "body_not_json": "the body is not valid JSON",
        "body_not_object": "the body is not a JSON object (an HTML page, or a stream to a plain request?)",
        "no_choices": "the answer has no choices",
        "null_field": "a required field is null or missing",
        "wrong_type": "a field has the wrong type ({detail})",
    },
    "fr": {
        "usage_implausible": ("le serveur a annoncé une consommation de tokens invraisemblable ({details}) ; les tokens "
                              "comptés localement sont utilisés"),
        "usage_input": "entrée {value}",
        "usage_output": "sortie {value}",
        "usage_and": ", ",
        "refused": "le modèle a refusé la requête : {detail}",
        "problem_length": "la réponse a été coupée à la limite de tokens",
        "problem_filtered": "le filtre de contenu du fournisseur a arrêté la réponse",
        "after_attempts": "{problem} (après {n} tentatives)",
        "still_invalid": "la réponse du modèle restait invalide après {n} tentatives : « {error} »",
        "after_tries": " (après {n} essais)",
        "retry_later": "{why} : le serveur demande de réessayer dans {wait}",
        "rate_limited": "débit limité",
        "unavailable": "le serveur est indisponible",
        "unreadable": "le serveur a renvoyé une réponse illisible : {what}",
        "body_not_json": "le corps n'est pas du JSON valide",
        "body_not_object": "le corps n'est pas un objet JSON (une page HTML, ou un flux en réponse à une requête simple ?)",
        "no_choices": "la réponse n'a aucun choix (choices)",
        "null_field": "un champ requis est nul ou absent",
        "wrong_type": "un champ a le mauvais type ({detail})",
    },
}


def call_note(key: str, lang: str, **values) -> str:
    return pick(CALL_NOTES, key, lang, **values)


# The grids EcoLogits serves its providers from (the advice's own footprint), named in French;
# another zone is named by its code rather than by the knowledge base's English name.
GRID_NAMES_FR = {"USA": "États-Unis", "SWE": "Suède", "FRA": "France", "WOR": "moyenne mondiale"}


def note(key: str, lang: str, **values) -> str:
    return pick(GUARD_NOTES, key, lang, **values)


def listed(keys: list[str], lang: str) -> str:
    """Named parts joined as the reader writes a list: 'a, b and c' / 'a, b et c'."""
    words = [note(k, lang) for k in keys]
    if len(words) < 2:
        return "".join(words)
    return note("list_and", lang).join(words[:-1]) + note("last_and", lang) + words[-1]
