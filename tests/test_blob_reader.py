"""Blobs asked of one ``git cat-file --batch`` ahead of use: every answer to its question."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from pmkit.git.blobs import WINDOW_BYTES, BlobReader
from pmkit.git.repo import GitRepo
from pmkit.store import blob_id

from helpers import git


def test_blobs_asked_ahead_come_back_right_in_any_order_and_a_missing_one_breaks_nothing(
        tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    folder = tmp_path / "v"
    folder.mkdir()
    contents = [f"version {n}\n".encode() * (n % 7 + 1) for n in range(300)]
    for n, data in enumerate(contents):
        (folder / f"{n}.txt").write_bytes(data)
    listed = "\n".join(str(folder / f"{n}.txt") for n in range(300))
    ids = subprocess.run(["git", "hash-object", "-w", "--stdin-paths"], cwd=tmp_path, input=listed,
                         capture_output=True, text=True, check=True).stdout.split()
    assert ids == [blob_id(data) for data in contents]
    missing = "f" * 40
    order = [*ids[:150], missing, *ids[150:]]
    with BlobReader(GitRepo(tmp_path, tmp_path / ".git")) as reader:
        asked = [reader.request(blob) for blob in order]
        assert asked[0] and not all(asked)  # the window holds a few kilobytes of questions
        assert sum(asked) * 41 <= WINDOW_BYTES + 41
        shuffled = random.Random(4).sample(order, len(order))
        got = {blob: reader.read(blob) for blob in shuffled}
        assert reader.read(ids[0]) == contents[0]  # asked again after it was handed out
    assert got.pop(missing) is None
    assert got == dict(zip(ids, contents, strict=True))
    assert reader.fetched == 301
