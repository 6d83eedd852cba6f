"""A real HTTP server around the app (werkzeug, in a thread), and which endpoints exist yet."""

from __future__ import annotations

import threading
from functools import cache
from importlib import import_module

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    """No access log lines: the tests read pages, not the console."""

    def log_request(self, *args, **kwargs) -> None:
        """Say nothing."""


class LiveServer:
    """The app served on 127.0.0.1 from a thread; it can be stopped and started again."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.port = 0
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base address, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        """Listen (on the same port as before after a stop) and serve in a daemon thread."""
        self._server = make_server(
            "127.0.0.1", self.port, self.app, threaded=True, request_handler=QuietHandler
        )
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering: the port refuses connections until start() again."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None


@cache
def endpoint_names() -> frozenset[str]:
    """Every endpoint the domains' blueprints declare today (no database or keys needed)."""
    from casework import BLUEPRINT_MODULES

    bare = Flask("endpoint-probe")
    for name in BLUEPRINT_MODULES:
        bare.register_blueprint(import_module(name).bp)
    return frozenset(rule.endpoint for rule in bare.url_map.iter_rules())


def has_endpoint(*names: str) -> bool:
    """Whether every named endpoint has landed."""
    return all(name in endpoint_names() for name in names)


def missing(*names: str) -> str:
    """A skip reason naming the endpoints that have not landed yet."""
    absent = [name for name in names if name not in endpoint_names()]
    return f"not built yet: {', '.join(absent)}"
