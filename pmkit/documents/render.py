"""Render Markdown documents from Jinja2 templates, safely and fast.

Templates are looked up in the workspace's ``templates/`` folder first, then in the
ones shipped with pmkit, so a manager overrides a template by copying it. They run in
a sandbox with ``StrictUndefined``: a mistake in a template is an :class:`InputError`
naming the template file and line, never a traceback and never a half-written file.
A rendered document is kept in the store, keyed by its context and every file in the
template folders (whatever its name, since a template may include any of them), so a
repeated run neither imports jinja2 nor compiles. Compiled templates are never cached:
that would mean loading code from disk; the shipped ones come compiled ahead, as part of
pmkit (:mod:`pmkit.documents.precompiled`). jinja2 is imported only when something is rendered.
A template named ``*.html.j2`` writes HTML: its output is escaped by default (``| safe``
marks what is already HTML, such as a chart) and not tidied as Markdown.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pmkit.documents.markdown_text import cell, inline, sentence, tidy_markdown
from pmkit.errors import InputError
from pmkit.files.reading import decode, read_bytes_limited
from pmkit.shipped import data_dir

if TYPE_CHECKING:
    from jinja2 import BaseLoader
    from jinja2.sandbox import SandboxedEnvironment

    from pmkit.store import Store

TEMPLATE_SUFFIX = ".j2"
HTML_SUFFIX = ".html.j2"
WORKSPACE_TEMPLATES = "templates"


# --- reading Markdown and template files -------------------------------------------------

_CONFLICT = re.compile(r"^(<<<<<<<|>>>>>>>)( |$)", re.MULTILINE)


def read_text_file(path: Path, display: str) -> str:
    """A hand-edited text file: UTF-8 (a byte-order mark is fine), size-limited, no conflicts.

    The same limits as the YAML files, so a huge, binary or half-merged file is one clear
    error naming the file (and the line) instead of a crash or a silent misreading.
    """

    try:
        raw = read_bytes_limited(path)  # regular files only: a pipe would block
    except IsADirectoryError:
        raise InputError("is a folder, expected a file", display) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", display) from None
    text, _ = decode(raw, display)
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise InputError("the file has an unresolved merge conflict (a line starts with "
                         f"'{match.group(1)}'); resolve it and try again", display, line)
    return text


def refuse_link_out(path: Path, root: Path, display: str) -> None:
    """Refuse a file that a symbolic link (of the file or a folder) leads out of ``root``."""
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        raise InputError("is a symbolic link that loops; remove it", display) from None
    if not inside:
        what = "folder" if path.is_dir() else "file"
        raise InputError(f"is a symbolic link to a {what} outside the workspace; pmkit will not "
                         "follow it (copy it in instead)", display)


# --- where templates come from ------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    """One template name and where pmkit will take it from."""
    name: str
    shipped: Path | None
    workspace: Path | None

    @property
    def source(self) -> Path:
        found = self.workspace or self.shipped
        assert found is not None
        return found


def shipped_dir() -> Path:

    return data_dir("templates")


def _template_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob(f"*{TEMPLATE_SUFFIX}"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def _every_file(folder: Path) -> list[tuple[str, Path]]:
    """Every regular file under a template folder, whatever its name."""
    if not folder.is_dir():
        return []
    return [(p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*")) if p.is_file()]


def shipped_sources() -> dict[str, str]:
    """Every shipped template's text, by name (for :mod:`pmkit.documents.precompiled`)."""
    return {name: read_text_file(path, name) for name, path in _template_files(shipped_dir()).items()}


def list_templates(workspace_root: Path | None) -> list[TemplateInfo]:
    """Shipped templates, then workspace-only ones, each with its override if any."""
    shipped = _template_files(shipped_dir())
    local = _template_files(workspace_root / WORKSPACE_TEMPLATES) if workspace_root else {}
    names = list(shipped) + [n for n in local if n not in shipped]
    return [TemplateInfo(n, shipped.get(n), local.get(n)) for n in names]


def is_html(name: str | None) -> bool:
    """An HTML template: escaped by default, never tidied as Markdown."""
    return bool(name) and str(name).endswith(HTML_SUFFIX)


def resolve_name(name: str) -> str:
    """Accept ``plan``, ``plan.md`` or ``plan.md.j2``."""
    name = name.strip().replace("\\", "/")
    if name.endswith(TEMPLATE_SUFFIX):
        return name
    if name.endswith((".md", ".html")):
        return name + TEMPLATE_SUFFIX
    return name + ".md" + TEMPLATE_SUFFIX


# --- the renderer ---------------------------------------------------------------------------


class Renderer:
    """A sandboxed Jinja2 environment over the workspace's and the shipped templates."""
    def __init__(self, workspace_root: Path | None = None, store: Store | None = None):
        self.workspace_root = workspace_root
        self.store = store
        self._env: SandboxedEnvironment | None = None
        self._search: list[tuple[Path, str | None]] = []

    @property
    def local_dir(self) -> Path | None:
        return self.workspace_root / WORKSPACE_TEMPLATES if self.workspace_root else None

    def _loader(self) -> BaseLoader:
        if self.local_dir is not None and self.local_dir.is_dir():
            assert self.workspace_root is not None
            refuse_link_out(self.local_dir, self.workspace_root, WORKSPACE_TEMPLATES)
            self._search.append((self.local_dir.resolve(), f"{WORKSPACE_TEMPLATES}/"))
        self._search.append((shipped_dir().resolve(), None))
        return _make_loader(self)

    @property
    def env(self) -> SandboxedEnvironment:
        if self._env is None:
            from jinja2 import StrictUndefined

            from pmkit.documents.limits import bounded_environment

            env = bounded_environment(
                loader=self._loader(),
                undefined=StrictUndefined,
                autoescape=is_html,
                keep_trailing_newline=True,
                trim_blocks=True,
                lstrip_blocks=True,
                auto_reload=False,
            )

            env.filters["inline"] = inline
            env.filters["cell"] = cell
            env.filters["sentence"] = sentence
            self._env = env
        return self._env

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """The rendered, tidied document; any template problem becomes an InputError.

        A document rendered before from the same context and the same template files is
        read back from the render cache, without importing jinja2 at all.
        """
        if self.local_dir is not None and self.local_dir.is_dir():
            assert self.workspace_root is not None
            refuse_link_out(self.local_dir, self.workspace_root, WORKSPACE_TEMPLATES)
        key = self._render_key(name, context)
        cached = self._cached(key)
        if cached is not None:
            return cached
        with self._template_errors(name, context):
            from pmkit.documents.limits import render_bounded

            template = self.env.get_template(name)
            text = render_bounded(template, context)
        if not is_html(name):
            text = tidy_markdown(text)
        self._store(key, text)
        return text

    # --- the render cache --------------------------------------------------------------

    def _render_key(self, name: str, context: Mapping[str, Any]) -> str | None:
        """A digest of everything the output depends on, or None when there is no store."""
        if self.store is None:
            return None
        import hashlib
        import json

        try:
            data = json.dumps(context, sort_keys=True, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            return None
        digest = hashlib.sha256(f"{name}\0".encode())
        folders = [shipped_dir()] + ([self.local_dir] if self.local_dir is not None else [])
        for index, folder in enumerate(folders):
            for rel, path in _every_file(folder):
                try:
                    body = path.read_bytes()
                except OSError:
                    return None
                digest.update(f"{index}\0{rel}\0{len(body)}\0".encode())
                digest.update(body)
        digest.update(data.encode("utf-8"))
        return "page-" + digest.hexdigest()

    def _cached(self, key: str | None) -> str | None:
        return self.store.page(key) if key is not None and self.store is not None else None

    def _store(self, key: str | None, text: str) -> None:
        if key is not None and self.store is not None:
            self.store.put_page(key, text)

    def compile_all(self) -> list[str]:
        """Compile every workspace template; ``templates/x.j2:LINE: message`` per problem."""
        problems: list[str] = []
        if self.local_dir is None or not self.local_dir.is_dir():
            return problems
        try:
            assert self.workspace_root is not None
            refuse_link_out(self.local_dir, self.workspace_root, WORKSPACE_TEMPLATES)
        except InputError as exc:
            return [str(exc)]
        for name in _template_files(self.local_dir):
            try:
                with self._template_errors(name, {}):
                    self.env.get_template(name)
            except InputError as exc:
                problems.append(str(exc))
        return problems

    # --- error mapping -----------------------------------------------------------------

    def display(self, filename: str | None, name: str | None) -> tuple[str, bool]:
        """(name to show, is it the workspace's own) for a template file."""
        if filename:
            resolved = Path(filename).resolve()
            for folder, prefix in self._search:
                if resolved.is_relative_to(folder):
                    rel = resolved.relative_to(folder).as_posix()
                    return (f"{prefix}{rel}", True) if prefix else (rel, False)
        return (f"{WORKSPACE_TEMPLATES}/{name}" if name else WORKSPACE_TEMPLATES), True

    @contextlib.contextmanager
    def _template_errors(self, name: str, context: Mapping[str, Any]) -> Iterator[None]:
        from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        try:
            yield
        except TemplateSyntaxError as exc:
            raise self._error(exc.message or str(exc), exc.filename, exc.name or name,
                              exc.lineno) from None
        except TemplateNotFound as exc:
            where = _template_frame(exc.__traceback__, self._search)
            missing = exc.name if isinstance(exc.name, str) else str(exc)
            if where is None:
                raise InputError(f"template '{missing}' not found in {WORKSPACE_TEMPLATES}/ "
                                 "or pmkit's shipped templates") from None
            raise self._error(f"includes '{missing}', which does not exist", where[0], None,
                              where[1]) from None
        except (UndefinedError, SecurityError) as exc:
            where = _template_frame(exc.__traceback__, self._search)
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, UndefinedError) and context:
                message += f" (available: {', '.join(sorted(context))})"
            filename, line = where or (None, None)
            raise self._error(message, filename, None, line, template=name) from None
        except InputError:
            raise
        except Exception as exc:
            from pmkit.documents.limits import TemplateLimit

            if isinstance(exc, TemplateLimit):
                where = _template_frame(exc.__traceback__, self._search)
                filename, line = where or (None, None)
                raise self._error(f"{exc}; simplify the template", filename, None, line,
                                  template=name) from None
            where = _template_frame(exc.__traceback__, self._search)
            if where is None:
                raise
            raise self._error(f"{type(exc).__name__}: {exc}", where[0], None, where[1]) from None

    def _error(self, message: str, filename: str | None, name: str | None, line: int | None,
               template: str | None = None) -> InputError:
        shown, own = self.display(filename, name or template)
        message = " ".join(message.split())
        if not own:
            message += " (in a template shipped with pmkit; please report it)"
        return InputError(message, shown, line)


def _template_frame(tb: TracebackType | None,
                    search: list[tuple[Path, str | None]]) -> tuple[str, int] | None:
    """The innermost traceback frame that runs template code: (template file, line)."""
    found: tuple[str, int] | None = None
    folders = [folder for folder, _ in search]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX):
            resolved = Path(filename).resolve()
            if any(resolved.is_relative_to(folder) for folder in folders):
                found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _make_loader(renderer: Renderer) -> BaseLoader:
    """Workspace templates first, then the shipped ones; files read with pmkit's limits."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class Loader(BaseLoader):
        def load(self, environment: Any, name: str, globals: Any = None) -> Any:
            """A shipped template from its precompiled file when that matches; else compile."""
            source, filename, uptodate = self.get_source(environment, name)
            code = None
            if filename == str(renderer._search[-1][0].joinpath(*split_template_path(name))):
                from pmkit.documents.precompiled import compiled_code

                code = compiled_code(environment, name, source, filename)
            if code is None:
                code = environment.compile(source, name, filename)
            return environment.template_class.from_code(environment, code,
                                                        environment.make_globals(globals), uptodate)

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            pieces = split_template_path(template)
            for folder, prefix in renderer._search:
                path = folder.joinpath(*pieces)
                if path.is_file():
                    if prefix is not None:  # the workspace's own: links stay inside it
                        assert renderer.workspace_root is not None
                        refuse_link_out(path, renderer.workspace_root, f"{prefix}{template}")
                    shown, _own = renderer.display(str(path), template)
                    return read_text_file(path, shown), str(path), lambda: True
            raise TemplateNotFound(template)

    return Loader()
