"""Output safety: `-o` never destroys an input or another report, write failures are per-file
and clear, fleets stop promptly, folders expand forgivingly, and a non-UTF-8 stdout works."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, example, run_cli

ARCH = example("doc-analyzer.yaml")


def _copy(target: Path, source: Path = ARCH) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return target


def _cli(*args, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "advisor", *map(str, args)], env=env, text=True, timeout=120, **kw)


# 1. an output is never one of the inputs

def test_output_never_overwrites_the_architecture_file(tmp_path):
    x = _copy(tmp_path / "x.yaml")
    before = x.read_text()
    link = tmp_path / "link.yaml"
    link.symlink_to(x)
    for args in (("-o", x), ("-o", link), ("-f", "if-manifest", "-o", f"{tmp_path}/")):
        run = run_cli("analyze", x, *args)
        assert run.code == 2 and "also an input" in run.stderr, (args, run.stderr)
        assert x.read_text() == before


def test_output_never_overwrites_the_measurements(tmp_path):
    metrics = tmp_path / "m.csv"
    shutil.copy(ROOT / "tests/fixtures/codecarbon/seed-inference.csv", metrics)
    before = metrics.read_text()
    run = run_cli("analyze", ARCH, "--metrics", metrics, "-o", metrics)
    assert run.code == 2 and metrics.read_text() == before


def test_a_fleet_never_overwrites_its_inputs(tmp_path):
    ow = tmp_path / "ow"
    for name in ("a.yaml", "b.yaml"):
        _copy(ow / name)
    run = run_cli("analyze", ow, "-f", "if-manifest", "-o", ow)
    assert run.code == 2 and "also an input" in run.stderr
    assert sorted(p.name for p in ow.iterdir()) == ["a.yaml", "b.yaml"]
    assert "tree:" not in (ow / "a.yaml").read_text()


def test_compare_never_overwrites_an_input(tmp_path):
    a, b = _copy(tmp_path / "a.yaml"), _copy(tmp_path / "b.yaml")
    before = b.read_text()
    run = run_cli("compare", a, b, "-o", b)
    assert run.code == 2 and "also an input" in run.stderr and b.read_text() == before


def test_manifests_written_beside_architectures_are_skipped_next_time(tmp_path):
    fleet = tmp_path / "fleet"
    _copy(fleet / "a.yaml")
    _copy(fleet / "b.yaml")
    assert run_cli("analyze", fleet, "-f", "if-manifest", "-o", tmp_path / "out").code == 0
    for manifest in (tmp_path / "out").iterdir():
        shutil.copy(manifest, fleet / f"report-{manifest.name}")
    run = run_cli("analyze", fleet, "-f", "json")
    assert run.code == 0, run.stderr
    assert [Path(r["file"]).name for r in run.json()["files"]] == ["a.yaml", "b.yaml"]
    assert run.stderr.count("skipped: an Impact Framework manifest") == 2


# 2. fleet report names are unique, and the summary says where each went

def test_fleet_report_names_never_collide(tmp_path):
    files = [_copy(tmp_path / p) for p in ("p/sub/x.yaml", "q/sub/x.yaml", "r/x.yaml", "r/x.yml")]
    out = tmp_path / "out1"
    run = run_cli("analyze", *files, "-o", out, "-f", "json")
    assert run.code == 0, run.stderr
    reports = [r["report"] for r in run.json()["files"]]
    assert len(set(reports)) == 4 and sorted(p.name for p in out.iterdir()) == sorted(Path(r).name for r in reports)
    assert all(Path(r).is_file() for r in reports)
    table = run_cli("analyze", *files, "-o", out)
    assert "report" in table.stdout.splitlines()[0]
    assert all(str(Path(r).with_suffix(".txt")) in table.stdout for r in reports)


# 3. write failures: per file in a fleet, one clear line for one file

def _failing_replace(monkeypatch, failing: str):
    real = os.replace

    def replace(src, dst, *a, **kw):
        if Path(dst).name == failing:
            raise PermissionError(13, "Permission denied")
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)


def test_one_failed_write_does_not_stop_the_fleet(tmp_path, monkeypatch):
    a, b = _copy(tmp_path / "A.yaml"), _copy(tmp_path / "B.yaml")
    _failing_replace(monkeypatch, "A.json")
    run = run_cli("analyze", a, b, "-o", tmp_path / "out", "-f", "json")
    assert run.code == 1, run.stderr
    rows = run.json()["files"]
    assert [r["status"] for r in rows] == ["failed", "ok"] and "cannot write" in rows[0]["error"]
    assert (tmp_path / "out" / "B.json").is_file() and "internal error" not in run.stderr


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path, monkeypatch):
    b = _copy(tmp_path / "b.yaml")

    def mkdir(self, *a, **kw):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", mkdir)
    run = run_cli("analyze", ARCH, b, "-o", tmp_path / "ro" / "sub")
    assert run.code == 2 and "cannot create the folder" in run.stderr and "internal error" not in run.stderr


def test_a_single_failed_write_is_one_clear_line(tmp_path, monkeypatch):
    _failing_replace(monkeypatch, "r.json")
    run = run_cli("analyze", ARCH, "-f", "json", "-o", tmp_path / "r.json")
    assert run.code == 1 and f"cannot write {tmp_path / 'r.json'}: Permission denied" in run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_or_closed_stdout_is_one_clear_line():
    with open("/dev/full", "w") as full:
        run = _cli("analyze", ARCH, "-f", "json", stdout=full, stderr=subprocess.PIPE)
    assert run.returncode == 1 and "cannot write standard output" in run.stderr and "internal" not in run.stderr
    closed = subprocess.run(f"{sys.executable} -m advisor analyze {ARCH} >&-", shell=True, text=True,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert closed.returncode == 1 and "standard output is closed" in closed.stderr


# 4. interrupting

def test_ctrl_c_on_one_file_says_interrupted(monkeypatch):
    import advisor.batch

    def interrupted(*a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(advisor.batch, "report_for", interrupted)
    run = run_cli("analyze", ARCH)
    assert run.code == 130 and "interrupted" in run.stderr


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir() or (os.cpu_count() or 1) < 2, reason="needs /proc and 2 cores")
@pytest.mark.parametrize("signum, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_a_signal_stops_a_big_fleet_promptly_and_ends_its_workers(tmp_path, signum, code, word):
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    text = ARCH.read_text()
    for i in range(3000):
        (fleet / f"f{i:04d}.yaml").write_text(text)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "analyze", fleet, "-o", out, "-f", "json"],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.is_dir() or len(list(out.iterdir())) < 20):
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signum)
    sent = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 5, "waited for the whole fleet"
    assert proc.returncode == code and word in stderr and "reports written" in stderr, stderr
    assert len([p for p in out.iterdir() if p.suffix == ".json"]) < 3000
    time.sleep(0.5)
    assert workers and not [w for w in workers if _alive(w)]


# 5. folder expansion

def test_a_folder_without_architectures_is_a_listed_failure_not_a_stop(tmp_path):
    good = _copy(tmp_path / "good.yaml")
    empty = tmp_path / "empty"
    empty.mkdir()
    nested = tmp_path / "nested"
    _copy(nested / "deeper" / "x.yaml")
    run = run_cli("analyze", good, empty, nested, "-f", "json")
    assert run.code == 2
    rows = run.json()["files"]
    assert [r["status"] for r in rows] == ["ok", "failed", "failed"] and "subfolders are not searched" in rows[2]["error"]


def test_folder_expansion_takes_any_case_dedupes_and_lists_broken_links(tmp_path):
    fleet = tmp_path / "fleet"
    _copy(fleet / "A.YAML")
    _copy(fleet / "b.Yml")
    (fleet / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    run = run_cli("analyze", fleet, fleet / "A.YAML", tmp_path / "fleet" / ".." / "fleet" / "b.Yml", "-f", "json")
    rows = run.json()["files"]
    assert [Path(r["file"]).name for r in rows] == ["A.YAML", "b.Yml", "gone.yaml"]
    assert [r["status"] for r in rows] == ["ok", "ok", "failed"] and "broken symbolic link" in rows[2]["error"]
    assert run.code == 2


# 6. -o -

def test_dash_means_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = run_cli("analyze", ARCH, "-f", "json", "-o", "-")
    assert run.code == 0 and run.json()["recommendations"] and not (tmp_path / "-").exists()
    fleet = run_cli("analyze", ARCH, _copy(tmp_path / "b.yaml"), "-o", "-")
    assert fleet.code == 2 and "must be a folder" in fleet.stderr and not (tmp_path / "-").exists()


# 7. a stdout that is not UTF-8

@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html", "if-manifest"])
def test_a_non_utf8_stdout_still_gets_the_report(fmt):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG", "LC_CTYPE")}
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "advisor", "analyze", ARCH, "--lang", "fr", "-f", fmt],
                         env=env, capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert b"internal error" not in run.stderr
    if fmt == "json":
        assert json.loads(run.stdout.decode("ascii"))["recommendations"]


# 8. wording

def test_a_folder_given_as_an_architecture_file_is_worded_right(tmp_path):
    run = run_cli("compare", tmp_path, ARCH)
    assert run.code == 2 and "not an architecture file" in run.stderr
