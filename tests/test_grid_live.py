"""The current grid intensity, against a loopback server speaking Electricity Maps' and WattTime's formats."""

from __future__ import annotations

import base64
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from wire import send_json

from advisor.kb import load_kb

TOKEN = "em-secret-token-0123456789"
WT_PASSWORD = "wt-secret-password-987"
WT_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJncmVlbmFkdmlzb3IifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"

ARCH = """\
name: nightly-batch
cloud: {provider: aws, region: us-east-1}
workloads:
  - name: embeddings-refresh
    kind: batch-inference
    model: {name: bge-large, parameters_b: 0.335, precision: fp16}
    hardware: {accelerator: nvidia-a10g, count: 4, utilization: 0.8, hours_per_month: 121.67}
    schedule: {deferrable: true}
"""


class Grid(BaseHTTPRequestHandler):
    """Electricity Maps v3 and WattTime v3, as far as greenadvisor uses them; behaviour set per test."""

    mode = "ok"
    hits: list[str] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def _json(self, status: int, body: dict) -> None:
        send_json(self, status, body)

    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        query = parse_qs(url.query)
        Grid.hits.append(url.path)
        if Grid.mode == "slow":
            time.sleep(1.5)
        if url.path == "/v3/carbon-intensity/latest":
            if Grid.mode == "401" or self.headers.get("auth-token") != TOKEN:
                return self._json(401, {"message": f"invalid token {self.headers.get('auth-token')}"})
            hostile = Grid.mode == "hostile"  # an answer carrying HTML where a zone and a time belong
            return self._json(200, {
                "zone": "<script>alert(1)</script>" if hostile else query["zone"][0], "carbonIntensity": 412,
                "datetime": "<img src=x onerror=alert(1)>" if hostile else "2025-05-06T14:00:00.000Z",
                "updatedAt": "2025-05-06T13:51:12.000Z", "createdAt": "2025-05-03T14:49:46.000Z",
                "emissionFactorType": "lifecycle", "isEstimated": True, "estimationMethod": "TIME_SLICER_AVERAGE",
            })
        if url.path == "/login":
            expected = "Basic " + base64.b64encode(f"ada:{WT_PASSWORD}".encode()).decode()
            if Grid.mode == "401" or self.headers.get("Authorization") != expected:
                return self._json(403, {"error": "invalid credentials"})
            return self._json(200, {"token": WT_JWT})
        if url.path == "/v3/forecast":
            if self.headers.get("Authorization") != f"Bearer {WT_JWT}":
                return self._json(401, {"error": "bad token"})
            assert query["signal_type"] == ["co2_moer"]
            return self._json(200, {
                "data": [{"point_time": "2025-05-06T14:05:00+00:00", "value": 900.0},
                         {"point_time": "2025-05-06T14:10:00+00:00", "value": 950.0}],
                "meta": {"data_point_period_seconds": 300, "region": query["region"][0], "warnings": [],
                         "signal_type": "co2_moer", "model": {"date": "2023-03-01"}, "units": "lbs_co2_per_mwh",
                         "generated_at_period_seconds": 300, "generated_at": "2025-05-06T14:05:00+00:00"},
            })
        return self._json(404, {"error": "not found"})


@pytest.fixture
def server():
    Grid.mode, Grid.hits = "ok", []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Grid)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def electricitymaps(server, monkeypatch):
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", TOKEN)
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", server)
    return server


@pytest.fixture
def watttime(server, monkeypatch):
    monkeypatch.setenv("WATTTIME_USERNAME", "ada")
    monkeypatch.setenv("WATTTIME_PASSWORD", WT_PASSWORD)
    monkeypatch.setenv("GREENADVISOR_WATTTIME_URL", server)
    return server


def analyze(cli, write_yaml, *extra):
    return cli("analyze", write_yaml(ARCH), "--format", "json", "--no-log", *extra)


def test_electricity_maps_current_intensity_is_shown_beside_the_footprint(cli, write_yaml, electricitymaps):
    run = analyze(cli, write_yaml)
    assert run.code == 0, run.stderr
    report = run.json()
    now = report["grid_now"]
    assert now["live"] and now["provider"] == "Electricity Maps" and now["zone"] == "US-MIDA-PJM"
    assert now["at"] == "2025-05-06T14:00:00.000Z"
    assert now["figure"]["value"] == 412 and now["figure"]["provenance"] == "measured"
    assert now["figure"]["sources"] == ["electricitymaps-api"] and "electricitymaps-api" in report["sources"]
    # the footprint keeps the yearly average: one hour is not a month
    assert report["footprint"]["workloads"][0]["grid_intensity_gco2e_per_kwh"] == load_kb().regions[("aws", "us-east-1")].value
    assert "one hour is not a month" in now["figure"]["note"]
    assert Grid.hits == ["/v3/carbon-intensity/latest"]
    for fmt, text in (("markdown", "Grid now"), ("table", "Grid now"), ("html", "Grid now")):
        shown = cli("analyze", write_yaml(ARCH), "--format", fmt, "--no-log")
        assert text in shown.stdout and "412" in shown.stdout and "US-MIDA-PJM" in shown.stdout


def test_the_apis_zone_and_time_reach_markdown_as_text(cli, write_yaml, electricitymaps):
    """Markdown viewers render inline HTML: what a remote API sends is escaped like the user's file."""
    Grid.mode = "hostile"
    md = cli("analyze", write_yaml(ARCH), "--format", "markdown", "--no-log").stdout
    line = next(line for line in md.splitlines() if line.startswith("**Grid now"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in line and "&lt;img src=x onerror=alert(1)&gt;" in line
    assert "<script" not in md and "<img" not in md


def test_a_second_call_is_answered_from_the_cache(cli, write_yaml, electricitymaps):
    first = analyze(cli, write_yaml).json()
    second = analyze(cli, write_yaml).json()
    assert Grid.hits == ["/v3/carbon-intensity/latest"]  # the server was asked once
    assert not first["grid_now"]["cached"] and second["grid_now"]["cached"]
    assert second["grid_now"]["figure"]["value"] == 412


def test_a_zero_ttl_asks_every_time(cli, write_yaml, electricitymaps, monkeypatch):
    monkeypatch.setenv("GREENADVISOR_GRID_CACHE_TTL", "0")
    analyze(cli, write_yaml)
    analyze(cli, write_yaml)
    assert len(Grid.hits) == 2


def test_a_timeout_falls_back_to_the_yearly_figure_with_a_warning(cli, write_yaml, electricitymaps, monkeypatch):
    Grid.mode = "slow"
    monkeypatch.setenv("GREENADVISOR_GRID_TIMEOUT", "0.3")
    started = time.monotonic()
    run = analyze(cli, write_yaml)
    assert time.monotonic() - started < 1.4  # did not wait for the server
    assert run.code == 0, run.stderr
    report = run.json()
    now = report["grid_now"]
    assert not now["live"] and now["figure"]["value"] == load_kb().regions[("aws", "us-east-1")].value
    assert now["figure"]["provenance"] == "source"
    assert any("live grid intensity unavailable" in w and "no answer within 0.3 s" in w for w in report["warnings"])


def test_a_refused_token_falls_back_and_is_never_shown(cli, write_yaml, electricitymaps):
    Grid.mode = "401"
    for fmt in ("json", "markdown", "table", "html"):
        run = cli("analyze", write_yaml(ARCH), "--format", fmt, "--no-log")
        assert run.code == 0, run.stderr
        assert TOKEN not in run.stdout and TOKEN not in run.stderr
    report = analyze(cli, write_yaml).json()
    assert not report["grid_now"]["live"]
    assert any("HTTP 401 (credentials refused)" in w for w in report["warnings"])


def test_watttime_login_then_current_moer(cli, write_yaml, watttime):
    run = analyze(cli, write_yaml)
    assert run.code == 0, run.stderr
    now = run.json()["grid_now"]
    assert now["live"] and now["provider"] == "WattTime" and now["zone"] == "PJM_DC"
    assert now["figure"]["value"] == pytest.approx(900 * 0.45359237, rel=1e-5)  # lbs CO2/MWh -> g/kWh
    assert "MOER" in now["figure"]["note"] and now["at"] == "2025-05-06T14:05:00+00:00"
    assert Grid.hits == ["/login", "/v3/forecast"]
    assert WT_PASSWORD not in run.stdout and WT_JWT not in run.stdout


def test_watttime_refused_login_falls_back(cli, write_yaml, watttime):
    Grid.mode = "401"
    run = analyze(cli, write_yaml)
    report = run.json()
    assert run.code == 0 and not report["grid_now"]["live"]
    assert any("WattTime login: HTTP 403" in w for w in report["warnings"])
    assert WT_PASSWORD not in run.stdout + run.stderr


def test_an_unreachable_server_falls_back(cli, write_yaml, monkeypatch):
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", TOKEN)
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    run = analyze(cli, write_yaml)
    assert run.code == 0 and not run.json()["grid_now"]["live"]
    assert TOKEN not in run.stdout


def test_unmapped_regions_use_their_country_or_say_so(cli, write_yaml, electricitymaps):
    kb = load_kb()
    france = ARCH.replace("{provider: aws, region: us-east-1}", "{provider: azure, region: francecentral}")
    assert ("azure", "francecentral") not in kb.zones
    now = cli("analyze", write_yaml(france), "--format", "json", "--no-log").json()["grid_now"]
    assert now["live"] and now["zone"] == "FR" and "country FRA" in now["figure"]["note"]
    canada = ARCH.replace("{provider: aws, region: us-east-1}", "{provider: aws, region: ca-west-1}")
    report = cli("analyze", write_yaml(canada), "--format", "json", "--no-log").json()
    assert not report["grid_now"]["live"]
    assert any("no Electricity Maps zone is known for aws ca-west-1" in w for w in report["warnings"])


def test_nothing_is_fetched_without_credentials(cli, write_yaml, server, monkeypatch):
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", server)
    report = analyze(cli, write_yaml).json()
    assert report.get("grid_now") is None and Grid.hits == []


def test_zone_tables_load_and_cite_known_sources():
    kb = load_kb()
    assert kb.zones[("gcp", "europe-west9")].electricitymaps == "FR"
    assert kb.zones[("aws", "us-west-2")].watttime == "BPA"
    assert kb.country_zones["DEU"].electricitymaps == "DE"
    for zone in list(kb.zones.values()) + list(kb.country_zones.values()):
        assert zone.sources and all(s in kb.sources for s in zone.sources)
        assert zone.electricitymaps or zone.watttime
    # every mapped region is a region the knowledge base knows
    assert set(kb.zones) <= set(kb.regions)


# -- "Grid now" is the footprint's grid, and its fallback says which figure it is ---------------------
ONPREM_OWN_FIGURE = """\
name: plant-vision
cloud: {provider: on-prem, country: DEU, grid_intensity_gco2e_per_kwh: 95}
workloads:
  - name: inspection
    kind: classic-ml
    model: {name: resnet-50, parameters_b: 0.025, precision: fp16}
    hardware: {accelerator: nvidia-t4, count: 1, utilization: 0.5, hours_per_month: 730}
"""

API_ONLY = """\
name: assistant
cloud: {{provider: aws, region: eu-west-1}}
workloads:
  - name: chat
    kind: llm-api
    model: {{name: claude-sonnet-4-5, provider: {provider}}}
    traffic: {{requests_per_month: 100000, input_tokens: 1000, output_tokens: 300}}
"""


def test_the_fallback_names_the_users_own_figure_as_theirs(cli, write_yaml, electricitymaps):
    Grid.mode = "401"
    path = write_yaml(ONPREM_OWN_FIGURE)
    report = cli("analyze", path, "--format", "json", "--no-log").json()
    now = report["grid_now"]
    assert not now["live"] and now["figure"]["value"] == 95 and now["basis"] == "user-figure"
    assert now["figure"]["note"].startswith("your own figure (cloud.grid_intensity_gco2e_per_kwh)")
    assert "bundled" not in now["figure"]["note"]
    warning = next(w for w in report["warnings"] if "live grid intensity unavailable" in w)
    assert "your own figure (cloud.grid_intensity_gco2e_per_kwh) is shown instead" in warning and "bundled" not in warning
    markdown = cli("analyze", path, "--format", "markdown", "--no-log").stdout
    assert "95 gCO2e/kWh — your own figure from the file, no live value" in markdown


def test_the_fallback_is_the_profiles_mean_when_the_footprint_uses_a_profile(cli, write_yaml, electricitymaps, tmp_path):
    Grid.mode = "401"
    lines = ["timestamp,gco2e_per_kwh"] + [f"2024-03-04T{h:02d}:00:00Z,{200 + 4 * h}" for h in range(24)]
    (tmp_path / "hours.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = cli("analyze", write_yaml(ARCH + "grid_profile: hours.csv\n"), "--format", "json", "--no-log").json()
    now, used = report["grid_now"], report["footprint"]["workloads"][0]["grid_intensity_gco2e_per_kwh"]
    assert not now["live"] and now["basis"] == "profile-mean"
    assert now["figure"]["value"] == pytest.approx(used) == pytest.approx(246)
    assert now["figure"]["note"].startswith("the grid profile's mean")


def test_an_api_only_system_shows_no_hosting_region_zone(cli, write_yaml, electricitymaps):
    report = cli("analyze", write_yaml(API_ONLY.format(provider="anthropic")), "--format", "json", "--no-log").json()
    assert report["footprint"]["workloads"][0]["figures"]["grid_intensity_gco2e_per_kwh"]["note"].startswith("United States")
    assert report.get("grid_now") is None and Grid.hits == []  # IE, the hosting region's zone, is no grid of this footprint
    assert any(w.startswith("no current grid intensity shown: the footprint uses the grid where the API provider "
                            "serves the model (USA)") for w in report["warnings"])


def test_an_api_served_in_a_one_zone_country_shows_that_zone(cli, write_yaml, electricitymaps):
    report = cli("analyze", write_yaml(API_ONLY.format(provider="bedrock")), "--format", "json", "--no-log").json()
    assert report["footprint"]["workloads"][0]["grid_intensity_gco2e_per_kwh"] == load_kb().countries["IRL"].value
    now = report["grid_now"]
    assert now["live"] and now["zone"] == "IE"
    assert "country IRL, where the API provider serves the model" in now["figure"]["note"]


@pytest.mark.parametrize("provider", ["electricitymaps", "watttime"])
def test_compare_works_with_live_credentials(cli, write_yaml, request, provider):
    """compare goes through the same report_for as analyze, so it needs the same settings (grid timeout, cache)."""
    request.getfixturevalue(provider)
    other = ARCH.replace("count: 4", "count: 2")
    run = cli("compare", write_yaml(ARCH, "a.yaml"), write_yaml(other, "b.yaml"), "--format", "json")
    assert run.code == 0, run.stderr
    assert "internal error" not in run.stderr and run.json()


def test_compare_works_when_the_live_server_is_unreachable(cli, write_yaml, monkeypatch):
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", TOKEN)
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", "http://127.0.0.1:9")
    run = cli("compare", write_yaml(ARCH, "a.yaml"), write_yaml(ARCH, "b.yaml"), "--format", "json")
    assert run.code == 0, run.stderr


@pytest.mark.parametrize("given", ["WATTTIME_USERNAME", "WATTTIME_PASSWORD"])
def test_half_a_watttime_login_is_said_once(cli, write_yaml, monkeypatch, server, given):
    from advisor.grid import live

    monkeypatch.setattr(live, "_HALF_WARNED", set())
    monkeypatch.setenv(given, "ada")
    monkeypatch.setenv("GREENADVISOR_WATTTIME_URL", server)
    first, second = analyze(cli, write_yaml), analyze(cli, write_yaml)
    assert first.code == 0 and "is set but WATTTIME_" in first.stderr and given in first.stderr
    assert "is set but" not in second.stderr and Grid.hits == []
    assert first.json().get("grid_now") is None


def test_the_fallback_warning_is_french_in_a_french_report(cli, write_yaml, monkeypatch):
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", TOKEN)
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", "http://127.0.0.1:9")
    report = analyze(cli, write_yaml, "--lang", "fr").json()
    assert any(w.startswith("intensité actuelle du réseau indisponible") and "le chiffre annuel fourni" in w
               for w in report["warnings"])
    assert not any("live grid intensity unavailable" in w for w in report["warnings"])


def test_grid_words_have_the_same_keys_and_placeholders_in_both_languages():
    import string

    from advisor.grid.words import WORDS

    assert WORDS["en"].keys() == WORDS["fr"].keys()
    for key, text in WORDS["en"].items():
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        assert names == {f for _, f, _, _ in string.Formatter().parse(WORDS["fr"][key]) if f}, key
