"""Limits on what one template may produce: size, time, and the values that build text.

A template is code the manager (or whoever edited the repository) wrote. The sandbox
stops it reaching files or Python internals; these limits stop it running for minutes,
filling memory or committing a document no one can read back. The output may not
exceed the size pmkit reads (:data:`pmkit.files.reading.MAX_BYTES`), so every document
pmkit writes can be read again; rendering stops after :data:`MAX_SECONDS`.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pmkit.files.reading import MAX_BYTES

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

MAX_OUTPUT = MAX_BYTES  # characters; the documents are almost all ASCII
MAX_SECONDS = 10.0


class TemplateLimit(Exception):
    """A template went past a limit; the message says which."""


# A width or precision of a million or more in a %-format or a {}-format spec.
_WIDE = re.compile(r"[%:][-#0 +<>^=,_]*\*?\d{7,}|\.\d{7,}")


def _too_big(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_WIDE.search(value[:4096]))
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT


def _guarded(function: Any) -> Any:
    """A filter that refuses sizes no document needs (filters bypass the sandbox's call)."""
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if any(_too_big(v) for v in (*args, *kwargs.values())):
            raise TemplateLimit(f"the template asks a filter for more than {MAX_OUTPUT:,} "
                                "characters or items")
        return function(*args, **kwargs)

    return guarded


def bounded_environment(**options: Any) -> SandboxedEnvironment:
    """A sandbox whose ``*`` and ``**`` and calls refuse sizes no document needs."""
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "%":
                if isinstance(left, str) and _too_big(left):
                    raise TemplateLimit("a format in the template asks for a width of a "
                                        "million characters or more")
                return left % right
            if operator == "**":
                if _too_big(left) or (isinstance(right, int | float) and abs(right) > 64):
                    raise TemplateLimit("a power in the template is too large")
                return left**right
            sized = [v for v in (left, right) if isinstance(v, str | list | tuple | bytes)]
            count = right if sized and sized[0] is left else left
            if sized and isinstance(count, int) and len(sized[0]) * count > MAX_OUTPUT:
                raise TemplateLimit(f"the template repeats a text or list to more than "
                                    f"{MAX_OUTPUT:,} items")
            return left * right

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            target = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            if any(_too_big(v) for v in (*args, *kwargs.values())) or (
                    isinstance(target, str) and _too_big(target)):
                raise TemplateLimit(f"the template passes a number above {MAX_OUTPUT:,} to "
                                    "a function or filter")
            return super().call(__context, __obj, *args, **kwargs)

    env = Bounded(**options)
    env.filters = {name: _guarded(f) for name, f in env.filters.items()}
    return env


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt Python code after ``seconds`` (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise TemplateLimit(f"the template ran for more than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_bounded(template: Template, context: Mapping[str, Any]) -> str:
    """The template's output, streamed and checked piece by piece against the limits."""
    parts: list[str] = []
    size = 0
    deadline = time.monotonic() + MAX_SECONDS
    with _alarm(MAX_SECONDS):
        for piece in template.generate(**context):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"the template's output passed {MAX_OUTPUT:,} characters, "
                                    "more than pmkit can read back")
            if time.monotonic() > deadline:
                raise TemplateLimit(f"the template ran for more than {MAX_SECONDS:g} seconds")
            parts.append(piece)
    return "".join(parts)
