"""One analysis, start to finish: file -> architecture -> footprint -> advice -> report.

The CLI, the prompt renderer, the LLM path and the eval suite all start here, so there is
one path from a file to the engine's advice and it behaves the same everywhere.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from advisor.engine.advise import Advice, advise
from advisor.errors import InputError, Problem
from advisor.footprint import Calculator
from advisor.grid.attach import profile_for
from advisor.kb import KnowledgeBase, load_kb
from advisor.loader import LoadedArchitecture, load_architecture
from advisor.report import Report, build_report


@dataclass
class Analysis:
    loaded: LoadedArchitecture
    advice: Advice
    kb: KnowledgeBase
    lang: str

    @property
    def architecture(self):
        return self.loaded.architecture

    @property
    def footprint(self):
        return self.advice.footprint


def prepare(loaded: LoadedArchitecture, kb: KnowledgeBase, lang: str = "en", metrics: str | Path | None = None,
            grid_profile: str | Path | None = None) -> Analysis:
    """Footprint (measured where metrics cover it) and advice for one loaded architecture.

    Metrics come from `metrics` (the --metrics flag) or the file's own `metrics:` field,
    relative to the file. CodeCarbon's CSV is parsed only when there is one. An hourly grid
    profile comes the same way, from `grid_profile` (--grid-profile) or the file's `grid_profile:`.
    """
    arch = loaded.architecture
    measurements = {}
    source = Path(metrics) if metrics else (loaded.path.parent / arch.metrics if arch.metrics else None)
    if source is not None:
        from advisor.measured import load_measurements

        with _referenced(loaded, None if metrics else "metrics"):
            measurements, notes = load_measurements(source, arch)
        loaded.warnings.extend(n for n in notes if n not in loaded.warnings)  # prepare may run again (chat)
    with _referenced(loaded, None if grid_profile else "grid_profile"):
        profile = profile_for(loaded, kb, grid_profile, lang)
    footprint = Calculator(kb, arch, measurements, profile).footprint()
    return Analysis(loaded, advise(arch, footprint, kb, lang), kb, lang)


@contextmanager
def _referenced(loaded: LoadedArchitecture, field: str | None):
    """A file named by a field of the architecture file: its errors also name that file, line and field.

    Why: "missing.csv: no such file" does not say which architecture file asked for it, and
    in a fleet of files that is the question. An error inside the referenced file keeps its own
    file, line and column after the field's location. `field` None: the file came from a flag.
    """
    try:
        yield
    except InputError as exc:
        if field is None:
            raise
        doc = loaded.document
        line = doc.line_of((field,)) if doc is not None else None
        raise InputError([Problem(p.render(exc.file), line, field) for p in exc.problems], loaded.path) from None


def prepare_file(path: str | Path, *, lang: str = "en", kb: KnowledgeBase | None = None,
                 metrics: str | Path | None = None, grid_profile: str | Path | None = None) -> Analysis:
    kb = kb or load_kb()
    return prepare(load_architecture(path, kb), kb, lang, metrics, grid_profile)


def analyze_loaded(loaded: LoadedArchitecture, kb: KnowledgeBase, *, level: str = "pro", lang: str = "en") -> Report:
    analysis = prepare(loaded, kb, lang)
    return build_report(loaded, analysis.advice, kb, level=level, lang=lang)

