"""Pages uploaded in the admin: files, or the entries of a .zip, read in memory with the import's limits.

No name from the client is ever used as a path: a file keeps only its own name (the last part of whatever
the browser or the zip said), which is the article's source file, as the command keys a single file.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import SeedFormatError
from .reader import DEFAULT_MAX_BYTES
from .reading import PAGE_SUFFIXES

# A zip is refused past this many entries, or past this many bytes of pages in all, however well it packs.
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class UploadedPage:
    """A page held in memory, read by the importer as it reads a file (name, suffix, read_bytes)."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    def read_bytes(self) -> bytes:
        return self.data

    def __str__(self) -> str:
        return self.name


def own_name(name: str) -> str:
    """The last part of a client's file name, whatever folders (/ or \\) it names."""
    return PurePosixPath(name.replace("\\", "/")).name.strip()[:255]


def uploaded_pages(
    uploads: list[tuple[str, bytes]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[UploadedPage | tuple[str, SeedFormatError]]:
    """Each upload (name, bytes) as pages: a .zip gives its .txt/.html/.htm entries. What cannot be a
    page comes back as (name, the reason), so that the editor sees every file's fate."""
    found = []
    for client_name, data in uploads:
        name = own_name(client_name)
        if name.casefold().endswith(".zip"):
            found.extend(_zip_pages(name, data, max_bytes=max_bytes))
        else:
            found.append(_page(name, data, max_bytes=max_bytes))
    return found


def _page(name: str, data: bytes, *, max_bytes: int) -> UploadedPage | tuple[str, SeedFormatError]:
    if not name or name.startswith("."):
        return (name or "(no name)", SeedFormatError("no file name"))
    if PurePosixPath(name).suffix.casefold() not in PAGE_SUFFIXES:
        return (name, SeedFormatError("not a page: only .txt, .html, .htm or a .zip of them"))
    if len(data) > max_bytes:
        return (name, SeedFormatError(f"too large: {len(data):,} bytes, over the limit of {max_bytes:,}"))
    return UploadedPage(name=name, data=data)


def _zip_pages(zip_name: str, data: bytes, *, max_bytes: int):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return [(zip_name, SeedFormatError(f"not a readable zip: {error}"))]
    if len(entries) > MAX_ZIP_ENTRIES:
        return [(zip_name, SeedFormatError(f"{len(entries):,} files, over the limit of {MAX_ZIP_ENTRIES:,}"))]
    pages, total = [], 0
    for entry in entries:
        name = own_name(entry.filename)
        if PurePosixPath(name).suffix.casefold() not in PAGE_SUFFIXES or name.startswith("."):
            pages.append(_page(name, b"", max_bytes=max_bytes))
            continue
        try:
            with archive.open(entry) as member:
                # The size the zip states may lie: never read more than the limit allows.
                content = member.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            pages.append((name, SeedFormatError(f"cannot be unpacked: {error}")))
            continue
        if len(content) > max_bytes:
            pages.append((name, SeedFormatError(f"too large: over the limit of {max_bytes:,} bytes")))
            continue
        total += len(content)
        if total > MAX_ZIP_BYTES:
            pages.append((name, SeedFormatError(f"the zip holds over {MAX_ZIP_BYTES:,} bytes of pages")))
            break
        pages.append(UploadedPage(name=name, data=content))
    return pages
