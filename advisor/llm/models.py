"""Which model writes the recommendations, and how to reach it.

`--model` takes `offline` (the engine alone), `anthropic:MODEL`, `openai:MODEL` (with
`--base-url` for any OpenAI-compatible server: Ollama, vLLM, llama.cpp), `ollama:MODEL`
(a local Ollama), the name of a server from the config file, or `mock:…` (a scripted model
for tests and demos). Keys come from the standard environment variables and are never
printed: every message that leaves this module goes through `secrets.scrub`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
import threading
from functools import lru_cache

from advisor.errors import InputError
from advisor.home import Settings

PROVIDERS = ("openai", "anthropic", "ollama", "mock")
KEY_VARIABLE = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
OLLAMA_URL = "http://127.0.0.1:11434/v1"
NO_KEY = "not-needed"  # local OpenAI-compatible servers accept any key


@dataclass(frozen=True)
class ModelChoice:
    provider: str  # openai | anthropic | mock  (ollama and config servers speak OpenAI)
    model: str
    base_url: str | None = None
    key_variable: str | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or f"{self.provider}:{self.model}"

    @property
    def local(self) -> bool:
        return self.base_url is not None

    def api_key(self) -> str | None:
        if self.key_variable and os.environ.get(self.key_variable):
            return os.environ[self.key_variable]
        return None


def parse_model(spec: str, settings: Settings, base_url: str | None = None) -> ModelChoice | None:
    """None means offline."""
    spec = spec.strip()
    if spec in ("", "offline"):
        return None
    base_url = base_url or settings.base_url
    if spec in settings.servers:
        server = settings.servers[spec]
        return ModelChoice("openai", server.model, server.base_url, server.api_key_env, label=spec)
    if ":" not in spec:
        raise InputError(
            f"--model {spec}: expected 'offline', PROVIDER:MODEL ({', '.join(PROVIDERS)}) "
            f"or a server named in {settings_hint()}"
        )
    provider, model = spec.split(":", 1)
    provider = provider.strip().lower()
    if not model:
        raise InputError(f"--model {spec}: the model name is missing after '{provider}:'")
    if provider == "ollama":
        return ModelChoice("openai", model, base_url or OLLAMA_URL, None, label=spec)
    if provider == "mock":
        from advisor.llm.mock import check_name

        check_name(model)
        return ModelChoice("mock", model, None, None, label=spec)
    if provider not in KEY_VARIABLE:
        raise InputError(f"--model {spec}: unknown provider '{provider}'; use one of {', '.join(PROVIDERS)}")
    return ModelChoice(provider, model, base_url, KEY_VARIABLE[provider], label=spec)


def settings_hint() -> str:
    from advisor.home import config_path

    return str(config_path())


def check_key(choice: ModelChoice) -> None:
    if choice.provider == "mock" or choice.local:
        return
    if not choice.api_key():
        raise InputError(
            f"--model {choice.id}: no API key; set {choice.key_variable} in the environment "
            f"(or use --base-url for a local OpenAI-compatible server)"
        )


def chat_model(choice: ModelChoice, settings: Settings):
    """A LangChain chat model; the SDK's own retries are off (we retry, with backoff, ourselves).

    Real clients are built once per model, endpoint, key and timeout and shared: building
    one (an HTTP client, its connection pool) costs more than a loopback call, and a fleet
    analysis reuses it across threads. Scripted mocks keep state, so each call gets its own.
    """
    if choice.provider == "mock":
        from advisor.llm.mock import mock_model

        return mock_model(choice.model)
    with _CLIENT_LOCK:  # lru_cache alone lets concurrent first callers each build a client
        return _client(choice.provider, choice.model, choice.base_url, choice.api_key(), settings.timeout_s)


_CLIENT_LOCK = threading.Lock()


@lru_cache(maxsize=16)
def _client(provider: str, model: str, base_url: str | None, key: str | None, timeout_s: float):
    kwargs = {"base_url": base_url} if base_url else {}
    if provider == "anthropic":
        from langchain_anthropic import ChatAnthropic

        return ChatAnthropic(
            model=model, api_key=key or NO_KEY, timeout=timeout_s, max_retries=0, max_tokens=4096, temperature=0, **kwargs,
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model, api_key=key or NO_KEY, timeout=timeout_s, max_retries=0, temperature=0,
        use_responses_api=False, max_tokens=2048, **kwargs,
    )


def available(settings: Settings) -> list[dict[str, str]]:
    """What `greenadvisor models` lists: each way to get recommendations, and whether it is ready."""
    rows = [{"model": "offline", "status": "ready", "note": "the engine alone (default): no key, no network"}]
    for provider, variable in KEY_VARIABLE.items():
        ready = bool(os.environ.get(variable))
        rows.append({
            "model": f"{provider}:MODEL",
            "status": "key set" if ready else "no key",
            "note": f"{variable} {'is set' if ready else 'is not set'}"
                    + ("; --base-url for OpenAI-compatible servers" if provider == "openai" else ""),
        })
    rows.append({"model": "ollama:MODEL", "status": "local", "note": f"an Ollama server at {OLLAMA_URL}"})
    for name, server in settings.servers.items():
        rows.append({"model": name, "status": "configured", "note": f"{server.model} at {server.base_url}"})
    rows.append({"model": "mock:valid|hostile|broken", "status": "ready", "note": "scripted answers, for tests and demos"})
    return rows
