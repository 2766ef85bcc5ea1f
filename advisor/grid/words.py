"""The grid code's sentences for the reader, in English and French (looked up with advisor.i18n.pick).

Why a table here: grid warnings reach French reports; every sentence a grid module shows a
reader belongs in both languages, under one key, so a test can compare keys and placeholders.
"""

from __future__ import annotations

from advisor.i18n import pick

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "live_unavailable": "live grid intensity unavailable ({reason}); {label} is shown instead",
        "no_current": "no current grid intensity shown: {why}",
        "location-average": "the bundled yearly figure",
        "user-figure": "your own figure (cloud.grid_intensity_gco2e_per_kwh)",
        "profile-mean": "the grid profile's mean",
        "marginal-profile-mean": "the grid profile's mean (a marginal rate)",
    },
    "fr": {
        "live_unavailable": "intensité actuelle du réseau indisponible ({reason}) ; {label} est affiché à la place",
        "no_current": "aucune intensité actuelle du réseau affichée : {why}",
        "location-average": "le chiffre annuel fourni",
        "user-figure": "votre propre chiffre (cloud.grid_intensity_gco2e_per_kwh)",
        "profile-mean": "la moyenne du profil du réseau",
        "marginal-profile-mean": "la moyenne du profil du réseau (un taux marginal)",
    },
}


def say(key: str, lang: str, **values) -> str:
    return pick(WORDS, key, lang, **values)
