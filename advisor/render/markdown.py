"""Markdown report: the seed's four-column table, then the figures behind it."""

from __future__ import annotations

from advisor.i18n import figure as fmt_figure
from advisor.render.md_escape import cell as _cell
from advisor.render.text import (
    advisor_line, any_measured, colon as text_colon, difficulty, energy_basis, footer, grid_now_line, label, num, rated, rating_methods, rating_reference, stars,
)
from advisor.report import Report, WorkloadFootprintOut


def _fig(figure, lang: str) -> str:
    text = fmt_figure(figure, lang, " (")
    return text + ")" if "(" in text else text


def _sci(w: WorkloadFootprintOut, lang: str) -> str:
    for key, unit in (("sci_per_request_gco2e", "per_request"), ("sci_per_1k_tokens_gco2e", "per_1k_tokens"), ("sci_per_hour_gco2e", "per_hour")):
        figure = w.figures.get(key)
        if figure is not None:
            return f"{num(figure.value, lang)} gCO2e {label(unit, lang)}"
    return "–"


def _rating(report: Report, lang: str) -> list[str]:
    workloads = rated(report)
    if not workloads:
        return []
    L = lambda key: label(key, lang)  # noqa: E731
    out = [f"### {L('rating')}", "", f"| {L('workload')} | {L('rating_value')} | {L('rating_stars')} | {L('rating_reference')} |",
           "| :--- | ---: | :--- | :--- |"]
    for w in workloads:
        r = w.energy_rating
        out.append(f"| {_cell(w.name)} | {_fig(r.wh_per_1k_queries, lang)} | {stars(r, lang)} | {_cell(rating_reference(r, lang))} |")
    out += [""] + [f"_{_cell(m)}_" for m in rating_methods(workloads)] + [""]
    return out


def to_markdown(report: Report) -> str:
    lang = report.lang
    L = lambda key: label(key, lang)  # noqa: E731 - a local shorthand keeps the rows readable
    out: list[str] = [f"# greenadvisor — {_cell(report.system.name)}", ""]
    if report.system.description:
        out += [_cell(report.system.description), ""]
    where = _cell(" ".join(x for x in (report.system.cloud, report.system.region) if x))
    colon = text_colon(lang)
    out += [
        f"**{L('system')}**{colon} {where} · {L('clouds')}{colon} {_cell(', '.join(report.system.allowed_clouds))} · "
        f"{L('model')}{colon} {_cell(report.model)} · {L('level')}{colon} {report.level}",
        "",
        *([f"> **⚠** {_cell(report.model_failed)}", ""] if report.model_failed else []),
        f"## {L('footprint')}",
        "",
        f"| {L('workload')} | {L('energy')} | {L('intensity')} | {L('pue')} | {L('emissions')} | {L('sci')} |",
        "| :--- | ---: | ---: | ---: | ---: | :--- |",
    ]
    measured = any_measured(report)  # with nothing measured, the footer says every figure is an estimate
    for w in report.footprint.workloads:
        basis = f", {_cell(energy_basis(w, lang))}" if measured else ""
        out.append(
            f"| {_cell(w.name)} ({_cell(w.kind)}{basis}) | {_fig(w.figures.get('energy_kwh_month'), lang)} | "
            f"{_fig(w.figures.get('grid_intensity_gco2e_per_kwh'), lang)} | {_fig(w.figures.get('pue'), lang)} | "
            f"{_fig(w.figures.get('emissions_kgco2e_month'), lang)} | {_sci(w, lang)} |"
        )
    f = report.footprint.figures
    out += [
        f"| **{L('total')}** | **{_fig(f.get('energy_kwh_month'), lang)}** | | | "
        f"**{_fig(f.get('emissions_kgco2e_month'), lang)}** ({L('operational')} {num(report.footprint.operational_kgco2e_month, lang)}, "
        f"{L('embodied')} {num(report.footprint.embodied_kgco2e_month, lang)}) | |",
        "",
    ]
    now = grid_now_line(report, lang)
    if now:
        out += [f"**{L('grid_now')}**{colon} {_cell(now)}", ""]
    out += _rating(report, lang)
    out += [
        f"## {L('recommendations')}",
        "",
    ]
    if report.recommendations:
        out += [
            f"| {L('action')} | {L('impact')} | {L('difficulty')} | {L('tools')} |",
            "| :--- | :--- | :--- | :--- |",
        ]
        for r in report.recommendations:
            out.append(
                f"| **{_cell(r.action)}** | {_cell(r.impact)} | {difficulty(r.difficulty, lang)} | "
                f"{_cell(', '.join(r.tools)) or '–'} |"
            )
    else:
        out.append(L("none_applicable"))
    if report.recommendations:
        out += ["", f"### {L('how')}", ""]
        out += [f"{i}. **{_cell(r.action)}**{colon} {_cell(r.details)}" for i, r in enumerate(report.recommendations, 1) if r.details]
    warned = [r for r in report.recommendations if r.warning]
    if warned:
        out += ["", f"### {L('warnings')}", ""]
        out += [f"- **{_cell(r.name)}** ({_cell(r.workload)}): {_cell(r.warning)}" for r in warned]
    if report.model_summary:
        out += ["", f"### {L('summary')}", "", _cell(report.model_summary)]
    if report.guardrails:
        out += ["", f"### {L('guardrails')}", ""]
        out += [f"- {_cell(note)}" for note in report.guardrails]
    if report.plan:
        out += ["", f"## {L('plan')}", "", _cell(report.plan.message)]
    advisor = advisor_line(report, lang)
    if advisor:
        out += ["", f"**{L('advisor')}**{colon} {_cell(advisor)}"]
    if report.warnings:
        out += ["", f"## {L('notes')}", ""]
        out += [f"- {_cell(w)}" for w in report.warnings]
    out += ["", f"_{footer(report, lang)}_", "", f"## {L('sources')}", ""]
    for key, source in report.sources.items():
        bits = [source.get("title", key)]
        if source.get("publisher"):
            bits.append(str(source["publisher"]))
        if source.get("year"):
            bits.append(str(source["year"]))
        line = f"- `{key}`: " + ", ".join(_cell(b) for b in bits)
        if source.get("url"):
            line += f" — <{source['url']}>"
        out.append(line)
    return "\n".join(out) + "\n"
