"""``--errors FILE``: where every problem of a refused import goes; the options every command takes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError


def write_errors(exc: InputFileError, path: Path | None) -> None:
    """``--errors FILE``: every problem, one a line, and where they went; else how to get them all."""
    problems = exc.all_problems or [str(exc)]
    if path is None:
        if len(problems) > len(exc.problems) > 1 or any(line.startswith("... and ") for line in exc.problems):
            print(f"  (all {len(problems)} problems: add --errors FILE to write them to a file)", file=sys.stderr)
        return
    try:
        path.write_text("".join(f"{line}\n" for line in problems), encoding="utf-8")
    except OSError as exc_:
        print(f"appraise: cannot write the problems to {path} ({exc_.strerror})", file=sys.stderr)
        return
    print(f"appraise: all {len(problems)} problem{'s' if len(problems) != 1 else ''} written to {path}",
          file=sys.stderr)


def with_common(group: Any, common: argparse.ArgumentParser) -> Any:
    """A command's actions (``evidence import``, ``finding add`` ...) take the options every command takes
    (``common``: ``--by``) after them too."""
    add = group.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        kw.setdefault("parents", [common])
        return add(name, **kw)

    group.add_parser = add_parser
    return group


__all__ = ["with_common", "write_errors"]
