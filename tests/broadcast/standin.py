"""A stand-in for the DingTalk and WeCom robot services, on 127.0.0.1 at a random port, answering as they do:

- DingTalk (`/robot/send?access_token=…[&timestamp=…&sign=…]`): an unknown token → 300001; a robot with a 加签
  secret checks `sign` = base64(HMAC-SHA256(secret, "timestamp\\nsecret")) and a timestamp within an hour,
  else errcode 310000; more than 20 a minute → 130101; markdown over 20,000 bytes → 460101.
- WeCom (`/cgi-bin/webhook/send?key=…`): an unknown key → 93000; more than 20 a minute → 45009; markdown
  content over 4,096 bytes → 40058.

Its clock is time.time(), which time_machine moves in the tests. `slow` makes it answer late (a timeout), and
`received` keeps what it accepted.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LIMIT = 20


class StandIn:
    def __init__(self):
        self.dingtalk: dict[str, str] = {}  # access_token → secret ("" for none)
        self.wecom: set[str] = set()
        self.received: list[dict] = []  # {"robot", "payload", "at"}
        self.requests = 0
        self.answers: list[int] = []
        self.slow = 0.0
        self.times: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def dingtalk_url(self, token: str, secret: str = "") -> str:
        self.dingtalk[token] = secret
        return f"{self.base}/robot/send?access_token={token}"

    def wecom_url(self, key: str) -> str:
        self.wecom.add(key)
        return f"{self.base}/cgi-bin/webhook/send?key={key}"

    def fill_minute(self, robot: str, count: int = LIMIT) -> None:
        """As though someone else had posted `count` messages through the robot just now."""
        self.times.setdefault(robot, []).extend([time.time()] * count)

    def answer(self, path: str, body: bytes) -> dict:
        parts = urlsplit(path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        message = json.loads(body.decode("utf-8"))
        now = time.time()
        if parts.path == "/robot/send":
            robot, too_fast = query.get("access_token", ""), 130101
            if robot not in self.dingtalk:
                return {"errcode": 300001, "errmsg": "token is not exist"}
            secret = self.dingtalk[robot]
            if secret:
                timestamp = query.get("timestamp", "")
                expected = base64.b64encode(
                    hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
                ).decode()
                fresh = timestamp.isdigit() and abs(int(timestamp) / 1000 - now) < 3600
                if not fresh or not hmac.compare_digest(query.get("sign", ""), expected):
                    return {
                        "errcode": 310000,
                        "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com]",
                    }
            size = len(message["markdown"]["text"].encode()) + len(message["markdown"]["title"].encode())
            if size > 20000:
                return {"errcode": 460101, "errmsg": "message too long"}
        elif parts.path == "/cgi-bin/webhook/send":
            robot, too_fast = query.get("key", ""), 45009
            if robot not in self.wecom:
                return {"errcode": 93000, "errmsg": "invalid webhook url"}
            if len(message["markdown"]["content"].encode()) > 4096:
                return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        else:
            return {"errcode": 404, "errmsg": "no such path"}
        with self.lock:
            recent = [t for t in self.times.get(robot, []) if now - t < 60]
            if len(recent) >= LIMIT:
                self.times[robot] = recent
                return {"errcode": too_fast, "errmsg": "send too fast, exceed 20 times per minute"}
            self.times[robot] = [*recent, now]
            self.received.append({"robot": robot, "payload": message, "at": now})
        return {"errcode": 0, "errmsg": "ok"}

    def handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                standin.requests += 1
                if standin.slow:
                    time.sleep(standin.slow)
                answer = standin.answer(self.path, body)
                standin.answers.append(answer["errcode"])
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client gave up waiting (the timeout tests)
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
