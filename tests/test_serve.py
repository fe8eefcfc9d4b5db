"""``appraise serve``: the terminal UI in browsers, started as a real server process on a loopback port.

What is checked for real: the HTTP answers with and without the token, the websocket handshake (refused without
the token, and from another site's page), a session that runs the app on the appraisal (its screen arrives over
the websocket), the app's process ending with its session and with Ctrl+C, the one-line refusals of a bad
location or a taken port, and the page in headless Chromium (where it is installed) drawing the app with nothing
fetched from outside this machine.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import pytest
from browser import CHROMIUM, NO_CHROMIUM

from appraise.services import Appraisal

SRC = Path(__file__).resolve().parents[1] / "src"
UNIT = "Zephyr Logistics"
URL = re.compile(r"at (http://\S+)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}


def _appraise(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "appraise", *args], capture_output=True, text=True,
                          timeout=timeout, env=_env())


@dataclass
class Served:
    proc: subprocess.Popen[str]
    url: str  # as printed at start (with ?token= when one is asked for)
    lines: list[str]

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def token(self) -> str | None:
        found = re.search(r"token=([\w-]+)", self.url)
        return found.group(1) if found else None

    def stop(self) -> tuple[str, str]:
        """Ctrl+C; what the server printed after its start (stdout, stderr)."""
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=30)
        return out, err


@pytest.fixture
def served_file(tmp_path: Path) -> Path:
    path = tmp_path / "zephyr.appraisal"
    with Appraisal.create(path, framework="cmmi-dev-1.3", representation="staged", target=2, unit=UNIT,
                          projects=["ALPHA", "BETA"], who="lead"):
        pass
    return path


@pytest.fixture
def serve(served_file: Path) -> Iterator[Callable[..., Served]]:
    """``serve(*options)``: a started ``appraise serve`` on the sample (ended, whole process group, at the end)."""
    started: list[subprocess.Popen[str]] = []

    def start(*options: str) -> Served:
        args = list(options)
        if "--port" not in args:
            args += ["--port", str(_free_port())]
        proc = subprocess.Popen([sys.executable, "-m", "appraise", "serve", str(served_file), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
                                start_new_session=True)
        started.append(proc)
        lines: list[str] = []
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"appraise serve ended: {proc.wait()} {proc.stderr.read() if proc.stderr else ''}")
            lines.append(line.rstrip("\n"))
            if "Ctrl+C" in line:
                break
        found = next((URL.search(x) for x in lines if URL.search(x)), None)
        assert found, lines
        return Served(proc, found.group(1), lines)

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    try:
        with urlopen(Request(url, headers=headers or {}), timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def _descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def _wait_gone(pids: set[int], timeout: float = 20) -> set[int]:
    deadline = time.monotonic() + timeout
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(pids)


async def _session(url: str, *, cookie: str | None = None, origin: str | None = None,
                   wait_for: str = UNIT, timeout: float = 60) -> str:
    """Open a websocket session as the page does; what the app wrote until ``wait_for`` appeared."""
    import aiohttp

    headers = {"Cookie": cookie} if cookie else {}
    if origin:
        headers["Origin"] = origin
    received = b""
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url + "/ws?width=120&height=40", headers=headers) as ws:
            deadline = time.monotonic() + timeout
            while wait_for.encode() not in received and time.monotonic() < deadline:
                try:
                    message = await asyncio.wait_for(ws.receive(), max(0.1, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return received.decode("utf-8", "replace")


async def _handshake_status(url: str, **headers: str) -> int:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(url + "/ws?width=80&height=24", headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


# -- HTTP and the token ------------------------------------------------------------------------------------------

def test_loopback_needs_no_token_and_serves_our_page(serve) -> None:
    s = serve()
    assert s.token is None and s.url.startswith("http://127.0.0.1:")
    assert any("no token is needed" in line for line in s.lines), s.lines
    status, page, _ = _get(s.url)
    assert status == 200
    assert f"<title>appraise — {UNIT} (zephyr.appraisal)</title>" in page
    assert "googleapis" not in page and "/static/fonts/RobotoMono" in page  # the font comes from this server
    assert _get(s.base + "/static/js/textual.js")[0] == 200
    # a site that renamed itself to 127.0.0.1 (DNS rebinding) sends its own name: refused
    status, text, _ = _get(s.url, {"Host": f"evil.example:{urlsplit(s.url).port}"})
    assert status == 403 and text.count("\n") == 1 and "127.0.0.1" in text


def test_another_host_asks_for_the_token(serve) -> None:
    s = serve("--host", "127.0.0.2")  # not 127.0.0.1: a token, and still on the loopback network
    assert s.token and len(s.token) >= 24 and s.url.startswith("http://127.0.0.2:")
    assert any("only a browser given this address" in line for line in s.lines), s.lines
    for url in (s.base + "/", s.base + "/?token=" + "x" * len(s.token), s.base + "/download/anything"):
        status, text, _ = _get(url)
        assert status == 403, url
        assert text == "appraise serve: this address needs the token printed when the server started (?token=...).\n"
    status, page, headers = _get(s.url)
    assert status == 200 and UNIT in page
    assert f"appraise-serve-{urlsplit(s.url).port}={s.token}" in headers["Set-Cookie"]
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    # the cookie the page got stands for the token; static files are textual-serve's own, open to all
    assert _get(s.base + "/", {"Cookie": f"appraise-serve-{urlsplit(s.url).port}={s.token}"})[0] == 200
    assert _get(s.base + "/static/css/xterm.css")[0] == 200


def test_token_on_127_0_0_1_when_asked(serve) -> None:
    s = serve("--token")
    assert s.token and s.url.startswith("http://127.0.0.1:")
    assert _get(s.base + "/")[0] == 403
    assert _get(s.url)[0] == 200


# -- the websocket: the app's session ------------------------------------------------------------------------------

def test_websocket_refused_without_the_token(serve) -> None:
    s = serve("--host", "127.0.0.2")
    cookie = f"appraise-serve-{urlsplit(s.url).port}"
    assert asyncio.run(_handshake_status(s.base)) == 403
    assert asyncio.run(_handshake_status(s.base, Cookie=f"{cookie}=wrong")) == 403
    # the right token from another site's page (a websocket ignores the same-origin rule): refused too
    assert asyncio.run(_handshake_status(s.base, Cookie=f"{cookie}={s.token}",
                                         Origin="http://evil.example")) == 403
    before = _descendants(s.proc.pid)
    assert not before  # no app process was started for a refused handshake
    screen = asyncio.run(_session(s.base, cookie=f"{cookie}={s.token}", origin=s.base))
    assert UNIT in screen  # the app ran on the appraisal and drew its overview


def test_a_session_runs_the_app_and_ends_with_it(serve, served_file: Path) -> None:
    s = serve()
    seen: set[int] = set()

    async def run() -> str:
        task = asyncio.create_task(_session(s.base, origin=s.base))
        while not task.done():
            seen.update(_descendants(s.proc.pid))
            await asyncio.sleep(0.2)
        return await task

    screen = asyncio.run(run())
    assert UNIT in screen
    assert seen, "no app process was started"
    assert not _wait_gone(seen), "the app outlived its session"
    out, err = s.stop()
    assert "a browser session opened from 127.0.0.1" in out and "ended" in out
    assert "Traceback" not in out + err


def test_ctrl_c_stops_the_server_and_its_sessions(serve) -> None:
    s = serve()
    apps: set[int] = set()

    async def run() -> None:
        import aiohttp

        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(s.base + "/ws?width=100&height=30") as ws:
                received = b""
                while UNIT.encode() not in received:
                    message = await asyncio.wait_for(ws.receive(), 60)
                    assert message.type == aiohttp.WSMsgType.BINARY, message
                    received += message.data
                apps.update(_descendants(s.proc.pid))
                assert any(b"appraise" in Path(f"/proc/{p}/cmdline").read_bytes() for p in apps)
                s.proc.send_signal(signal.SIGINT)  # Ctrl+C with the session still open
                while (await asyncio.wait_for(ws.receive(), 30)).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    pass

    asyncio.run(run())
    out, err = s.proc.communicate(timeout=20)  # the open session does not hold it up
    assert s.proc.returncode == 0, (out, err)
    assert "appraise serve: stopped" in out
    assert err == "" and "Traceback" not in out  # not even asyncio's about an app process it still knew
    assert not _wait_gone(apps), "an app process outlived the server"


async def _read_until(ws, received: bytearray, pattern: re.Pattern[bytes], timeout: float = 60) -> bool:
    """Add what ``ws`` receives to ``received`` until ``pattern`` is in it (False: the time ran out first)."""
    import aiohttp

    deadline = time.monotonic() + timeout
    checked = 0  # search only what is new (and a little before it): the stream can be long
    while not pattern.search(received, max(0, checked - 256)):
        checked = len(received)
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            message = await asyncio.wait_for(ws.receive(), left)
        except asyncio.TimeoutError:
            return False
        if message.type != aiohttp.WSMsgType.BINARY:
            return False
        received += message.data
    return True


def test_every_session_sees_a_change_made_elsewhere(serve, served_file: Path) -> None:
    """Two browser sessions on one appraisal; a change made with the CLI appears in both (the app's watch)."""
    s = serve()
    one_characterized = re.compile(rb"[^0-9]1 of \d+ \(")  # after a colour: "...m1 of 248 ("

    async def run() -> list[bool]:
        import aiohttp

        async with aiohttp.ClientSession() as http:
            first = await http.ws_connect(s.base + "/ws?width=120&height=40")
            second = await http.ws_connect(s.base + "/ws?width=100&height=36")
            screens = [bytearray(), bytearray()]
            ready = await asyncio.gather(*(_read_until(ws, screen, re.compile(rb"Pending decisions"))
                                           for ws, screen in zip((first, second), screens)))
            assert all(ready), "a session never drew the overview"
            assert not any(one_characterized.search(screen) for screen in screens)
            done = await asyncio.to_thread(_appraise, "characterize", str(served_file), "REQM SP 1.1", "ALPHA", "FI",
                                           "--by", "cli")
            assert done.returncode == 0, done.stderr
            seen = await asyncio.gather(*(_read_until(ws, screen, one_characterized, 30)
                                          for ws, screen in zip((first, second), screens)))
            await first.close()
            await second.close()
            return list(seen)

    assert asyncio.run(asyncio.wait_for(run(), 150)) == [True, True]
    s.stop()


def test_options_ask_for_a_token_off_127_0_0_1() -> None:
    from appraise.tui.serve import options

    assert options("a.appraisal", host=None, port=8000, token=False).token is None
    assert options("a.appraisal", host="localhost", port=8000, token=False).token is None
    every = options("a.appraisal", host="0.0.0.0", port=8000, token=False)
    assert every.token and every.token != options("a.appraisal", host="0.0.0.0", port=8000, token=False).token
    # the address to open is one of this machine's, never 0.0.0.0
    assert "0.0.0.0" not in every.url() and every.url().endswith(f":8000/?token={every.token}")
    assert options("a.appraisal", host="127.0.0.1", port=9, token=True).url().startswith("http://127.0.0.1:9/?token=")
    assert options("a b.appraisal", host=None, port=1, token=False).command.endswith("-m appraise 'a b.appraisal'")


# -- refusals: one line, exit 1 ------------------------------------------------------------------------------------

def test_a_bad_location_is_one_line(tmp_path: Path) -> None:
    missing = _appraise("serve", str(tmp_path / "nope.appraisal"), "--port", str(_free_port()))
    assert missing.returncode == 1
    assert missing.stderr == f"appraise: {tmp_path / 'nope.appraisal'}: no such appraisal file\n"
    broken = tmp_path / "broken.appraisal"
    broken.write_text("not an appraisal")
    result = _appraise("serve", str(broken), "--port", str(_free_port()))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""  # nothing was served
    assert _appraise("serve", str(tmp_path)).stderr == f"appraise: {tmp_path}: not an appraisal file (a folder?)\n"


def test_a_taken_port_is_one_line(served_file: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _appraise("serve", str(served_file), "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == (f"appraise: port {port} on 127.0.0.1 is in use by another program: choose another "
                             "with --port\n")
    bad = _appraise("serve", str(served_file), "--port", "70000")
    assert bad.returncode == 1 and bad.stderr == "appraise: --port 70000: a port is a number from 1 to 65535\n"


# -- in a real browser ---------------------------------------------------------------------------------------------

@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_headless_chromium_runs_the_app_with_the_token(serve, tmp_path: Path) -> None:
    from cdp import Browser

    s = serve("--host", "127.0.0.2")

    async def run() -> tuple[str, list[str], bytes, str]:
        async with Browser(timeout=60) as b:
            await b.open(s.base + "/")  # no token: the one-line refusal, and no session
            await b.wait_for("the refusal", lambda: b.evaluate("document.body.innerText.includes('needs the token')"))
            refused = await b.evaluate("document.body.innerText")
            await b.open(s.url)
            await b.wait_for("the app's first output",
                             lambda: b.evaluate("document.body.classList.contains('-first-byte')"))
            await b.wait_for(f"the appraisal's unit {UNIT!r} in the terminal stream", lambda: UNIT in b.received())
            requested = [e["params"]["request"]["url"] for e in b.events
                         if e.get("method") == "Network.requestWillBeSent"]
            shot = await b.screenshot()
            out, err = await asyncio.to_thread(s.stop)  # Ctrl+C: the page says its session ended
            assert "appraise serve: stopped" in out and "Traceback" not in out + err
            await b.wait_for("the end of the session", lambda: b.evaluate("document.body.innerText"
                                                                          ".includes('Session ended')"))
            return refused, requested, shot, b.received()

    refused, requested, shot, stream = asyncio.run(run())
    assert refused.strip() == "appraise serve: this address needs the token printed when the server started " \
                              "(?token=...)."
    # the page, its script, styles and font, and nothing from outside this server (works offline)
    assert requested and all(urlsplit(u).hostname == "127.0.0.2" for u in requested), requested
    assert any(u.endswith("/static/js/textual.js") for u in requested)
    assert "Organizational unit" in stream  # the overview screen, drawn by the app in the browser's terminal
    assert shot.startswith(b"\x89PNG") and len(shot) > 10_000
    (tmp_path / "served.png").write_bytes(shot)
