"""Bad architecture files: exit 2, one clear message with file, line and field, no traceback."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import run_cli

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))


def expectation(path: Path) -> dict[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} lacks its '# expect:' line"
    return dict(part.split("=", 1) for part in shlex.split(first[len("# expect:"):]))


def assert_clean_error(result, path: Path, *, line: str | None = None, field: str | None = None, contains: str | None = None):
    assert result.code == 2, (result.code, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines, "no message"
    first = lines[0]
    assert first.startswith("greenadvisor: error: "), first
    assert str(path) in first, first
    if line is not None:
        assert f"{path}:{line}:" in first, first
    if field is not None:
        assert f": {field}: " in first, first
    if contains is not None:
        assert contains in result.stderr, result.stderr


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_corpus(path):
    expect = expectation(path)
    result = run_cli("analyze", path)
    assert_clean_error(result, path, line=expect.get("line"), field=expect.get("field"), contains=expect.get("contains"))


def test_corpus_is_large_enough():
    assert len(BAD) >= 30


@pytest.mark.parametrize(
    "name, content, contains",
    [
        ("empty.yaml", b"", "is empty"),
        ("blank.yaml", b"   \n\n\t\n", "is empty"),
        ("binary.yaml", b"name: x\n\x00\x01\x02\xff", "binary content"),
        ("latin1.yaml", "name: caf\u00e9\n".encode("latin-1"), "not valid UTF-8"),
        ("png.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        ("deep.yaml", b"a: " + b"[" * 5000 + b"]" * 5000, "nest"),  # "nested too deeply" or libyaml's "maximum nesting depth"
    ],
)
def test_hostile_bytes(tmp_path, name, content, contains):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("analyze", path)
    assert_clean_error(result, path, contains=contains)


def test_non_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: x\ndescription: caf\xe9\n")
    result = run_cli("analyze", path)
    assert_clean_error(result, path, line="2", contains="0xe9")


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("name: bomb")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = run_cli("analyze", path)
    assert_clean_error(result, path, contains="alias bombs are refused")


def test_enormous_file(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w") as fh:
        fh.write("name: x\ndescription: >\n")
        for _ in range(40_000):
            fh.write("  " + "padding " * 8 + "\n")
    result = run_cli("analyze", path)
    assert_clean_error(result, path, contains="too large")


def test_directory_and_missing_file(tmp_path):
    assert_clean_error(run_cli("analyze", tmp_path), tmp_path, contains="no architecture file (*.yaml) in this folder")
    missing = tmp_path / "nope.yaml"
    assert_clean_error(run_cli("analyze", missing), missing, contains="no such architecture file")


def test_several_problems_each_on_their_own_line(write_yaml):
    path = write_yaml(
        "name: x\ncloud: {provider: aws, region: us-east-1}\nworkloads:\n"
        "  - name: a\n    kind: classic-ml\n    hardware: {accelerator: nvidia-t4, count: 0, utilization: 2}\n"
    )
    result = run_cli("analyze", path)
    assert result.code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(re.match(rf"greenadvisor: error: {re.escape(str(path))}:6: workloads\.0\.hardware\.", line) for line in lines)


def test_unknown_field_far_from_any_is_ignored_with_a_note(write_yaml, cli):
    path = write_yaml(
        "name: x\nowner: team-ml\ncloud: {provider: aws, region: us-east-1}\n"
        "workloads: [{name: a, kind: classic-ml, hardware: {accelerator: nvidia-t4, utilization: 0.3}}]\n"
    )
    result = cli("analyze", path, "--format", "json")
    assert result.code == 0, result.stderr
    assert any("ignored unknown field 'owner'" in w for w in result.json()["warnings"])


def test_bad_flags_exit_2(cli):
    from conftest import example

    result = cli("analyze", example("doc-analyzer.yaml"), "--format", "pdf")
    assert result.code == 2
    assert "Traceback" not in result.stderr
    result = cli("analyze", example("doc-analyzer.yaml"), "--lang", "de")
    assert result.code == 2


def test_output_to_a_missing_folder_creates_it_but_not_through_a_file(cli, tmp_path):
    from conftest import example

    target = tmp_path / "no" / "such" / "dir" / "report.md"
    result = cli("analyze", example("doc-analyzer.yaml"), "--output", target)
    assert result.code == 0, result.stderr
    assert "doc-analyzer" in target.read_text()
    (tmp_path / "taken").write_text("a file, not a folder")
    blocked = tmp_path / "taken" / "dir" / "report.md"
    result = cli("analyze", example("doc-analyzer.yaml"), "--output", blocked)
    assert result.code == 2 and "cannot create the folder" in result.stderr and "Traceback" not in result.stderr


def test_a_region_differing_only_in_case_is_the_providers_id(write_yaml, cli):
    """Country codes are read in any case; region ids are too, and become the provider's spelling."""
    from hypothesis import given, settings, strategies as st

    from advisor.kb import load_kb
    from advisor.loader import validate_document
    from advisor.yamlfile import parse_yaml

    kb = load_kb()
    regions = sorted(kb.regions)

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(regions), st.randoms(use_true_random=False), st.booleans())
    def normalised(key, rnd, override):
        provider, region = key
        typed = "".join(c.upper() if rnd.random() < 0.5 else c for c in region)
        extra = ", grid_intensity_gco2e_per_kwh: 100" if override else ""
        text = (f"name: x\ncloud: {{provider: {provider}, region: ' {typed}'{extra}}}\n"
                "workloads: [{name: a, kind: classic-ml, hardware: {accelerator: nvidia-t4}}]\n")
        loaded = validate_document(parse_yaml(text, Path("a.yaml")), kb)
        assert loaded.architecture.cloud.region == region

    normalised()
    arch = "name: x\ncloud: {{provider: aws, region: {r}}}\nworkloads: [{{name: a, kind: classic-ml, hardware: {{accelerator: nvidia-t4}}}}]\n"
    upper = cli("analyze", write_yaml(arch.format(r="US-EAST-1"), "upper.yaml"), "--format", "json")
    assert upper.code == 0, upper.stderr
    lower = cli("analyze", write_yaml(arch.format(r="us-east-1"), "lower.yaml"), "--format", "json")
    assert upper.json()["system"]["region"] == "us-east-1" and upper.json()["footprint"] == lower.json()["footprint"]
    # an unknown region still names the provider's ids, whatever its case
    wrong = cli("analyze", write_yaml(arch.format(r="US-EAST-7"), "wrong.yaml"))
    assert wrong.code == 2 and "unknown aws region 'US-EAST-7'; did you mean 'us-east-2' or 'us-east-1'" in wrong.stderr
