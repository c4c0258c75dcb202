"""lrt-minutes: Dutch government meeting minutes (LRT verslagen) into structured JSON."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .errors import LrtError

if TYPE_CHECKING:
    from .api import extract, extract_parts
    from .models import MinutesDocument, json_schema

    Minutes = MinutesDocument

try:
    __version__ = version("lrt-minutes")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["LrtError", "Minutes", "MinutesDocument", "__version__", "extract", "extract_parts", "json_schema"]

# imported on first use, so that `lrt --help` and the index commands start without pydantic and the pipeline
_LAZY = {
    "extract": ("api", "extract"),
    "extract_parts": ("api", "extract_parts"),
    "MinutesDocument": ("models", "MinutesDocument"),
    "Minutes": ("models", "MinutesDocument"),
    "json_schema": ("models", "json_schema"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
