"""lrt-minutes: Dutch government meeting minutes (LRT verslagen) into structured JSON.

Names are loaded on first use (PEP 562), so that `import lrt_minutes` and `lrt --help`
load neither the pydantic models nor spaCy.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import extract, extract_parts
    from .errors import LrtError
    from .models import MinutesDocument, json_schema

    Minutes = MinutesDocument

try:
    __version__ = version("lrt-minutes")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

# name -> (module, attribute in it)
_LAZY = {
    "extract": ("api", "extract"),
    "extract_parts": ("api", "extract_parts"),
    "LrtError": ("errors", "LrtError"),
    "MinutesDocument": ("models", "MinutesDocument"),
    "Minutes": ("models", "MinutesDocument"),
    "json_schema": ("models", "json_schema"),
}

__all__ = ["LrtError", "Minutes", "MinutesDocument", "__version__", "extract", "extract_parts", "json_schema"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
