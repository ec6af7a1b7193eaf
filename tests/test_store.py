"""The store is never trusted: whatever a disk or a person leaves in .git/pmkit, the output
is the clean run's, the exit code is 0, and the store heals itself."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pmkit.store import Store, blob_id, fingerprint

from helpers import copy_workspace, invoke

COMMANDS = (["gaps", "priya", "--format", "json"], ["history", "priya", "--format", "json"],
            ["team", "--format", "json"], ["plan", "priya", "--stdout"])


def outputs(root: Path) -> list[str]:
    out = []
    for command in COMMANDS:
        done = invoke(["-w", str(root), *command])
        assert done.exit_code == 0, f"{command}: {done.stderr}"
        out.append(done.stdout)
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("store") / "demo"
    assert invoke(["demo", str(root)]).exit_code == 0
    clean = outputs(root)  # fills the store
    assert outputs(root) == clean  # and reads it back
    return root, clean


def entries(root: Path) -> list[Path]:
    store = root / ".git" / "pmkit" / "store"
    return sorted(p for p in store.rglob("*") if p.is_file())


def every_entry(change: Callable[[Path], None]) -> Callable[[Path], None]:
    def tamper(root: Path) -> None:
        found = entries(root)
        assert found, "the store should hold entries"
        for path in found:
            change(path)
    return tamper


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x20
    path.write_bytes(bytes(data))


def reshape(path: Path) -> None:
    """A sound header and digest around a body of the wrong shape, as a person might write."""
    import hashlib

    key = path.read_bytes().split(b" ", 2)[1]
    body = json.dumps({"plain": {"$date": 5}, "valid": {"Person": [1, 2]}, "x": 3}).encode()
    digest = hashlib.sha1(body).hexdigest().encode()
    path.write_bytes(b"pmkit-store " + key + b" " + digest + b"\n" + body)


def swap(root: Path) -> None:
    """Each entry moved to another's place: right content, wrong key."""
    found = entries(root)
    contents = [p.read_bytes() for p in found]
    for path, data in zip(found, contents[1:] + contents[:1], strict=True):
        path.write_bytes(data)


def to_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


def to_symlink(path: Path) -> None:
    path.unlink()
    path.symlink_to("/etc/hostname")


def to_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def store_is_a_file(root: Path) -> None:
    store = root / ".git" / "pmkit" / "store"
    shutil.rmtree(store)
    store.write_text("not a folder")


def old_version_folder(root: Path) -> None:
    store = root / ".git" / "pmkit" / "store"
    for folder in store.iterdir():
        folder.rename(store / "0123456789abcdef")


TAMPERS: dict[str, Callable[[Path], None]] = {
    "truncated": every_entry(truncate),
    "bit-flipped": every_entry(flip),
    "wrong-shape": every_entry(reshape),
    "empty": every_entry(lambda p: p.write_bytes(b"")),
    "garbage": every_entry(lambda p: p.write_bytes(os.urandom(64))),
    "swapped": swap,
    "folders": every_entry(to_folder),
    "symlinks": every_entry(to_symlink),
    "fifos": every_entry(to_fifo),
    "store-is-a-file": store_is_a_file,
    "another-fingerprint": old_version_folder,
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_a_tampered_store_gives_the_clean_output(demo: tuple[Path, list[str]], tmp_path: Path,
                                                  name: str) -> None:
    template, clean = demo
    root = copy_workspace(template, tmp_path / "ws")
    TAMPERS[name](root)
    assert outputs(root) == clean
    if name != "store-is-a-file":
        assert outputs(root) == clean  # and again, from whatever the first run rebuilt


# --- the store as a library ---------------------------------------------------------------


def test_objects_round_trip_and_carry_their_key(tmp_path: Path) -> None:
    store = Store(tmp_path)
    key = blob_id(b"name: Alice\n")
    store.put(key, {"name": "Alice", "since": __import__("datetime").date(2025, 3, 1)})
    store.save()
    again = Store(tmp_path)
    assert again.get(key) == {"name": "Alice", "since": __import__("datetime").date(2025, 3, 1)}
    assert again.get(blob_id(b"other")) is None
    path = next((tmp_path / "store" / fingerprint() / "objects").rglob("*"))
    while path.is_dir():
        path = next(path.iterdir())
    assert path.read_bytes().startswith(b"pmkit-store " + key.encode() + b" ")


def test_packs_are_saved_whole_and_refused_when_damaged(tmp_path: Path) -> None:
    store = Store(tmp_path)
    pack = store.pack("history-alice")
    pack.put("a" * 40, {"l": "pm", "a": None, "s": None})
    store.save()
    assert Store(tmp_path).pack("history-alice").get("a" * 40) == {"l": "pm", "a": None, "s": None}
    saved = tmp_path / "store" / fingerprint() / "packs" / "history-alice.json"
    saved.write_bytes(saved.read_bytes().replace(b'"pm"', b'"xx"'))
    assert Store(tmp_path).pack("history-alice").get("a" * 40) is None


def test_no_store_outside_git() -> None:
    store = Store(None)
    store.put("k" * 40, {"a": 1})
    store.save()
    assert store.get("k" * 40) is None and store.page("page-x") is None
