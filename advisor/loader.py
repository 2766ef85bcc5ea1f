"""From a path to a validated Architecture, or one clear error naming file, line and field."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from advisor.architecture import Architecture
from advisor.archnotes import remarks
from advisor.archnotes_words import say
from advisor.errors import InputError, Problem
from advisor.said import at
from advisor.yamlfile import YamlDocument, load_yaml


@dataclass
class LoadedArchitecture:
    architecture: Architecture
    path: Path
    warnings: list[str] = field(default_factory=list)
    document: YamlDocument | None = None


def load_architecture(path: str | Path, kb) -> LoadedArchitecture:
    doc = load_yaml(path, "architecture file")
    return validate_document(doc, kb)


def validate_document(doc: YamlDocument, kb) -> LoadedArchitecture:
    warnings: list[str] = []
    data = _prune(doc, Architecture, doc.data, (), warnings)
    _drop_api_hardware(doc, data, warnings)
    _names_as_written(doc, data)
    notes: list[tuple[tuple, str]] = []
    try:
        architecture = Architecture.model_validate(data, context={"kb": kb, "notes": notes})
    except ValidationError as exc:
        raise InputError(_problems(exc, doc), doc.path) from None
    warnings.extend(at(_where(doc, path), message) for path, message in [*notes, *remarks(architecture, kb)])
    warnings.extend(_defaults_used(doc, architecture))
    return LoadedArchitecture(architecture, doc.path, warnings, doc)


def _where(doc: YamlDocument, path: tuple) -> str:
    line = doc.line_of(path)
    field_name = ".".join(str(p) for p in path)
    return f"{doc.path}:{line}: {field_name}: " if line is not None else f"{doc.path}: {field_name}: "


def _names_as_written(doc: YamlDocument, data: dict) -> None:
    """`name: 2024`, `name: 007` or `name: 2024-01-01` is a name: keep the text as written, not
    the number or date YAML read (a boolean or null stays, and the model refuses it)."""
    for path, text in doc.texts.items():
        if not _is_name(path):
            continue
        try:
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            value = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # pruned, or dropped with an llm-api workload's hardware
        if value is not None and not isinstance(value, (str, bool)):
            parent[path[-1]] = text


def _is_name(path: tuple) -> bool:
    """The system's, a workload's or a workload's model name."""
    return path == ("name",) or (len(path) in (3, 4) and path[0] == "workloads" and path[-1] == "name"
                                 and (len(path) == 3 or path[2] == "model"))


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    """Pydantic model classes reachable in an annotation (through Optional, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_model_types(arg))
    return found


def _prune(doc: YamlDocument, model: type[BaseModel], data: Any, path: tuple, warnings: list[str]) -> Any:
    """Drop unknown keys with a warning, but refuse near-misses of known ones (typos)."""
    if not isinstance(data, dict):
        return data
    fields = model.model_fields
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.75)
            where = ".".join(str(p) for p in (*path, key))
            if close:
                raise InputError(
                    Problem(f"unknown field '{key}'; did you mean '{close[0]}'?", doc.line_of((*path, key)), where),
                    doc.path,
                )
            warnings.append(at(f"{doc.path}:{doc.line_of((*path, key))}: ", say("unknown_field", where=where)))
            continue
        sub = _model_types(fields[key].annotation)
        if sub and isinstance(value, dict):
            value = _prune(doc, sub[0], value, (*path, key), warnings)
        elif sub and isinstance(value, list):
            value = [_prune(doc, sub[0], item, (*path, key, i), warnings) for i, item in enumerate(value)]
        result[key] = value
    return result


def _drop_api_hardware(doc: YamlDocument, data: dict, warnings: list[str]) -> None:
    workloads = data.get("workloads")
    if not isinstance(workloads, list):
        return
    for i, workload in enumerate(workloads):
        if isinstance(workload, dict) and workload.get("kind") == "llm-api" and "hardware" in workload:
            del workload["hardware"]
            warnings.append(at(f"{doc.path}:{doc.line_of(('workloads', i, 'hardware'))}: ",
                               say("api_hardware", name=str(workload.get("name")))))


def _defaults_used(doc: YamlDocument, architecture: Architecture) -> list[str]:
    notes = []
    for i, workload in enumerate(architecture.workloads):
        if workload.hardware is None:
            continue
        for name, default in (("utilization", 0.5), ("hours_per_month", 730)):
            if ("workloads", i, "hardware", name) not in doc.key_lines:
                notes.append(say("default_used", name=workload.name, field=name, default=default))
    return notes


def _problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if error["type"] == "literal_error":
            message = _literal_message(error, message)
        elif error["type"] == "missing":
            message = "required field is missing"
        elif error["type"] == "extra_forbidden":
            message = "unknown field"
        field_name = ".".join(str(p) for p in loc) or None
        if error["type"] == "missing" and loc:
            line = doc.line_of(loc[:-1])
        else:
            line = doc.line_of(loc)
        problems.append(Problem(message, line, field_name))
    return problems or [Problem("invalid architecture")]


def _literal_message(error: dict, default: str) -> str:
    given = error.get("input")
    expected = error.get("ctx", {}).get("expected", "")
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
    if isinstance(given, str) and choices:
        close = difflib.get_close_matches(given.lower(), choices, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{given}' is not one of {', '.join(choices)}{hint}"
    if isinstance(given, (dict, list)):
        return f"expected one of {', '.join(choices)}, got a {type(given).__name__}"
    return default


