"""Read zip / tar / tar.gz archives member by member, in memory, treating them as untrusted.

A member is refused (and reported, the rest of the archive still read) when its name is
absolute or climbs out with "..", when it is a link or a device, or when its unpacked size
or compression ratio passes the limits below (zip bombs). Nothing is unpacked to disk.
"""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError, UnsupportedInput
from ..limits import MAX_INPUT_BYTES, MAX_PATH_DEPTH

#: largest unpacked member we read (bytes)
MAX_MEMBER_BYTES = MAX_INPUT_BYTES
#: largest unpacked total per archive (bytes)
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
#: largest compression ratio accepted for members bigger than RATIO_FLOOR
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
#: most members read from one archive
MAX_MEMBERS = 100_000

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
DOCUMENT_SUFFIXES = (".txt", ".pdf")


class UnsafeMember(InputError):
    """An archive member that is not read: unsafe path, link, or past the size limits."""

    kind = "unsafe-member"


class BadArchive(InputError):
    """The archive itself cannot be read (truncated, not really a zip/tar)."""

    kind = "bad-archive"


@dataclass(frozen=True, slots=True)
class Member:
    """One member of an archive: its inner path and either its bytes or why it was refused."""

    inner: str
    data: bytes | None = None
    error: InputError | None = None


def is_archive(name: str) -> bool:
    """Whether a file name looks like an archive we read."""
    low = name.lower()
    return low.endswith(ARCHIVE_SUFFIXES)


METADATA_NAMES = (".ds_store", "thumbs.db", "desktop.ini")
METADATA_FOLDERS = ("__macosx",)


def is_metadata(path: str) -> bool:
    """Files that zip tools and file managers leave beside documents, never documents themselves.

    macOS resource forks ("__MACOSX/…", "._verslag.pdf"), folder settings (".DS_Store",
    "Thumbs.db", "desktop.ini"). They are passed over without a word.
    """
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts:
        return False
    name = parts[-1].lower()
    return (
        name.startswith("._")
        or name in METADATA_NAMES
        or any(p.lower() in METADATA_FOLDERS for p in parts[:-1])
    )


def _is_document(inner: str) -> bool:
    """A member that is read, or reported: minutes, and archives inside the archive (not read)."""
    return (inner.lower().endswith(DOCUMENT_SUFFIXES) or is_archive(inner)) and not is_metadata(inner)


NESTED = "an archive inside an archive is not read: unpack the outer one and give the inner archive"


def _tidy(inner: str) -> str:
    """The inner path without "./" segments ("./2023/a.txt" → "2023/a.txt")."""
    return "/".join(p for p in inner.split("/") if p not in ("", "."))


def _unsafe_path(inner: str) -> str | None:
    """Why an inner path is unsafe, or None."""
    if not inner:
        return "empty member name"
    norm = inner.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return "absolute path in archive"
    if ".." in PurePosixPath(norm).parts:
        return "path climbs out of the archive (..)"
    if "\x00" in norm:
        return "NUL in member name"
    if norm.count("/") >= MAX_PATH_DEPTH:
        return f"path more than {MAX_PATH_DEPTH} folders deep"
    return None


def _is_zip(source: Path | bytes) -> bool:
    if isinstance(source, bytes):
        return source[:2] == b"PK" or zipfile.is_zipfile(io.BytesIO(source))
    return source.name.lower().endswith(".zip") or zipfile.is_zipfile(source)


def read_members(source: Path | bytes, *, read: bool = True) -> Iterator[Member]:
    """Yield the .txt and .pdf members of an archive (a path or its bytes), in archive order.

    With `read=False` only the names are listed (data None; refused members still carry
    their error), in the same order as a reading pass gives them.
    """
    if _is_zip(source):
        yield from _zip_members(source, read)
    else:
        yield from _tar_members(source, read)


def list_members(source: Path | bytes) -> list[str]:
    """The inner paths of the document members of an archive, in archive order."""
    return [m.inner for m in read_members(source, read=False)]


def _refusal(inner: str, *, link: bool, regular: bool, size: int, packed: int | None, total: int) -> str | None:
    """Why a member is not read (its path, its kind, its size against the limits), or None."""
    why = _unsafe_path(inner)
    if why is None and link:
        why = "link in archive"
    if why is None and not regular:
        why = "not a regular file (device or fifo)"
    if why is None and size > MAX_MEMBER_BYTES:
        why = f"unpacks to {size:,} bytes, more than the limit of {MAX_MEMBER_BYTES:,}"
    if why is None and packed is not None and size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
        why = f"compression ratio {size // max(packed, 1)}:1 (zip bomb?)"
    if why is None and total + size > MAX_TOTAL_BYTES:
        why = f"archive unpacks to more than {MAX_TOTAL_BYTES:,} bytes"
    return why


def _open(source: Path | bytes) -> io.BufferedIOBase | str:
    return io.BytesIO(source) if isinstance(source, bytes) else str(source)


def _zip_members(source: Path | bytes, read: bool) -> Iterator[Member]:
    try:
        zf = zipfile.ZipFile(_open(source))
    except Exception as e:  # BadZipFile, zlib/lzma/bz2 errors, OSError, ...: whatever the damage
        raise BadArchive(f"not a readable zip archive: {e}") from e
    total = 0
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BadArchive(f"{len(infos)} members, more than the limit of {MAX_MEMBERS}")
        for info in infos:
            if info.is_dir():
                continue
            inner = info.filename
            if not _is_document(inner):
                continue
            mode = info.external_attr >> 16
            why = _refusal(
                inner, link=bool(mode) and stat.S_ISLNK(mode), regular=True,
                size=info.file_size, packed=info.compress_size, total=total,
            )  # fmt: skip
            if why is not None:
                yield Member(inner, error=UnsafeMember(why))
                continue
            if is_archive(inner):
                yield Member(_tidy(inner), error=UnsupportedInput(NESTED))
                continue
            inner = _tidy(inner)
            total += info.file_size
            if not read:
                yield Member(inner)
                continue
            try:
                with zf.open(info) as fh:
                    # never trust the declared size: read at most the limit plus one byte
                    body = fh.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
            except Exception as e:
                # RuntimeError: encrypted member; NotImplementedError: unknown compression; LZMAError,
                # zlib.error, BadZipFile: corrupt data; whatever it is, only this member fails
                yield Member(inner, error=BadArchive(f"member cannot be unpacked: {e.__class__.__name__}: {e}"))
                continue
            if len(body) > info.file_size:
                yield Member(inner, error=UnsafeMember("member is bigger than its declared size"))
                continue
            yield Member(inner, data=body)


def _tar_members(source: Path | bytes, read: bool) -> Iterator[Member]:
    try:
        if isinstance(source, bytes):
            tf = tarfile.open(fileobj=io.BytesIO(source), mode="r:*")  # noqa: SIM115 - closed by the with below
        else:
            tf = tarfile.open(str(source), mode="r:*")  # noqa: SIM115 - closed by the with below
    except Exception as e:
        raise BadArchive(f"not a readable tar archive: {e}") from e
    # a compressed tar says nothing of its members' packed sizes: the ratio is the archive's
    packed = len(source) if isinstance(source, bytes) else _size(source)
    total = 0
    scanned = 0
    count = 0
    with tf:
        try:
            for info in tf:
                count += 1
                scanned += info.size
                if count > MAX_MEMBERS:
                    raise BadArchive(f"more than the limit of {MAX_MEMBERS} members")
                if scanned > MAX_TOTAL_BYTES:
                    # going past a member of a compressed tar means unpacking it: stop here
                    raise BadArchive(f"archive unpacks to more than {MAX_TOTAL_BYTES:,} bytes; rest not read")
                if info.isdir():
                    continue
                inner = info.name
                if not _is_document(inner):
                    continue
                link = info.issym() or info.islnk()
                why = _refusal(inner, link=link, regular=link or info.isfile(), size=info.size, packed=None, total=total)
                if why is None and total + info.size > RATIO_FLOOR and total + info.size > MAX_RATIO * max(packed, 1):
                    why = f"the archive unpacks to {(total + info.size) // max(packed, 1)} times its size (tar bomb?)"
                if why is not None:
                    yield Member(inner, error=UnsafeMember(why))
                    continue
                if is_archive(inner):
                    yield Member(_tidy(inner), error=UnsupportedInput(NESTED))
                    continue
                inner = _tidy(inner)
                total += info.size
                if not read:
                    yield Member(inner)
                    continue
                fh = tf.extractfile(info)
                body = fh.read(MAX_MEMBER_BYTES + 1) if fh is not None else b""
                yield Member(inner, data=body)
        except BadArchive:
            raise
        except Exception as e:  # TarError, zlib/lzma/bz2 errors, EOFError, ...: the rest cannot be read
            raise BadArchive(f"archive is damaged: {e.__class__.__name__}: {e}") from e


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
