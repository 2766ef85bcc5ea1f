"""`greenadvisor measure -- COMMAND …`: measure a command's energy and emissions with CodeCarbon."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.measured import MEASURE_PROJECT

WORLD = "WOR"  # not a country to CodeCarbon, which then applies its world average


@app.command(context_settings={"allow_interspersed_args": False})
def measure(
    command: list[str] = typer.Argument(None, metavar="COMMAND", help="The command to run, after --."),
    output: Path = typer.Option(Path("emissions.csv"), "--output", "-o", help="CodeCarbon-compatible CSV to append the run to."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-3 of the grid (e.g. FRA); default: CodeCarbon's own setting, else the world average."),
    cloud: str | None = typer.Option(None, "--cloud", help="Cloud provider (aws, gcp, azure), with --region."),
    region: str | None = typer.Option(None, "--region", help="The provider's region id (a zone or display name is read as its region); its grid's country is used."),
    project: str = typer.Option(MEASURE_PROJECT, "--project", help="CodeCarbon project name: name it after the workload it measures."),
    requests: float | None = typer.Option(None, "--requests", min=0, help="Requests the command served (for energy per request)."),
    tokens: float | None = typer.Option(None, "--tokens", min=0, help="Tokens the command processed (for energy per token)."),
    interval: float = typer.Option(1.0, "--interval", min=0.1, max=60, help="Seconds between power samples."),
    keep_failed: bool = typer.Option(False, "--keep-failed", help="Also append the run of a command that fails or is killed."),
) -> None:
    """Run COMMAND under CodeCarbon's offline tracker, append a row to the CSV, exit with its status."""
    from advisor.measuring import run_measured

    country, said = _grid(country, cloud, region)
    result = run_measured(list(command or []), output=output, country=country, project=project,
                          requests=requests, tokens=tokens, interval_s=interval, keep_failed=keep_failed)
    grid = "world-average" if country == WORLD else country
    lines = [said] if said else []
    lines += [f"measured '{' '.join(command)}': {result.energy_kwh * 1000:.4g} Wh in {result.duration_s:.2f} s; "
              f"CodeCarbon's emissions at the {grid} grid: {result.emissions_kg * 1000:.4g} gCO2e"
              + (f" -> {output}" if result.kept else "")]
    if result.kept:  # energy, not SCI: analyze's SCI adds PUE, embodied emissions and the architecture's grid
        lines += [f"{result.energy_kwh * 1000 / n:.4g} Wh per {unit}" for unit, n in (("request", requests), ("token", tokens)) if n]
    if result.returncode:
        what = (f"was killed by {result.killed_by}" if result.killed_by else f"exited with status {result.returncode}")
        lines.append(f"the command {what}: " + (f"its run was kept in {output} (--keep-failed)" if result.kept
                                                else f"its run was not added to {output} (--keep-failed keeps it)"))
    print("\n".join(lines), file=sys.stderr)
    raise typer.Exit(result.exit_status)


def _grid(country: str | None, cloud: str | None, region: str | None) -> tuple[str, str | None]:
    """The country whose grid CodeCarbon applies to the CSV's emissions, and the line saying where
    it came from when no flag chose it. Offline, CodeCarbon needs one: the flags, else its own
    setting (which its tracker would read anyway), else the world average, said so. Regions and
    countries are read as in an architecture file (`advisor.places`): a zone or a display name
    is its region, with a note; `UK` is refused with the ISO code it stands for."""
    from advisor.errors import InputError
    from advisor.kb import load_kb

    kb = load_kb()
    notes = []
    source = "--country"
    if country:
        country = _country(country, source, kb)
    if cloud or region:
        if not (cloud and region):
            raise InputError("--cloud and --region go together")
        row, note = _region(cloud, region, kb)
        if country and country != row.country:
            raise InputError(f"--country {country} contradicts --region {region} (in {row.country})")
        country, notes = row.country, [note] if note else []
    if not country:
        country, source = _codecarbon_country()
        country = _country(country, source, kb) if country else None
    analyze = "the CSV's emissions use it; greenadvisor analyze uses the energy, with the architecture's region"
    if not country:
        return WORLD, (f"grid: none given, assumed the world average ({kb.countries[WORLD].value:g} gCO2e/kWh); "
                       f"set it with --country ISO3 or --cloud P --region R. {analyze[0].upper()}{analyze[1:]}")
    said = notes if source == "--country" else [*notes, f"grid: {country}, from {source}; {analyze}"]
    return country, "; ".join(said) or None


def _country(code: str, source: str, kb) -> str:
    """An ISO alpha-3 code of the knowledge base (not the world average), as the architecture file's `country`."""
    from advisor.architecture import suggest
    from advisor.errors import InputError
    from advisor.places import country_hint

    code = code.strip().upper()
    if code in kb.countries and code != WORLD:
        return code
    hint = country_hint(code, kb)
    if hint is not None:
        raise InputError(f"{source}: unknown country code (ISO 3166-1 alpha-3) '{code}'; did you mean {hint}?")
    raise InputError(f"{source}: " + suggest(code, [c for c in kb.countries if c != WORLD], "country code (ISO 3166-1 alpha-3)"))


def _region(cloud: str, region: str, kb):
    """The knowledge base's row for a region written as people copy it (any case, a zone, a display name), and the note saying how it was read."""
    from advisor.architecture import suggest
    from advisor.errors import InputError
    from advisor.places import resolve_region

    provider = cloud.strip().lower()
    providers = sorted({p for (p, _) in kb.regions})
    if provider == "on-prem":
        raise InputError("--cloud on-prem has no regions: give the site's --country (ISO 3166-1 alpha-3)")
    if provider not in providers:
        raise InputError("--cloud: " + suggest(cloud, providers, "cloud provider"))
    resolved, note = resolve_region(provider, region.strip(), kb)
    row = kb.regions.get((provider, resolved))
    if row is None:
        elsewhere = sorted(p for (p, r) in kb.regions if r.lower() == resolved.lower())
        raise InputError("--region: " + suggest(region, [r for (p, r) in kb.regions if p == provider], f"{provider} region",
                                                nearest=True)
                         + "".join(f" ('{region}' is a region of {p}: check --cloud)" for p in elsewhere[:1]))
    return row, (f"--region: {note}" if note else None)


def _codecarbon_country() -> tuple[str | None, str]:
    """CodeCarbon's own country setting (CODECARBON_COUNTRY_ISO_CODE, or country_iso_code in a
    .codecarbon.config) and where it was read."""
    try:
        from codecarbon.core.config import get_hierarchical_config_with_sources

        config, sources = get_hierarchical_config_with_sources()
    except ImportError:  # CodeCarbon < 3.3 does not say where a setting comes from
        from codecarbon.core.config import get_hierarchical_config

        config, sources = get_hierarchical_config(), {}
    return (config.get("country_iso_code") or "").strip() or None, sources.get("country_iso_code", "CodeCarbon's config")
