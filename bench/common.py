"""What the benchmarks share: counting and slowing what the real server sends."""
from __future__ import annotations

import asyncio
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer  # tests/ is on the path of every benchmark


class ByteCounter:
    """ASGI wrapper that records what the server sends (workers' requests included, which
    the browser's page events miss)."""

    def __init__(self, app):
        self.app, self.sent = app, []

    async def __call__(self, scope, receive, send):
        record = {"path": scope.get("path"), "status": 0, "type": "", "bytes": 0}

        async def counting_send(message):
            if message["type"] == "http.response.start":
                headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
                record["type"] = headers.get("content-type", "")
                record["status"] = message["status"]
            elif message["type"] == "http.response.body":
                record["bytes"] += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, counting_send)
        if scope["type"] == "http":
            self.sent.append(record)


class Throttle:
    """ASGI wrapper that makes the loopback server behave like a slow phone network: each
    response waits `latency` seconds, then every body shares `bits_per_second`. Done at the
    server because the service worker's own downloads escape the page's DevTools throttling."""

    def __init__(self, app, latency: float = 0.150, bits_per_second: float = 1_600_000):
        self.app, self.latency, self.rate = app, latency, bits_per_second / 8
        self.free_at = 0.0  # when the shared link is next idle
        self.lock = asyncio.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def slow_send(message):
            if message["type"] == "http.response.start":
                await asyncio.sleep(self.latency)
            elif message["type"] == "http.response.body" and message.get("body"):
                async with self.lock:
                    start = max(time.monotonic(), self.free_at)
                    self.free_at = start + len(message["body"]) / self.rate
                    wait = self.free_at - time.monotonic()
                await asyncio.sleep(max(wait, 0))
            await send(message)

        await self.app(scope, receive, slow_send)


@contextmanager
def served_with_chromium(site_dir: Path, port: int, app=None):
    """The real server on `port` (optionally wrapped in `app`) and Debian's Chromium, both
    stopped on the way out."""
    from playwright.sync_api import sync_playwright

    server = LiveServer(site_dir, port, app=app).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        server.stop()
