"""Split: a file that holds several documents (a Woo release, minutes of several meetings) into parts by page range."""

from .pages import PagePart, split_pages

__all__ = ["PagePart", "split_pages"]
