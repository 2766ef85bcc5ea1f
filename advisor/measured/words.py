"""Every warning a measurement adds to a report, in English and French (advisor/measured/,
advisor/footprint_measured.py), as `Said` sentences (advisor/said.py): written in English where
the runs are read and matched, worded again in the report's language.
"""

from __future__ import annotations

from advisor.said import Said

WORDS = {
    "en": {
        # measured/__init__.py: why a run cannot describe a workload
        "ecologits_kind": "EcoLogits estimates requests to hosted models, and '{name}' is a {kind} workload, not llm-api",
        "host_reader": ("{tool} reads the machine it runs on, and '{name}' is an llm-api workload whose servers are "
                        "the provider's (EcoLogits records describe those)"),
        "zeus_no_accelerator": "Zeus measured GPU energy, and '{name}' has no accelerator in the file",
        "no_gpu": ("{tool} {seen}, while '{name}' declares {count}× {accelerator}: energy without the accelerators cannot "
                   "stand for this workload (kept the estimate); measure on the machine with the GPUs"),
        "read_zero_one": "read 0 kWh on the {count} GPU it watched",
        "read_zero": "read 0 kWh on the {count} GPUs it watched",
        "saw_none": "saw no GPU where it ran ({field} 0)",
        # measured/__init__.py: matching runs to workloads
        "name_CodeCarbon": "name the CodeCarbon project after the workload ({names}) to use them",
        "name_Zeus": "name the Zeus window after the workload ({names}) to use them",
        "name_EcoLogits": "name the EcoLogits record's workload or model after the workload ({names}) to use them",
        "name_other": "name the {tool} run after the workload ({names}) to use them",
        "no_name_match": "it matches no workload by name; {name_it}",
        "unnamed_several": "it has no name of its own and the system has several workloads; {name_it}",
        "several_serve": "{n} workloads serve {model} ({names}); say which with `workload` in each record",
        "no_fit_hosted": ("the system has no llm-api workload (EcoLogits estimates requests to hosted models; a "
                          "self-hosted model is measured with CodeCarbon or Zeus)"),
        "no_fit": "the system has no workload",
        "none_serves_hosted": "no llm-api workload serves {model}{served}; name the workload with `workload` in the record to use it",
        "none_serves": "no workload serves {model}{served}; name the workload with `workload` in the record to use it",
        "served": " ({items})",
        "serves": "{name} serves {model}",
        "of_model": "of model {model}",
        "no_name": "(no name)",
        "left_out_run": "{tool} run {which} left out: {why}",
        "left_out_runs": "{tool} runs {which} left out: {why}",
        "left_out_record": "{tool} record {which} left out: {why}",
        "left_out_records": "{tool} records {which} left out: {why}",
        # ecologits.py
        "no_energy_one": "{path}: EcoLogits record {which} left out: no energy, EcoLogits could not compute it ({reason})",
        "no_energy": "{path}: EcoLogits records {which} left out: no energy, EcoLogits could not compute them ({reason})",
        # limits.py
        "implausible": ("{kwh:.3g} kWh in {seconds:.3g} s is an average of {kw:.3g} kW, more than the largest AI clusters "
                        "draw ({mw:.0f} MW); used as it is, but check the units of {energy_field} and {duration_field}"),
        "more_like": "… and {n} more like these",
        # units.py
        "fits_several": ("fits {n} runs of {name} (they have no run id of their own), so which one did this work cannot "
                         "be told; ignored"),
        "not_entry": 'expected {{"requests": n, "tokens": n}}, got {got}; ignored',
        "not_count": "{value} is not a count (a number of at least 1); ignored",
        "unknown_id": "{sidecar}: no run of {name} has the id {shown}; its units are ignored",
        "unknown_ids": "{sidecar}: no run of {name} has the id {shown}; their units are ignored",
        # footprint_measured.py
        "runs_one": "{n} run",
        "runs": "{n} runs",
        "zero_kwh": ("the {tool} measurement reads 0 kWh over {seconds:.3g} s ({runs}): nothing was metered (a window "
                     "around no work, or counters the tool could not read?); kept the estimate"),
        "unscalable": "measured with {tool}, but {why}; kept the estimate",
        "cannot_scale": "it cannot be scaled to a month: {per_hour}, and {per_work}",
        "no_traffic": "the file gives no traffic.requests_per_month to scale per request or per token",
        "no_units": "the runs recorded no requests or tokens (the units sidecar) to scale per request",
        "no_token_sizes": "the runs recorded tokens but the file gives no traffic.input_tokens/output_tokens to scale per token",
        "no_hardware": "the workload has no hardware, so no hours of operation to scale by",
        "zero_seconds": ("the runs last 0 s, so they give no average power to multiply by the {hours:g} h/month of "
                         "hardware.hours_per_month"),
        "beyond": ("measured with {tool}, but scaled to the month ({how}) it gives {kwh:.3g} kWh, beyond any real system; "
                   "kept the estimate"),
        "how_requests": "{per:.4g} {shown}{what} per request measured × {monthly:,.0f} requests/month",
        "how_tokens": "{per:.4g} {shown}{what} per token measured × {monthly:,.0f} tokens/month",
        "how_counted_requests": "{how} ({k} of {n} runs: those that recorded their requests)",
        "how_counted_tokens": "{how} ({k} of {n} runs: those that recorded their tokens)",
        "how_hours": "{w:.4g} W{what} average measured × {hours:g} h/month",
        "gpu": " GPU",
        "aside_requests": ("{missing} of the {n} {tool} runs recorded no requests (the units sidecar), so the energy per "
                           "request comes from the {k} that did"),
        "aside_tokens": ("{missing} of the {n} {tool} runs recorded no tokens (the units sidecar), so the energy per "
                         "token comes from the {k} that did"),
        "no_gpu_energy": ("the {tool} measurement gives no GPU energy of its own; the energy rating uses the estimated "
                          "accelerator energy"),
        "gpu_share": ("the {tool} measurement gives no GPU energy of its own; the energy rating takes the estimate's "
                      "GPU share ({share:.3g} %) of the measured energy"),
        "gpu_count_one": ("the {tool} runs saw {seen} GPU where '{name}' declares {count}× {accelerator}: the measurement "
                          "is scaled as it is, and describes the workload only if the runs used its setup (check "
                          "hardware.count, or measure on the workload's machine)"),
        "gpu_count": ("the {tool} runs saw {seen} GPUs where '{name}' declares {count}× {accelerator}: the measurement "
                      "is scaled as it is, and describes the workload only if the runs used its setup (check "
                      "hardware.count, or measure on the workload's machine)"),
        "country": ("the {tool} runs were measured in {countries}, the architecture's grid is in {where} ({label}): the "
                    "measured energy is used, at the architecture's grid intensity, not that of the country where it "
                    "was measured"),
        # report.py: a workload's note
        "workload_note": "workload '{name}': {note}",
        # footprint_measured.py: the notes of the figures a measurement gives
        "measured_note": "measured with {tool} ({runs}, {kwh:.4g} kWh{during}): {how}{pue}{scope}",
        "during": " in {seconds:.3g} s",
        "times_pue": ", × PUE",
        "scope": "; {scope}",
        "scope_ecologits": ("EcoLogits' per-request estimates for the requests made (its model of the provider's servers, "
                            "PUE included; output tokens only), not a meter reading"),
        "scope_zeus_gpu": "Zeus measured the GPUs only (no CPU, memory or rest of the server)",
        "scope_zeus_no_server": "Zeus measured GPUs, CPU and DRAM, not the rest of the server",
        "estimate_replaced": "the estimate the measurement replaced",
        "estimate_gap": "how far the estimate was from the measurement (positive: the estimate was higher)",
        "gpu_measured": "accelerators only, measured with {tool}: {how}",
        "gpu_scaled": ("accelerators only: the estimate's GPU share ({share:.3g} % of its energy) × the energy measured "
                       "with {tool}, which did not measure the GPUs on their own"),
    },
    "fr": {
        "ecologits_kind": ("EcoLogits estime des requêtes à des modèles hébergés, et « {name} » est une charge {kind}, "
                           "pas llm-api"),
        "host_reader": ("{tool} mesure la machine sur laquelle il tourne, et « {name} » est une charge llm-api dont les "
                        "serveurs sont ceux du fournisseur (les enregistrements EcoLogits les décrivent)"),
        "zeus_no_accelerator": "Zeus a mesuré de l'énergie GPU, et « {name} » n'a pas d'accélérateur dans le fichier",
        "no_gpu": ("{tool} {seen}, alors que « {name} » déclare {count}× {accelerator} : une énergie sans les "
                   "accélérateurs ne peut pas représenter cette charge (estimation conservée) ; mesurez sur la machine "
                   "qui a les GPU"),
        "read_zero_one": "a lu 0 kWh sur le GPU qu'il surveillait",
        "read_zero": "a lu 0 kWh sur les {count} GPU qu'il surveillait",
        "saw_none": "n'a vu aucun GPU là où il tournait ({field} 0)",
        "name_CodeCarbon": "donnez au projet CodeCarbon le nom de la charge ({names}) pour les utiliser",
        "name_Zeus": "donnez à la fenêtre Zeus le nom de la charge ({names}) pour les utiliser",
        "name_EcoLogits": ("donnez à la charge ou au modèle de l'enregistrement EcoLogits le nom de la charge ({names}) "
                           "pour les utiliser"),
        "name_other": "donnez à l'exécution {tool} le nom de la charge ({names}) pour les utiliser",
        "no_name_match": "aucune charge ne porte ce nom ; {name_it}",
        "unnamed_several": "sans nom propre, alors que le système a plusieurs charges ; {name_it}",
        "several_serve": ("{n} charges servent {model} ({names}) ; indiquez laquelle avec `workload` dans chaque "
                          "enregistrement"),
        "no_fit_hosted": ("le système n'a aucune charge llm-api (EcoLogits estime des requêtes à des modèles hébergés ; "
                          "un modèle auto-hébergé se mesure avec CodeCarbon ou Zeus)"),
        "no_fit": "le système n'a aucune charge",
        "none_serves_hosted": ("aucune charge llm-api ne sert {model}{served} ; nommez la charge avec `workload` dans "
                               "l'enregistrement pour l'utiliser"),
        "none_serves": ("aucune charge ne sert {model}{served} ; nommez la charge avec `workload` dans l'enregistrement "
                        "pour l'utiliser"),
        "served": " ({items})",
        "serves": "{name} sert {model}",
        "of_model": "du modèle {model}",
        "no_name": "(sans nom)",
        "left_out_run": "exécution {tool} {which} écartée : {why}",
        "left_out_runs": "exécutions {tool} {which} écartées : {why}",
        "left_out_record": "enregistrement {tool} {which} écarté : {why}",
        "left_out_records": "enregistrements {tool} {which} écartés : {why}",
        "no_energy_one": ("{path} : enregistrement EcoLogits {which} écarté : aucune énergie, EcoLogits n'a pas pu la "
                          "calculer ({reason})"),
        "no_energy": ("{path} : enregistrements EcoLogits {which} écartés : aucune énergie, EcoLogits n'a pas pu la "
                      "calculer ({reason})"),
        "implausible": ("{kwh:.3g} kWh en {seconds:.3g} s font une moyenne de {kw:.3g} kW, plus que ce que tirent les "
                        "plus grands clusters d'IA ({mw:.0f} MW) ; utilisé tel quel, mais vérifiez les unités de "
                        "{energy_field} et {duration_field}"),
        "more_like": "… et {n} autres du même genre",
        "fits_several": ("correspond à {n} exécutions de {name} (elles n'ont pas d'identifiant propre) : impossible de "
                         "dire laquelle a fait ce travail ; ignoré"),
        "not_entry": 'attendu {{"requests": n, "tokens": n}}, reçu {got} ; ignoré',
        "not_count": "{value} n'est pas un nombre (au moins 1) ; ignoré",
        "unknown_id": "{sidecar} : aucune exécution de {name} n'a l'identifiant {shown} ; ses unités sont ignorées",
        "unknown_ids": "{sidecar} : aucune exécution de {name} n'a les identifiants {shown} ; leurs unités sont ignorées",
        "runs_one": "{n} exécution",
        "runs": "{n} exécutions",
        "zero_kwh": ("la mesure {tool} indique 0 kWh sur {seconds:.3g} s ({runs}) : rien n'a été mesuré (une fenêtre "
                     "autour d'aucun travail, ou des compteurs que l'outil n'a pas pu lire ?) ; estimation conservée"),
        "unscalable": "mesuré avec {tool}, mais {why} ; estimation conservée",
        "cannot_scale": "la mesure ne peut pas être ramenée au mois : {per_hour}, et {per_work}",
        "no_traffic": ("le fichier ne donne pas de traffic.requests_per_month pour ramener la mesure à la requête ou "
                       "au token"),
        "no_units": ("les exécutions n'ont enregistré ni requêtes ni tokens (le fichier d'unités) pour ramener la mesure "
                     "à la requête"),
        "no_token_sizes": ("les exécutions ont enregistré des tokens mais le fichier ne donne pas de "
                           "traffic.input_tokens/output_tokens pour ramener la mesure au token"),
        "no_hardware": "la charge n'a pas de matériel, donc pas d'heures de fonctionnement par lesquelles multiplier",
        "zero_seconds": ("les exécutions durent 0 s : elles ne donnent aucune puissance moyenne à multiplier par les "
                         "{hours:g} h/mois de hardware.hours_per_month"),
        "beyond": ("mesuré avec {tool}, mais ramené au mois ({how}) cela donne {kwh:.3g} kWh, au-delà de tout système "
                   "réel ; estimation conservée"),
        "how_requests": "{per:.4g} {shown}{what} par requête mesurés × {monthly:,.0f} requêtes/mois",
        "how_tokens": "{per:.4g} {shown}{what} par token mesurés × {monthly:,.0f} tokens/mois",
        "how_counted_requests": "{how} ({k} exécutions sur {n} : celles qui ont enregistré leurs requêtes)",
        "how_counted_tokens": "{how} ({k} exécutions sur {n} : celles qui ont enregistré leurs tokens)",
        "how_hours": "{w:.4g} W{what} de moyenne mesurée × {hours:g} h/mois",
        "gpu": " GPU",
        "aside_requests": ("{missing} des {n} exécutions {tool} n'ont enregistré aucune requête (le fichier d'unités) : "
                           "l'énergie par requête vient des {k} qui l'ont fait"),
        "aside_tokens": ("{missing} des {n} exécutions {tool} n'ont enregistré aucun token (le fichier d'unités) : "
                         "l'énergie par token vient des {k} qui l'ont fait"),
        "no_gpu_energy": ("la mesure {tool} ne donne pas d'énergie GPU propre ; la note énergétique utilise l'énergie "
                          "estimée des accélérateurs"),
        "gpu_share": ("la mesure {tool} ne donne pas d'énergie GPU propre ; la note énergétique prend la part GPU de "
                      "l'estimation ({share:.3g}\u00a0%) de l'énergie mesurée"),
        "gpu_count_one": ("les exécutions {tool} ont vu {seen} GPU là où « {name} » déclare {count}× {accelerator} : la "
                          "mesure est ramenée telle quelle, et ne décrit la charge que si les exécutions utilisaient sa "
                          "configuration (vérifiez hardware.count, ou mesurez sur la machine de la charge)"),
        "gpu_count": ("les exécutions {tool} ont vu {seen} GPU là où « {name} » déclare {count}× {accelerator} : la "
                      "mesure est ramenée telle quelle, et ne décrit la charge que si les exécutions utilisaient sa "
                      "configuration (vérifiez hardware.count, ou mesurez sur la machine de la charge)"),
        "country": ("les exécutions {tool} ont été mesurées dans ces pays : {countries} ; le réseau de l'architecture "
                    "est celui de {where} ({label}) : l'énergie mesurée est utilisée, à l'intensité du réseau de l'architecture, pas "
                    "à celle du pays où elle a été mesurée"),
        "workload_note": "charge « {name} » : {note}",
        "measured_note": "mesuré avec {tool} ({runs}, {kwh:.4g} kWh{during}) : {how}{pue}{scope}",
        "during": " en {seconds:.3g} s",
        "times_pue": ", × PUE",
        "scope": " ; {scope}",
        "scope_ecologits": ("estimations par requête d'EcoLogits pour les requêtes faites (son modèle des serveurs du "
                            "fournisseur, PUE comprise ; tokens de sortie seulement), pas une lecture de compteur"),
        "scope_zeus_gpu": "Zeus n'a mesuré que les GPU (ni CPU, ni mémoire, ni le reste du serveur)",
        "scope_zeus_no_server": "Zeus a mesuré les GPU, le CPU et la DRAM, pas le reste du serveur",
        "estimate_replaced": "l'estimation que la mesure a remplacée",
        "estimate_gap": "écart entre l'estimation et la mesure (positif : l'estimation était plus haute)",
        "gpu_measured": "accélérateurs seuls, mesurés avec {tool} : {how}",
        "gpu_scaled": ("accélérateurs seuls : la part GPU de l'estimation ({share:.3g} % de son énergie) × l'énergie "
                       "mesurée avec {tool}, qui n'a pas mesuré les GPU à part"),
    },
}


def say(key: str, **values) -> Said:
    return Said(WORDS, key, **values)
