"""Start-up by construction: what a cold read does not load, and what is compiled on use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PERSON = b"""\
# yaml-language-server: $schema=../.pmkit/schemas/person.schema.json
name: Priya Raman
level: pm
assessment:
  date: 2026-11-15
  model_version: 1
  ratings:
    customer-insight: 3
    delivery: {rating: 4, evidence: "Shipped it, late"}
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=REPO_ROOT)
    return done.stdout.strip()


def test_a_file_in_pmkit_s_own_layout_is_read_without_importing_pyyaml() -> None:
    code = ("import sys\nfrom pmkit.files.fast_yaml import read_plain\n"
            f"data, doc = read_plain({PERSON!r}, 'team/priya.yaml')\n"
            "print(data['assessment']['ratings']['delivery']['evidence'], doc,"
            " 'yaml' in sys.modules, 'ruamel' in sys.modules)")
    assert _run(code) == "Shipped it, late None False False"


def test_a_file_in_another_layout_still_goes_to_libyaml() -> None:
    code = ("import sys\nfrom pmkit.files.fast_yaml import read_plain\n"
            "data, doc = read_plain(b'---\\nnote: {a: [1, 2]}\\n', 'team/priya.yaml')\n"
            "print(data, doc, 'yaml' in sys.modules)")
    assert _run(code) == "{'note': {'a': [1, 2]}} None True"


def test_document_patterns_are_compiled_when_first_used_not_on_import() -> None:
    code = ("import pmkit.cli, pmkit.documents.voice as v, pmkit.documents.evidence as e\n"
            "import pmkit.documents.judgement as j\n"
            "waiting = [n for m in (v, e, j) for n, p in vars(m).items() if type(p).__name__ == '_Lazy'"
            " and 'search' not in vars(p)]\n"
            "p = j._JUDGEMENT\nfound = bool(p.search('a weak PM')) == bool(__import__('re')"
            ".compile(p._source, p._flags).search('a weak PM'))\n"
            "print(len(waiting) > 20, 'search' in vars(p), found)")
    assert _run(code) == "True True True"
