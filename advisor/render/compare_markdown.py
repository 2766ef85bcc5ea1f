"""A comparison in Markdown: the same rows as the terminal table, for a pull request or a wiki."""

from __future__ import annotations

from advisor.compare import Comparison
from advisor.render.compare_text import Row, side_summary, system_line, total_rows, word, workload_heading, workload_rows
from advisor.render.md_escape import cell as _cell
from advisor.render.text import label


def _header(c: Comparison) -> list[str]:
    lang = c.lang
    return [
        f"| {word('metric', lang)} | A · {_cell(c.a.label)} | B · {_cell(c.b.label)} | {word('difference', lang)} | "
        f"{word('change', lang)} | {word('verdict', lang)} |",
        "| :--- | ---: | ---: | ---: | ---: | :--- |",
    ]


def _line(r: Row, strong: bool = False) -> str:
    verdict = f"**{_cell(r.verdict)}**" if strong and r.tone in ("better", "worse") else _cell(r.verdict)
    return f"| {_cell(r.metric)} | {_cell(r.a)} | {_cell(r.b)} | {_cell(r.difference)} | {_cell(r.change)} | {verdict} |"


def to_markdown(c: Comparison) -> str:
    lang = c.lang
    colon = " :" if lang == "fr" else ":"
    out = [
        f"# greenadvisor — {word('title', lang)}{colon} {_cell(c.a.label)} → {_cell(c.b.label)}",
        "",
        f"- **A**{colon} {_cell(system_line(c.a, lang))}",
        f"- **B**{colon} {_cell(system_line(c.b, lang))}",
        "",
        f"## {word('totals', lang)}",
        "",
        *_header(c),
        *(_line(r, strong=True) for r in total_rows(c)),
        "",
        f"## {word('per_workload', lang)}",
    ]
    for w in c.workloads:
        out += ["", f"### {_cell(workload_heading(w, c))}", "", *_header(c), *(_line(r) for r in workload_rows(w, lang))]
    out += ["", f"## {word('actions', lang)}", ""]
    for name, side in (("A", c.a), ("B", c.b)):
        plan, actions = side_summary(side, lang)
        out.append(f"- **{name} · {_cell(side.label)}**{colon} {_cell(plan)}")
        out += [f"  - {_cell(line)}" for line in actions]
    if c.notes:
        out += ["", f"## {word('notes', lang)}", ""]
        out += [f"- {_cell(note)}" for note in c.notes]
    out += ["", f"_{word('legend', lang)}_", "", f"## {label('sources', lang)}", ""]
    for key, source in c.sources.items():
        bits = [source.get("title", key)] + [str(source[k]) for k in ("publisher", "year") if source.get(k)]
        line = f"- `{key}`: " + ", ".join(_cell(b) for b in bits)
        if source.get("url"):
            line += f" — <{source['url']}>"
        out.append(line)
    return "\n".join(out) + "\n"
