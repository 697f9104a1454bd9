"""A local HTTP server publishing one list file, as OFAC or the UN do, with faults on demand;
and versions of the committed UN excerpt to serve.

It answers a GET with the body, an ETag (the body's digest) and a Last-Modified header, and 304
when If-None-Match names the current ETag. `html`, `status` and `cut_to` make it answer like a
broken upstream: an HTML error page, an error status, or a body cut short.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from types import TracebackType
from typing import Self

from lxml import etree

from services.lists.watchlists.excerpt import EXCERPT_DIR

UN_EXCERPT_PATH = EXCERPT_DIR / "un_dprk_entities.xml"  # 75 entities, dateGenerated 2026-02-27
UN_EXCERPT = UN_EXCERPT_PATH.read_bytes()


def un_list(keep: int | None = None, generated: str | None = None) -> bytes:
    """The committed UN excerpt, with only its first `keep` entities or another dateGenerated."""
    root = etree.fromstring(UN_EXCERPT)
    if generated is not None:
        root.set("dateGenerated", generated)
    entities = root.find("ENTITIES")
    if keep is not None and entities is not None:
        for entity in list(entities)[keep:]:
            entities.remove(entity)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


@dataclass
class ListServer:
    body: bytes
    path: str = "/list.xml"
    status: int = 200
    html: bool = False
    cut_to: int | None = None  # send only this many bytes while announcing the whole length
    requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                served.requests.append(dict(self.headers))
                served.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._modified = formatdate(usegmt=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.path}"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    def publish(self, body: bytes) -> None:
        """A new version of the list: new body, new ETag, new Last-Modified."""
        self.body = body
        self._modified = formatdate(usegmt=True)

    def answer(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        if self.html or self.status != 200:
            page = b"<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>"
            handler.send_response(self.status)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(len(page)))
            handler.end_headers()
            handler.wfile.write(page)
            return
        if handler.headers.get("If-None-Match") == self.etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("ETag", self.etag)
        handler.send_header("Last-Modified", self._modified)
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body if self.cut_to is None else self.body[: self.cut_to])
        if self.cut_to is not None:
            handler.close_connection = True

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
