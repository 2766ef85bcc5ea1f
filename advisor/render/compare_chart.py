"""The comparison's charts as inline SVG: emissions per workload (A beside B) and their difference.

Built here rather than by a chart library so the page stays self-contained and renders the
same offline, in any browser and in print. Every piece of text that came from a file (a
workload's name, a side's label) is escaped; geometry is numbers formatted here.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from advisor.compare import Comparison, Delta
from advisor.figures import Figure
from advisor.render.compare_text import TONE, signed, signed_pct, word

LABEL_W = 210  # workload names (cut at LABEL_CHARS, whole in the tooltip)
LABEL_CHARS = 30
PLOT_W = 460
TEXT_W = 230
BAR_H = 14
TOP = 26  # room for the legend or the axis caption
KEY = "emissions_kgco2e_month"


def _n(x: float) -> str:
    return f"{x:.1f}"


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _fig_text(fig: Figure, lang: str) -> str:
    from advisor.i18n import num

    text = num(fig.value, lang)
    return text if fig.low == fig.high else f"{text} ({num(fig.low, lang)}–{num(fig.high, lang)})"


def _svg(title: str, height: float, body: list[str], css_class: str) -> Markup:
    width = LABEL_W + PLOT_W + TEXT_W
    head = (f'<svg class="{css_class}" role="img" aria-label="{escape(title)}" width="{width}" height="{_n(height)}" '
            f'viewBox="0 0 {width} {_n(height)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


def emissions_chart(c: Comparison) -> Markup:
    """Two bars per workload (one when it exists on one side only), each with its low–high range."""
    lang = c.lang
    deltas = [(w.name, w.figures[KEY]) for w in c.workloads if KEY in w.figures]
    figures = [f for _, d in deltas for f in (d.a, d.b) if f is not None]
    scale = PLOT_W / max([f.high for f in figures] + [f.value for f in figures] + [1e-12])
    group = 2 * BAR_H + 18
    body = [
        f'<rect class="key-a" x="{LABEL_W}" y="4" width="12" height="12"></rect>'
        f'<text x="{LABEL_W + 18}" y="14">A · {escape(c.a.label)}</text>',
        f'<rect class="key-b" x="{LABEL_W + PLOT_W // 2}" y="4" width="12" height="12"></rect>'
        f'<text x="{LABEL_W + PLOT_W // 2 + 18}" y="14">B · {escape(c.b.label)}</text>',
    ]
    for i, (name, d) in enumerate(deltas):
        y0 = TOP + i * group
        body.append(f'<text class="label" x="0" y="{_n(y0 + BAR_H + 4)}"><title>{escape(name)}</title>'
                    f'{escape(_short(name))}</text>')
        for j, (side, fig) in enumerate((("a", d.a), ("b", d.b))):
            if fig is None:
                continue
            y = y0 + j * (BAR_H + 2)
            label = c.a.label if side == "a" else c.b.label
            text = _fig_text(fig, lang)
            body.append(
                f'<rect class="bar-{side}" x="{LABEL_W}" y="{_n(y)}" width="{_n(fig.value * scale)}" height="{BAR_H}" rx="2">'
                f'<title>{escape(name)} · {escape(label)}: {escape(text)} kgCO2e</title></rect>'
                f'<line class="range" x1="{_n(LABEL_W + fig.low * scale)}" x2="{_n(LABEL_W + fig.high * scale)}" '
                f'y1="{_n(y + BAR_H / 2)}" y2="{_n(y + BAR_H / 2)}"></line>'
                f'<text x="{LABEL_W + PLOT_W + 8}" y="{_n(y + BAR_H - 2)}">{side.upper()}: {escape(text)}</text>'
            )
    return _svg(word("chart_emissions", lang), TOP + len(deltas) * group + 4, body, "chart-emissions")


def _difference(d: Delta) -> tuple[float, float, float]:
    """B − A with its range; a workload on one side only counts against zero on the other."""
    if d.difference is not None:
        return d.difference.value, d.difference.low, d.difference.high
    if d.b is not None:  # added
        return d.b.value, d.b.low, d.b.high
    return -d.a.value, -d.a.high, -d.a.low  # removed


def difference_chart(c: Comparison) -> Markup:
    """One bar per workload from a zero axis: left is less, right is more; the range as a whisker.

    A bar is solid when the ranges are apart, pale when they overlap (the verdict is in its tooltip
    and in the table above), grey when nothing can be said.
    """
    lang = c.lang
    rows = [(w.name, w.figures[KEY]) for w in c.workloads if KEY in w.figures]
    diffs = [_difference(d) for _, d in rows]
    reach = max([abs(x) for triple in diffs for x in triple] + [1e-12])
    half = PLOT_W / 2
    zero = LABEL_W + half
    scale = half / reach
    step = BAR_H + 16
    body = [f'<text class="muted" x="{_n(zero)}" y="14" text-anchor="middle">0</text>']
    for i, ((name, d), (value, low, high)) in enumerate(zip(rows, diffs)):
        y = TOP + i * step
        x, width = (zero + min(value, 0) * scale), abs(value) * scale
        tone = TONE[d.verdict]
        change = f" ({signed_pct(d.change_pct, lang)})" if d.change_pct is not None else ""
        text = f"{signed(value, lang)}{change}"
        verdict = word(d.verdict, lang)
        body.append(
            f'<text class="label" x="0" y="{_n(y + BAR_H - 2)}"><title>{escape(name)}</title>{escape(_short(name))}</text>'
            f'<rect class="bar-diff {tone}" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{BAR_H}" rx="2">'
            f'<title>{escape(name)}: {escape(text)} kgCO2e — {escape(verdict)}</title></rect>'
            f'<line class="range" x1="{_n(zero + low * scale)}" x2="{_n(zero + high * scale)}" '
            f'y1="{_n(y + BAR_H / 2)}" y2="{_n(y + BAR_H / 2)}"></line>'
            f'<text x="{LABEL_W + PLOT_W + 8}" y="{_n(y + BAR_H - 2)}">{escape(text)}</text>'
        )
    height = TOP + len(rows) * step + 4
    body.append(f'<line class="axis" x1="{_n(zero)}" x2="{_n(zero)}" y1="18" y2="{_n(height - 2)}"></line>')
    return _svg(word("chart_difference", lang), height, body, "chart-difference")
