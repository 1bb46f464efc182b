"""Read a seed file's bytes into clean text, or refuse it with a one-line reason."""

import hashlib
import unicodedata
from dataclasses import dataclass

from . import SeedFormatError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A file with more control characters than this share (NUL aside, which alone makes it binary) is not text.
BINARY_CONTROL_SHARE = 0.3

# Characters that are text: printable ones and ordinary white space.
_WHITESPACE = {"\n", "\t", "\r", "\f", "\v"}


@dataclass(frozen=True)
class SourceText:
    raw: str  # decoded, exactly as read (kept on the article so nothing is lost)
    text: str  # normalised: LF line ends, no BOM, non-breaking spaces as spaces, NFC
    encoding: str  # "utf-8" or the fallback used
    sha256: str  # of the normalised text

    @property
    def fell_back(self):
        return self.encoding != "utf-8"


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 with or without a byte-order mark, else cp1252; anything else is refused."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise SeedFormatError(f"not UTF-8 and not cp1252 (byte {error.start} cannot be decoded)") from None


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:8192]
    printable = sample
    for space in _WHITESPACE:
        printable = printable.replace(space, "")
    if printable.isprintable():
        return False  # no control, surrogate, private or unassigned character at all: the usual case
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} and ch not in _WHITESPACE
    )
    return controls > len(sample) * BINARY_CONTROL_SHARE


def read_source(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    if len(data) > max_bytes:
        raise SeedFormatError(f"too large: {len(data):,} bytes, over the limit of {max_bytes:,}")
    if b"\x00" in data:
        raise SeedFormatError("binary file (contains NUL bytes)")
    raw, encoding = decode(data)
    if _looks_binary(raw):
        raise SeedFormatError("binary file (mostly control characters, not text)")
    text = normalise(raw)
    if not text.strip():
        raise SeedFormatError("empty: the file has no text")
    return SourceText(
        raw=raw, text=text, encoding=encoding, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )
