"""Headless Chromium driven over the DevTools protocol (CDP): open a page, wait for what it shows, read the
frames its websockets receive, take a screenshot.

Used where ``--dump-dom`` is not enough: a page that draws a terminal on a canvas over a websocket (``appraise
serve``). The browser listens on a loopback port of its own choosing and gets a fresh profile; ``Browser`` ends
its whole process group on exit. aiohttp (a dependency of textual-serve) speaks the protocol.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from typing import Any

from browser import CHROMIUM, FLAGS

LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class Browser:
    """``async with Browser() as b: await b.open(url)``: one headless Chromium with one page."""

    def __init__(self, timeout: float = 30) -> None:
        self.timeout = timeout
        self.frames: list[bytes] = []  # what the page's websockets received, in order
        self.events: list[dict[str, Any]] = []
        self._profile = tempfile.TemporaryDirectory(prefix="appraise-cdp-")
        self._proc: subprocess.Popen[bytes] | None = None
        self._ids = iter(range(1, 1_000_000))
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}

    async def __aenter__(self) -> Browser:
        import aiohttp

        assert CHROMIUM is not None
        profile = self._profile.name
        self._proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", "--window-size=1200,800", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
            env={**os.environ, "HOME": profile})
        browser_ws = await asyncio.wait_for(asyncio.to_thread(self._listening), self.timeout)
        port = browser_ws.split("//", 1)[1].split("/", 1)[0]
        self._session = aiohttp.ClientSession()
        async with self._session.get(f"http://{port}/json/list") as response:
            pages = [t for t in await response.json() if t.get("type") == "page"]
        self._ws = await self._session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Network.enable")
        await self.send("Page.enable")
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._reader.cancel()
        await self._ws.close()
        await self._session.close()
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait(timeout=10)
            assert self._proc.stderr is not None
            self._proc.stderr.close()
        self._profile.cleanup()

    def _listening(self) -> str:
        assert self._proc is not None and self._proc.stderr is not None
        for raw in self._proc.stderr:
            found = LISTENING.search(raw.decode("utf-8", "replace"))
            if found:
                return found.group(1)
        raise AssertionError("Chromium ended without opening its DevTools port")

    async def _read(self) -> None:
        async for message in self._ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                payload = frame["payloadData"]
                self.frames.append(base64.b64decode(payload) if frame["opcode"] == 2 else payload.encode())
            else:
                self.events.append(data)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One CDP command; its result."""
        ident = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        await self._ws.send_json({"id": ident, "method": method, "params": params})
        answer = await asyncio.wait_for(future, self.timeout)
        assert "error" not in answer, f"{method}: {answer['error']}"
        return dict(answer.get("result", {}))

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def received(self) -> str:
        """Everything the page's websockets received, as text."""
        return b"".join(self.frames).decode("utf-8", "replace")

    async def wait_for(self, what: str, check: Callable[[], Any], timeout: float | None = None) -> None:
        """Poll ``check`` (sync or async) until it is true; fail with ``what`` after the timeout."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            value = check()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"the browser never showed {what} within {timeout or self.timeout} s")

    async def screenshot(self) -> bytes:
        return base64.b64decode((await self.send("Page.captureScreenshot", format="png"))["data"])
