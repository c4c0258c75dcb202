"""lrt-minutes: Dutch government meeting minutes (LRT verslagen) into structured JSON.

Names are loaded on first use (PEP 562), so that `import lrt_minutes` and `lrt --help`
load neither the pydantic models nor spaCy.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import extract, extract_parts, extract_text
    from .errors import LrtError, NotFound
    from .models import (
        AgendaItem,
        DocWarning,
        Due,
        Meeting,
        MinutesDocument,
        Participant,
        Point,
        Source,
        Substitution,
        Tag,
        json_schema,
    )
    from .results import FoundTag, iter_tags, load_jsonl

    Minutes = MinutesDocument

try:
    __version__ = version("lrt-minutes")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

# name -> (module, attribute in it)
_LAZY = {
    "extract": ("api", "extract"),
    "extract_parts": ("api", "extract_parts"),
    "extract_text": ("api", "extract_text"),
    "LrtError": ("errors", "LrtError"),
    "NotFound": ("errors", "NotFound"),
    "Minutes": ("models", "MinutesDocument"),
    "json_schema": ("models", "json_schema"),
    "load_jsonl": ("results", "load_jsonl"),
    "iter_tags": ("results", "iter_tags"),
    "FoundTag": ("results", "FoundTag"),
    **{
        name: ("models", name)
        for name in (
            "AgendaItem",
            "DocWarning",
            "Due",
            "Meeting",
            "MinutesDocument",
            "Participant",
            "Point",
            "Source",
            "Substitution",
            "Tag",
        )
    },
}

__all__ = [
    "AgendaItem",
    "DocWarning",
    "Due",
    "FoundTag",
    "LrtError",
    "Meeting",
    "Minutes",
    "MinutesDocument",
    "NotFound",
    "Participant",
    "Point",
    "Source",
    "Substitution",
    "Tag",
    "__version__",
    "extract",
    "extract_parts",
    "extract_text",
    "iter_tags",
    "json_schema",
    "load_jsonl",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
