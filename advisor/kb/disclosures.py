"""Providers' own published energy per request (knowledge/hosted/disclosures.yaml).

A cross-check beside a hosted model's estimate, never a figure the calculator uses.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from advisor.kb.common import Text, _Strict


class Disclosure(_Strict):
    """A provider's own published energy per request (knowledge/hosted/disclosures.yaml): a cross-check, never a figure used."""

    id: str
    publisher: str  # who published it, as a sentence names them
    providers: tuple[str, ...]
    models: tuple[str, ...]  # lower-case prefixes of the model names it may stand for
    wh_per_request: Annotated[float, Field(gt=0)]
    what: Text
    sources: tuple[str, ...]

    def covers(self, provider: str | None, model: str | None) -> bool:
        name = (model or "").strip().lower()
        return (provider or "").strip().lower() in self.providers and any(name.startswith(m) for m in self.models)


class Disclosures(_Strict):
    ratio_noted: Annotated[float, Field(gt=1)]
    disclosures: tuple[Disclosure, ...] = ()

    def find(self, provider: str | None, model: str | None) -> Disclosure | None:
        return next((d for d in self.disclosures if d.covers(provider, model)), None)
