"""One analysis, start to finish: file -> architecture -> footprint -> advice -> report.

The CLI, the eval suite and (later) the chat REPL all call this, so there is one path
from a file to a report and it behaves the same everywhere.
"""

from __future__ import annotations

from pathlib import Path

from advisor.engine.advise import advise
from advisor.footprint import Calculator
from advisor.kb import KnowledgeBase, load_kb
from advisor.loader import LoadedArchitecture, load_architecture
from advisor.report import Report, build_report


def analyze_loaded(loaded: LoadedArchitecture, kb: KnowledgeBase, *, level: str = "pro", lang: str = "en") -> Report:
    arch = loaded.architecture
    footprint = Calculator(kb, arch).footprint()
    advice = advise(arch, footprint, kb, lang)
    return build_report(loaded, advice, kb, level=level, lang=lang)


def analyze_file(path: str | Path, *, level: str = "pro", lang: str = "en", kb: KnowledgeBase | None = None) -> Report:
    kb = kb or load_kb()
    return analyze_loaded(load_architecture(path, kb), kb, level=level, lang=lang)
