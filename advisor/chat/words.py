"""Every sentence the chat prints, in English and French, looked up like the report's labels.

Why a table: `chat --lang fr` (or `/lang fr`) must speak French throughout, as `analyze
--lang fr` does, and a sentence added in one language only should fail a test rather than
leak English. Command names (/help, /whatif …) and field names stay as they are typed.
"""

from __future__ import annotations

from advisor.i18n import pick

HELP_EN = """Commands:
  /help                      this help
  /table                     the recommendations table
  /footprint                 the footprint per workload
  /level basic|pro           answer level          /lang en|fr      language
  /model M                   offline, anthropic:…, openai:…, ollama:…, mock:…
  /metrics FILE              use measured metrics (CodeCarbon, Zeus or EcoLogits)
  /whatif FIELD=VALUE …      e.g. region=eu-north-1, precision=int8, document-analysis.utilization=0.7
                             what-ifs add up: each starts from the figures the previous one showed.
                             The power model does not see precision, so a precision other than the
                             file's is taken off as the engine's estimate for that technique, made on
                             the current architecture (/footprint shows both figures).
  /explain TECHNIQUE         what a technique is, and what it would do here
  /export PATH               save the report (.md, .json or .html)
  /reset                     forget the conversation and the what-ifs
  /quit                      leave
Anything else is a question; one that names a region or an accelerator id is that what-if."""

HELP_FR = """Commandes :
  /help                      cette aide
  /table                     le tableau des recommandations
  /footprint                 l'empreinte par charge
  /level basic|pro           niveau de réponse     /lang en|fr      langue
  /model M                   offline, anthropic:…, openai:…, ollama:…, mock:…
  /metrics FICHIER           utiliser des mesures (CodeCarbon, Zeus ou EcoLogits)
  /whatif CHAMP=VALEUR …     par ex. region=eu-north-1, precision=int8, document-analysis.utilization=0.7
                             les scénarios s'enchaînent : chacun part des chiffres affichés par le précédent.
                             Le modèle de puissance ne voit pas la précision : une précision autre que
                             celle du fichier est déduite selon l'estimation du moteur pour cette
                             technique, faite sur l'architecture courante (/footprint montre les deux).
  /explain TECHNIQUE         ce qu'est une technique, et ce qu'elle donnerait ici
  /export CHEMIN             enregistrer le rapport (.md, .json ou .html)
  /reset                     oublier la conversation et les scénarios
  /quit                      quitter
Tout le reste est une question ; une question qui nomme une région ou un accélérateur (son id) lance ce scénario."""

WORDS = {
    "en": {
        "help": HELP_EN,
        "prompt": "Type a question, or /help for commands.",
        "error": "error: {message}",
        "unknown_command": "unknown command /{name}{hint} (/help lists them)",
        "did_you_mean": "; did you mean {name}?",
        "row_tags": "[{difficulty}, risk {risk}]",
        "system_line": "{name}: {energy} kWh/month, {emissions} kgCO2e/month",
        "workload_line": "  {name} ({kind}{measured}): {energy} kWh, {emissions} kgCO2e, grid {intensity} g/kWh{sci}",
        "measured": ", measured",
        "sci": ", {sci} gCO2e/request",
        "projected_line": "  with the engine's estimate of the precision what-ifs ({estimates}): "
                          "{energy} kWh/month, {emissions} kgCO2e/month",
        "on_workload": "{technique} on {workload}",
        "usage_choice": "usage: /{command} {allowed} (now {current})",
        "set_level": "level: {value}",
        "set_lang": "lang: {value}",
        "set_model": "model: {value}",
        "usage_model": "usage: /model M (now {current})",
        "usage_metrics": "usage: /metrics FILE (CodeCarbon emissions.csv, Zeus or EcoLogits JSON)",
        "unknown_technique": "no technique matches '{query}'{hint}",
        "did_you_mean_any": "; did you mean {names}?",
        "see_table": "; /table lists the ones that apply here",
        "usage_explain": "usage: /explain TECHNIQUE (an id such as quantization-int8, or words such as 'int4' or 'caching')",
        "usage_export": "usage: /export PATH (.md, .json or .html)",
        "export_suffix": "the file name must end in .md, .json or .html",
        "wrote": "wrote {path}",
        "reset": "back to the file; conversation forgotten",
        "whatif_head": "what-if: {changes}",
        "whatif_file": "what-if on {name}",
        "delta_energy": "  energy: {before} → {after} kWh/month ({change})",
        "delta_emissions": "  emissions: {before} → {after} kgCO2e/month ({change})",
        "includes_estimate": "  includes the engine's {technique} estimate on {workload}: −{share} energy ({low}–{high})",
        "unmodelled": "  {workload}: {why}",
        "whatif_tail": "(/reset goes back to the file)",
        "explanation_head": "{name} ({id}): {action}",
        "here": "here, on {workload}: {impact}",
        "not_for": "not for {workload}: {reason}",
        "sources": "sources: {sources}",
        "offline_fallback": "offline, I answer about techniques (e.g. 'why not INT4?', 'semantic caching') and what-ifs "
                            "(/whatif region=…, or a question naming a region or an accelerator id); "
                            "/model anthropic:… or openai:… for free-form questions.",
        "model_error": "model error: {error}; the session goes on (/model offline to continue without it)",
        # what-if parsing and projection (advisor/chat/whatif.py)
        "whatif_usage": "usage: /whatif FIELD=VALUE … (e.g. region=eu-north-1, precision=int8, utilization=0.7)",
        "whatif_expected": "'{item}': expected FIELD=VALUE",
        "whatif_not_workload": "'{target}' is not a workload; workloads: {names}",
        "whatif_system_field": "'{name}' belongs to the system, not to a workload: write {name}={value}",
        "whatif_unknown_field": "unknown what-if field '{name}'{hint}",
        "unstated_precision": "an unstated precision",
        "no_precision_estimate": "no estimate for {start} → {precision} (the power model does not see precision)",
        "no_effect": "{technique}: no effect expected here{why}",
        # notes under a model's reply (advisor/chat/replycheck.py)
        "rules_head": "⚠ greenadvisor: this reply names what the hard rules rule out for this system:",
        "rules_action": "  - {technique} [{id}] on {workload}: {reason}",
        "rules_tool": "  - {tool} belongs to {cloud}, not to the allowed clouds ({clouds})",
        "rules_quality": "  - accuracy does matter: {workload} must keep {metric} ≥ {minimum} (now {current})",
    },
    "fr": {
        "help": HELP_FR,
        "prompt": "Posez une question, ou /help pour les commandes.",
        "error": "erreur : {message}",
        "unknown_command": "commande inconnue /{name}{hint} (/help les liste)",
        "did_you_mean": " ; vouliez-vous dire {name} ?",
        "row_tags": "[difficulté : {difficulty}, risque : {risk}]",
        "system_line": "{name} : {energy} kWh/mois, {emissions} kgCO2e/mois",
        "workload_line": "  {name} ({kind}{measured}) : {energy} kWh, {emissions} kgCO2e, réseau {intensity} g/kWh{sci}",
        "measured": ", mesurée",
        "sci": ", {sci} gCO2e/requête",
        "projected_line": "  avec l'estimation du moteur pour les scénarios de précision ({estimates}) : "
                          "{energy} kWh/mois, {emissions} kgCO2e/mois",
        "on_workload": "{technique} sur {workload}",
        "usage_choice": "usage : /{command} {allowed} (actuellement {current})",
        "set_level": "niveau : {value}",
        "set_lang": "langue : {value}",
        "set_model": "modèle : {value}",
        "usage_model": "usage : /model M (actuellement {current})",
        "usage_metrics": "usage : /metrics FICHIER (emissions.csv de CodeCarbon, JSON de Zeus ou d'EcoLogits)",
        "unknown_technique": "aucune technique ne correspond à « {query} »{hint}",
        "did_you_mean_any": " ; vouliez-vous dire {names} ?",
        "see_table": " ; /table liste celles qui s'appliquent ici",
        "usage_explain": "usage : /explain TECHNIQUE (un id comme quantization-int8, ou des mots comme « int4 » ou « cache »)",
        "usage_export": "usage : /export CHEMIN (.md, .json ou .html)",
        "export_suffix": "le nom du fichier doit finir par .md, .json ou .html",
        "wrote": "écrit : {path}",
        "reset": "retour au fichier ; conversation oubliée",
        "whatif_head": "scénario : {changes}",
        "whatif_file": "scénario sur {name}",
        "delta_energy": "  énergie : {before} → {after} kWh/mois ({change})",
        "delta_emissions": "  émissions : {before} → {after} kgCO2e/mois ({change})",
        "includes_estimate": "  inclut l'estimation du moteur pour {technique} sur {workload} : −{share} d'énergie ({low}–{high})",
        "unmodelled": "  {workload} : {why}",
        "whatif_tail": "(/reset revient au fichier)",
        "explanation_head": "{name} ({id}) : {action}",
        "here": "ici, sur {workload} : {impact}",
        "not_for": "pas pour {workload} : {reason}",
        "sources": "sources : {sources}",
        "offline_fallback": "hors ligne, je réponds sur les techniques (par ex. « pourquoi pas INT4 ? », « cache sémantique ») "
                            "et les scénarios (/whatif region=…, ou une question qui nomme une région ou un accélérateur) ; "
                            "/model anthropic:… ou openai:… pour les questions libres.",
        "model_error": "erreur du modèle : {error} ; la session continue (/model offline pour continuer sans lui)",
        "whatif_usage": "usage : /whatif CHAMP=VALEUR … (par ex. region=eu-north-1, precision=int8, utilization=0.7)",
        "whatif_expected": "« {item} » : CHAMP=VALEUR attendu",
        "whatif_not_workload": "« {target} » n'est pas une charge ; charges : {names}",
        "whatif_system_field": "« {name} » concerne le système, pas une charge : écrivez {name}={value}",
        "whatif_unknown_field": "champ de scénario inconnu « {name} »{hint}",
        "unstated_precision": "une précision non indiquée",
        "no_precision_estimate": "pas d'estimation pour {start} → {precision} (le modèle de puissance ne voit pas la précision)",
        "no_effect": "{technique} : aucun effet attendu ici{why}",
        "rules_head": "⚠ greenadvisor : cette réponse nomme ce que les règles impératives écartent pour ce système :",
        "rules_action": "  - {technique} [{id}] sur {workload} : {reason}",
        "rules_tool": "  - {tool} relève de {cloud}, hors des clouds autorisés ({clouds})",
        "rules_quality": "  - la précision compte : {workload} doit garder {metric} ≥ {minimum} (actuellement {current})",
    },
}


def say(key: str, lang: str, **values) -> str:
    return pick(WORDS, key, lang, **values)
