"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern costs far more than using it once, and a module's patterns are
compiled on import whether the command needs them or not: a cold ``pmkit plan`` used to
compile some forty patterns it never ran (the PM's-voice rules, the evidence checks),
about a tenth of its start-up. :func:`lazy` gives an object that behaves as the
compiled pattern and compiles it on the first use.
"""

from __future__ import annotations

import re
from typing import Any, cast

_FORWARDED = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split",
              "pattern", "flags", "groups", "groupindex")


class _Lazy:
    """A pattern's source until something asks for the pattern; the pattern's methods after."""

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        for forwarded in _FORWARDED:  # later uses find them here, without this method
            setattr(self, forwarded, getattr(compiled, forwarded))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r})"


def lazy(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, compiled when first used."""
    return cast("re.Pattern[str]", _Lazy(source, int(flags)))
