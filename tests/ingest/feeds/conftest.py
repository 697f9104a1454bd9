"""A local HTTP server that serves feeds from a dict the test controls, honouring ETags."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Served:
    """One path's response: body, content type, status, ETag; `hits` counts requests."""

    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    hits: int = 0
    conditional_hits: int = 0


@dataclass
class FeedServer:
    base_url: str
    routes: dict[str, Served] = field(default_factory=dict)

    def serve(self, path: str, body: str | bytes, **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Served(body=data, **kwargs)  # type: ignore[arg-type]
        return self.base_url + path


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            served = server.routes.get(self.path)
            if served is None:
                self.send_error(404)
                return
            served.hits += 1
            if served.etag and self.headers.get("If-None-Match") == served.etag:
                served.conditional_hits += 1
                self.send_response(304)
                self.send_header("ETag", served.etag)
                self.end_headers()
                return
            self.send_response(served.status)
            self.send_header("Content-Type", served.content_type)
            self.send_header("Content-Length", str(len(served.body)))
            if served.etag:
                self.send_header("ETag", served.etag)
            self.end_headers()
            self.wfile.write(served.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    holder = FeedServer(base_url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    holder.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
