"""A fleet's reports on disk and its summary on stdout.

Each report gets a distinct name (two `x.yaml` in different folders must not overwrite each
other), none may land on an input, and each is written as soon as it is ready: a failed
write is that file's failure (exit 1), the others are still written and the summary, which
says which report went to which file, still prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from advisor.errors import ExitCode, InputError, OutputError


def prepare_folder(output: Path, files: list[Path], fmt: str) -> dict[Path, str]:
    """Before any work: the folder exists (or is made), and no report would replace an input."""
    from advisor.batch import report_names
    from advisor.clobber import inputs_of, refuse_clobber
    from advisor.render import EXTENSIONS

    if output.exists() and not output.is_dir():
        raise InputError("with several files, --output must be a folder", output)
    names = report_names(files, EXTENSIONS[fmt])
    refuse_clobber((output / n for n in names.values()), inputs_of(files))
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a bad output path, found before any work
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", output) from None
    return names


def writer(output: Path | None, names: dict[Path, str], fmt: str):
    """A callable that writes one outcome's report (when --output is set) and counts them."""

    def write(outcome) -> None:
        if output is None or not outcome.ok:
            return
        from advisor.output import write_atomic
        from advisor.render import render

        target = output / names[outcome.path]
        try:
            write_atomic(target, render(outcome.report, fmt))
        except (OutputError, InputError) as exc:
            outcome.report, outcome.error, outcome.exit_code = None, str(exc), int(ExitCode.RUNTIME_FAILURE)
            return
        outcome.written = target
        write.count += 1

    write.count = 0
    return write


def summary(outcomes: list, fmt: str, output: Path | None) -> None:
    from advisor.batch import summary_rows
    from advisor.output import write_stdout

    rows = summary_rows(outcomes)
    if fmt == "json":
        write_stdout(json.dumps({"files": rows}, ensure_ascii=False, indent=2) + "\n", "json")
    else:
        write_stdout(_summary_text(rows, fmt, with_reports=output is not None))


def _summary_text(rows: list[dict], fmt: str, with_reports: bool = False) -> str:
    from advisor.i18n import num

    header = ["file", "system", "kgCO2e/month", "top action", "saving kgCO2e/month"] + (["report"] if with_reports else [])
    body = []
    for r in rows:
        if r["status"] != "ok":
            row = [r["file"], "FAILED", "", (r["error"] or "").splitlines()[0][:120], ""]
        else:
            row = [r["file"], r["system"], num(r["emissions_kgco2e_month"]), r["top_action"] or "–",
                   num(r["top_saving_kgco2e_month"])]
        body.append(row + ([r.get("report", "")] if with_reports else []))
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        return "\n".join(lines) + "\n"
    widths = [max([len(h), *(len(row[i]) for row in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in body]
    return "\n".join(lines) + "\n"
