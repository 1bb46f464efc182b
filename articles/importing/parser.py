"""Split a flattened article page into its parts. Pure Python: text in, ParsedArticle out."""

from dataclasses import dataclass, field

from . import SeedFormatError


@dataclass
class ParsedArticle:
    title: str
    body: list[str] = field(default_factory=list)


def parse(text: str) -> ParsedArticle:
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    if not paragraphs:
        raise SeedFormatError("no recognisable title")
    return ParsedArticle(title=paragraphs[0][:300], body=paragraphs[1:])
