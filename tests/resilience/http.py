"""A plain HTTP client with one session cookie: what many phones at once look like to the server."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

VERSION_FIELD = re.compile(rb'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')
CSRF_FIELD = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Answer:
    """What came back: the status, where it redirects to, the body."""

    status: int
    location: str
    body: bytes


class Staff:
    """One member of staff's device: a session cookie, no redirects followed."""

    def __init__(self, base: str, cookie_name: str, token: str, timeout: float = 30) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {cookie_name: token}
        self.timeout = timeout
        self.csrf = ""

    def _send(self, method: str, path: str, body: str | None = None) -> Answer:
        """One request on a fresh connection (as a phone on a bad line would make it)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            answer = Answer(response.status, response.getheader("Location") or "", response.read())
        finally:
            connection.close()
        token = CSRF_FIELD.search(answer.body)
        if token:
            self.csrf = (token.group(1) or token.group(2)).decode()
        return answer

    def _keep_cookies(self, headers: list[str]) -> None:
        """Remember what the server sets (the form cookie that holds the CSRF secret)."""
        for header in headers:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str) -> Answer:
        """GET a page."""
        return self._send("GET", path)

    def post(self, path: str, data: dict) -> Answer:
        """POST a form with the CSRF token of the last page read (lists become repeated fields)."""
        return self._send("POST", path, urlencode({"csrf_token": self.csrf, **data}, doseq=True))


def form_version(page: bytes) -> str:
    """The version an edit form was opened at."""
    found = VERSION_FIELD.search(page)
    assert found, "no version field on the edit form"
    return (found.group(1) or found.group(2)).decode()


def form_data(data: dict) -> dict:
    """Intake/edit data as a browser would post it (booleans as 'y', None left out)."""
    posted = {}
    for name, value in data.items():
        if value is True:
            posted[name] = "y"
        elif value not in (None, False):
            posted[name] = value
    return posted
