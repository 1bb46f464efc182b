"""Turning raw article pages (web pages flattened to text) into records.

reader: bytes -> normalised text, refusing what is not a text page.
parser: text -> ParsedArticle, pure Python, no database.
importer: ParsedArticle -> rows, in batches of files; a file the database refuses fails alone.
"""


class SeedFormatError(Exception):
    """The file cannot be imported; the message says why in one line."""
