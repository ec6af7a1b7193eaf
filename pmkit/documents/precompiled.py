"""The shipped templates, compiled by jinja2 ahead of time and shipped beside them.

Compiling a template (lexing, parsing, generating Python) is most of a cold ``pmkit plan``
once the data is read: about 50 ms for the plan alone. Compiled templates are never
*cached* (that would mean running code read back from a cache); instead the Python that
jinja2 generates for each shipped template is part of pmkit, in ``precompiled/``, written
by ``python -m pmkit.documents.precompiled`` and checked current by the tests.

A compiled file is used only when its last line matches what it would be compiled from
now: the template's name, a digest of the shipped template's text, the jinja2 version and
the environment's options. Anything else (a manager's own template, an edited shipped
one, another jinja2) compiles from the source as before. (The line comes last so that the
generated code's line numbers, which jinja2 maps back to the template's, stay as made.)

The file is turned into code as Python turns any pmkit module into code: through the
standard source loader, with its bytecode cache (``__pycache__``, written when the folder
is writable and checked against the file's size and time), so a process does not compile
the plan's template anew. Errors still point at the template: the code carries the
template's file name, not the compiled file's.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).with_name("precompiled")
_PREFIX = "# pmkit precompiled template"
_CODE: dict[tuple[str, str], Any] = {}


def _file(name: str) -> Path:
    return FOLDER / (name.replace("/", "__") + ".py.txt")


def header(env: Any, name: str, source: str) -> str:
    """The last line a compiled file must carry to stand for ``source`` in ``env``."""
    import jinja2

    options = repr((type(env).__mro__[1].__name__, sorted(getattr(env, "intercepted_binops", ())),
                    env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                    env.newline_sequence, env.optimized, env.block_start_string,
                    env.variable_start_string, env.comment_start_string,
                    bool(env.autoescape(name) if callable(env.autoescape) else env.autoescape),
                    sorted(env.filters), sorted(env.tests)))
    digest = hashlib.sha256(f"{source}\0{options}".encode()).hexdigest()[:32]
    return f"{_PREFIX} {name} {digest} jinja2={jinja2.__version__}\n"


def compiled_code(env: Any, name: str, source: str, filename: str) -> Any | None:
    """The code object for a shipped template from its compiled file, or None to compile."""
    path = _file(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    last = text[text.rstrip("\n").rfind("\n") + 1:]
    if last != header(env, name, source):
        return None
    key = (last, filename)
    if key not in _CODE:  # one load per process, however many documents it renders
        try:
            from importlib.machinery import SourceFileLoader

            module = f"pmkit_template_{name}"
            code = SourceFileLoader(module, str(path)).get_code(module)
        except (ImportError, OSError, SyntaxError, ValueError, EOFError):
            return None
        if code is None:
            return None
        _CODE[key] = _named(code, filename)
    return _CODE[key]


def _named(code: Any, filename: str) -> Any:
    """``code`` with every nested code object's file name set to the template's."""
    consts = tuple(_named(c, filename) if hasattr(c, "co_filename") else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def generate(env: Any, sources: dict[str, str]) -> dict[Path, str]:
    """Every shipped template's compiled file, from ``name -> template text``."""
    made = {}
    for name, source in sorted(sources.items()):
        code = env.compile(source, name, raw=True)
        made[_file(name)] = code + ("" if code.endswith("\n") else "\n") + header(env, name, source)
    return made


def main() -> int:
    """Write the compiled files afresh (run after changing a shipped template)."""
    from pmkit.documents.render import Renderer, shipped_sources

    env = Renderer().env
    FOLDER.mkdir(exist_ok=True)
    wanted = generate(env, shipped_sources())
    for stale in set(FOLDER.glob("*.py.txt")) - set(wanted):
        stale.unlink()
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(wanted)} compiled templates to {FOLDER.name}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
