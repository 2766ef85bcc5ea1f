"""Eval cases (DESIGN.md's contract): an architecture, inline, and what an expert expects of it.

`reasons` (an extension of the contract) gives the one-line reason behind each expected
id. A case file is read like an architecture file: a bad one is one clear error with its
line, never a traceback.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from advisor.architecture import CloudName, suggest
from advisor.errors import InputError, Problem
from advisor.loader import LoadedArchitecture, validate_document
from advisor.yamlfile import YamlDocument, load_yaml

CLOUDS = get_args(CloudName)
EXTENSIONS = (".yaml", ".yml")  # read in any case: C.YAML is a case file too


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    flag_accuracy_risk: list[str] = Field(default_factory=list)
    clouds: list[str] = Field(default_factory=list)

    @field_validator("clouds", mode="before")
    @classmethod
    def _clouds(cls, value):
        """In any case, as an architecture's `cloud.provider` and `constraints.clouds` are read."""
        return [c.strip().lower() if isinstance(c, str) else c for c in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _disjoint(self) -> Expect:
        both = set(self.include) & set(self.exclude)
        if both:
            raise ValueError(f"ids both included and excluded: {', '.join(sorted(both))}")
        return self


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=120)]
    description: str | None = None
    architecture: dict
    expect: Expect
    reasons: dict[str, str] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if "/" in value or value.startswith("."):
            raise ValueError("a case name cannot contain '/' or start with '.'")
        return value


class EvalCase(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    case: CaseFile
    path: Path
    loaded: LoadedArchitecture

    @property
    def name(self) -> str:
        return self.case.name

    @property
    def expect(self) -> Expect:
        return self.case.expect


def _sub_document(doc: YamlDocument, key: str) -> YamlDocument:
    """The part of a document under `key`, with its lines kept, as a document of its own."""
    n = 1
    sub = YamlDocument(path=doc.path, data=doc.data[key])
    sub.lines = {p[n:]: line for p, line in doc.lines.items() if p[:n] == (key,)}
    sub.key_lines = {p[n:]: line for p, line in doc.key_lines.items() if p[:n] == (key,) and len(p) > n}
    return sub


# Top-level fields only an architecture file has: a case holds them under `architecture:`.
ARCHITECTURE_FIELDS = ("workloads", "cloud", "objective", "constraints", "metrics")


def _architecture_shaped(path: Path, data) -> None:
    """An architecture file given as a case (`eval --cases examples`) gets one message saying
    what it is and what a case needs, instead of one pydantic complaint per field."""
    if not isinstance(data, dict) or "architecture" in data or "expect" in data:
        return
    fields = [f for f in data if f in ARCHITECTURE_FIELDS]
    if "workloads" in fields:
        raise InputError(
            f"this looks like an architecture file ({', '.join(f + ':' for f in fields)}), not an eval case; "
            f"a case holds name:, the system under architecture: (inline) and what an expert expects under expect: "
            f"(include, exclude, flag_accuracy_risk, clouds), as in evals/cases/; to analyse this file, run "
            f"greenadvisor analyze {path}", path)


def load_case(path: Path, kb) -> EvalCase:
    doc = load_yaml(path, "eval case")
    _architecture_shaped(path, doc.data)
    try:
        case = CaseFile.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            problems.append(Problem(error["msg"].removeprefix("Value error, "), doc.line_of(loc), ".".join(map(str, loc))))
        raise InputError(problems, path) from None
    _check_names(case.expect, doc, path, kb)
    try:
        loaded = validate_document(_sub_document(doc, "architecture"), kb)
    except InputError as exc:  # the architecture's fields, named from the case file's top
        raise InputError([replace(p, field=f"architecture.{p.field}") if p.field else p for p in exc.problems],
                         exc.file) from None
    return EvalCase(case=case, path=path, loaded=loaded)


def _check_names(expect: Expect, doc: YamlDocument, path: Path, kb) -> None:
    """Every id and cloud the case names must exist: a typo would silently score as wrong."""
    for field_name, known, what in (("include", kb.techniques, "technique id"), ("exclude", kb.techniques, "technique id"),
                                    ("flag_accuracy_risk", kb.techniques, "technique id"), ("clouds", CLOUDS, "cloud")):
        for i, value in enumerate(getattr(expect, field_name)):
            if value not in known:
                raise InputError(Problem(suggest(value, known, what), doc.line_of(("expect", field_name, i)),
                                         f"expect.{field_name}"), path)


def load_cases(directory: Path, kb) -> list[EvalCase]:
    if not directory.exists():
        raise InputError("no such folder of eval cases", directory)
    if not directory.is_dir():
        raise InputError("is not a folder (give the folder that holds the case files)", directory)
    paths = sorted(p for p in directory.iterdir() if p.suffix.lower() in EXTENSIONS and p.is_file())
    if not paths:
        raise InputError("no eval case (*.yaml or *.yml) in this folder", directory)
    cases = [load_case(p, kb) for p in paths]
    seen: dict[str, Path] = {}
    for case in cases:
        if case.name in seen:
            raise InputError(f"two cases are named '{case.name}' ({seen[case.name].name} and {case.path.name})", directory)
        seen[case.name] = case.path
    return cases
