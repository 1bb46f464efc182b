"""Reading a file's bytes: encodings, line ends, and what is refused."""

import pytest

from articles.importing import SeedFormatError
from articles.importing.reader import read_source


def test_byte_order_mark_crlf_and_non_breaking_spaces_are_normalised():
    source = read_source("\ufeffTitle\r\n\r\nBody\u00a0text.\r\n".encode())
    assert source.text == "Title\n\nBody text.\n"
    assert source.raw == "Title\r\n\r\nBody\u00a0text.\r\n"  # kept as read, less the BOM
    assert source.encoding == "utf-8" and not source.fell_back


def test_same_text_in_any_of_these_forms_has_the_same_hash():
    assert read_source(b"Title\n\nBody\n").sha256 == read_source(b"\xef\xbb\xbfTitle\r\n\r\nBody\r\n").sha256


def test_cp1252_fallback_is_reported():
    source = read_source("Baku — “Musavat”".encode("cp1252"))
    assert source.fell_back and source.encoding == "cp1252"
    assert source.text == "Baku — “Musavat”"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "empty"),
        (b"Title\x00\x00binary", "binary"),
        (bytes(range(1, 9)) * 200, "binary"),
        (b"Title \x81\x8d\x8f\x90\x9d bytes", "not UTF-8 and not cp1252"),
    ],
)
def test_refused_with_a_reason(data, reason):
    with pytest.raises(SeedFormatError, match=reason):
        read_source(data)


def test_too_large_is_refused_before_decoding():
    with pytest.raises(SeedFormatError, match="too large: 11 bytes, over the limit of 10"):
        read_source(b"Title\n\nBody", max_bytes=10)
