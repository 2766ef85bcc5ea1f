"""Grid profiles that load but would mislead: all zeros, absurd values, too few days, a repeated local hour."""

from __future__ import annotations

import pytest

from test_grid_profile import ARCH, write_generic, night

from advisor.errors import InputError
from advisor.grid.profile import load_profile


def test_an_all_zero_profile_is_refused_naming_the_file(tmp_path, cli, write_yaml):
    path = write_generic(tmp_path / "zeros.csv", [0] * (24 * 7))
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert "zeros.csv" in str(info.value) and "is 0" in str(info.value)
    run = cli("analyze", write_yaml(ARCH.format(deferrable="true", extra="")), "--grid-profile", path)
    assert run.code == 2 and "zeros.csv" in run.stderr and "Traceback" not in run.stderr


def test_some_zero_hours_are_accepted(tmp_path):
    profile = load_profile(write_generic(tmp_path / "p.csv", [0 if h % 24 < 6 else 50 for h in range(24 * 7)]))
    assert min(profile.present) == 0 and profile.mean > 0


def test_a_huge_value_is_printed_short(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,1e308\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    message = str(info.value)
    assert "not a plausible grid intensity" in message and "e+308" in message and len(message) < 300


def test_a_profile_of_less_than_a_week_says_it_is_thin(tmp_path):
    one_day = load_profile(write_generic(tmp_path / "day.csv", [night(h) for h in range(24)]))
    assert any("covers only 1.0 day" in n for n in one_day.notes)
    week = load_profile(write_generic(tmp_path / "week.csv", [night(h % 24) for h in range(24 * 7)]))
    assert not any("covers only" in n for n in week.notes)


def test_a_repeated_naive_local_hour_suggests_utc_or_offsets(tmp_path):
    path = tmp_path / "local.csv"
    rows = [f"2024-10-27T{h:02d}:00:00,{300 + h}" for h in range(3)] + ["2024-10-27T02:00:00,250"]
    rows += [f"2024-10-27T{h:02d}:00:00,{300 + h}" for h in range(3, 24)]
    path.write_text("timestamp,gco2e_per_kwh\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert "appears twice" in str(info.value) and "UTC or with offsets" in str(info.value)
    with_offsets = path.read_text().replace(":00:00,", ":00:00Z,")
    path.write_text(with_offsets, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert "UTC or with offsets" not in str(info.value)  # the file said its zone: no clock change to blame
