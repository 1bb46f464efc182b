"""Every regular expression of the importer is linear on any input: huge runs of each character class
that the patterns use, after each opening they look for, are read at once rather than in minutes."""

import re
import signal
from contextlib import contextmanager

import pytest

from articles import moderation
from articles.importing import linker, locator, parser

MODULES = [parser, locator, linker, moderation]
PATTERNS = [
    (f"{module.__name__}.{name}" + (f"[{index}]" if isinstance(value, list) else ""), pattern)
    for module in MODULES
    for name, value in vars(module).items()
    for index, pattern in enumerate(value if isinstance(value, list) else [value])
    if isinstance(pattern, re.Pattern)
]
OPENINGS = ["", "BAKU", "BAKU,", "BAKU (", "Update", "Update 1/2/19", "By", "Posted on", "1.", "  1."]
OPENINGS += ["(Photo", "Published:", "Comments", "Related", "A", "23 января", "January"]
RUNS = [" ", "\t", "a", "A", "Ə", "я", "1", ".", ",", ":", "-", "—", "(", ")", "/", "|", "·", "'", "\u00a0"]
RUN_LENGTH = 50_000
# A guard against a hang, not a speed figure: a linear pattern takes milliseconds on these, a pattern that
# backtracks takes hours.
HANG_SECONDS = 60  # the slowest linear pattern takes about 9 s here with both cores busy


@contextmanager
def hang_guard(what):
    def hung(signum, frame):
        raise AssertionError(f"still matching after {HANG_SECONDS} s: {what}")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_importer_has_patterns_to_check():
    assert len(PATTERNS) >= 15
    assert "articles.importing.parser._DATELINE" in dict(PATTERNS)


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_is_linear_on_long_runs(name, pattern):
    with hang_guard(name):
        for opening in OPENINGS:
            for run in RUNS:
                text = opening + run * RUN_LENGTH + "\x01"
                pattern.match(text)
                pattern.search(text)


def test_a_dateline_before_forty_thousand_spaces_is_read_at_once():
    """The hardening issue's case: BAKU and 40,000 (no-break) spaces kept import_seeds busy past 60 s."""
    with hang_guard("parse"):
        article = parser.parse("A Title Of Some Length\n\nBAKU" + " " * 40_000 + "\n\nThe rally was large.\n")
    assert article.title == "A Title Of Some Length"
