"""Answers already paid for: the same prompt to the same model answers from disk.

Only validated answers are stored (a failed or invalid answer never poisons the cache),
each in its own file written atomically. The key covers everything that shapes the
answer: model, endpoint, the rendered messages and the answer schema. No key, no secret:
API keys are not part of the key and never part of the value — not even echoed by a server
inside the model's text, which is scrubbed before it is written (`_scrubbed`).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from advisor.home import home
from advisor.llm.answer import json_schema

SCHEMA_TAG = hashlib.sha256(json.dumps(json_schema(), sort_keys=True).encode()).hexdigest()[:12]


def cache_dir() -> Path:
    return home() / "cache" / "answers"


def key(model_id: str, base_url: str | None, system: str, user: str) -> str:
    material = json.dumps([model_id, base_url or "", SCHEMA_TAG, system, user], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def get(cache_key: str) -> dict | None:
    path = cache_dir() / f"{cache_key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "raw" in data else None


def put(cache_key: str, raw: str, mode: str, usage: dict) -> None:
    from advisor.output import write_atomic

    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        payload = {"raw": _scrubbed(raw), "mode": mode, "usage": usage, "stored": time.time()}
        write_atomic(directory / f"{cache_key}.json", json.dumps(payload, ensure_ascii=False))
    except Exception:  # a cache that cannot be written only costs tokens next time
        pass


def _scrubbed(raw: str) -> str:
    """The answer with every configured key removed; a JSON answer stays valid JSON."""
    from advisor.secrets import scrub, scrub_data

    try:
        return json.dumps(scrub_data(json.loads(raw)), ensure_ascii=False)
    except ValueError:
        return scrub(raw)
