"""Turning raw article pages (web pages flattened to text, or HTML) into records.

reader: bytes -> normalised text, refusing what is not a text page.
locator: a flattened page's lines -> where its article is among the site's furniture.
parser: text -> ParsedArticle (title, head, body, comments, author), pure Python, no database.
html: an HTML page -> ParsedArticle, through trafilatura and the parser's part rules.
linker: text -> the people and organizations it mentions, and names to suggest.
reading: a file -> an ImportReport (read, parsed and linked), in worker processes when there are many.
importer: reports -> rows, in batches of files; a file the database refuses fails alone.
"""


class SeedFormatError(Exception):
    """The file cannot be imported; the message says why in one line."""
