"""``appraise serve @NAME``: a team's server appraisal served to browsers, the session's app opening it by its name
in ``$APPRAISE_DB`` (the password stays in the environment, never in a command line). Real server, real session."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_serve import UNIT, URL, _descendants, _env, _free_port, _session

from appraise.services import Appraisal


@pytest.mark.parametrize("given", ["@zephyr", "the address with its password"])
def test_a_server_appraisal_is_served_by_its_name(pg_dsn: str, given: str) -> None:
    Appraisal.create(f"{pg_dsn}?appraisal=zephyr", framework="cmmi-dev-1.3", target=2, unit=UNIT,
                     projects=["ALPHA", "BETA"], who="lead").close()
    assert ":appraise@" in pg_dsn  # the test server's address holds its password
    location = "@zephyr" if given == "@zephyr" else f"{pg_dsn}?appraisal=zephyr"
    env = {k: v for k, v in _env().items() if k != "APPRAISE_DB"}
    proc = subprocess.Popen([sys.executable, "-m", "appraise", "serve", location, "--port", str(_free_port())],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**env, "APPRAISE_DB": pg_dsn} if given == "@zephyr" else env,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("Ctrl+C" in x for x in lines):
            line = proc.stdout.readline()
            assert line, f"appraise serve ended: {proc.wait()} {proc.stderr.read() if proc.stderr else ''}"
            lines.append(line.rstrip("\n"))
        found = next(URL.search(x) for x in lines if URL.search(x))
        assert all(":appraise@" not in x for x in lines)  # the password is never printed
        parts = urlsplit(found.group(1))
        base = f"{parts.scheme}://{parts.netloc}"
        seen: set[int] = set()

        async def session() -> str:
            task = asyncio.create_task(_session(base, origin=base, wait_for="Organizational unit"))
            while not task.done():
                seen.update(_descendants(proc.pid))
                await asyncio.sleep(0.2)
            return await task

        screen = asyncio.run(session())
        assert seen, "no app process was started"
        for pid in seen:  # the password is in no session's command line (ps shows those to every user)
            try:
                assert b":appraise@" not in Path(f"/proc/{pid}/cmdline").read_bytes()
            except FileNotFoundError:
                pass
        assert UNIT in screen and "Organizational unit" in screen  # the app opened the server appraisal
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            out, err = proc.communicate(timeout=30)
            assert "Traceback" not in out + err
