"""``appraise serve``: the terminal UI in browsers (textual-serve).

Every browser session runs ``python -m appraise LOCATION`` in a process of its own (textual-serve's web driver),
so every session works on the same appraisal and refreshes as two terminal instances do.

Who may connect: on 127.0.0.1 (the default) only this machine, without a token unless one is asked for; on any
other address only a browser that brings the token printed at start (``?token=`` in the first URL, then a
cookie the page's websocket and downloads carry). The checks sit in the public request handlers of
textual-serve's ``Server`` (``handle_index``, ``handle_websocket``, ``handle_download``), so its code is not
copied. Its ``/static`` files stay open: they are textual-serve's own JavaScript, CSS and fonts, the same for
every installation, and show nothing of the appraisal.

The page is our own template (``serve_templates/app_index.html``): no font from the internet (the bundled
Roboto Mono), and the websocket address taken from the address the browser used, so a page opened as
``http://192.168.1.20:8000/`` talks to that address and not to the one the server was bound to.

textual_serve and aiohttp are imported only here, inside the functions, when ``appraise serve`` runs.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import secrets
import shlex
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from appraise.errors import UsageError

#: Hosts a browser on this machine alone can reach: no token is needed there unless asked for.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: The names a browser on this machine uses for a loopback server (its ``Host`` header must be one of them).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
TEMPLATES = Path(__file__).parent / "serve_templates"
FORBIDDEN = "appraise serve: this address needs the token printed when the server started (?token=...)."
WRONG_HOST = "appraise serve: open this server at http://127.0.0.1:{port}/ on the machine that runs it."
WRONG_ORIGIN = "appraise serve: a page of another site may not open a session here."


@dataclass(frozen=True)
class ServeOptions:
    """What ``appraise serve`` serves and to whom."""

    #: What each session opens: a file's path, or "" for the appraisal ``$APPRAISE_DB`` names (a server location
    #: travels in the environment, so its password is in no command line).
    location: str
    host: str = "127.0.0.1"
    port: int = 8000
    #: None: no token is asked for (127.0.0.1 without ``--token``).
    token: str | None = None
    #: The location as it is printed (a server location without its password).
    shown: str = ""

    @property
    def command(self) -> str:
        """The command each browser session runs: this Python, so a non-editable install works too."""
        return shlex.join([sys.executable, "-m", "appraise", *([self.location] if self.location else [])])

    @property
    def cookie(self) -> str:
        """The cookie holding the token (one per port: cookies do not tell ports apart)."""
        return f"appraise-serve-{self.port}"

    def url(self) -> str:
        """The address to open, with the token when one is asked for."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = _this_machine()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/" + (f"?token={self.token}" if self.token else "")


def options(location: str, *, host: str | None, port: int, token: bool, shown: str = "") -> ServeOptions:
    """The options of ``appraise serve``: a token is made (``secrets.token_urlsafe``) for any host but the
    loopback one, or when ``token`` asks for it."""
    host = (host or "127.0.0.1").strip()
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: a port is a number from 1 to 65535")
    needed = token or host not in LOOPBACK
    return ServeOptions(location, host, port, secrets.token_urlsafe(24) if needed else None, shown or location)


def check_port(opts: ServeOptions) -> None:
    """Refuse, in one line, an address this machine does not have or a port another program holds."""
    try:
        infos = socket.getaddrinfo(opts.host or None, opts.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise UsageError(f"--host {opts.host}: no such address") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise UsageError(_bind_message(opts, exc)) from None


def _bind_message(opts: ServeOptions, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {opts.port} on {opts.host} is in use by another program: choose another with --port"
    if exc.errno == errno.EACCES:
        return f"port {opts.port} needs privileges this user does not have: choose one above 1023 with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {opts.host}: this machine has no such address"
    return f"cannot listen on {opts.host} port {opts.port}: {exc.strerror or exc}"


def serve(opts: ServeOptions, title: str, say: Callable[[str], None]) -> None:
    """Serve until Ctrl+C (or SIGTERM); the sessions' app processes end with it."""
    server = make_server(opts, title, say)
    try:
        server.serve()
    except OSError as exc:  # the port was taken between the check and the start
        raise UsageError(_bind_message(opts, exc)) from None
    say("appraise serve: stopped")


def make_server(opts: ServeOptions, title: str, say: Callable[[str], None]) -> Any:
    """textual-serve's ``Server`` with the token and origin checks and our page."""
    from aiohttp import web
    from textual_serve.server import Server

    sessions: set[asyncio.Task[Any]] = set()  # the websocket handlers, each with its app process

    def refused(text: str) -> Any:
        return web.Response(status=403, text=text + "\n", content_type="text/plain")

    class AppraisalServer(Server):
        def initialize_logging(self) -> None:
            # one line per problem, never a traceback on the console of whoever started the server
            handler = logging.StreamHandler(sys.stdout)
            handler.setFormatter(_OneLine())
            for name in ("textual-serve", "aiohttp"):
                logger = logging.getLogger(name)
                logger.handlers[:] = [handler]
                logger.setLevel(logging.WARNING)
                logger.propagate = False

        async def on_startup(self, app: Any) -> None:
            # aiohttp listens only after its startup hooks: say where once the port answers
            self._announcing = asyncio.get_running_loop().create_task(_announce(opts, say))

        async def handle_index(self, request: Any) -> Any:
            problem = _refusal(opts, request, websocket=False)
            if problem:
                return refused(problem)
            response = await super().handle_index(request)
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"
            if opts.token:
                response.set_cookie(opts.cookie, opts.token, httponly=True, samesite="Strict", path="/")
            return response

        async def on_shutdown(self, app: Any) -> None:
            await _end_sessions(sessions)

        async def handle_websocket(self, request: Any) -> Any:
            problem = _refusal(opts, request, websocket=True)
            if problem:
                return refused(problem)
            peer = request.remote or "?"
            say(f"appraise serve: a browser session opened from {peer}")
            task = asyncio.current_task()
            if task is not None:
                sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                sessions.discard(task)  # type: ignore[arg-type]
                say(f"appraise serve: the browser session from {peer} ended")

        async def handle_download(self, request: Any) -> Any:
            problem = _refusal(opts, request, websocket=False)
            if problem:
                return refused(problem)
            return await super().handle_download(request)

    return AppraisalServer(opts.command, host=opts.host, port=opts.port, title=title,
                           templates_path=TEMPLATES)


async def _end_sessions(sessions: set[asyncio.Task[Any]]) -> None:
    """End every session (its app is told to quit) and wait, a few seconds at most, until their processes are
    gone: a process still known to the event loop when it closes makes asyncio print a traceback."""
    for task in list(sessions):
        task.cancel()
    if sessions:
        await asyncio.wait(list(sessions), timeout=10)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    while _child_processes() and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)  # the loop hears of their end


def _child_processes() -> list[int]:
    """This process's children (Linux: /proc; elsewhere none are seen, and the short wait above must do)."""
    me, out = os.getpid(), []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == me:
                out.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


async def _announce(opts: ServeOptions, say: Callable[[str], None]) -> None:
    """The address to open (with its token), once the server answers there."""
    host = "127.0.0.1" if opts.host in ("0.0.0.0", "") else "::1" if opts.host == "::" else opts.host
    for _ in range(200):
        try:
            _reader, writer = await asyncio.open_connection(host, opts.port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        break
    say(f"appraise serve: {opts.shown} in browsers at {opts.url()}")
    if opts.token:
        say("appraise serve: only a browser given this address (with its token) gets in")
    else:
        say("appraise serve: on 127.0.0.1 no token is needed: only this machine can connect")
    say("appraise serve: press Ctrl+C to stop (every browser session ends with it)")


def _refusal(opts: ServeOptions, request: Any, *, websocket: bool) -> str | None:
    """Why ``request`` is refused (None: it may go on)."""
    host = request.headers.get("Host", "")
    if opts.token is None:
        # no token: only this machine, under a loopback name (a site that renames itself to 127.0.0.1 —
        # DNS rebinding — sends its own name as Host and is refused)
        if urlsplit(f"//{host}").hostname not in ("127.0.0.1", "localhost", "::1"):
            return WRONG_HOST.format(port=opts.port)
    else:
        given = request.query.get("token") or _cookie(request, opts.cookie) or ""
        if not secrets.compare_digest(given.encode(), opts.token.encode()):
            return FORBIDDEN
    origin = request.headers.get("Origin")
    if websocket and origin is not None and urlsplit(origin).netloc != host:
        # a websocket is not bound by the same-origin rule: another site's page could drive the app
        return WRONG_ORIGIN
    return None


def _cookie(request: Any, name: str) -> str | None:
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(request.headers.get("Cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header is no token
        return None
    morsel = cookies.get(name)
    return morsel.value if morsel else None


def _this_machine() -> str:
    """An address of this machine on its network, for the URL printed at start (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing is sent
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()


class _OneLine(logging.Formatter):
    """``appraise serve: message``: no traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return f"appraise serve: {record.getMessage()}"


__all__ = ["ServeOptions", "check_port", "make_server", "options", "serve"]
