"""A minimal HTTP client that behaves like a browser behind the bureau's TLS proxy: it keeps cookies
(Secure ones too, since nginx would have carried them over HTTPS), sends X-Forwarded-Proto: https and a
matching Origin, and answers Django's CSRF check. Standard library only; used by the deploy tests and the load
benchmark."""

import http.client
import secrets
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    def __init__(self, timeout: float = 30, headers: dict[str, str] | None = None):
        self.cookies: dict[str, str] = {}
        self.timeout = timeout
        # Sent with every request, e.g. {"Authorization": "Bearer <key>"} for another system calling the API.
        self.headers = dict(headers or {})
        self._connections: dict[str, http.client.HTTPConnection] = {}

    def _connection(self, base_url: str) -> http.client.HTTPConnection:
        if base_url not in self._connections:
            parts = urllib.parse.urlsplit(base_url)
            self._connections[base_url] = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=self.timeout
            )
        return self._connections[base_url]

    def request(
        self, base_url: str, method: str, path: str, data: dict | None = None, files: dict | None = None
    ) -> Response:
        """One request; a POST sends `data` as a form, or as multipart/form-data with `files`
        ({field: (filename, bytes)}) as a file input would."""
        host = urllib.parse.urlsplit(base_url).netloc
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "zh-CN", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            headers["Origin"] = f"https://{host}"
            headers["Referer"] = f"https://{host}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            if files:
                headers["Content-Type"], body = _multipart(data or {}, files)
            else:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                body = urllib.parse.urlencode(data or {})
        started = time.monotonic()
        for attempt in range(2):
            connection = self._connection(base_url)
            try:
                connection.request(method, path, body=body, headers=headers)
                raw = connection.getresponse()
                content = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed meanwhile (keepalive timeout): reconnect once.
                connection.close()
                del self._connections[base_url]
                if attempt:
                    raise
        seconds = time.monotonic() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(raw.status, raw.headers, content, seconds)

    def get(self, base_url: str, path: str) -> Response:
        return self.request(base_url, "GET", path)

    def post(self, base_url: str, path: str, data: dict | None = None, files: dict | None = None) -> Response:
        return self.request(base_url, "POST", path, data, files)

    def log_in(self, base_url: str, username: str, password: str) -> Response:
        """The log-in form as a person fills it: load it (CSRF cookie), then post it."""
        self.get(base_url, "/accounts/login/")
        return self.post(base_url, "/accounts/login/", {"username": username, "password": password})

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()


def _multipart(data: dict, files: dict) -> tuple[str, bytes]:
    boundary = "----bureau" + secrets.token_hex(12)
    parts = []
    for name, value in data.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)
