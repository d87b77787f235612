"""How DingTalk and WeCom group robots are spoken to: the signed URL, the markdown payload within each service's
size limit, one POST with a short timeout, and what its answer means.

Written over the standard library rather than with apprise (which speaks both): apprise answers a post with
True or False, while the delivery log must keep each answer's errcode and errmsg, "too fast" must be told apart
from a bad signature, and the rate limit has to hold across servers, in the database (broadcast.sending).

- DingTalk: `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256(key=secret, msg="timestamp\\nsecret")))
  appended to the webhook when the robot has a 加签 secret; markdown {title, text}, kept under 20,000 bytes.
- WeCom: the key is in the webhook; markdown {content} of at most 4,096 bytes.

A text too long is cut at a UTF-8 boundary, with an ellipsis, and the link back is kept after it.
"""

import base64
import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from .models import Robot

TIMEOUT_SECONDS = 5
DINGTALK_MAX_BYTES = 20000
WECOM_MAX_BYTES = 4096
ELLIPSIS = "……"

# What an answer means for the delivery.
SENT = "sent"
TOO_FAST = "too_fast"  # wait for the next minute; not a failure
CONFIG = "config"  # the robot is set up wrong (signature, key, URL): a few tries, then failed
TRANSIENT = "transient"  # timeouts, server errors: retried with backoff

# DingTalk 130101 and WeCom 45009: more than 20 messages a minute.
TOO_FAST_CODES = {130101, 45009}
# DingTalk 310000 (signature, keyword or IP refused), 300001 (token missing), 400102/400101 (robot stopped or
# unknown), 460101 (too long); WeCom 93000 (invalid webhook key), 40008/40058 (a malformed message): resending
# cannot help.
CONFIG_CODES = {310000, 300001, 400101, 400102, 460101, 93000, 40008, 40058}


@dataclass
class Answer:
    http_status: int | None
    errcode: int | None
    errmsg: str
    # The request could not even be made (a webhook that is no URL): the robot is set up wrong.
    unusable: bool = False

    @property
    def outcome(self) -> str:
        if self.unusable:
            return CONFIG
        if self.errcode == 0 and self.http_status == 200:
            return SENT
        if self.errcode in TOO_FAST_CODES or self.http_status == 429:
            return TOO_FAST
        if self.errcode in CONFIG_CODES or self.http_status in (400, 401, 403, 404):
            return CONFIG
        return TRANSIENT


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), before URL-encoding."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_url(robot: Robot, now: float | None = None) -> str:
    if robot.kind != Robot.Kind.DINGTALK or not robot.secret:
        return robot.url
    timestamp = int((time.time() if now is None else now) * 1000)
    query = urlencode({"timestamp": timestamp, "sign": dingtalk_sign(robot.secret, timestamp)})
    return f"{robot.url}{'&' if '?' in robot.url else '?'}{query}"


def fit(text: str, link_line: str, limit: int) -> str:
    """`text` then `link_line`, in at most `limit` UTF-8 bytes: a text too long is cut at a character boundary
    and ends with an ellipsis, and the link stays."""
    tail = f"\n\n{link_line}" if link_line else ""
    whole = text + tail
    if len(whole.encode()) <= limit:
        return whole
    room = limit - len((ELLIPSIS + tail).encode())
    cut = text.encode()[: max(room, 0)].decode(errors="ignore")
    return cut + ELLIPSIS + tail


def payload(robot: Robot, *, title: str, text: str, link: str) -> dict:
    link_line = f"[查看详情]({link})" if link else ""
    if robot.kind == Robot.Kind.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": fit(text, link_line, WECOM_MAX_BYTES)}}
    # The title counts towards DingTalk's limit too (its JSON is measured as a whole); keep a margin for it.
    room = DINGTALK_MAX_BYTES - len(title.encode()) - 200
    return {"msgtype": "markdown", "markdown": {"title": title, "text": fit(text, link_line, room)}}


def _scrubbed(message: str, robot: Robot) -> str:
    """An error's text without the webhook or the secret, whatever the library put in it."""
    for credential in (robot.secret, robot.url):
        if credential:
            message = message.replace(credential, "***")
    return message[:500]


def post(robot: Robot, *, title: str, text: str, link: str) -> Answer:
    """One POST of the message; never raises for what the network or the service answers."""
    body = json.dumps(payload(robot, title=title, text=text, link=link), ensure_ascii=False).encode()
    request = urllib.request.Request(
        signed_url(robot),
        data=body,
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (the admin's URL)
            status, raw = response.status, response.read(65536)
    except urllib.error.HTTPError as error:
        return Answer(error.code, None, _scrubbed(f"HTTP {error.code} {error.reason}", robot))
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Answer(None, None, _scrubbed(f"{type(error).__name__}: {reason}", robot))
    except (ValueError, http.client.HTTPException) as error:
        # A webhook the library cannot post to (not ASCII, no host, a broken answer): no text of it is kept.
        return Answer(None, None, f"{type(error).__name__}: the webhook URL cannot be used", unusable=True)
    try:
        answer = json.loads(raw.decode("utf-8"))
        errcode = int(answer.get("errcode"))
        errmsg = str(answer.get("errmsg", ""))
    except (ValueError, TypeError, AttributeError):
        return Answer(status, None, _scrubbed(f"unreadable answer: {raw[:200]!r}", robot))
    return Answer(status, errcode, _scrubbed(errmsg, robot))
