"""How pmkit ends when the user or the shell ends it: Ctrl-C and a closed output pipe.

``pmkit team | head -1`` closes pmkit's output after one line; other Unix tools end
there without a word, and so does pmkit. Ctrl-C exits 130, the shell's code for an
interrupt, without a traceback, whether Python was still loading or a command ran.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

INTERRUPTED = 130
BROKEN_PIPE = 128 + 13  # what a shell reports for a tool ended by SIGPIPE


def stdout_closed() -> bool:
    """True when whoever reads standard output has gone (the pipe's far end is closed)."""
    import select

    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def quiet_exit_on_closed_pipe() -> None:
    """Point stdout at /dev/null, so Python's final flush does not complain, and exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ is not None else 1)
    except (OSError, ValueError):
        pass
    os._exit(BROKEN_PIPE)


def interrupted() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        sys.stderr.write("\ninterrupted; nothing was left half-written\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(INTERRUPTED)


def guarded(run: Callable[[], object]) -> None:
    """Run the command line; turn Ctrl-C and a closed output pipe into quiet exits."""
    try:
        try:
            run()
        finally:
            sys.stdout.flush()  # here, so a closed pipe is seen before Python's own last flush
    except KeyboardInterrupt:
        interrupted()
    except BrokenPipeError:
        if stdout_closed():
            quiet_exit_on_closed_pipe()
        raise
