"""Renderers: the same Report as a terminal table, Markdown (the seed's columns), JSON, HTML or an Impact Framework manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.report import Report

FORMATS = ("table", "markdown", "json", "html", "if-manifest")
EXTENSIONS = {"table": "txt", "markdown": "md", "json": "json", "html": "html", "if-manifest": "yaml"}


def render(report: Report, fmt: str, *, width: int | None = None, color: bool = False) -> str:
    from advisor.said import worded

    report = worded(report, report.lang)  # notes written before the language was known (advisor/said.py)
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "markdown":
        from advisor.render.markdown import to_markdown

        return to_markdown(report)
    if fmt == "html":
        from advisor.render.html import to_html

        return to_html(report)
    if fmt == "if-manifest":
        from advisor.render.ifmanifest import to_if_manifest

        return to_if_manifest(report)
    if fmt == "table":
        from advisor.render.table import to_table

        return to_table(report, width=width, color=color)
    raise ValueError(f"unknown format {fmt!r}")
