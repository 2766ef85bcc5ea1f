"""A chat reply is printed as it streams, yet never with a configured key (whole, in part, or split
across chunks) nor a terminal control sequence: through the CLI against the wire server, and as
a property of advisor/llm/stream_text.py for any text and any way of cutting it into chunks."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.llm.model_text import printable
from advisor.llm.stream_text import StreamCleaner
from conftest import example
from wire import WireServer, openai_stream

KEY = "sk-test-SECRETKEY1234567890abcdef"
CLI = [sys.executable, "-c", "from advisor.cli.app import main; main()"]


def chat(server, questions: str, **env):
    return subprocess.run(
        [*CLI, "chat", str(example("claude-assistant-api.yaml")), "--model", "openai:x", "--base-url", f"{server.url}/v1"],
        input=questions, capture_output=True, text=True, timeout=120, env=dict(os.environ, OPENAI_API_KEY=KEY, **env))


def test_a_key_the_model_repeats_is_never_printed_even_split_across_chunks():
    with WireServer() as server:
        server.script(
            openai_stream("To cut energy, batch. Your key is sk-te", "st-SECRE", "TKEY1234", "567890ab", "cdef, keep it safe.",
                          " \x1b]52;c;ZXZpbA==\x07Cache\x1b[2J answers", " (server saw SECRETKEY1234567", "890abcdef)."),
            openai_stream("Second ", "answer: ", KEY[:20], KEY[20:], " done."),
        )
        result = chat(server, "How can I cut energy?\nAnd the key?\n/quit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    for part in (KEY, "sk-te", "SECRE", "TKEY1234", "567890ab", "SECRETKEY1234567", KEY[:20], KEY[20:]):
        assert part not in out, part
    assert "\x1b" not in out and "\x07" not in out
    assert "To cut energy, batch. Your key is [REDACTED], keep it safe." in out
    assert "Cache answers (server saw [REDACTED])." in out and "Second answer: [REDACTED] done." in out


def test_a_short_reply_without_secrets_is_printed_whole():
    with WireServer() as server:
        server.script(openai_stream("Batch ", "requests ", "first."))
        result = chat(server, "what first?\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Batch requests first." in result.stdout


# --- the property: printed in pieces, printed as a whole --------------------------------------

PIECES = st.sampled_from([
    KEY, KEY[3:], KEY[:14], KEY[-13:], "sk-", "SECRETKEY", " ", "\n", "\r\n", "Batch requests. ", "énergie ",
    "\x1b[31m", "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;http://x\x1b\\", "\x1b", "\x9b", "\u202e", "\x00",
    "Bearer abcdefghijklmnopqrstuvwxyz ", "password: hunter2hunter2 ", "sk-proj-abcdefghijklmnopqrstuv",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n", "-----END RSA PRIVATE KEY-----", "word " * 40,
])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(PIECES, max_size=40), cuts=st.lists(st.integers(min_value=1, max_value=40), max_size=80))
def test_printed_in_chunks_is_printed_whole(parts, cuts):
    text = "".join(parts)
    printer, out, i = StreamCleaner((KEY,)), [], 0
    for size in cuts:
        out.append(printer.feed(text[i:i + size]))
        i += size
    out.append(printer.feed(text[i:]))
    out.append(printer.close())
    assert "".join(out) == printer.text == printable(text, (KEY,))
    assert KEY not in printer.text and KEY[3:15] not in printer.text


def test_nothing_of_a_key_is_printed_before_the_whole_is_known(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    printer, shown = StreamCleaner(), ""
    text = "word " * 50 + KEY + " and more " * 30
    for ch in text:
        shown += printer.feed(ch)
        assert "sk-t" not in shown  # not even the start of the key, while it streams in
    shown += printer.close()
    assert shown == printable(text) and "[REDACTED]" in shown
