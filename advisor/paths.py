"""Where the bundled data lives, in a source checkout and in an installed wheel.

The wheel carries `knowledge/` and `prompts/` under `advisor/_data/` (see pyproject.toml);
a source checkout or an editable install has them at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    from advisor.errors import KnowledgeBaseError

    raise KnowledgeBaseError(f"bundled data folder '{name}' not found next to {_PACKAGE}")


def knowledge_dir() -> Path:
    return data_dir("knowledge")


def prompts_dir() -> Path:
    return data_dir("prompts")
