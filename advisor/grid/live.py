"""The grid's intensity right now, from Electricity Maps or WattTime, when the user has a key.

With `ELECTRICITYMAPS_TOKEN` (v3 `carbon-intensity/latest`, header `auth-token`) or
`WATTTIME_USERNAME` + `WATTTIME_PASSWORD` (`/login` with HTTP basic auth, then the first point
of `/v3/forecast` for co2_moer), `analyze` adds the current intensity of the system's grid to
the report. It is shown beside the footprint, not put into it: a monthly total needs the
month's average (the bundled yearly figure or a grid profile), and one hour is not a month.

A report never waits long or fails for it: a short total deadline (however slowly a server or
proxy answers), answers cached in the greenadvisor
home for a few minutes, and on any failure (timeout, refused key, no zone known for the region)
the figure the footprint uses (bundled yearly, the file's own or a profile's mean) with a
warning saying why. Keys go only to their provider and never
into the report, the cache or an error message. stdlib urllib, so nothing heavy is imported.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass

from advisor.figures import Figure, Span
from advisor.secrets import scrub

EM_URL = "https://api.electricitymap.org"
WT_URL = "https://api.watttime.org"
LBS_PER_MWH_TO_G_PER_KWH = 0.45359237  # 1 lb = 453.59237 g (exact), 1 MWh = 1000 kWh
CACHE_FILE = "grid-cache.json"


@dataclass(frozen=True)
class Provider:
    id: str  # electricitymaps | watttime
    name: str
    source: str  # knowledge-base source id


ELECTRICITY_MAPS = Provider("electricitymaps", "Electricity Maps", "electricitymaps-api")
WATTTIME = Provider("watttime", "WattTime", "watttime-api")


@dataclass(frozen=True)
class Reading:
    value: float  # gCO2e/kWh
    at: str  # when the grid was at that intensity (the provider's timestamp)
    zone: str
    marginal: bool
    cached: bool = False


class LiveError(Exception):
    """Why the current intensity could not be had; becomes a warning, never an exit status.

    Held as an advisor/grid/words.py key and its values, so the warning can be worded in the
    report's language; str() is the English text."""

    def __init__(self, key: str, **values):
        from advisor.grid.words import say

        self.key, self.values = key, values
        super().__init__(say(key, "en", **values))

    def text(self, lang: str) -> str:
        from advisor.grid.words import say

        values = {k: say("live_refused", lang) if k == "refused" and v else v for k, v in self.values.items()}
        return say(self.key, lang, **values)


_HALF_WARNED: set[str] = set()


def configured() -> Provider | None:
    """Which provider the environment has credentials for (Electricity Maps first).

    Half a WattTime login (a name without a password, or the reverse) is said once on stderr:
    silently ignored, it would look like WattTime having nothing to say.
    """
    if os.environ.get("ELECTRICITYMAPS_TOKEN"):
        return ELECTRICITY_MAPS
    user, password = bool(os.environ.get("WATTTIME_USERNAME")), bool(os.environ.get("WATTTIME_PASSWORD"))
    if user and password:
        return WATTTIME
    if user != password:
        given, lacking = ("WATTTIME_USERNAME", "WATTTIME_PASSWORD") if user else ("WATTTIME_PASSWORD", "WATTTIME_USERNAME")
        if given not in _HALF_WARNED:
            _HALF_WARNED.add(given)
            import sys

            print(f"greenadvisor: warning: {given} is set but {lacking} is not: no live grid intensity from WattTime",
                  file=sys.stderr)
    return None


def _secrets() -> tuple[str, ...]:
    return tuple(v for v in (os.environ.get("ELECTRICITYMAPS_TOKEN"), os.environ.get("WATTTIME_PASSWORD")) if v)


def zone_for(provider: Provider, cloud, kb) -> tuple[str, str] | None:
    """(zone, how it was found): the region's own mapping, else its country's when the country is one zone."""
    attribute = "electricitymaps" if provider is ELECTRICITY_MAPS else "watttime"
    if cloud.region:
        mapped = kb.zones.get((cloud.provider, cloud.region))
        if mapped is not None and getattr(mapped, attribute):
            return getattr(mapped, attribute), f"{cloud.provider} {cloud.region}"
    country = cloud.country
    if not country and cloud.region:
        row = kb.regions.get((cloud.provider, cloud.region))
        country = row.country if row else None
    zone = country_zone(provider, country, kb) if country else None
    if zone is not None:
        from advisor.grid.words import said

        return zone, said("zone_by_country", country=country.upper())
    return None


# -- HTTP ---------------------------------------------------------------------------------
def _get(url: str, headers: dict[str, str], timeout: float, what: str) -> dict:
    """One JSON GET; every way it can fail (HTTP status, socket, proxy, malformed HTTP, bad JSON) is a LiveError.

    `timeout` here is urllib's, per socket operation: a server (or proxy) sending one byte a
    second never trips it. The total deadline is `current`'s, which runs this in a thread.
    """
    import http.client
    import socket
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "greenadvisor", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https or the user's override
            body = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        refused = " (credentials refused)" if exc.code in (401, 403) else ""
        raise LiveError("live_http", what=what, code=exc.code, refused=refused) from None
    except (TimeoutError, socket.timeout):
        raise LiveError("live_timeout", what=what, seconds=f"{timeout:g}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise LiveError("live_timeout", what=what, seconds=f"{timeout:g}") from None
        raise LiveError("live_unreachable", what=what, detail=scrub(str(reason), _secrets())) from None
    except http.client.HTTPException as exc:  # BadStatusLine, IncompleteRead, LineTooLong …
        raise LiveError("live_malformed", what=what, detail=type(exc).__name__) from None
    except (OSError, ValueError) as exc:  # ValueError: a broken chunk size, a bad header or URL
        raise LiveError("live_connection", what=what, detail=scrub(str(exc), _secrets())) from None
    try:
        data = json.loads(body)
    except ValueError:
        raise LiveError("live_not_json", what=what) from None
    if not isinstance(data, dict):
        raise LiveError("live_unexpected", what=what)
    return data


def _within(deadline: float, call, what: str):
    """`call()`'s result, or a LiveError once `deadline` seconds have passed, whatever the server does.

    Why a thread: urllib has no total timeout (its timeout is per read, and a proxy's CONNECT
    reply is read the same way), so a server dripping bytes could hold a report for minutes.
    The daemon thread is left to finish or die with the process; its answer is dropped.
    """
    import threading

    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except LiveError as exc:
            outcome.append((False, exc))
        except Exception as exc:  # noqa: BLE001 - a live figure must never break a report
            outcome.append((False, LiveError("live_failed", what=what, detail=type(exc).__name__)))

    worker = threading.Thread(target=run, name="greenadvisor-grid-now", daemon=True)
    worker.start()
    worker.join(deadline)
    if not outcome:
        raise LiveError("live_timeout", what=what, seconds=f"{deadline:g}")
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0 <= value < 1e5):
        raise LiveError("live_intensity", what=what, value=repr(value))
    return float(value)


def _electricitymaps(zone: str, timeout: float) -> Reading:
    from urllib.parse import urlencode

    base = os.environ.get("GREENADVISOR_ELECTRICITYMAPS_URL", EM_URL).rstrip("/")
    data = _get(f"{base}/v3/carbon-intensity/latest?{urlencode({'zone': zone})}",
                {"auth-token": os.environ["ELECTRICITYMAPS_TOKEN"]}, timeout, "Electricity Maps")
    value = _number(data.get("carbonIntensity"), "Electricity Maps")
    return Reading(value, str(data.get("datetime") or ""), str(data.get("zone") or zone), marginal=False)


def _watttime(region: str, timeout: float) -> Reading:
    import base64
    from urllib.parse import urlencode

    base = os.environ.get("GREENADVISOR_WATTTIME_URL", WT_URL).rstrip("/")
    pair = f"{os.environ['WATTTIME_USERNAME']}:{os.environ['WATTTIME_PASSWORD']}".encode()
    login = _get(f"{base}/login", {"Authorization": "Basic " + base64.b64encode(pair).decode()}, timeout, "WattTime login")
    token = login.get("token")
    if not isinstance(token, str) or not token:
        raise LiveError("live_no_token", what="WattTime login")
    query = urlencode({"region": region, "signal_type": "co2_moer", "horizon_hours": 0})
    data = _get(f"{base}/v3/forecast?{query}", {"Authorization": f"Bearer {token}"}, timeout, "WattTime")
    points = data.get("data")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        raise LiveError("live_no_point", what="WattTime")
    units = str((data.get("meta") or {}).get("units") or "lbs_co2_per_mwh")
    if units != "lbs_co2_per_mwh":
        raise LiveError("live_units", what="WattTime", units=repr(units))
    value = _number(points[0].get("value"), "WattTime") * LBS_PER_MWH_TO_G_PER_KWH
    return Reading(value, str(points[0].get("point_time") or ""), region, marginal=True)


# -- cache --------------------------------------------------------------------------------
def _cache_path():
    from advisor.home import home

    return home() / CACHE_FILE


def _cached(key: str, ttl: float) -> Reading | None:
    try:
        entry = json.loads(_cache_path().read_text(encoding="utf-8")).get(key)
        if entry and time.time() - float(entry["fetched"]) <= ttl:
            return Reading(float(entry["value"]), entry["at"], entry["zone"], bool(entry["marginal"]), cached=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or a broken one: ask again
    return None


def _store(key: str, reading: Reading) -> None:
    """Best effort: a cache that cannot be written only costs the next call."""
    import tempfile

    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            data = {}
        data[key] = {"value": reading.value, "at": reading.at, "zone": reading.zone, "marginal": reading.marginal,
                     "fetched": time.time()}
        fd, tmp = tempfile.mkstemp(prefix=".grid-cache.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        pass


def current(provider: Provider, zone: str, *, timeout: float, ttl: float) -> Reading:
    key = f"{provider.id}:{zone}"
    if ttl > 0:
        hit = _cached(key, ttl)
        if hit is not None:
            return hit
    fetch = _electricitymaps if provider is ELECTRICITY_MAPS else _watttime
    reading = _within(timeout, lambda: fetch(zone, timeout), provider.name)
    if ttl > 0:
        _store(key, reading)
    return reading


# -- the report ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Target:
    """The grid "Grid now" is about: the one the footprint uses, and the figure it uses for it."""

    zone: tuple[str, str] | None  # (zone, how it was found)
    where: str  # for messages
    workload: object  # an advisor.footprint.WorkloadFootprint drawing from this grid


def _target(analysis, provider: Provider, lang: str = "en") -> _Target | str:
    """The grid the footprint draws from, or why no one zone stands for it.

    Why: "Grid now" beside the footprint must be the grid the footprint uses. Self-hosted
    workloads use the region's (or the on-prem country's) grid. llm-api workloads use the
    country where their provider serves the model, not the caller's region: when only they
    are in the system, the live figure is that country's zone when it is one zone
    (knowledge/grid/country_zones.csv), and otherwise none is shown, with a note, rather than
    the hosting region's zone, which no figure of the report uses.
    """
    from advisor.grid.words import said, say

    arch, kb = analysis.architecture, analysis.kb
    workloads = analysis.footprint.workloads
    own = [wf for wf in workloads if wf.workload.kind != "llm-api"]
    if own:
        where = " ".join(x for x in (arch.cloud.provider, arch.cloud.region or arch.cloud.country) if x)
        return _Target(zone_for(provider, arch.cloud, kb), where, own[0])
    countries = sorted({wf.grid.key for wf in workloads})
    if len(countries) > 1:
        return say("live_several", lang, countries=", ".join(countries))
    country = countries[0]
    zone = country_zone(provider, country, kb)
    if zone is None:
        return say("live_not_one_zone", lang, country=country, provider=provider.name)
    return _Target((zone, said("zone_served", country=country)), said("where_country", country=country), workloads[0])


def country_zone(provider: Provider, country: str, kb) -> str | None:
    attribute = "electricitymaps" if provider is ELECTRICITY_MAPS else "watttime"
    mapped = kb.country_zones.get(country.upper())
    return getattr(mapped, attribute) if mapped is not None and getattr(mapped, attribute) else None


def grid_now(analysis, settings) -> tuple[dict | None, list[str]]:
    """The report's `grid_now` block (None when no zone stands for the footprint's grid) and the warnings to add.

    The block is the live figure, or, when the live one could not be had, the figure the
    footprint uses for that grid (bundled yearly, the file's own, a profile's mean), with a
    warning saying why and which it is.
    """
    from advisor.grid.words import say
    from advisor.said import word

    lang = getattr(analysis, "lang", "en")
    provider = configured()
    target = _target(analysis, provider, lang)
    if isinstance(target, str):
        return None, [say("no_current", lang, why=target)]
    reason = None
    found = target.zone
    if found is None:
        reason = say("live_no_zone", lang, provider=provider.name, where=word(target.where, lang))
    else:
        zone, how = found
        try:
            reading = current(provider, zone, timeout=settings.grid_timeout_s, ttl=settings.grid_cache_ttl_s)
        except LiveError as exc:
            reason = scrub(exc.text(lang), _secrets())
        else:
            note = say("live_note", lang, provider=provider.name, zone=reading.zone, how=word(how, lang),
                       at=reading.at or say("live_unstated", lang),
                       kind=say("live_marginal" if reading.marginal else "live_average", lang),
                       cached=say("live_cached", lang) if reading.cached else "")
            figure = Figure.from_span(Span.point(reading.value), "gCO2e/kWh", "measured", [provider.source], note)
            block = {"live": True, "provider": provider.name, "zone": reading.zone, "at": reading.at or None,
                     "cached": reading.cached, "figure": figure}
            return block, []
    wf = target.workload
    fallback = wf.figures["grid_intensity_gco2e_per_kwh"]
    label = say(wf.grid_basis, lang)
    note = say("live_fallback", lang, label=label, note=word(fallback.note or target.where, lang), reason=reason)
    block = {"live": False, "provider": provider.name, "zone": found[0] if found else None, "at": None,
             "cached": False, "basis": wf.grid_basis, "figure": fallback.model_copy(update={"note": note})}
    return block, [say("live_unavailable", lang, reason=reason, label=label)]
