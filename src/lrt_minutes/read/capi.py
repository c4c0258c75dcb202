"""Read, PDFium's C functions called once per character or per page object, at half the cost of a call.

pypdfium2's raw bindings declare each function's argument types, so ctypes converts and checks
every argument on every call. For the calls made per character (boxes, font weight) and per page
object (its type) that conversion is about half the time of the call. `bare` gives the same C
function without declared argument types: arguments are then passed as they are, so callers pass
exactly what the function takes (Python ints for `int`, pypdfium2 handles for handles,
`ctypes.byref(...)` for pointers, a `ctypes.c_ulong` for an `unsigned long`).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


def bare(fn: Any) -> Any:
    """The C function behind a pypdfium2 raw binding, with its result type and no declared argument types."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    if address is None:
        raise ImportError(f"PDFium has no {fn.__name__}")
    return ctypes.CFUNCTYPE(fn.restype)(address)


CHAR_BOX = bare(pdfium_c.FPDFText_GetCharBox)
"""(textpage, int index, double* left, double* right, double* bottom, double* top) -> bool"""
LOOSE_CHAR_BOX = bare(pdfium_c.FPDFText_GetLooseCharBox)
"""(textpage, int index, FS_RECTF* rect) -> bool"""
FONT_WEIGHT = bare(pdfium_c.FPDFText_GetFontWeight)
"""(textpage, int index) -> int"""
FONT_INFO = bare(pdfium_c.FPDFText_GetFontInfo)
"""(textpage, int index, void* buffer, unsigned long length, int* flags) -> unsigned long"""
GET_OBJECT = bare(pdfium_c.FPDFPage_GetObject)
"""(page, int index) -> page object"""
OBJECT_TYPE = bare(pdfium_c.FPDFPageObj_GetType)
"""(page object) -> int"""
