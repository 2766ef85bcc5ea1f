"""Words and rows of a comparison, in English and French, shared by its every format.

The terminal table, the Markdown and the HTML page all show the same rows built here, so a
figure, a sign or a verdict reads the same whichever format the reader picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.i18n import num, pct

if TYPE_CHECKING:
    from advisor.compare import Comparison, Delta, Side, WorkloadComparison

LABELS = {
    "en": {
        "title": "Comparison",
        "totals": "System totals",
        "per_workload": "Per workload",
        "metric": "Metric",
        "difference": "Difference (B − A)",
        "change": "Change",
        "verdict": "Verdict",
        "workload": "Workload",
        "actions": "Top actions and plan",
        "no_action": "no action with a saving",
        "notes": "Notes",
        "sources": "Sources",
        "measured": "measured",
        "estimated": "estimated",
        "only_in": "only in",
        "chart_emissions": "Emissions per workload (kgCO2e/month)",
        "chart_difference": "Difference in emissions, B − A (kgCO2e/month)",
        "to": "to",
        "energy_kwh_month": "Energy (kWh/month)",
        "operational_kgco2e_month": "Operational emissions (kgCO2e/month)",
        "embodied_kgco2e_month": "Embodied emissions (kgCO2e/month)",
        "emissions_kgco2e_month": "Emissions (kgCO2e/month)",
        "grid_intensity_gco2e_per_kwh": "Grid (gCO2e/kWh)",
        "pue": "PUE",
        "sci_per_request_gco2e": "SCI per request (gCO2e)",
        "sci_per_1k_tokens_gco2e": "SCI per 1k tokens (gCO2e)",
        "sci_per_hour_gco2e": "SCI per hour (gCO2e)",
        "lower": "↓ lower",
        "higher": "↑ higher",
        "likely-lower": "↓? likely lower (ranges overlap)",
        "likely-higher": "↑? likely higher (ranges overlap)",
        "within-uncertainty": "≈ within uncertainty",
        "same": "= same",
        "added": "+ added",
        "removed": "− removed",
        "legend": (
            "Figures are central estimates with their low–high range. A change is called lower or higher only when "
            "the two ranges do not overlap; likely lower or higher when they overlap but the low, central and high "
            "values all moved the same way (which holds when both estimates err alike, as a before/after pair sharing "
            "the calculator's assumptions does); within uncertainty otherwise. The difference's range runs from B's "
            "low minus A's high to B's high minus A's low. `--format json` gives every figure with its provenance."
        ),
        "kind_changed": "workload '{name}' is a {a} in {la} and a {b} in {lb}: its figures are compared as they are",
        "measured_mixed": "workload '{name}': {which} is measured and the other side estimated; the difference mixes "
                          "a measurement with an estimate",
    },
    "fr": {
        "title": "Comparaison",
        "totals": "Totaux du système",
        "per_workload": "Par charge",
        "metric": "Indicateur",
        "difference": "Écart (B − A)",
        "change": "Variation",
        "verdict": "Verdict",
        "workload": "Charge",
        "actions": "Actions prioritaires et plan",
        "no_action": "aucune action avec une économie",
        "notes": "Remarques",
        "sources": "Sources",
        "measured": "mesuré",
        "estimated": "estimé",
        "only_in": "seulement dans",
        "chart_emissions": "Émissions par charge (kgCO2e/mois)",
        "chart_difference": "Écart d'émissions, B − A (kgCO2e/mois)",
        "to": "à",
        "energy_kwh_month": "Énergie (kWh/mois)",
        "operational_kgco2e_month": "Émissions opérationnelles (kgCO2e/mois)",
        "embodied_kgco2e_month": "Émissions intrinsèques (kgCO2e/mois)",
        "emissions_kgco2e_month": "Émissions (kgCO2e/mois)",
        "grid_intensity_gco2e_per_kwh": "Réseau (gCO2e/kWh)",
        "pue": "PUE",
        "sci_per_request_gco2e": "SCI par requête (gCO2e)",
        "sci_per_1k_tokens_gco2e": "SCI pour 1k tokens (gCO2e)",
        "sci_per_hour_gco2e": "SCI par heure (gCO2e)",
        "lower": "↓ en baisse",
        "higher": "↑ en hausse",
        "likely-lower": "↓? baisse probable (fourchettes chevauchantes)",
        "likely-higher": "↑? hausse probable (fourchettes chevauchantes)",
        "within-uncertainty": "≈ dans l'incertitude",
        "same": "= identique",
        "added": "+ ajoutée",
        "removed": "− retirée",
        "legend": (
            "Les chiffres sont des estimations centrales avec leur fourchette (bas–haut). Une variation n'est dite en "
            "baisse ou en hausse que si les deux fourchettes ne se chevauchent pas ; baisse ou hausse probable "
            "si elles se chevauchent mais que les valeurs basse, centrale et haute ont toutes bougé dans le même "
            "sens (ce qui vaut quand les deux estimations se trompent de la même façon, comme une paire avant/après "
            "qui partage les hypothèses du calculateur) ; dans l'incertitude sinon. La fourchette de l'écart va du bas "
            "de B moins le haut de A au haut de B moins le bas de A. `--format json` donne chaque chiffre avec sa "
            "provenance."
        ),
        "kind_changed": "la charge '{name}' est de type {a} dans {la} et {b} dans {lb} : ses chiffres sont comparés tels quels",
        "measured_mixed": "charge '{name}' : {which} est mesuré et l'autre côté estimé ; l'écart compare une mesure à "
                          "une estimation",
    },
}

# Which way each verdict leans, for colours and CSS classes: better, worse or neither.
TONE = {"lower": "better", "likely-lower": "likely-better", "higher": "worse", "likely-higher": "likely-worse",
        "within-uncertainty": "neutral", "same": "neutral", "added": "neutral", "removed": "neutral"}


def word(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["en"])[key]


def signed(x: float, lang: str) -> str:
    """A difference with its sign always shown (a typographic minus, as the reports write it)."""
    if x == 0:
        return "0"
    return ("+" if x > 0 else "−") + num(abs(x), lang)


def signed_pct(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    if x == 0:
        return pct(0, lang)
    return ("+" if x > 0 else "−") + pct(abs(x), lang)


def figure_text(fig, lang: str) -> str:
    """Central value, then its range when it has one."""
    if fig is None:
        return "–"
    text = num(fig.value, lang)
    if fig.low != fig.high:
        text += f" ({num(fig.low, lang)}–{num(fig.high, lang)})"
    if fig.provenance == "measured":
        text += f" [{word('measured', lang)}]"
    return text


def difference_text(fig, lang: str) -> str:
    if fig is None:
        return "–"
    text = signed(fig.value, lang)
    if fig.low != fig.high:
        text += f" ({signed(fig.low, lang)} {word('to', lang)} {signed(fig.high, lang)})"
    return text


@dataclass(frozen=True)
class Row:
    """One figure of the comparison as every renderer prints it."""

    key: str
    metric: str
    a: str
    b: str
    difference: str
    change: str
    verdict: str
    tone: str


def row(key: str, d: Delta, lang: str) -> Row:
    return Row(key=key, metric=word(key, lang), a=figure_text(d.a, lang), b=figure_text(d.b, lang),
               difference=difference_text(d.difference, lang), change=signed_pct(d.change_pct, lang),
               verdict=word(d.verdict, lang), tone=TONE[d.verdict])


def total_rows(c: Comparison) -> list[Row]:
    return [row(key, d, c.lang) for key, d in c.totals.items()]


# Per workload, the figures worth a line in a human-readable comparison (JSON has them all).
SHOWN = ("energy_kwh_month", "emissions_kgco2e_month", "grid_intensity_gco2e_per_kwh")


def workload_rows(w: WorkloadComparison, lang: str) -> list[Row]:
    rows = [row(key, w.figures[key], lang) for key in SHOWN if key in w.figures]
    return rows + [row(key, d, lang) for key, d in w.sci.items()]


def workload_heading(w: WorkloadComparison, c: Comparison) -> str:
    """The workload's name and kind; which side has it, or which side is measured, when that matters."""
    lang = c.lang
    if w.status != "both":
        kind = w.kind_a or w.kind_b
        return f"{w.name} ({kind}; {word('only_in', lang)} {'A' if w.status == 'removed' else 'B'})"
    kind = w.kind_a if w.kind_a == w.kind_b else f"{w.kind_a} → {w.kind_b}"
    if not (w.measured_a or w.measured_b):
        return f"{w.name} ({kind})"

    def how(measured: bool | None) -> str:
        return word("measured" if measured else "estimated", lang)

    return f"{w.name} ({kind}; A {how(w.measured_a)}, B {how(w.measured_b)})"


def side_summary(side: Side, lang: str) -> tuple[str, list[str]]:
    """The side's plan verdict and its top actions, one line each."""
    plan = side.plan.message if side.plan else "–"
    actions = [f"{a.action}: −{num(a.saving_kgco2e_month, lang)} kgCO2e/{'mois' if lang == 'fr' else 'month'}"
               f" (−{num(a.saving_kwh_month, lang)} kWh)" for a in side.top_actions]
    return plan, actions or [word("no_action", lang)]


def system_line(side: Side, lang: str) -> str:
    where = " ".join(x for x in (side.system.cloud, side.system.region) if x)
    file = f" — {side.system.file}" if side.system.file else ""
    return f"{side.system.name} ({where}){file}"


def notes(kinds: list[tuple[str, str | None, str | None]], measured: list[tuple[str, bool | None, bool | None]],
          lang: str, label_a: str, label_b: str) -> list[str]:
    out = [word("kind_changed", lang).format(name=n, a=a, b=b, la=label_a, lb=label_b) for n, a, b in kinds]
    out += [word("measured_mixed", lang).format(name=n, which=label_a if ma else label_b) for n, ma, _ in measured]
    return out
