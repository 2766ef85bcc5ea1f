"""Saved reports on disk: the folder `--save-reports` writes and `--reports` reads back.

One NAME.json per case; with several models, one subfolder per model (its label made safe
for a file name). Both folders are checked before any work: a wrong path is one clear
input error, never a crash after the model calls or a scorecard of "missing" rows.
"""

from __future__ import annotations

import json
from pathlib import Path

from advisor.errors import InputError


def subfolder(label: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in label)


def target(save_reports: Path, label: str, n_models: int) -> Path:
    return save_reports / subfolder(label) if n_models > 1 else save_reports


def check_target(save_reports: Path, labels: list[str]) -> None:
    """The folder (and each model's subfolder) must be a folder, or not exist yet."""
    for path in {save_reports, *(target(save_reports, label, len(labels)) for label in labels)}:
        if path.exists() and not path.is_dir():
            raise InputError("--save-reports: is not a folder (give a folder to write one NAME.json per case into)", path)


def write(save_reports: Path, label: str, n_models: int, case_name: str, report: dict) -> None:
    from advisor.output import write_atomic

    folder = target(save_reports, label, n_models)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / f"{case_name}.json", json.dumps(report, ensure_ascii=False, indent=2))


def check_source(reports: Path, case_names: list[str]) -> None:
    """A folder with none of the cases' reports, whose subfolders hold some, is the parent of
    a multi-model `--save-reports`: point to the subfolders instead of scoring all missing."""
    if not reports.is_dir():
        raise InputError("--reports: not a folder of saved reports", reports)
    files = [f"{name}.json" for name in case_names]
    if any((reports / f).is_file() for f in files):
        return
    holders = sorted(d.name for d in reports.iterdir() if d.is_dir() and any((d / f).is_file() for f in files))
    if holders:
        raise InputError(
            f"--reports: no saved report of these cases in this folder, but its subfolders hold some "
            f"(one per model, as --save-reports writes them for several models): {', '.join(h + '/' for h in holders)}; "
            f"give one of them, e.g. --reports {reports / holders[0]}", reports)


def none_found(reports: Path, case_names: list[str]) -> InputError:
    """The error for a --reports folder that held no report of any case: a scorecard of
    nothing but "no saved report" rows is a wrong folder (or wrong --cases), not a score of 0."""
    listed = [p.name for p in sorted(reports.glob("*.json"))[:3]]
    found = (f"; its JSON files ({', '.join(listed)}{', …' if len(listed) == 3 else ''}) are named after no case"
             if listed else "; it holds no JSON file")
    return InputError(f"--reports: no saved report of any of the {len(case_names)} cases (one NAME.json per case name, "
                      f"e.g. {case_names[0]}.json){found}; check the folder, or --cases", reports)


def read(reports: Path, case_name: str) -> tuple[dict | None, str, str | None]:
    """(report, status, detail): status is scored, missing or unscorable."""
    path = reports / f"{case_name}.json"
    if not path.is_file():
        return None, "missing", f"no saved report {path.name}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, "unscorable", f"{path.name}: not a JSON report ({exc})"
    if not isinstance(data, dict):
        return None, "unscorable", f"{path.name}: not a JSON object"
    return data, "scored", None
