"""Where greenadvisor keeps its own files (cache, log, config), and its settings.

One overridable home: $GREENADVISOR_HOME, else $XDG_DATA_HOME/greenadvisor, else
~/.local/share/greenadvisor. Nothing is created until something needs to be written.
Settings come, in that order of precedence, from flags, environment variables
(GREENADVISOR_MODEL, GREENADVISOR_BASE_URL, …) and the config file
($GREENADVISOR_CONFIG, else config.yaml in the home).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import InputError, Problem


def home() -> Path:
    explicit = os.environ.get("GREENADVISOR_HOME")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "greenadvisor"


def config_path() -> Path:
    explicit = os.environ.get("GREENADVISOR_CONFIG")
    return Path(explicit).expanduser() if explicit else home() / "config.yaml"


class Server(BaseModel):
    """An OpenAI-compatible server (Ollama, vLLM, llama.cpp …) known by a short name."""

    model_config = ConfigDict(extra="forbid")
    base_url: str
    model: str
    api_key_env: str | None = Field(None, description="Environment variable holding this server's key, if any.")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    model: str = "offline"
    base_url: str | None = None
    timeout_s: Annotated[float, Field(gt=0, le=3600)] = 120.0
    max_repairs: Annotated[int, Field(ge=0, le=5)] = 2
    max_transport_retries: Annotated[int, Field(ge=0, le=10)] = 3
    fallback: str | None = None
    grid_timeout_s: Annotated[float, Field(gt=0, le=120)] = 5.0  # live grid intensity: a report must not wait on it
    grid_cache_ttl_s: Annotated[float, Field(ge=0, le=86400)] = 900.0  # Electricity Maps publishes hourly
    servers: dict[str, Server] = Field(default_factory=dict)


ENV = {
    "model": "GREENADVISOR_MODEL",
    "base_url": "GREENADVISOR_BASE_URL",
    "timeout_s": "GREENADVISOR_TIMEOUT",
    "fallback": "GREENADVISOR_FALLBACK",
    "grid_timeout_s": "GREENADVISOR_GRID_TIMEOUT",
    "grid_cache_ttl_s": "GREENADVISOR_GRID_CACHE_TTL",
}
# The command-line flags load_settings is given, by setting (advisor/cli/analyze.py).
FLAGS = {"model": "--model", "base_url": "--base-url", "timeout_s": "--timeout", "fallback": "--fallback"}


def load_settings(**flags) -> Settings:
    """Config file, then environment, then the flags that were given (None = not given)."""
    data: dict = {}
    path = config_path()
    if path.is_file():
        from advisor.yamlfile import load_yaml

        doc = load_yaml(path, "config file")
        data.update(doc.data)
        try:
            Settings.model_validate(data)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            loc = tuple(error["loc"])
            raise InputError(Problem(error["msg"], doc.line_of(loc), ".".join(map(str, loc))), path) from None
    origin: dict[str, str] = {}  # where each value that overrides the file came from, to name it in an error
    for key, variable in ENV.items():
        if os.environ.get(variable):
            data[key] = os.environ[variable]
            origin[key] = variable
    for key, value in flags.items():
        if value is not None:
            data[key] = value
            origin[key] = FLAGS.get(key, key)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        raise InputError(_where(loc, origin, data) + error["msg"]) from None


def _where(loc: tuple, origin: dict[str, str], data: dict) -> str:
    """'GREENADVISOR_GRID_TIMEOUT=abc: ' for a bad variable, '--timeout=-1: ' for a flag.

    Why: a user who set a variable in a shell profile long ago cannot act on "grid_timeout_s";
    the name they typed is the one they can find and fix. (The config file's own errors, which
    carry a line, are raised before any variable or flag is read.)
    """
    key = str(loc[0]) if loc else ""
    if key in origin:
        return f"{origin[key]}={str(data[key])[:60]}: "
    return f"{'.'.join(map(str, loc))}: " if loc else ""
