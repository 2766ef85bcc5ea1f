"""The grid code's sentences for the reader, in English and French (looked up with advisor.i18n.pick).

Why a table here: grid warnings reach French reports; every sentence a grid module shows a
reader belongs in both languages, under one key, so a test can compare keys and placeholders.
"""

from __future__ import annotations

from advisor.i18n import num, pct, pick
from advisor.said import Said

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "live_unavailable": "live grid intensity unavailable ({reason}); {label} is shown instead",
        "no_current": "no current grid intensity shown: {why}",
        "location-average": "the bundled yearly figure",
        "user-figure": "your own figure (cloud.grid_intensity_gco2e_per_kwh)",
        "profile-mean": "the grid profile's mean",
        "marginal-profile-mean": "the grid profile's mean (a marginal rate)",
        # profile.py: the file, then what the reader should know about it
        "describe_head": "grid profile {name} ({source}{zone})",
        "describe_zone": ", zone {zone}",
        "describe_column": "column '{column}'",
        "describe_missing": ", {missing} missing",
        "source:Electricity Maps export": "Electricity Maps export",
        "source:WattTime export (MOER)": "WattTime export (MOER)",
        "source:CSV": "CSV",
        "note_averaged": "{readings} readings averaged into {hours} hours",
        "note_moer": "WattTime MOER converted from lbs CO2/MWh to g/kWh (× 0.4536); a marginal rate, higher than the "
                     "grid's average and not comparable with the bundled yearly figures",
        "note_naive": "timestamps without a time zone read as UTC",
        "note_duplicates": "{count} duplicate reading(s) dropped",
        "note_thin": "covers only {days} day(s): the range read from its daily means is thin (a profile of {thin} days "
                     "or more gives a fairer one)",
        "note_missing": "{missing} of {span} hours missing ({share}); windows never span them",
        # attach.py: the report's notes on the profile
        "profile_used": "{describe}: the grid intensity of self-hosted workloads is its mean ({mean} gCO2e/kWh), and "
                        "time shifting is sized on its hours; {check}",
        "profile_unused": "{describe}: not used: no workload runs on the grid of {where} (llm-api workloads are counted "
                          "on the grid where their provider serves the model), so no figure comes from it",
        "profile_note": "{name}: {note}",
        "superseded": "cloud.grid_intensity_gco2e_per_kwh ({given}) is superseded by the grid profile's mean ({mean} g)",
        # zonecheck.py
        "zone_none": "the profile names no zone: not checked against {where}{expected}; make sure it is that grid's",
        "zone_expected": " (zone {zone})",
        "zone_unknown": "zone {zone} not checked: no {provider} zone is known for {where} (nor for its country)",
        "zone_match": "zone {zone} is the zone of {where} ({zone_table})",
        "zone_wider": "zone {zone} is a wider area than zone {expected} of {where} ({zone_table}): the profile is used, but "
                      "its mean may differ from the region's grid",
        "zone_narrower": "zone {zone} is a narrower area than zone {expected} of {where} ({zone_table}): the profile is used, "
                         "but its mean may differ from the region's grid",
        # window.py and engine/savings.py: what a time shift's saving rests on
        "shift_cleanest": "cleanest {run} h of the day {clock}, {slot} g vs {baseline} g mean",
        "shift_best": "best {run} h within {span} h of each start: {shifted} g on average vs {baseline} g mean "
                      "(cleanest slot of the day {clock}, {slot} g)",
        "shift_assumed": " (window not given: 24 h assumed)",
        "shift_basis": "{head}{tail}; grid profile {where}; range: the schedule tested on the other half of the profile "
                       "– each day's best hours known in advance",
        "window_given": "window of {window} h",
        "window_assumed": "window not given: a {full} h window assumed",
        "window_full": "{basis} (full effect from {full} h)",
        # live.py: why the current intensity could not be had
        "live_http": "{what}: HTTP {code}{refused}",
        "live_refused": " (credentials refused)",
        "live_timeout": "{what}: no answer within {seconds} s",
        "live_unreachable": "{what}: unreachable ({detail})",
        "live_malformed": "{what}: malformed HTTP answer ({detail})",
        "live_connection": "{what}: connection failed ({detail})",
        "live_not_json": "{what}: the answer is not JSON",
        "live_unexpected": "{what}: unexpected answer",
        "live_failed": "{what}: failed ({detail})",
        "live_intensity": "{what}: unexpected intensity {value}",
        "live_no_token": "{what}: no token in the answer",
        "live_no_point": "{what}: no data point in the answer",
        "live_units": "{what}: unexpected units {units}",
        "live_no_zone": "no {provider} zone is known for {where} (nor for its country)",
        "live_several": "the footprint uses several grids, where each API provider serves its model ({countries}), and "
                        "no one of them is the system's",
        "live_not_one_zone": "the footprint uses the grid where the API provider serves the model ({country}), which is "
                             "not one {provider} zone; the hosting region's grid is used by no figure of the report",
        # live.py: the "Grid now" figure's note, and how its zone was found
        "live_note": "{provider} now, zone {zone} ({how}), at {at}: {kind}{cached}. The monthly footprint keeps the "
                     "average it was computed with: one hour is not a month.",
        "live_unstated": "an unstated time",
        "live_marginal": "marginal rate (MOER), converted from lbs CO2/MWh",
        "live_average": "average, life-cycle",
        "live_cached": "; from the local cache",
        "live_fallback": "{label} ({note}), the one the footprint uses, shown because the live one is unavailable: {reason}",
        "zone_by_country": "country {country} (the region itself is not mapped)",
        "zone_served": "country {country}, where the API provider serves the model",
        "where_country": "country {country}",
    },
    "fr": {
        "live_unavailable": "intensité actuelle du réseau indisponible ({reason}) ; {label} est affiché à la place",
        "no_current": "aucune intensité actuelle du réseau affichée : {why}",
        "location-average": "le chiffre annuel fourni",
        "user-figure": "votre propre chiffre (cloud.grid_intensity_gco2e_per_kwh)",
        "profile-mean": "la moyenne du profil du réseau",
        "marginal-profile-mean": "la moyenne du profil du réseau (un taux marginal)",
        "describe_head": "profil du réseau {name} ({source}{zone})",
        "describe_zone": ", zone {zone}",
        "describe_column": "colonne '{column}'",
        "describe_missing": ", {missing} manquantes",
        "source:Electricity Maps export": "export Electricity Maps",
        "source:WattTime export (MOER)": "export WattTime (MOER)",
        "source:CSV": "CSV",
        "note_averaged": "{readings} relevés moyennés en {hours} heures",
        "note_moer": "MOER de WattTime converti de lbs CO2/MWh en g/kWh (× 0,4536) ; un taux marginal, plus élevé que "
                     "la moyenne du réseau et non comparable aux chiffres annuels fournis",
        "note_naive": "horodatages sans fuseau horaire lus comme UTC",
        "note_duplicates": "{count} relevé(s) en double ignoré(s)",
        "note_thin": "ne couvre que {days} jour(s) : la fourchette tirée de ses moyennes journalières est étroite (un "
                     "profil de {thin} jours ou plus en donne une plus juste)",
        "note_missing": "{missing} heures manquantes sur {span} ({share}) ; les fenêtres ne les enjambent jamais",
        "profile_used": "{describe} : l'intensité du réseau des charges auto-hébergées est sa moyenne ({mean} gCO2e/kWh), "
                        "et le décalage dans le temps est calculé sur ses heures ; {check}",
        "profile_unused": "{describe} : non utilisé : aucune charge ne tourne sur le réseau de {where} (les charges "
                          "llm-api sont comptées sur le réseau où leur fournisseur sert le modèle), aucun chiffre n'en vient donc",
        "profile_note": "{name} : {note}",
        "superseded": "cloud.grid_intensity_gco2e_per_kwh ({given}) est remplacé par la moyenne du profil du réseau ({mean} g)",
        "zone_none": "le profil ne nomme aucune zone : non vérifié par rapport à {where}{expected} ; assurez-vous qu'il "
                     "s'agit bien de ce réseau",
        "zone_expected": " (zone {zone})",
        "zone_unknown": "zone {zone} non vérifiée : aucune zone {provider} n'est connue pour {where} (ni pour son pays)",
        "zone_match": "la zone {zone} est celle de {where} ({zone_table})",
        "zone_wider": "la zone {zone} couvre une aire plus vaste que la zone {expected} de {where} ({zone_table}) : le profil "
                      "est utilisé, mais sa moyenne peut différer de celle du réseau de la région",
        "zone_narrower": "la zone {zone} couvre une aire plus restreinte que la zone {expected} de {where} ({zone_table}) : le "
                         "profil est utilisé, mais sa moyenne peut différer de celle du réseau de la région",
        "shift_cleanest": "les {run} h les plus propres de la journée {clock}, {slot} g contre {baseline} g en moyenne",
        "shift_best": "les {run} h les plus propres à moins de {span} h de chaque départ : {shifted} g en moyenne contre "
                      "{baseline} g (créneau le plus propre de la journée {clock}, {slot} g)",
        "shift_assumed": " (fenêtre non renseignée : 24 h supposées)",
        "shift_basis": "{head}{tail} ; profil du réseau {where} ; fourchette : le planning testé sur l'autre moitié du "
                       "profil – les meilleures heures de chaque jour connues à l'avance",
        "window_given": "fenêtre de {window} h",
        "window_assumed": "fenêtre non renseignée : {full} h supposées",
        "window_full": "{basis} (plein effet à partir de {full} h)",
        "live_http": "{what} : HTTP {code}{refused}",
        "live_refused": " (identifiants refusés)",
        "live_timeout": "{what} : aucune réponse en {seconds} s",
        "live_unreachable": "{what} : injoignable ({detail})",
        "live_malformed": "{what} : réponse HTTP malformée ({detail})",
        "live_connection": "{what} : échec de la connexion ({detail})",
        "live_not_json": "{what} : la réponse n'est pas du JSON",
        "live_unexpected": "{what} : réponse inattendue",
        "live_failed": "{what} : échec ({detail})",
        "live_intensity": "{what} : intensité inattendue {value}",
        "live_no_token": "{what} : aucun jeton dans la réponse",
        "live_no_point": "{what} : aucune valeur dans la réponse",
        "live_units": "{what} : unités inattendues {units}",
        "live_no_zone": "aucune zone {provider} n'est connue pour {where} (ni pour son pays)",
        "live_several": "l'empreinte utilise plusieurs réseaux, ceux où chaque fournisseur d'API sert son modèle "
                        "({countries}), et aucun n'est celui du système",
        "live_not_one_zone": "l'empreinte utilise le réseau où le fournisseur d'API sert le modèle ({country}), qui n'est "
                             "pas une seule zone {provider} ; le réseau de la région d'hébergement n'entre dans aucun "
                             "chiffre du rapport",
        "live_note": "{provider} maintenant, zone {zone} ({how}), à {at} : {kind}{cached}. L'empreinte mensuelle garde la "
                     "moyenne avec laquelle elle a été calculée : une heure n'est pas un mois.",
        "live_unstated": "une heure non précisée",
        "live_marginal": "taux marginal (MOER), converti de lbs CO2/MWh",
        "live_average": "moyenne, cycle de vie",
        "live_cached": " ; tiré du cache local",
        "live_fallback": "{label} ({note}), celui qu'utilise l'empreinte, affiché car l'intensité actuelle est "
                         "indisponible : {reason}",
        "zone_by_country": "pays {country} (la région elle-même n'a pas de zone dans la table)",
        "zone_served": "pays {country}, où le fournisseur d'API sert le modèle",
        "where_country": "pays {country}",
    },
}


def said(key: str, **values) -> Said:
    """A grid sentence written before the report's language is known (advisor/said.py)."""
    return Said(WORDS, key, **values)


def say(key: str, lang: str, **values) -> str:
    return pick(WORDS, key, lang, **values)


def dec(x: float, spec: str, lang: str) -> str:
    """A number in the reader's convention: in English exactly what `format(x, spec)` writes (the
    text the grid code always wrote), in French advisor.i18n's num/pct (decimal comma, ` %`)."""
    if lang != "fr":
        return format(x, spec)
    return pct(x * 100, lang) if spec.endswith("%") else num(x, lang)
