"""Attaching an hourly grid profile to one system: where it comes from, whether it fits, what it changes.

Loading (profile.py) and checking the zone (zonecheck.py) are separate; this is the one
decision the analysis asks for, with the notes that tell the reader which figures the
profile now drives.
"""

from __future__ import annotations

from pathlib import Path

from advisor.errors import InputError, Problem


def profile_for(loaded, kb, flag: str | Path | None, lang: str = "en"):
    """The hourly profile a system's footprint uses (from --grid-profile, else the file's
    `grid_profile:`), checked against the region's zone, with the notes the report shows (in
    `lang`); None when no workload runs on the region's grid."""
    arch = loaded.architecture
    source = Path(flag) if flag else (loaded.path.parent / arch.grid_profile if arch.grid_profile else None)
    if source is None:
        return None
    from advisor.grid.profile import load_profile
    from advisor.grid.words import dec, say
    from advisor.grid.zonecheck import check_zone

    profile = load_profile(source)
    check = check_zone(profile, arch.cloud, kb, lang)
    if check.verdict == "mismatch":
        raise InputError(Problem(check.text, profile.zone_line, profile.zone_column), profile.path)
    if all(w.kind == "llm-api" for w in arch.workloads):
        # hosted models run where their provider serves them (advisor/hosted.py): the calculator gets no profile
        where = f"{arch.cloud.provider} {arch.cloud.region or arch.cloud.country}"
        note = say("profile_unused", lang, describe=profile.describe(lang), where=where)
        if note not in loaded.warnings:
            loaded.warnings.append(note)
        return None
    mean = dec(profile.mean, ".0f", lang)
    notes = [say("profile_used", lang, describe=profile.describe(lang), mean=mean, check=check.text)]
    notes += [say("profile_note", lang, name=profile.path.name, note=note) for note in profile.notes_in(lang)]
    given = arch.cloud.grid_intensity_gco2e_per_kwh
    if given is not None:
        notes.append(say("superseded", lang, given=dec(given, "g", lang), mean=mean))
    loaded.warnings.extend(n for n in notes if n not in loaded.warnings)  # prepare may run again (chat)
    return profile
