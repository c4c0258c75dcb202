"""Stage 4, tag: decisions, actions, agreements and commitments in points, with owners and deadlines.

`pipeline` builds the spaCy pipeline (`blank("nl")`, span rulers, the tag component of
`components`) and tags documents; `deadlines` reads due dates; `lexicons` holds the curated
data (organisations, cue patterns, abbreviations). spaCy is imported only when a tagger is
built: `from lrt_minutes.tag import default_tagger` loads it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import Tagger, default_tagger

__all__ = ["Tagger", "default_tagger"]


def __getattr__(name: str) -> Any:
    # spaCy loads only when the tagger is asked for, so `lrt --help` stays fast
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
