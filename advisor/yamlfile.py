"""Reading a user's YAML file defensively, keeping the line of every key and value.

PyYAML's composer gives nodes with marks; we turn them into plain Python ourselves so
that (a) every path in the data maps back to a line for error messages, (b) aliases are
expanded under a budget (an alias bomb becomes an error, not a hang), (c) duplicate
keys, binary content, bad encodings and oversized files are refused with one clear line, and
(d) merge keys (`<<: *base`, YAML 1.1) are resolved here, since PyYAML's own flattening
would lose the lines: a merged key keeps the line where its value is written (the anchor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import InputError, Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes and marks, faster
MAX_BYTES = 1024 * 1024  # an architecture file is a few kB; 1 MiB leaves ample room
MAX_NODES = 20_000  # after alias expansion

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    path: Path
    data: dict[str, Any]
    lines: dict[Path_, int] = field(default_factory=dict)  # path -> line of its value
    key_lines: dict[Path_, int] = field(default_factory=dict)  # path -> line of its key
    texts: dict[Path_, str] = field(default_factory=dict)  # path -> a scalar's text as written (names: `2024`)

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest part of `path` that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _a(what: str) -> str:
    """'an architecture file', 'a metrics file': the article the noun needs."""
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}"


def read_text(path: Path, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """Read a small text file, refusing directories, binaries, non-UTF-8 and huge files."""
    try:
        if path.is_dir():
            raise InputError(f"is a directory, not {_a(what)}", path)
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"no such {what}", path) from None
    except PermissionError:
        raise InputError(f"permission denied reading this {what}", path) from None
    except OSError as exc:
        raise InputError(f"cannot read this {what}: {exc.strerror or exc}", path) from None
    if len(raw) > max_bytes:
        raise InputError(
            f"file is too large for {_a(what)} (over {max_bytes // 1024} KiB); is this the right file?",
            path,
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(Problem(f"binary content (NUL byte); {_a(what)} must be UTF-8 text", line), path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line), path
        ) from None


def load_yaml(path: str | Path, what: str = "file") -> YamlDocument:
    path = Path(path)
    text = read_text(path, what)
    return parse_yaml(text, path, what)


def parse_yaml(text: str, path: Path, what: str = "file") -> YamlDocument:
    if not _has_content(text):
        raise InputError(f"the {what} is empty", path)
    try:
        loader = _LOADER(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise InputError(Problem(f"character U+{exc.character:04X} is not allowed in YAML", line), path) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        raise InputError(Problem(f"YAML syntax error: {message}", line), path) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise InputError(Problem(f"character U+{exc.character:04X} is not allowed in YAML", line), path) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", path) from None
    except RecursionError:
        raise InputError("YAML nested too deeply", path) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError(f"the {what} is empty", path)
    if not isinstance(node, yaml.MappingNode):
        raise InputError(
            Problem(f"the {what} must be a mapping of fields (name: ..., workloads: ...)", node.start_mark.line + 1),
            path,
        )
    doc = YamlDocument(path=path, data={})
    builder = _Builder(doc, loader)
    try:
        doc.data = builder.build(node, ())
    except RecursionError:
        raise InputError("YAML nested too deeply", path) from None
    return doc


def _has_content(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


class _Builder:
    def __init__(self, doc: YamlDocument, loader):
        self.doc = doc
        self.loader = loader
        self.count = 0
        self.open: set[int] = set()  # collections being built: one met again is a cycle

    def _fail(self, message: str, node: yaml.Node) -> InputError:
        return InputError(Problem(message, node.start_mark.line + 1), self.doc.path)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(
                f"too many values after expanding aliases (over {MAX_NODES}); alias bombs are refused", node
            )
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            self.doc.texts[path] = node.value
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise self._fail(f"bad value: {getattr(exc, 'problem', exc)}", node) from None
        if id(node) in self.open:
            raise self._fail("a value includes itself (a recursive alias or merge key)", node)
        self.open.add(id(node))
        try:
            return self._collection(node, path)
        finally:
            self.open.discard(id(node))

    def _collection(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key, key_node, value_node in self._pairs(node, set()):
                self.doc.key_lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        raise self._fail("unsupported YAML node", node)  # pragma: no cover - composer yields only these

    def _key(self, key_node: yaml.Node) -> str:
        if not isinstance(key_node, yaml.ScalarNode):
            raise self._fail("keys must be plain names", key_node)
        try:
            key = self.loader.construct_object(key_node)
        except yaml.YAMLError as exc:  # e.g. '=' resolves to the value-key tag, which has no constructor
            raise self._fail(f"bad key: {getattr(exc, 'problem', exc)}", key_node) from None
        if key is None or isinstance(key, (list, dict)):
            raise self._fail("keys must be plain names", key_node)
        return str(key)

    def _pairs(self, node: yaml.MappingNode, seen: set[int]) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """A mapping's (key, key node, value node), merge keys resolved as YAML 1.1 says: the
        mapping's own keys win over merged ones, and an earlier merged mapping over a later one."""
        if id(node) in seen:
            raise self._fail("a value includes itself (a recursive alias or merge key)", node)
        seen = seen | {id(node)}
        own: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged += value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                continue
            key = self._key(key_node)
            if key in own:
                raise self._fail(f"duplicate key '{key}'", key_node)
            own[key] = (key_node, value_node)
        pairs = {key: (key, *nodes) for key, nodes in own.items()}
        for source in merged:
            self.count += 1
            if self.count > MAX_NODES:
                raise self._fail(f"too many values after expanding aliases (over {MAX_NODES}); alias bombs are refused", source)
            if not isinstance(source, yaml.MappingNode):
                raise self._fail("a merge key (<<) takes a mapping or a list of mappings (e.g. <<: *base)", source)
            for key, key_node, value_node in self._pairs(source, seen):
                pairs.setdefault(key, (key, key_node, value_node))
        return list(pairs.values())
