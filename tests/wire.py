"""A loopback HTTP server that speaks the OpenAI Chat Completions and Anthropic Messages formats.

Tests script its replies (status, headers, body, delay) and read back what the real SDKs
sent. It binds 127.0.0.1 on a free port and stops with the test.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: dict | str | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    action: str | None = None  # "reset": close without answering; "truncate": cut the body short
    content_type: str = "application/json"


def openai_reply(content: str, prompt_tokens: int = 1200, completion_tokens: int = 300) -> Reply:
    return Reply(body={
        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def anthropic_tool_reply(arguments: dict, input_tokens: int = 1300, output_tokens: int = 280) -> Reply:
    return Reply(body={
        "id": "msg_test", "type": "message", "role": "assistant", "model": "claude-test",
        "content": [{"type": "tool_use", "id": "toolu_test", "name": "record_recommendations", "input": arguments}],
        "stop_reason": "tool_use", "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    })


def error_reply(status: int, message: str, retry_after: str | None = None, anthropic: bool = False) -> Reply:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    body = ({"type": "error", "error": {"type": "api_error", "message": message}} if anthropic
            else {"error": {"message": message, "type": "server_error", "code": None}})
    return Reply(status=status, body=body, headers=headers)


class WireServer:
    def __init__(self):
        self.replies: list[Reply] = []
        self.requests: list[dict] = []
        self.responder = None  # optional callable(body) -> Reply, used when no scripted reply is left
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                self._send(Reply(body={"object": "list", "data": [{"id": "test-model", "object": "model"}]}))

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                with server.lock:
                    server.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                    if server.replies:
                        reply = server.replies.pop(0)
                    elif server.responder is not None:
                        reply = server.responder(body)
                    else:
                        reply = error_reply(500, "no scripted reply left")
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    if reply.action == "reset":
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    if reply.action == "truncate":
                        payload = json.dumps(reply.body or {}).encode("utf-8")
                        self.send_response(200)
                        self.send_header("content-type", "application/json")
                        self.send_header("content-length", str(len(payload) + 500))
                        self.end_headers()
                        self.wfile.write(payload[: len(payload) // 2])
                        self.close_connection = True
                        return
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

            def _send(self, reply: Reply):
                payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body or {})
                data = payload.encode("utf-8")
                self.send_response(reply.status)
                self.send_header("content-type", reply.content_type)
                self.send_header("content-length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # a short poll: shutdown() waits for it, at every test's end (the default is 0.5 s)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> WireServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def script(self, *replies: Reply) -> WireServer:
        self.replies.extend(replies)
        return self

    def posts(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith(("/chat/completions", "/messages"))]


def openai_stream(*pieces: str, broken: bool = False) -> Reply:
    """A Chat Completions SSE stream; `broken` cuts it with a malformed event."""
    events = []
    for piece in pieces:
        chunk = {"id": "chatcmpl-s", "object": "chat.completion.chunk", "created": 0, "model": "test-model",
                 "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        events.append(f"data: {json.dumps(chunk)}\n\n")
    events.append("data: {not json at all\n\n" if broken else "data: [DONE]\n\n")
    return Reply(body="".join(events), content_type="text/event-stream")


def send_json(handler, status: int, body) -> None:
    """Answer an http.server request with `body` as JSON (the fake grid APIs' one way to reply)."""
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
