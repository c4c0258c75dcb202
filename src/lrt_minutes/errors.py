"""The library's own exceptions: everything `extract` raises is an `LrtError`."""

from __future__ import annotations


class LrtError(Exception):
    """Base class of every error the library raises on purpose."""

    #: short machine-readable kind, used in error records and the CLI's messages
    kind = "error"


class InputError(LrtError):
    """The input cannot be turned into minutes."""

    kind = "unreadable"


class NotFound(InputError):
    """There is no file at the path given (the CLI reports the same kind for a missing argument)."""

    kind = "not-found"


class EmptyInput(InputError):
    """The input has no bytes, or only whitespace."""

    kind = "empty"


class UnsupportedInput(InputError):
    """The input is neither a PDF nor text (binary garbage, an image, an HTML page named .pdf)."""

    kind = "unsupported"


class DecodeError(InputError):
    """The text could not be decoded in any of the encodings tried."""

    kind = "decode"


class EncryptedPdf(InputError):
    """The PDF is encrypted and no (correct) password was given."""

    kind = "encrypted"


class DamagedPdf(InputError):
    """The PDF's structure is broken (truncated, no root object, unreadable xref)."""

    kind = "damaged"


class NoTextLayer(InputError):
    """The PDF has pages but no text on them: a scan that needs OCR first."""

    kind = "no-text"


class TooLarge(InputError):
    """The input is past one of the size limits (`lrt_minutes.limits`): bytes, text, pages, objects on a page."""

    kind = "too-large"


class OutOfMemory(InputError):
    """Reading the document needed more memory than a worker may use (`--memory`)."""

    kind = "memory"


class OcrNotAvailable(InputError):
    """OCR was asked for (--ocr always) but Tesseract or its Dutch model is not installed."""

    kind = "no-ocr"
