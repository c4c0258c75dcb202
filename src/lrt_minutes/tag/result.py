"""What the tag stage hands on: tags per point and per action-list row, addressed like the structured document."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import DocWarning, Tag
from ..structure.document import PointKey


@dataclass(frozen=True, slots=True)
class DocumentTags:
    """The tags of one structured document."""

    points: dict[PointKey, list[Tag]] = field(default_factory=dict)
    """Tags of each point (see `StructuredDocument.points`); a point without tags may be left out."""
    rows: dict[tuple[int, int], list[Tag]] = field(default_factory=dict)
    """Tags of each action-list row, by (item index, row index)."""
    warnings: list[DocWarning] = field(default_factory=list)
    """What tagging noticed: a written marker with nothing after it ("empty_marker")."""
