"""Words and numbers in English and French: one place for every sentence the report prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.engine.advise import Candidate, Plan

LABELS = {
    "en": {
        "action": "Action",
        "impact": "Estimated impact",
        "difficulty": "Implementation difficulty",
        "tools": "Suggested tools",
        "workload": "Workload",
        "risk": "Accuracy risk",
        "footprint": "Footprint",
        "recommendations": "Recommendations",
        "plan": "Combined plan",
        "warnings": "Warnings",
        "notes": "Notes",
        "sources": "Sources",
        "ruled_out": "Ruled out",
        "energy": "Energy (kWh/month)",
        "intensity": "Grid (gCO2e/kWh)",
        "pue": "PUE",
        "emissions": "Emissions (kgCO2e/month)",
        "operational": "operational",
        "embodied": "embodied",
        "sci": "SCI",
        "total": "Total",
        "per_request": "per request",
        "per_1k_tokens": "per 1k tokens",
        "per_hour": "per hour",
        "low": "Low",
        "medium": "Medium",
        "high": "High",
        "none": "None",
        "range": "range",
        "system": "System",
        "clouds": "allowed clouds",
        "model": "model",
        "level": "level",
        "how": "How",
        "measured": "measured",
        "estimated": "estimated",
        "estimate_gap": "estimate {gap} vs measured",
        "summary": "Model's summary",
        "guardrails": "Guard-rails applied to the model's answer",
        "advisor": "The advice's own footprint",
        "advisor_line": "{model}: {calls}, {input} tokens in, {output} out, ≈ {wh} Wh ({low}–{high}), ≈ {g} gCO2e — {note}",
        "advisor_cached": "answered from the local cache: no tokens spent",
        "call": "call",
        "calls": "calls",
        "grid_now": "Grid now",
        "estimated_by": "Figures are estimates with their range (low–high); sources below. `--format json` gives every figure with its provenance.",
        "measured_by": ("Energy marked measured comes from the metrics given, scaled to the month; the other figures are estimates "
                        "with their range (low–high); sources below. `--format json` gives every figure with its provenance."),
        "none_applicable": "No applicable action was found for this system.",
        "rating": "Energy rating (GPU Wh per 1,000 queries)",
        "rating_value": "GPU Wh / 1k queries",
        "rating_stars": "Rating",
        "rating_reference": "Compared with",
        "rating_over_range": "over the range",
    },
    "fr": {
        "action": "Action",
        "impact": "Impact estimé",
        "difficulty": "Difficulté d'implémentation",
        "tools": "Outils suggérés",
        "workload": "Charge",
        "risk": "Risque de précision",
        "footprint": "Empreinte",
        "recommendations": "Recommandations",
        "plan": "Plan combiné",
        "warnings": "Avertissements",
        "notes": "Remarques",
        "sources": "Sources",
        "ruled_out": "Écartées",
        "energy": "Énergie (kWh/mois)",
        "intensity": "Réseau (gCO2e/kWh)",
        "pue": "PUE",
        "emissions": "Émissions (kgCO2e/mois)",
        "operational": "opérationnelles",
        "embodied": "intrinsèques",
        "sci": "SCI",
        "total": "Total",
        "per_request": "par requête",
        "per_1k_tokens": "pour 1k tokens",
        "per_hour": "par heure",
        "low": "Faible",
        "medium": "Moyenne",
        "high": "Élevée",
        "none": "Aucun",
        "range": "fourchette",
        "system": "Système",
        "clouds": "clouds autorisés",
        "model": "modèle",
        "level": "niveau",
        "how": "Mise en œuvre",
        "measured": "mesuré",
        "estimated": "estimé",
        "estimate_gap": "estimation {gap} par rapport à la mesure",
        "summary": "Synthèse du modèle",
        "guardrails": "Garde-fous appliqués à la réponse du modèle",
        "advisor": "Empreinte du conseil lui-même",
        "advisor_line": "{model} : {calls}, {input} tokens en entrée, {output} en sortie, ≈ {wh} Wh ({low}–{high}), "
                        "≈ {g} gCO2e — {note}",
        "advisor_cached": "réponse tirée du cache local : aucun token dépensé",
        "call": "appel",
        "calls": "appels",
        "grid_now": "Réseau en ce moment",
        "estimated_by": "Les chiffres sont des estimations avec leur fourchette (bas–haut) ; sources ci-dessous. `--format json` donne chaque chiffre avec sa provenance.",
        "measured_by": ("L'énergie marquée mesurée vient des métriques fournies, ramenée au mois ; les autres chiffres sont des "
                        "estimations avec leur fourchette (bas–haut) ; sources ci-dessous. `--format json` donne chaque chiffre avec sa provenance."),
        "none_applicable": "Aucune action applicable n'a été trouvée pour ce système.",
        "rating": "Note énergétique (Wh GPU pour 1 000 requêtes)",
        "rating_value": "Wh GPU / 1k requêtes",
        "rating_stars": "Note",
        "rating_reference": "Comparé à",
        "rating_over_range": "sur la fourchette",
    },
}


from advisor.i18n import num, pct, pick  # noqa: E402,F401 - re-exported for the renderers


def label(key: str, lang: str) -> str:
    return pick(LABELS, key, lang)


def colon(lang: str) -> str:
    """A label's colon as the reader types it: French puts a space before it."""
    return " :" if lang == "fr" else ":"


def estimate_gap(w, lang: str) -> str | None:
    """How far the estimate was from the measurement that replaced it: 'estimate +863 % vs measured'."""
    figure = w.figures.get("estimate_vs_measured_pct")
    if figure is None:
        return None
    sign = "+" if figure.value > 0 else "−" if figure.value < 0 else "±"
    return label("estimate_gap", lang).format(gap=sign + pct(abs(figure.value), lang))


def energy_basis(w, lang: str) -> str:
    """Whether a workload's energy is measured or estimated, and by how much the estimate missed."""
    if not w.measured:
        return label("estimated", lang)
    gap = estimate_gap(w, lang)
    return label("measured", lang) + ((" ; " if lang == "fr" else "; ") + gap if gap else "")


def any_measured(report) -> bool:
    return any(w.measured for w in report.footprint.workloads)


def footer(report, lang: str) -> str:
    """The closing sentence: all estimates, or some energy measured (said only when true)."""
    return label("measured_by" if any_measured(report) else "estimated_by", lang)


def stars(rating, lang: str) -> str:
    """★★★☆☆, with the spread the figure's range allows when it is not one rating."""
    if rating is None or rating.stars is None:
        return "–"
    text = "★" * rating.stars + "☆" * max(rating.stars_out_of - rating.stars, 0)
    if rating.stars_range and rating.stars_range[0] != rating.stars_range[1]:
        text += f" ({rating.stars_range[0]}–{rating.stars_range[1]} {label('rating_over_range', lang)})"
    return text


def rated(report) -> list:
    """The workloads that carry an energy rating (inference workloads)."""
    return [w for w in report.footprint.workloads if w.energy_rating is not None]


def rating_methods(workloads) -> list[str]:
    """Each distinct method text once, in order: printed under the rating table."""
    return list(dict.fromkeys(w.energy_rating.method for w in workloads))


def rating_reference(rating, lang: str = "en") -> str:
    """The reference compared with, or why there is no rating."""
    parts = [x for x in (rating.reference, rating.reason) if x]
    return (" ; " if lang == "fr" else "; ").join(parts) or "–"


def difficulty(level: str, lang: str) -> str:
    return label(level, lang)


def action(c: Candidate, lang: str, several_workloads: bool) -> str:
    """Short, like the seed's table ("Quantification INT8"); the how-to goes in `details`."""
    words = c.technique.name(lang)
    if c.saving.target:
        words = f"{words} (→ {c.saving.target})"
    if several_workloads:
        words = f"[{c.workload.name}] {words}"
    return words


def impact(c: Candidate, lang: str) -> str:
    fr = lang == "fr"
    t = c.technique
    if t.lever == "none":
        return (
            "Pas d'économie directe : mesure l'effet réel des autres actions (Scope 2 et 3, PUE)"
            if fr
            else "No direct saving: measures the real effect of the other actions (Scope 2 and 3, PUE)"
        )
    if t.impact.method == "market-based":
        return (
            "Réduction en comptabilité « market-based » seulement ; émissions « location-based » inchangées"
            if fr
            else "Market-based reduction only; location-based emissions unchanged"
        )
    kwh, kg = c.saving.kwh, c.saving.kg
    if t.lever == "carbon":
        share = c.emissions_fraction()
        what = "émissions" if fr else "emissions"
        head = f"−{pct(share.value * 100, lang)} {what} (−{num(kg.value, lang)} kgCO2e/{'mois' if fr else 'month'}"
        tail = "énergie inchangée" if fr else "energy unchanged"
        sep = " ;" if fr else ";"
        return f"{head}{sep} {label('range', lang)} {pct(share.low * 100, lang)}–{pct(share.high * 100, lang)}){sep} {tail}"
    share = c.energy_fraction()
    what = "énergie" if fr else "energy"
    month = "mois" if fr else "month"
    sep = " ;" if fr else ";"
    return (
        f"−{pct(share.value * 100, lang)} {what} (−{num(kwh.value, lang)} kWh/{month}, "
        f"−{num(kg.value, lang)} kgCO2e/{month}{sep} {label('range', lang)} "
        f"{pct(share.low * 100, lang)}–{pct(share.high * 100, lang)})"
    )


def plan_message(plan: Plan, lang: str) -> str:
    fr = lang == "fr"
    e = plan.energy_reduction_pct
    c = plan.emissions_reduction_pct
    n = len(plan.actions)
    if fr:
        counted = "1 action" if n == 1 else f"{n} actions combinées"
    else:
        counted = "1 action" if n == 1 else f"{n} actions combined"
    combined = (
        f"{counted} : −{pct(e.value, lang)} d'énergie ({pct(e.low, lang)}–{pct(e.high, lang)}), "
        f"−{pct(c.value, lang)} d'émissions"
        if fr
        else f"{counted}: −{pct(e.value, lang)} energy ({pct(e.low, lang)}–{pct(e.high, lang)}), "
        f"−{pct(c.value, lang)} emissions"
    )
    objective = plan.objective_pct
    if plan.status == "nothing-to-do":
        return label("none_applicable", lang)
    if plan.status == "no-objective":
        return combined + "."
    goal = pct(objective, lang)
    if plan.status == "reached":
        return (
            f"Objectif de −{goal} d'énergie atteint avec des actions sans risque pour la précision. {combined}."
            if fr
            else f"The −{goal} energy objective is reached with actions that do not put accuracy at risk. {combined}."
        )
    safe = pct(plan.safe_energy_reduction_pct, lang)
    if plan.status == "reached-with-risk":
        return (
            f"Objectif de −{goal} atteignable seulement avec des actions qui risquent la précision : les actions sûres "
            f"seules donnent −{safe}. {combined}. Validez la précision avant de déployer."
            if fr
            else f"The −{goal} objective is reachable only with actions that put accuracy at risk: safe actions alone "
            f"give −{safe}. {combined}. Validate accuracy before rollout."
        )
    return (
        f"Objectif de −{goal} hors de portée : les actions sûres donnent −{safe}, et toutes les actions applicables "
        f"ensemble −{pct(e.value, lang)}. {combined}."
        if fr
        else f"The −{goal} objective is out of reach: safe actions give −{safe}, and every applicable action "
        f"together −{pct(e.value, lang)}. {combined}."
    )


def advisor_line(report, lang: str) -> str | None:
    a = report.advisor_footprint
    if a is None:
        return None
    if a.cached:
        return label("advisor_cached", lang)
    return pick(LABELS, "advisor_line", lang, model=a.model, calls=f"{a.calls} {label('calls' if a.calls > 1 else 'call', lang)}",
                input=num(a.input_tokens, lang), output=num(a.output_tokens, lang), wh=num(a.energy_wh.value, lang),
                low=num(a.energy_wh.low, lang), high=num(a.energy_wh.high, lang), g=num(a.emissions_gco2e.value, lang),
                note=a.note)


# What stands in for the live figure when it could not be had: the footprint's own (en, fr).
NOT_LIVE = {
    "location-average": ("bundled yearly figure, no live value", "chiffre annuel fourni, faute de valeur en direct"),
    "user-figure": ("your own figure from the file, no live value", "votre propre chiffre (fichier), faute de valeur en direct"),
    "profile-mean": ("the grid profile's mean, no live value", "moyenne du profil horaire, faute de valeur en direct"),
    "marginal-profile-mean": ("the grid profile's mean (marginal rate), no live value",
                              "moyenne du profil horaire (débit marginal), faute de valeur en direct"),
}


def grid_now_line(report, lang: str) -> str | None:
    """The current intensity (or the yearly figure standing in for it), its time and its source."""
    g = report.grid_now
    if g is None:
        return None
    f = g.figure
    if not g.live:
        what = NOT_LIVE.get(g.basis or "location-average", NOT_LIVE["location-average"])
        return f"{num(f.value, lang)} gCO2e/kWh — {what[1] if lang == 'fr' else what[0]} ({g.provider})"
    cached = (" (cache)" if g.cached else "")
    zone = f"{g.provider}, {g.zone}" if g.zone else g.provider
    return f"{num(f.value, lang)} gCO2e/kWh — {zone}, {g.at or '?'}{cached}" + (
        " ; débit marginal (MOER)" if lang == "fr" and "MOER" in (f.note or "") else
        "; marginal rate (MOER)" if "MOER" in (f.note or "") else "")
