"""A French report says everything about the grid in French: the profile's notes, the zone check,
the time-shift basis and the live lookup's failure (advisor/grid/words.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from advisor.grid.profile import load_profile
from advisor.grid.words import WORDS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# English words a grid sentence used to carry; none belongs in a French one
ENGLISH = re.compile(r"\b(hours?|mean|window|best|missing|profile's|cleanest|not checked|answer|unreachable|"
                     r"grid profile|covers only|readings?|superseded|assumed|instead)\b", re.IGNORECASE)


def test_grid_words_have_the_same_keys_and_placeholders_in_both_languages():
    assert WORDS["en"].keys() == WORDS["fr"].keys()
    for key, en in WORDS["en"].items():
        assert set(re.findall(r"\{(\w+)", en)) == set(re.findall(r"\{(\w+)", WORDS["fr"][key])), key


def test_a_french_report_with_a_matching_profile_and_a_failed_live_lookup_has_no_english_grid_sentence(cli, monkeypatch):
    # nightly-training-gcp.yaml runs in gcp asia-east1, zone TW: the profile's zone (a deferrable job, window 20 h)
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", "em-secret-token-0123456789")
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    run = cli("analyze", EXAMPLES / "nightly-training-gcp.yaml", "--grid-profile", EXAMPLES / "grid-profile-asia-east1.csv",
              "--lang", "fr", "--format", "json", "--no-log")
    assert run.code == 0, run.stderr
    report = run.json()
    grid = [w for w in report["warnings"] if "profil" in w or "réseau" in w or "Electricity Maps" in w]
    assert any("la zone TW est celle de gcp asia-east1" in w for w in grid)
    assert any("intensité actuelle du réseau indisponible" in w for w in grid)
    shift = next(r for r in report["recommendations"] if r["technique_id"] == "carbon-aware-scheduling")
    assert "les 6 h les plus propres à moins de 20 h" in shift["basis"]
    for text in [*report["warnings"], shift["basis"], shift["impact"]]:
        assert not ENGLISH.search(text), text


def test_the_profiles_own_notes_in_french_use_french_numbers(tmp_path):
    path = tmp_path / "p.csv"
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    rows = [f"{(t0 + timedelta(hours=i)).isoformat()},{200 + i}" for i in range(30) if i not in (10, 11)]
    path.write_text("timestamp,gco2e_per_kwh\n" + "\n".join(rows) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert "2 of 30 hours missing (7%); windows never span them" in p.notes  # English unchanged
    assert "covers only 1.2 day(s)" in " ".join(p.notes)
    fr = p.notes_in("fr")
    assert "2 heures manquantes sur 30 (6,7\u00a0%) ; les fenêtres ne les enjambent jamais" in fr
    assert any(n.startswith("ne couvre que 1,25 jour(s)") for n in fr)
    assert p.describe("fr").startswith("profil du réseau p.csv (CSV), colonne 'gco2e_per_kwh'")
    assert p.describe("fr").endswith("28 h, 2 manquantes")
    for note in fr:
        assert not ENGLISH.search(note), note


def test_the_generic_time_shift_basis_is_french_without_a_profile(cli):
    run = cli("analyze", EXAMPLES / "batch-summaries-mumbai.yaml", "--lang", "fr", "--format", "json", "--no-log")
    assert run.code == 0, run.stderr
    shift = [r for r in run.json()["recommendations"] if r["technique_id"] == "carbon-aware-scheduling"]
    assert shift
    for r in shift:
        assert r["basis"].startswith("fenêtre de 12 h (plein effet à partir de"), r["basis"]
