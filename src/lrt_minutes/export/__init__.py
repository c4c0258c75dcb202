"""Stage 5, export: the output model as JSON, JSON Lines and CSV rows, and files written atomically."""

from .formats import to_json, to_jsonl, write_json

__all__ = ["to_json", "to_jsonl", "write_json"]
