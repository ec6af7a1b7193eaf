"""The layout reader (pmkit's own YAML layout, read line by line) against libyaml.

Whatever the layout reader accepts, libyaml's path reads to the same data: files pmkit
writes, and those files edited at random with the characters and tokens YAML treats
specially. The hostile corpus runs through both in tests/test_hostile.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmkit.files import fast_yaml, layout_yaml, quick_yaml

PERSON = """\
# yaml-language-server: $schema=../.pmkit/schemas/person.schema.json
name: Priya Raman
level: pm
since: 2024-02-01
background: business-analyst
assessment:
  date: 2026-11-15
  model_version: 1
  ratings:
    customer-insight: 3
    delivery: {rating: 4, evidence: Shipped the onboarding change with the team}
    prioritization: {rating: 2, evidence: "Cut scope: twice, late"}
  notes: 'Strong in the room, quiet in writing'
goals:
  - title: Run five customer interviews
    due: 2027-01-15
    status: open
    tags: [discovery, interviews]
  - title: Write the pricing brief
    done: false
talking_points:  # for the next 1:1
  - Ask how the roadmap review went   # she asked for it
  - Agree a 1:1 cadence that survives launches, C# or not
  - (optional) the offsite, 3 days
empty:
weights: {}
list: []
note: >-
  Folded over two lines: # kept,
  as one.
letter: |
  Line one
  Line two
resources:
  - {title: 'The team''s book', by: "A \\"quoted\\" author",
     kind: book, year: 2020}
"""

TOKENS = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "{", "}", "[", "]", ",", ", ", "'", '"',
          "\n", "\n  ", "\n- ", "&a ", "*a", "!", "!!str ", "|", ">-", "?", "%", "@", "`", "\\",
          "yes", "no", "on", "1.5", "1e3", "0x1F", "~", "null", "True", "2024-13-01", "12:30",
          "\u00a0", "é", "\t", "\r", "\u2028", "\ufeff", "---", "...", "<<", "=", "0", "-1",
          "1:1s", " # note", "#", "C#", "::", "today's", "[x]", "{y}", ", z", "\n   ", ",\n   ",
          "''", '\\"', "\\\\", ">-\n  ", "|\n  ", "\n\n", ">+", "|2"]


def _libyaml(text: str) -> Any:
    """libyaml's path alone, as it read every file before the layout reader."""
    _, loader_class = fast_yaml._loader()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return fast_yaml._Builder(check_plain=True).build(node, 0)


def _layout(text: str) -> Any:
    try:
        return layout_yaml.read(text, fast_yaml.plain_value)
    except fast_yaml.Unusual:
        return None


def test_pmkit_s_own_files_take_the_layout_path_to_libyaml_s_data() -> None:
    data = _layout(PERSON)
    assert data is not None
    assert data == _libyaml(PERSON)
    assert data["assessment"]["ratings"]["prioritization"]["evidence"] == "Cut scope: twice, late"
    assert data["goals"][0]["due"] == dt.date(2027, 1, 15) and data["empty"] is None
    assert data["note"] == "Folded over two lines: # kept, as one."
    assert data["letter"] == "Line one\nLine two\n"
    assert data["resources"] == [{"title": "The team's book", "by": 'A "quoted" author',
                                  "kind": "book", "year": 2020}]
    assert data["talking_points"][:2] == ["Ask how the roadmap review went",
                                          "Agree a 1:1 cadence that survives launches, C# or not"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, len(PERSON)), st.integers(0, 3),
                                st.sampled_from(TOKENS)), min_size=1, max_size=4))
def test_an_edited_file_the_layout_reader_accepts_reads_the_same_in_libyaml(
        edits: list[tuple[int, int, str]]) -> None:
    """Insert tokens, delete characters: the layout reader gives libyaml's data or gives up."""
    text = PERSON
    for at, cut, token in edits:
        at = min(at, len(text))
        text = text[:at] + token + text[at + cut:]
    if fast_yaml._DIFFERENT.search(text):
        return  # never reaches either reader
    data = _layout(text)
    if data is None:
        return
    try:
        expected = _libyaml(text)
    except Exception as exc:  # libyaml's errors and the builder's Unusual
        raise AssertionError(f"layout read {data!r}; libyaml refused: {exc!r}\n{text}") from None
    assert data == expected, text


WORDS = st.sampled_from(["Ship it", "3", "1.5", "true", "2026-02-30", "2026-02-03", "null", "é",
                         "Don't", "a, b", "x - y", "(soon)", "50%", "v2.0", "#1", "a: b", "yes"])
VALUES = st.recursive(WORDS | st.integers(-5, 5) | st.booleans() | st.none(),
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(["a", "b", "due", "1", "x_y"]), inner,
                                        max_size=3),
                      max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(["name", "level", "goals", "notes", "2"]), VALUES,
                            min_size=1, max_size=4))
def test_what_the_quick_writer_writes_the_layout_reader_reads_as_libyaml_does(
        data: dict[str, Any]) -> None:
    text = quick_yaml.dump(data, check=False)
    if text is None:
        return
    got = _layout(text)
    if got is not None:
        assert got == _libyaml(text), text
