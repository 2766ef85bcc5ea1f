"""Live grid intensity against servers that misbehave at the HTTP level: a report waits a bounded time and falls back.

A raw loopback socket server plays each fault (urllib's timeout is per read, so a server
dripping one byte at a time never trips it; only a total deadline does).
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

import pytest

from test_grid_live import ARCH, TOKEN

DRIP_FOR_S = 8.0  # how long a dripping server keeps going: far past the deadline, bounded if the fix regresses
TIMEOUT = "0.6"


def _drip(conn: socket.socket, data: bytes, started: float) -> None:
    for byte in data:
        if time.monotonic() - started > DRIP_FOR_S:
            return
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def _serve(conn: socket.socket, mode: str) -> None:
    started = time.monotonic()
    conn.settimeout(DRIP_FOR_S + 2)
    try:
        conn.recv(65536)  # the request (or the proxy's CONNECT)
        if mode == "drip-headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            _drip(conn, b"X-Slow: " + b"a" * 1000 + b"\r\n\r\n", started)
        elif mode == "drip-body":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
            _drip(conn, b'{"carbonIntensity": 412, "pad": "' + b"a" * 1000, started)
        elif mode == "drip-connect":  # an HTTPS proxy answering CONNECT one byte at a time
            _drip(conn, b"HTTP/1.1 200 Connection established\r\n" + b"X-Slow: " + b"a" * 1000 + b"\r\n\r\n", started)
        elif mode == "garbage":
            conn.sendall(b"SPAM SPAM SPAM\r\n\r\n")
        elif mode == "broken-chunks":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"zz\r\n{\"carbonIntensity\": 412}\r\n")
        elif mode == "short-chunks":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"40\r\n{\"carbonIntensity\": 412}")
    except OSError:
        pass
    finally:
        conn.close()


@pytest.fixture
def faulty(monkeypatch):
    """Start a server playing `mode`; returns its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    state = {"mode": "garbage", "stop": False}

    def accept() -> None:
        while not state["stop"]:
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=_serve, args=(conn, state["mode"]), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", TOKEN)
    monkeypatch.setenv("GREENADVISOR_GRID_TIMEOUT", TIMEOUT)

    def start(mode: str) -> str:
        state["mode"] = mode
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    state["stop"] = True
    listener.close()


def _analyze(cli, write_yaml):
    started = time.monotonic()
    run = cli("analyze", write_yaml(ARCH), "--format", "json", "--no-log")
    return run, time.monotonic() - started


@pytest.mark.parametrize("mode", ["drip-headers", "drip-body"])
def test_a_dripping_server_cannot_hold_the_report(cli, write_yaml, faulty, monkeypatch, mode):
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", faulty(mode))
    run, took = _analyze(cli, write_yaml)
    assert run.code == 0, run.stderr
    assert took < 3, f"waited {took:.1f} s for a {TIMEOUT} s deadline"
    report = run.json()
    assert not report["grid_now"]["live"]
    assert any("no answer within 0.6 s" in w for w in report["warnings"])


def test_a_proxy_dripping_its_connect_reply_cannot_hold_the_report(cli, write_yaml, faulty, monkeypatch):
    proxy = faulty("drip-connect")
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    monkeypatch.setenv("https_proxy", proxy)
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", "https://grid.example.invalid")
    monkeypatch.setattr(urllib.request, "_opener", None)  # urlopen reads the proxy variables once, when it builds its opener
    run, took = _analyze(cli, write_yaml)
    assert run.code == 0, run.stderr
    assert took < 3, f"waited {took:.1f} s for a {TIMEOUT} s deadline"
    report = run.json()
    assert not report["grid_now"]["live"]
    assert any("no answer within 0.6 s" in w for w in report["warnings"])  # the proxy was asked, not the name


@pytest.mark.parametrize("mode", ["garbage", "broken-chunks", "short-chunks"])
def test_malformed_http_falls_back_with_a_warning(cli, write_yaml, faulty, monkeypatch, mode):
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", faulty(mode))
    run, _ = _analyze(cli, write_yaml)
    assert run.code == 0, run.stderr
    assert "internal error" not in run.stderr
    report = run.json()
    assert not report["grid_now"]["live"]
    assert any("live grid intensity unavailable" in w and "Electricity Maps" in w for w in report["warnings"])
    assert TOKEN not in run.stdout + run.stderr
