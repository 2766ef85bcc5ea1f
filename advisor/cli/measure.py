"""`greenadvisor measure -- COMMAND …`: measure a command's energy and emissions with CodeCarbon."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.measured import MEASURE_PROJECT


@app.command(context_settings={"allow_interspersed_args": False})
def measure(
    command: list[str] = typer.Argument(None, metavar="COMMAND", help="The command to run, after --."),
    output: Path = typer.Option(Path("emissions.csv"), "--output", "-o", help="CodeCarbon-compatible CSV to append the run to."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-3 of the grid (e.g. FRA)."),
    cloud: str | None = typer.Option(None, "--cloud", help="Cloud provider (aws, gcp, azure), with --region."),
    region: str | None = typer.Option(None, "--region", help="The provider's region id; its grid's country is used."),
    project: str = typer.Option(MEASURE_PROJECT, "--project", help="CodeCarbon project name: name it after the workload it measures."),
    requests: float | None = typer.Option(None, "--requests", min=0, help="Requests the command served (for SCI per request)."),
    tokens: float | None = typer.Option(None, "--tokens", min=0, help="Tokens the command processed (for SCI per token)."),
    interval: float = typer.Option(1.0, "--interval", min=0.1, max=60, help="Seconds between power samples."),
) -> None:
    """Run COMMAND under CodeCarbon's offline tracker, append a row to the CSV, exit with its status."""
    from advisor.errors import InputError
    from advisor.kb import load_kb

    kb = load_kb()
    if cloud or region:
        if not (cloud and region):
            raise InputError("--cloud and --region go together")
        spelled = {r.lower(): r for (p, r) in kb.regions if p == cloud.lower()}  # any case, like the architecture file
        row = kb.regions.get((cloud.lower(), spelled.get(region.strip().lower(), region)))
        if row is None:
            from advisor.architecture import suggest

            raise InputError("--region: " + suggest(region, [r for (p, r) in kb.regions if p == cloud.lower()], f"{cloud} region"))
        if country and country.upper() != row.country:
            raise InputError(f"--country {country} contradicts --region {region} (in {row.country})")
        country = row.country
    if not country:
        raise InputError("give --country ISO3 (e.g. FRA) or --cloud P --region R: offline, the grid must be known")
    country = country.upper()
    if country not in kb.countries or country == "WOR":
        from advisor.architecture import suggest

        raise InputError("--country: " + suggest(country, [c for c in kb.countries if c != "WOR"], "country code (ISO 3166-1 alpha-3)"))
    from advisor.measuring import run_measured

    result = run_measured(list(command or []), output=output, country=country, project=project,
                          requests=requests, tokens=tokens, interval_s=interval)
    lines = [
        f"measured '{' '.join(command)}' ({country}): {result.energy_kwh * 1000:.4g} Wh, "
        f"{result.emissions_kg * 1000:.4g} gCO2e in {result.duration_s:.1f} s -> {output}",
    ]
    if result.requests:
        lines.append(f"SCI per request: {result.emissions_kg * 1000 / result.requests:.4g} gCO2e")
    if result.tokens:
        lines.append(f"SCI per token: {result.emissions_kg * 1000 / result.tokens:.4g} gCO2e")
    if result.returncode:
        lines.append(f"the command exited with status {result.returncode}")
    print("\n".join(lines), file=sys.stderr)
    raise typer.Exit(result.returncode)
