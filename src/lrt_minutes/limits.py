"""The limits that keep one hostile or broken input from taking a run's CPU, memory or disk.

Each limit, when passed, is that document's error (kind `too-large`, `unsafe-member` for
archive members, `memory` for the worker memory limit); the run goes on. The README lists
them.
"""

from __future__ import annotations

MiB = 1024 * 1024

MAX_INPUT_BYTES = 256 * MiB
"""Largest document read: a file, standard input, or an archive member (unpacked)."""
MAX_TEXT_BYTES = 16 * MiB
"""Largest text document (minutes as text are kilobytes; a thousand-page bundle a few megabytes)."""
MAX_PAGES = 10_000
"""Most pages of one PDF (a page tree may claim two billion)."""
MAX_PAGE_OBJECTS = 200_000
"""Most objects on one PDF page, those inside form XObjects included."""
MAX_FORM_DEPTH = 8
"""Deepest nesting of form XObjects walked on a page."""
MAX_PAGE_CONTENT_BYTES = 64 * MiB
"""Most bytes the content streams of one PDF page (or of one form it draws) decode to."""
MAX_PATH_DEPTH = 64
"""Most folders in an archive member's path."""
MAX_NAME_BYTES = 200
"""Longest file or folder name written (file systems allow 255 bytes; temporary names add a few)."""
DEFAULT_MEMORY_MB = 3072
"""Default address-space limit of a worker process, in MiB (`--memory`); 0 for none."""
WORKER_MEMORY_MB = 600
"""What a worker with the NLP pipeline is counted as using when `-j` is capped by the memory available."""
