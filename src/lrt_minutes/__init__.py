"""lrt-minutes: Dutch government meeting minutes (LRT verslagen) into structured JSON."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import extract, extract_parts
from .errors import LrtError
from .models import MinutesDocument, json_schema

Minutes = MinutesDocument

try:
    __version__ = version("lrt-minutes")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["LrtError", "Minutes", "MinutesDocument", "__version__", "extract", "extract_parts", "json_schema"]
