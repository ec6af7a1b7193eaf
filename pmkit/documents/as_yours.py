"""Work written down about the PM, in the words the PM reads in every document.

The review and the assessment conversation quote the same lines of logged work and 1:1
notes; a line with no subject ("wrote up notes the same day") is the PM's own work, so
both give it back its subject ("You wrote up notes the same day") the same way.
"""

from __future__ import annotations

import re

#: A trailing "though" a busy note ends on: it carries the writer's tone into the PM's copy.
_ASIDE = re.compile(r",?\s+though\.?$", re.IGNORECASE)


def as_yours(text: str, source: str) -> str:
    """A line already said to the PM (see ``voice.to_pm``), its missing subject given back:
    a 1:1 note line as ``voice.done_by_you`` turns it, a logged line as ``evidence.as_done``."""
    from pmkit.documents import voice
    from pmkit.documents.evidence import as_done

    said = voice.done_by_you(text) if source == "notes" else as_done(text)
    # "you still wrote a full spec afterwards though": the manager's aside, not the fact
    return _ASIDE.sub(".", said)
