"""Attaching an hourly grid profile to one system: where it comes from, whether it fits, what it changes.

Loading (profile.py) and checking the zone (zonecheck.py) are separate; this is the one
decision the analysis asks for, with the notes that tell the reader which figures the
profile now drives.
"""

from __future__ import annotations

from pathlib import Path

from advisor.errors import InputError, Problem


def profile_for(loaded, kb, flag: str | Path | None):
    """The hourly profile a system's footprint uses (from --grid-profile, else the file's
    `grid_profile:`), checked against the region's zone, with the notes the report shows;
    None when no workload runs on the region's grid."""
    arch = loaded.architecture
    source = Path(flag) if flag else (loaded.path.parent / arch.grid_profile if arch.grid_profile else None)
    if source is None:
        return None
    from advisor.grid.profile import load_profile
    from advisor.grid.zonecheck import check_zone

    profile = load_profile(source)
    check = check_zone(profile, arch.cloud, kb)
    if check.verdict == "mismatch":
        raise InputError(Problem(check.text, profile.zone_line, profile.zone_column), profile.path)
    if all(w.kind == "llm-api" for w in arch.workloads):
        # hosted models run where their provider serves them (advisor/hosted.py): the calculator gets no profile
        where = f"{arch.cloud.provider} {arch.cloud.region or arch.cloud.country}"
        note = (f"{profile.describe()}: not used: no workload runs on the grid of {where} (llm-api workloads are "
                f"counted on the grid where their provider serves the model), so no figure comes from it")
        if note not in loaded.warnings:
            loaded.warnings.append(note)
        return None
    notes = [f"{profile.describe()}: the grid intensity of self-hosted workloads is its mean "
             f"({profile.mean:.0f} gCO2e/kWh), and time shifting is sized on its hours; {check.text}"]
    notes += [f"{profile.path.name}: {note}" for note in profile.notes]
    if arch.cloud.grid_intensity_gco2e_per_kwh is not None:
        notes.append(f"cloud.grid_intensity_gco2e_per_kwh ({arch.cloud.grid_intensity_gco2e_per_kwh:g}) is superseded by "
                     f"the grid profile's mean ({profile.mean:.0f} g)")
    loaded.warnings.extend(n for n in notes if n not in loaded.warnings)  # prepare may run again (chat)
    return profile
