"""The caches that keep start-up and batches fast must never serve something stale or broken."""

from __future__ import annotations

import os
import pickle
import threading
import time
from pathlib import Path

import pytest

from advisor import kbcache
from advisor.kb import KnowledgeBase, load_kb
from advisor.paths import knowledge_dir


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, root: Path) -> dict:
        self.calls += 1
        return {"files": sorted(p.name for p in root.iterdir()), "call": self.calls}


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "knowledge"
    root.mkdir()
    (root / "a.yaml").write_text("x: 1\n")
    return root


def test_second_load_comes_from_the_cache(folder):
    build = Counting()
    first = kbcache.cached(folder, build)
    second = kbcache.cached(folder, build)
    assert build.calls == 1
    assert second == first


def test_an_edited_file_is_read_again(folder):
    build = Counting()
    kbcache.cached(folder, build)
    path = folder / "a.yaml"
    path.write_text("x: 22\n")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    assert kbcache.cached(folder, build)["call"] == 2


def test_a_new_file_is_read_again(folder):
    build = Counting()
    kbcache.cached(folder, build)
    (folder / "b.yaml").write_text("y: 2\n")
    assert kbcache.cached(folder, build)["files"] == ["a.yaml", "b.yaml"]


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(1)[:3]])
def test_a_corrupt_cache_is_rebuilt_not_an_error(folder, garbage):
    build = Counting()
    kbcache.cached(folder, build)
    (path,) = kbcache.cache_dir().glob("kb-*.pickle")
    path.write_bytes(garbage)
    assert kbcache.cached(folder, build)["call"] == 2
    assert kbcache.cached(folder, build)["call"] == 2  # and rewritten


def test_only_the_current_pickle_is_kept(folder):
    build = Counting()
    kbcache.cached(folder, build)
    (folder / "b.yaml").write_text("y: 2\n")
    kbcache.cached(folder, build)
    assert len(list(kbcache.cache_dir().glob("kb-*.pickle"))) == 1


def test_a_read_only_home_still_works(folder, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the home's folder would be")
    monkeypatch.setenv("GREENADVISOR_HOME", str(blocked))
    build = Counting()
    assert kbcache.cached(folder, build)["call"] == 1
    assert kbcache.cached(folder, build)["call"] == 2


def test_the_cached_knowledge_base_equals_a_fresh_one():
    load_kb.cache_clear()
    try:
        load_kb()  # writes the pickle
        load_kb.cache_clear()
        cached = load_kb()
        fresh = KnowledgeBase(knowledge_dir())
        assert list(kbcache.cache_dir().glob("kb-*.pickle"))
        assert cached.techniques == fresh.techniques
        assert cached.regions == fresh.regions
        assert cached.policy == fresh.policy
        assert cached.sources == fresh.sources
        assert cached.accelerators["nvidia-h100-80gb"].tdp_w == fresh.accelerators["nvidia-h100-80gb"].tdp_w
    finally:
        load_kb.cache_clear()


def test_concurrent_first_calls_share_one_client(monkeypatch):
    """The batch path's threads must not each build a client (it costs a second of imports)."""
    from advisor.home import Settings
    from advisor.llm import models

    built = []

    def slow_client(*args):
        time.sleep(0.05)
        built.append(args)
        return object()

    monkeypatch.setattr(models, "_client", models.lru_cache(maxsize=16)(slow_client))
    choice = models.parse_model("openai:some-model", Settings(), "http://127.0.0.1:9/v1")
    results = []
    threads = [threading.Thread(target=lambda: results.append(models.chat_model(choice, Settings()))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert len({id(r) for r in results}) == 1


def test_a_changed_class_module_invalidates_the_pickle(folder, monkeypatch, tmp_path):
    """Editing a module of advisor/kb/ (a field added to a model) must not meet a pickle of the old layout."""
    build = Counting()
    kbcache.cached(folder, build)
    fake = tmp_path / "advisor"
    fake.mkdir()
    for name in kbcache._CLASS_MODULES:
        (fake / name).write_text("# a different layout\n")
    monkeypatch.setattr(kbcache, "__file__", str(fake / "kbcache.py"))
    assert kbcache.cached(folder, build)["call"] == 2


KB_MODULES = sorted(p.name for p in (Path(kbcache.__file__).parent / "kb").glob("*.py"))


@pytest.fixture
def class_modules(tmp_path, monkeypatch):
    """A copy of the modules the fingerprint reads, with kbcache pointed at it: edits stay in the copy."""
    here = Path(kbcache.__file__).parent
    fake = tmp_path / "advisor"
    (fake / "kb").mkdir(parents=True)
    for name in (*kbcache._CLASS_MODULES, *(f"kb/{m}" for m in KB_MODULES)):
        (fake / name).write_bytes((here / name).read_bytes())
    monkeypatch.setattr(kbcache, "__file__", str(fake / "kbcache.py"))
    return fake


@pytest.mark.parametrize("module", KB_MODULES)
def test_an_edit_to_any_module_of_the_kb_package_invalidates_the_pickle(folder, class_modules, module):
    """The schema is split over advisor/kb/*.py: a field added in any of them must not meet an old pickle."""
    build = Counting()
    kbcache.cached(folder, build)
    assert kbcache.cached(folder, build)["call"] == 1
    path = class_modules / "kb" / module
    path.write_text(path.read_text(encoding="utf-8") + "# a field added\n", encoding="utf-8")
    assert kbcache.cached(folder, build)["call"] == 2


def test_a_module_added_to_the_kb_package_invalidates_the_pickle(folder, class_modules):
    build = Counting()
    kbcache.cached(folder, build)
    (class_modules / "kb" / "newschema.py").write_text("# models moved here\n", encoding="utf-8")
    assert kbcache.cached(folder, build)["call"] == 2
