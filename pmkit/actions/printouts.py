"""What ``report`` and ``handbook`` write: copies the manager asked for, by file name.

A printout is a copy to read, print or send, rebuilt from the workspace at will, so it is
written where asked (atomically) and never committed. PDF goes through a headless
Chromium when one is installed; pmkit never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pmkit.errors import EnvironmentProblem, InputError

#: Browsers tried in this order; ``PMKIT_CHROMIUM`` names one explicitly.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--no-default-browser-check")
PDF_TIMEOUT = 120


def write_printout(path: Path, data: bytes) -> Path:
    """Write one export file atomically; a folder that does not exist is an input error."""
    from pmkit.files import atomic

    target = path.expanduser()
    if target.is_dir():
        raise InputError("is a folder; give a file name, such as team-report.html", str(path))
    if not target.parent.is_dir():
        raise InputError(f"cannot write there: the folder {target.parent} does not exist", str(path))
    try:
        atomic.write_file(target, data)
    except OSError as exc:
        raise InputError(f"cannot write the file: {exc.strerror or exc}", str(path)) from None
    return target


def find_browser() -> str | None:
    """A headless-capable Chromium on this machine, or None."""
    named = os.environ.get("PMKIT_CHROMIUM", "").strip()
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(html: str, path: Path) -> Path:
    """Print an HTML page to ``path`` as PDF with headless Chromium (its print stylesheet applies)."""
    browser = find_browser()
    if browser is None:
        raise EnvironmentProblem("--pdf needs Chromium or Google Chrome, and none is installed (on Debian "
                                 "or Ubuntu: apt-get install chromium; or set PMKIT_CHROMIUM to the "
                                 "browser's path); without --pdf you get the HTML, which prints from "
                                 "any browser")
    target = path.expanduser()
    if target.is_dir() or not target.parent.is_dir():
        raise InputError("cannot write there: give a file name in a folder that exists", str(path))
    with tempfile.TemporaryDirectory(prefix="pmkit-pdf-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        out = Path(tmp) / "page.pdf"
        args = [browser, *BROWSER_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={out}",
                page.as_uri()]
        try:
            done = subprocess.run(args, capture_output=True, timeout=PDF_TIMEOUT, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise EnvironmentProblem(f"{browser} did not finish printing within {PDF_TIMEOUT} "
                                     "seconds") from None
        except OSError as exc:
            raise EnvironmentProblem(f"cannot run {browser}: {exc.strerror or exc}") from None
        if not out.is_file() or out.stat().st_size == 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise EnvironmentProblem(f"{browser} printed no PDF (exit {done.returncode})"
                                     + (f": {said[-1]}" if said else ""))
        return write_printout(target, out.read_bytes())
