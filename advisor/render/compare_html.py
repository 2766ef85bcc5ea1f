"""A comparison as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.

It shares the report page's look (light and dark themes, print styles) but is its own
template, so the two pages can change independently.
"""

from __future__ import annotations

from functools import cache

from advisor.compare import Comparison
from advisor.render.compare_chart import difference_chart, emissions_chart
from advisor.render.compare_text import side_summary, system_line, total_rows, word, workload_heading, workload_rows
from advisor.render.text import label


@cache
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("advisor.render", "."), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("compare.html.j2")


def to_html(c: Comparison) -> str:
    lang = c.lang
    workloads = [{"heading": workload_heading(w, c), "rows": workload_rows(w, lang)} for w in c.workloads]
    sides = []
    for name, side in (("A", c.a), ("B", c.b)):
        plan, actions = side_summary(side, lang)
        sides.append({"name": name, "label": side.label, "system": system_line(side, lang), "plan": plan,
                      "actions": actions})
    return _template().render(
        c=c, lang=lang, W=lambda key: word(key, lang), L=lambda key: label(key, lang), totals=total_rows(c),
        workloads=workloads, sides=sides, emissions_chart=emissions_chart(c), difference_chart=difference_chart(c),
    )
