"""Renderers of a Comparison, by format, loaded only for the format asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.compare import Comparison


def render_comparison(c: Comparison, fmt: str, *, width: int | None = None, color: bool = False) -> str:
    from advisor.said import worded

    c = worded(c, c.lang)  # figure notes written before the language was known (advisor/said.py)
    if fmt == "json":
        return c.model_dump_json(indent=2) + "\n"
    if fmt == "markdown":
        from advisor.render.compare_markdown import to_markdown

        return to_markdown(c)
    if fmt == "html":
        from advisor.render.compare_html import to_html

        return to_html(c)
    if fmt == "table":
        from advisor.render.compare_table import to_table

        return to_table(c, width=width, color=color)
    raise ValueError(f"unknown format {fmt!r}")
