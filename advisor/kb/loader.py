"""Reading the knowledge base: YAML and CSV into the typed models, cross-checked, loaded once per process.

Data lives in `knowledge/` (see its README for the schema, and this package's other modules
for the models); this module only reads and checks it. Cross-references (every cited source
exists, every technique condition is from the known vocabulary) are checked at load time, so a
broken edit fails loudly in tests.
"""

from __future__ import annotations

import csv
import math
from functools import cache, cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from advisor.errors import KnowledgeBaseError
from advisor.kb.common import KINDS, Assumption, Source
from advisor.kb.disclosures import Disclosures
from advisor.kb.grid import PARTITION_GEOS, Intensity, Pue, Zone
from advisor.kb.hardware import Accelerator, MemorySizing
from advisor.kb.policy import Policy
from advisor.kb.rating import KindTask, PublishedRange, RatingReference
from advisor.kb.techniques import Technique
from advisor.paths import knowledge_dir

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the bundled files parse ~10x faster


class KnowledgeBase:
    def __init__(self, root: Path):
        self.root = root
        self.sources: dict[str, Source] = self._load_sources()
        self.regions: dict[tuple[str, str], Intensity] = self._load_regions()
        self.countries: dict[str, Intensity] = self._load_countries()
        self.pue: dict[str, Pue] = self._load_pue()
        self.accelerators: dict[str, Accelerator] = self._load_accelerators()
        self.memory = _build(MemorySizing, self._yaml("hardware/memory.yaml"), "hardware/memory.yaml")
        # other names of regions and countries (advisor/places.py): (provider, alias in lower case) ->
        # region id, and a common non-alpha-3 code (upper case) -> ISO alpha-3, with their sources
        self.region_aliases, self.country_aliases, self._alias_sources = self._load_aliases()
        self.cpu: dict = self._yaml("hardware/cpu.yaml")
        self.assumptions: dict[str, Assumption] = {
            key: Assumption(key=key, **value) for key, value in self._yaml("assumptions.yaml").items()
        }
        self.techniques: dict[str, Technique] = self._load_techniques()
        self.policy = Policy(**self._yaml("policy.yaml"))
        self.disclosures = _build(Disclosures, self._yaml("hosted/disclosures.yaml"), "hosted/disclosures.yaml")
        self.geo_neighbours: dict[str, tuple[str, ...]] = self._load_geo_neighbours()
        self.rating: RatingReference = self._load_rating("ratings/ai-energy-score.yaml")
        self.rating_tasks: dict[str, KindTask] = {
            kind: _build(KindTask, value, f"ratings/tasks.yaml: {kind}") for kind, value in (self._yaml("ratings/tasks.yaml") or {}).items()
        }
        self._check_rating_tasks()
        self._check_citations()

    # -- loading -------------------------------------------------------------------
    def _load_geo_neighbours(self) -> dict[str, tuple[str, ...]]:
        """grid/geos.yaml: the geographies a region move may reach past its own (none for a partition)."""
        data = self._yaml("grid/geos.yaml") or {}
        known = {r.geo for r in self.regions.values() if r.geo}
        neighbours: dict[str, tuple[str, ...]] = {}
        for geo, others in (data.get("neighbours") or {}).items():
            for g in (geo, *others):
                if g not in known:
                    raise KnowledgeBaseError(f"knowledge base: grid/geos.yaml: unknown geo '{g}' (regions.csv has {sorted(known)})")
                if g in PARTITION_GEOS:
                    raise KnowledgeBaseError(f"knowledge base: grid/geos.yaml: '{g}' is a separate partition: no move leaves or enters it")
            neighbours[geo] = tuple(others)
        return neighbours

    def _yaml(self, relative: str):
        path = self.root / relative
        try:
            with path.open(encoding="utf-8") as fh:
                return yaml.load(fh, Loader=_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise KnowledgeBaseError(f"knowledge base: cannot read {relative}: {exc}") from exc

    def _csv(self, relative: str) -> list[dict[str, str]]:
        path = self.root / relative
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]
        except OSError as exc:
            raise KnowledgeBaseError(f"knowledge base: cannot read {relative}: {exc}") from exc

    def _load_sources(self) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for path in sorted((self.root / "sources").glob("*.yaml")):
            entries = self._yaml(f"sources/{path.name}") or {}
            for key, value in entries.items():
                source = _build(Source, value, f"sources/{path.name}: {key}")
                if key in sources and sources[key].url != source.url:
                    raise KnowledgeBaseError(f"knowledge base: source id '{key}' defined twice with different urls")
                sources.setdefault(key, source)
        return sources

    @staticmethod
    def _intensity(row: dict[str, str], key: str, label: str, where: str) -> Intensity:
        try:
            value = float(row["gco2e_per_kwh"])
            low = float(row.get("low") or value)
            high = float(row.get("high") or value)
            year = int(float(row["year"])) if row.get("year") else None
        except (KeyError, ValueError) as exc:
            raise KnowledgeBaseError(f"knowledge base: {where}: bad number: {exc}") from exc
        return _build(
            Intensity,
            dict(
                key=key,
                label=label,
                country=row.get("country", "").strip().upper(),
                geo=(row.get("geo") or None),
                value=value,
                low=min(low, value),
                high=max(high, value),
                year=year,
                sources=_ids(row.get("source")),
                note=row.get("note") or None,
            ),
            where,
        )

    def _load_regions(self) -> dict[tuple[str, str], Intensity]:
        regions = {}
        for i, row in enumerate(self._csv("grid/regions.csv"), start=2):
            provider, region = row["provider"].strip(), row["region"].strip()
            label = f"{provider} {region} ({row.get('location', '').strip()})"
            twin = next((r for (p, r) in regions if p == provider and r.lower() == region.lower()), None)
            if twin is not None:  # the loader reads region ids in any case (advisor/architecture.py)
                raise KnowledgeBaseError(f"knowledge base: grid/regions.csv line {i}: {provider} region '{region}' "
                                         f"is '{twin}' in another case")
            regions[(provider, region)] = self._intensity(row, region, label, f"grid/regions.csv line {i}")
        return regions

    def _load_countries(self) -> dict[str, Intensity]:
        countries = {}
        for i, row in enumerate(self._csv("grid/countries.csv"), start=2):
            code = row["country"].strip().upper()
            countries[code] = self._intensity(row, code, f"{row.get('name', code)} ({code})", f"grid/countries.csv line {i}")
        return countries

    def _load_pue(self) -> dict[str, Pue]:
        result = {}
        for row in self._csv("datacenters/pue.csv"):
            value = float(row["pue"])
            result[row["provider"].strip()] = Pue(
                provider=row["provider"].strip(),
                value=value,
                low=float(row.get("low") or value),
                high=float(row.get("high") or value),
                year=int(float(row["year"])) if row.get("year") else None,
                sources=_ids(row.get("source")),
                note=row.get("note") or None,
            )
        return result

    def _load_accelerators(self) -> dict[str, Accelerator]:
        data = self._yaml("hardware/accelerators.yaml") or {}
        return {key: _build(Accelerator, {"id": key, **value}, f"accelerators: {key}") for key, value in data.items()}

    def _load_aliases(self) -> tuple[dict[tuple[str, str], str], dict[str, str], list[tuple[str, str]]]:
        regions: dict[tuple[str, str], str] = {}
        countries: dict[str, str] = {}
        cited: list[tuple[str, str]] = []
        for i, row in enumerate(self._csv("grid/region_aliases.csv"), start=2):
            where = f"grid/region_aliases.csv line {i}"
            provider, alias, region = (row.get(k, "").strip() for k in ("provider", "alias", "region"))
            if (provider, region) not in self.regions:
                raise KnowledgeBaseError(f"knowledge base: {where}: '{alias}' names {provider} region '{region}', not in grid/regions.csv")
            if (provider, alias.lower()) in regions:
                raise KnowledgeBaseError(f"knowledge base: {where}: {provider} alias '{alias}' given twice")
            regions[(provider, alias.lower())] = region
            cited += [(where, s) for s in _ids(row.get("source"))]
        for i, row in enumerate(self._csv("grid/country_aliases.csv"), start=2):
            where = f"grid/country_aliases.csv line {i}"
            alias, country = row.get("alias", "").strip().upper(), row.get("country", "").strip().upper()
            if country not in self.countries or alias in self.countries or alias in countries:
                raise KnowledgeBaseError(f"knowledge base: {where}: '{alias}' must be a new code for a country of "
                                         "grid/countries.csv, given once")
            countries[alias] = country
            cited += [(where, s) for s in _ids(row.get("source"))]
        return regions, countries, cited

    def _load_techniques(self) -> dict[str, Technique]:
        techniques = {}
        for path in sorted((self.root / "techniques").glob("*.yaml")):
            data = self._yaml(f"techniques/{path.name}")
            technique = _build(Technique, data, f"techniques/{path.name}")
            if technique.id != path.stem:
                raise KnowledgeBaseError(f"knowledge base: techniques/{path.name} has id '{technique.id}'")
            techniques[technique.id] = technique
        from advisor.technique_names import clashes  # only when the files are read: a cached base skips it

        for clash in clashes(techniques.values()):  # a name must say one technique (advisor/technique_names.py)
            where = f"knowledge base: techniques/{clash.technique}.yaml: alias '{clash.alias}' of {clash.technique}"
            if clash.other is None:
                raise KnowledgeBaseError(f"{where} is empty (brackets aside)")
            raise KnowledgeBaseError(f"{where} is already the {clash.what} of technique '{clash.other}' "
                                     f"(techniques/{clash.other}.yaml)")
        return techniques

    def _load_rating(self, relative: str) -> RatingReference:
        """The reference and its published per-model figures, checked against its own stars.

        Recomputing every published star from the published energies is what shows that the
        rule stated in the YAML is the reference's rule, not our reading of it.
        """
        data = self._yaml(relative) or {}
        reference = _build(RatingReference, data, relative)
        folder = str(Path(relative).parent)
        rows: dict[tuple[str, str], list[tuple[str, float, int, int]]] = {}
        for line, row in enumerate(self._csv(f"{folder}/{reference.models}"), start=2):
            where = f"{folder}/{reference.models} line {line}"
            task, cls = (row.get("task") or "").strip(), (row.get("class") or "").strip()
            if task not in reference.tasks:
                raise KnowledgeBaseError(f"knowledge base: {where}: unknown task '{task}'")
            if (cls or None) is not None and cls not in reference.tasks[task].classes or (not cls and reference.tasks[task].classes):
                raise KnowledgeBaseError(f"knowledge base: {where}: class '{cls}' does not fit task '{task}'")
            try:
                value, stars = float(row["gpu_wh_per_1k_queries"]), int(row["stars"])
            except (KeyError, TypeError, ValueError) as exc:
                raise KnowledgeBaseError(f"knowledge base: {where}: bad number: {exc}") from None
            if not math.isfinite(value) or value <= 0 or not 1 <= stars <= reference.stars.bands:
                raise KnowledgeBaseError(f"knowledge base: {where}: energy must be > 0 and stars 1..{reference.stars.bands}")
            rows.setdefault((task, cls), []).append((row.get("model", ""), value, stars, line))
        ranges = {}
        for key, entries in rows.items():
            values = [v for _, v, _, _ in entries]
            low, high = min(values), max(values)
            for model, value, stars, line in entries:
                if reference.stars.stars(value, low, high) != stars:
                    raise KnowledgeBaseError(
                        f"knowledge base: {folder}/{reference.models} line {line}: {model} has {stars} stars, "
                        f"the stated rule gives {reference.stars.stars(value, low, high)}"
                    )
            ranges[key] = PublishedRange(low, high, len(entries))
        return reference.model_copy(update={"ranges": ranges})

    def _check_rating_tasks(self) -> None:
        for kind, mapping in self.rating_tasks.items():
            if kind not in KINDS:
                raise KnowledgeBaseError(f"knowledge base: ratings/tasks.yaml: unknown workload kind '{kind}'")
            if mapping.task is not None and mapping.task not in self.rating.tasks:
                raise KnowledgeBaseError(f"knowledge base: ratings/tasks.yaml: {kind}: unknown task '{mapping.task}'")
        for task, spec in self.rating.tasks.items():
            for cls in spec.classes or {"": None}:
                if self.rating.range_for(task, cls) is None:
                    raise KnowledgeBaseError(f"knowledge base: ratings: no published model for {task} {cls}".rstrip())

    def _check_citations(self) -> None:
        cited: list[tuple[str, str]] = []
        for technique in self.techniques.values():
            cited += [(f"technique {technique.id}", s) for s in technique.cited()]
            cited += [(f"technique {technique.id} tool {t.name}", s) for t in technique.tools for s in t.sources]
            for other in technique.applies.not_with_practices:
                if other not in self.techniques:
                    raise KnowledgeBaseError(f"knowledge base: {technique.id}: unknown technique '{other}'")
        for group in (self.regions.values(), self.countries.values()):
            cited += [(f"grid {item.key}", s) for item in group for s in item.sources]
        cited += [(f"pue {p.provider}", s) for p in self.pue.values() for s in p.sources]
        cited += [(f"accelerator {a.id}", s) for a in self.accelerators.values() for s in a.sources]
        cited += [("hardware/memory.yaml", s) for s in self.memory.cited()]
        cited += self._alias_sources
        cited += [(f"assumption {a.key}", s) for a in self.assumptions.values() for s in a.sources]
        cited += [(f"rating {self.rating.id}", s) for s in (*self.rating.sources, self.rating.figures_source)]
        cited += [(f"hosted disclosure {d.id}", s) for d in self.disclosures.disclosures for s in d.sources]
        missing = sorted({f"{who} cites unknown source '{source}'" for who, source in cited if source not in self.sources})
        if missing:
            raise KnowledgeBaseError("knowledge base: " + "; ".join(missing[:5]))

    # -- read only when live grid data is asked for ----------------------------------
    @cached_property
    def zones(self) -> dict[tuple[str, str], Zone]:
        return {(r["provider"].strip(), r["region"].strip()): self._zone(r, f"grid/zones.csv line {i}")
                for i, r in enumerate(self._csv("grid/zones.csv"), start=2)}

    @cached_property
    def country_zones(self) -> dict[str, Zone]:
        return {r["country"].strip().upper(): self._zone(r, f"grid/country_zones.csv line {i}")
                for i, r in enumerate(self._csv("grid/country_zones.csv"), start=2)}

    def _zone(self, row: dict[str, str], where: str) -> Zone:
        zone = _build(Zone, dict(electricitymaps=(row.get("electricitymaps_zone") or "").strip() or None,
                                 watttime=(row.get("watttime_region") or "").strip() or None,
                                 sources=_ids(row.get("source")), note=row.get("note") or None), where)
        unknown = [s for s in zone.sources if s not in self.sources]
        if unknown:
            raise KnowledgeBaseError(f"knowledge base: {where} cites unknown source '{unknown[0]}'")
        return zone

    # -- queries -------------------------------------------------------------------
    def assumption(self, key: str, overrides: dict[str, float] | None = None) -> tuple[float, float, float, bool]:
        """(low, value, high, overridden) for an assumption, honouring the file's overrides."""
        if overrides and key in overrides:
            value = overrides[key]
            return (value, value, value, True)
        try:
            return (*self.assumptions[key].span, False)
        except KeyError:
            raise KnowledgeBaseError(f"knowledge base: assumption '{key}' is missing") from None


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (text or "").replace(",", ";").split(";") if s.strip())


def _build(model, data, where: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise KnowledgeBaseError(f"knowledge base: {where}: {loc}: {first['msg']}") from None


@cache
def load_kb(root: str | None = None) -> KnowledgeBase:
    """The knowledge base, checked; the bundled one comes from a pickle cache when it is fresh.

    Parsing and checking ~40 YAML/CSV files costs more than the rest of an offline analysis,
    so the checked result is kept in the greenadvisor home (see `advisor.kbcache`), keyed by
    the files' sizes and modification times and by the versions that shape the objects.
    Models are built with `defer_build`: an unpickled knowledge base never builds their
    validators. A folder given explicitly (tests, authors checking edits) is always read.
    """
    if root:
        return KnowledgeBase(Path(root))
    from advisor.kbcache import cached

    return cached(knowledge_dir(), KnowledgeBase)
