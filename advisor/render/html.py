"""A self-contained HTML report: inline CSS and SVG, no script, no network at view time.

Light and dark themes follow the reader's system setting; print styles drop colour
backgrounds. Charts are inline SVG computed here (bars with their low–high ranges), so the
page renders the same offline, in a browser or when printed.
"""

from __future__ import annotations

from functools import cache

from advisor.i18n import figure as fmt_figure, num
from advisor.render.text import (
    advisor_line, colon, difficulty, estimate_gap, footer, grid_now_line, label, rated, rating_methods, rating_reference, stars,
)
from advisor.report import Report

BAR_WIDTH = 560


@cache
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("advisor.render", "."), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2")


def _bars(rows: list[tuple[str, float, float, float]], unit: str, lang: str, marker: float | None = None) -> dict:
    """Scale (label, value, low, high) rows to the chart width."""
    top = max([r[3] for r in rows] + [r[1] for r in rows] + [marker or 0] + [1e-12])
    scale = BAR_WIDTH / top
    return {
        "rows": [{"label": name, "width": value * scale, "low": low * scale, "high": high * scale,
                  "text": f"{num(value, lang)} {unit}"} for name, value, low, high in rows],
        "marker": None if marker is None else marker * scale,
        "height": 34 * len(rows) + 10,
    }


def _fig(figure, lang: str) -> str:
    text = fmt_figure(figure, lang, " (")
    return text + ")" if "(" in text else text


def to_html(report: Report) -> str:
    lang = report.lang
    fp = report.footprint
    plan = report.plan
    charts = []
    if plan is not None:
        for key, after_key, unit, title in (
            ("energy_kwh_month", "energy_after_kwh_month", "kWh", label("energy", lang)),
            ("emissions_kgco2e_month", "emissions_after_kgco2e_month", "kgCO2e", label("emissions", lang)),
        ):
            now = fp.figures[key]
            after = getattr(plan, after_key)
            marker = None
            if key == "energy_kwh_month" and plan.objective_reduce_energy_pct:
                marker = now.value * (1 - plan.objective_reduce_energy_pct / 100)
            charts.append({
                "title": title,
                "bars": _bars([(("maintenant" if lang == "fr" else "now"), now.value, now.low, now.high),
                               (("après le plan" if lang == "fr" else "after the plan"), after.value, after.low, after.high)],
                              unit, lang, marker),
                "marker_label": (("objectif" if lang == "fr" else "objective") if marker is not None else None),
            })
    savings = [r for r in report.recommendations if r.saving_kgco2e_month > 0][:10]
    action_chart = _bars(
        [(r.action, r.saving_kgco2e_month, r.figures.get("saving_kgco2e_month").low if r.figures.get("saving_kgco2e_month") else r.saving_kgco2e_month,
          r.figures.get("saving_kgco2e_month").high if r.figures.get("saving_kgco2e_month") else r.saving_kgco2e_month)
         for r in savings], "kgCO2e", lang) if savings else None
    return _template().render(
        report=report, lang=lang, L=lambda key: label(key, lang), fig=lambda f: _fig(f, lang),
        num=lambda x: num(x, lang), difficulty=lambda d: difficulty(d, lang), charts=charts, action_chart=action_chart,
        advisor=advisor_line(report, lang), colon=colon(lang), bar_width=BAR_WIDTH, grid_now=grid_now_line(report, lang),
        rated=rated(report), rating_methods=rating_methods(rated(report)), rating_reference=lambda r: rating_reference(r, lang),
        stars=lambda r: stars(r, lang), estimate_gap=lambda w: estimate_gap(w, lang), footer=footer(report, lang),
    )
