"""Find the people and organizations an article mentions, by every name they go by.

Pure Python over a NameIndex built once per import run: exact matches on canonical names and aliases
(folded, so Hüseynov is Huseynov), then on a person's name in another script even when no alias spells it
(people.text.name_key: Мехман Гусейнов and Mekhman Guseynov are Mehman Hüseynov), surname-only mentions
("Huseynov's term"), and near-misspellings ("Huysenov") through rapidfuzz. Never a first name alone.
Names that look like people but match no record come back as suggestions for an editor.
"""

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from people.text import fold, word_key

# How close a misspelt surname must be to a known one (rapidfuzz ratio, 0-100): "Huysenov" scores 87.5
# against "Huseynov"; different names such as "Hasanov" score 67. tests/articles/test_linker.py pins it.
FUZZY_THRESHOLD = 85
FUZZY_MIN_LENGTH = 6
SURNAME_MIN_LENGTH = 4

_WORD = re.compile(r"\w+")
# Words that may start a name open with a capital letter or a digit. Python's re has no class for capitals,
# so this finds each word opening with an ASCII capital or digit, or with any word character past U+00B1
# (where all the other capitals and digits are); _opens_name() then drops the few non-ASCII ones that do
# not. The class comes first so that the regex engine skips ahead to it; a lookbehind first would be tried
# at every position of the text.
_MAYBE_OPENING = re.compile(r"[A-Z0-9\u00b2-\U0010ffff](?<=\w)(?<!\w.)\w*")

# Capitalised words that start no person's name: places, months, titles, institutions, sentence openers.
NOT_NAMES = frozenset(
    """
    a about according after again also an and any april armenia armenian artsakh as assembly association at
    august azerbaijan azerbaijani azeri baku but by caucasus center centre chicago committee contest council
    court december democratic eurovision europe european february for forces foundation friday from front
    georgia georgian government group he her his however i if in institute interestingly international iran
    it january july june karabakh like march may meanwhile minister ministry monday moreover moscow mr mrs ms
    dr my nagorno nato news normally november october of on our parliament party police president presidential
    prime prison pro radio republic russia russian saturday september she since so soviet spring sunday
    the their there these they this thursday tbilisi to today tuesday turkey tv ukraine union university us
    ussr wednesday we when while with yerevan yesterday arab song security watch insights faculty fellowship
    visiting agency blogs translation why who what where how great decisions skype
    """.split()
)


@dataclass(frozen=True)
class _Variant:
    tokens: tuple[str, ...]
    upper: tuple[bool, ...]  # which tokens are abbreviations that must stay upper case in the text
    kind: str  # "person" or "organization"
    pk: int


ORGANIZATION_MAX_WORDS = 8
# Words that make a run of capitalised words an organization's name, and the kind of organization each
# suggests (people.models.Organization.Kind); "" leaves the kind to the editor.
ORGANIZATION_WORDS = {
    **dict.fromkeys(["party", "front", "partiyası", "партия"], "party"),
    **dict.fromkeys(
        [
            "ministry", "court", "prosecutor", "parliament", "police", "service", "office", "tribunal",
            "government", "administration", "nazirliyi", "məhkəməsi", "министерство", "суд", "prokurorluğu",
        ],
        "state",
    ),
    **dict.fromkeys(["news", "radio", "television", "tv", "times", "post", "press", "newspaper"], "media"),
    **dict.fromkeys(
        [
            "watch", "foundation", "institute", "center", "centre", "association", "coalition", "network",
            "society", "fund", "union", "committee", "council", "commission", "organization", "organisation",
            "agency", "federation", "alliance", "movement", "club", "chamber", "bureau", "assembly",
            "mərkəzi", "birliyi", "cəmiyyəti", "комитет", "центр", "союз",
        ],
        "",
    ),
}  # fmt: skip
# Lower-case words that may join the words of an organization's name: "Committee to Protect Journalists".
ORGANIZATION_JOINS = frozenset({" ", " of ", " for ", " to ", " on ", " of the ", " for the "})
# Words a sentence may open with before an organization's name; never part of the name.
LEADING_WORDS = frozenset(
    "the a an this that these those his her their our its according however meanwhile while when after since "
    "but and if in on at by for from with to of as".split()
)


@dataclass
class Mentions:
    people: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    suggestions: dict[str, str] = field(default_factory=dict)  # name -> the sentence it was seen in
    # name -> (the sentence it was seen in, the kind of organization its words suggest)
    organization_suggestions: dict[str, tuple[str, str]] = field(default_factory=dict)


class NameIndex:
    """Every name of every person and organization, folded into word tuples for matching."""

    def __init__(self, people=(), organizations=()):
        """people and organizations: iterables of (pk, [names]), canonical name first."""
        self.by_first: dict[str, list[_Variant]] = defaultdict(list)
        self.surnames: dict[str, set[int]] = defaultdict(set)
        self.names: dict[tuple[str, int], str] = {}  # (kind, pk) -> canonical name
        # People's names by their cross-script keys, for spellings no name or alias has.
        self.by_key: dict[str, list[_Variant]] = defaultdict(list)
        self.key_surnames: dict[str, set[int]] = defaultdict(set)
        for kind, entries in (("person", people), ("organization", organizations)):
            for pk, names in entries:
                for name in names:
                    self._add(name, kind, pk)
        for variants in [*self.by_first.values(), *self.by_key.values()]:
            variants.sort(key=lambda v: len(v.tokens), reverse=True)
        self._surname_choices = list(self.surnames)

    @classmethod
    def from_database(cls):
        from people.models import Alias, Organization, Person

        names = defaultdict(list)
        for pk, name in Person.objects.values_list("pk", "name"):
            names["person", pk].insert(0, name)
        for pk, name, abbreviation in Organization.objects.values_list("pk", "name", "abbreviation"):
            names["organization", pk][:0] = [name, abbreviation] if abbreviation else [name]
        for person, organization, name in Alias.objects.values_list("person", "organization", "name"):
            names[("person", person) if person else ("organization", organization)].append(name)
        return cls(
            people=[(pk, n) for (kind, pk), n in names.items() if kind == "person"],
            organizations=[(pk, n) for (kind, pk), n in names.items() if kind == "organization"],
        )

    def person_with_name(self, name: str) -> int | None:
        """The one person whose name or alias is exactly this one (folded), if only one has it."""
        words = _WORD.findall(name)
        if len(words) < 2:
            return None
        tokens = tuple(fold(word) for word in words)
        people = {v.pk for v in self.by_first.get(tokens[0], ()) if v.kind == "person" and v.tokens == tokens}
        if not people:  # the name in another script
            keys = tuple(word_key(word) for word in words)
            people = {v.pk for v in self.by_key.get(keys[0], ()) if v.tokens == keys}
        return people.pop() if len(people) == 1 else None

    def _add(self, name: str, kind: str, pk: int) -> None:
        self.names.setdefault((kind, pk), name)
        words = _WORD.findall(name)
        tokens = tuple(fold(word) for word in words)
        if not tokens or not all(tokens):
            return
        upper = tuple(len(word) > 1 and word.isupper() for word in words)
        self.by_first[tokens[0]].append(_Variant(tokens, upper, kind, pk))
        if kind == "person":
            # A surname alone is a mention; a first name alone never is.
            surname = tokens[-1]
            if len(surname) >= SURNAME_MIN_LENGTH and pk not in self.surnames[surname]:
                self.surnames[surname].add(pk)
                if len(tokens) > 1:
                    self.by_first[surname].append(_Variant((surname,), (False,), kind, pk))
            self._add_key(words, pk)

    def _add_key(self, words: list[str], pk: int) -> None:
        """A person's name by its cross-script key, once however many of their names share it."""
        keys = tuple(word_key(word) for word in words)
        if not all(keys):
            return
        variant = _Variant(keys, (False,) * len(keys), "person", pk)
        if variant not in self.by_key[keys[0]]:
            self.by_key[keys[0]].append(variant)
        surname = keys[-1]
        if len(keys) > 1 and len(surname) >= SURNAME_MIN_LENGTH and pk not in self.key_surnames[surname]:
            self.key_surnames[surname].add(pk)
            self.by_key[surname].append(_Variant((surname,), (False,), "person", pk))

    def find(self, text: str, *, headline: str = "") -> Mentions:
        """Mentions in headline and text; suggestions from the text only (headlines are Title Case).

        Only words that open with a capital or a digit can start a name, so only those are folded and
        looked up (about one word in five); the words a long name goes on with are read where it starts.
        """
        suggest_from = len(headline) + 2 if headline else 0
        text = f"{headline}\n\n{text}" if headline else text
        starts = [(m.group(), m.start()) for m in _MAYBE_OPENING.finditer(text)]
        mentions = Mentions()
        claimed_until = 0  # the end of the last name found: words before it belong to that name
        unclaimed: list[tuple[str, str, int]] = []  # (word, folded, start) of the words no name took
        surname_hits: list[set[int]] = []  # the people each surname met alone may be

        by_first, by_key = self.by_first, self.by_key
        for word, start in starts:
            if start < claimed_until or (word[0] > "~" and not _opens_name(word)):
                continue
            folded = fold(word)
            variant, end = self._match_at(text, word, folded, start) if folded in by_first else (None, 0)
            surnames = self.surnames
            if variant is None and (key := word_key(word)) in by_key:
                variant, end = self._match_at(text, word, key, start, variants=by_key, tokenize=word_key)
                surnames = self.key_surnames
            if variant is None:
                unclaimed.append((word, folded, start))
                continue
            if len(variant.tokens) == 1 and variant.kind == "person":
                surname_hits.append(surnames[variant.tokens[0]])  # decided below, once full names are known
            else:
                target = mentions.people if variant.kind == "person" else mentions.organizations
                target.add(variant.pk)
            claimed_until = end

        for candidates in surname_hits:
            pk = self._resolve_surname(candidates, mentions.people)
            if pk is not None:
                mentions.people.add(pk)

        self._fuzzy_and_suggest(text, unclaimed, mentions, suggest_from)
        for run, kind in _organization_runs(text, unclaimed):
            if run[0][2] >= suggest_from:
                name = text[run[0][2] : run[-1][2] + len(run[-1][0])]
                for person in [person for person in mentions.suggestions if person in name]:
                    del mentions.suggestions[person]  # words of an organization's name, not a person's
                mentions.organization_suggestions.setdefault(name, (_sentence_around(text, run[0][2]), kind))
        return mentions

    def _match_at(
        self, text, word, folded, start, *, variants=None, tokenize=fold
    ) -> tuple[_Variant | None, int]:
        """The longest name starting with this word, and where its last word ends. `folded` is the word as
        `tokenize` gives it; `variants`, the names by their first token in that form (by_first, by_key)."""
        following = None  # (word, folded, end) of the words after this one, read when a name needs them
        for variant in (self.by_first if variants is None else variants)[folded]:
            if variant.upper[0] and not word.isupper():
                continue
            if len(variant.tokens) == 1:
                end = start + len(word)
            else:
                if following is None:
                    longest = len(variant.tokens) - 1  # variants come longest first
                    following = [
                        (m.group(), tokenize(m.group()), m.end())
                        for m in itertools.islice(_WORD.finditer(text, start + len(word)), longest)
                    ]
                rest = following[: len(variant.tokens) - 1]
                if len(rest) < len(variant.tokens) - 1 or not all(
                    seen_folded == token and (not upper or seen.isupper())
                    for (seen, seen_folded, _end), token, upper in zip(
                        rest, variant.tokens[1:], variant.upper[1:], strict=True
                    )
                ):
                    continue
                end = rest[-1][2]
            if len(variant.tokens) == 1 and variant.kind == "person" and len(folded) < SURNAME_MIN_LENGTH:
                continue
            return variant, end
        return None, 0

    def _resolve_surname(self, candidates: set[int], named: set[int]) -> int | None:
        """A surname alone means the person named in full in the same text, or the only one who has it."""
        in_text = candidates & named
        if len(in_text) == 1:
            return next(iter(in_text))
        if len(candidates) == 1:
            return next(iter(candidates))
        return None

    def _fuzzy_and_suggest(self, text, unclaimed, mentions, suggest_from) -> None:
        """Near-misspelt surnames link; other runs of two or three capitalised words become suggestions."""
        for run in _name_runs(text, unclaimed):
            linked = False
            for _original, folded, _start in run:
                pk = self._fuzzy_surname(folded)
                if pk is not None:
                    mentions.people.add(pk)
                    linked = True
            if not linked and 2 <= len(run) <= 3 and run[0][2] >= suggest_from:
                name = " ".join(original for original, _folded, _start in run)
                mentions.suggestions.setdefault(name, _sentence_around(text, run[0][2]))

    def _fuzzy_surname(self, folded: str) -> int | None:
        if len(folded) < FUZZY_MIN_LENGTH or not self._surname_choices:
            return None
        best = process.extractOne(
            folded, self._surname_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if best is None:
            return None
        surname = best[0]
        if folded == surname + "a" or folded + "a" == surname:
            return None  # Huseynova is a relative of Huseynov, not a misspelling
        people = self.surnames[surname]
        return next(iter(people)) if len(people) == 1 else None


def _opens_name(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _name_runs(text, words):
    """Runs of capitalised words with only a space between them: 'Mammad Ibrahimli'. `words` are the
    unclaimed words that open with a capital or a digit, in order: any other word between two of them
    leaves more than a space between them, so it ends a run as well."""
    run = []
    for word in words:
        if not _capitalised(word[0]) or word[1] in NOT_NAMES:
            if run:
                yield run
            run = []
            continue
        if run and text[run[-1][2] + len(run[-1][0]) : word[2]] != " ":
            yield run
            run = []
        run.append(word)
    if run:
        yield run


def _organization_runs(text, words):
    """Runs of capitalised words, joined by at most a lower-case 'of', 'for', 'to' or 'and', that hold a
    word organizations are named with: 'Ministry of Justice', 'Committee to Protect Journalists',
    'Musavat Party'. Yields each run, without the words a sentence opens with, and the kind it suggests."""
    run = []
    for word in [*words, None]:
        joined = (
            word is not None and run and text[run[-1][2] + len(run[-1][0]) : word[2]] in ORGANIZATION_JOINS
        )
        if word is not None and word[0][:1].isupper() and (not run or joined):
            run.append(word)
            continue
        while run and run[0][1] in LEADING_WORDS:
            run.pop(0)
        # "Anar Mammadli of the Election Monitoring Center": the words before a join that hold no
        # organization's word are someone's name.
        while (cut := _first_join(text, run)) and not any(w[1] in ORGANIZATION_WORDS for w in run[:cut]):
            run = run[cut:]
        kinds = [ORGANIZATION_WORDS[folded] for _word, folded, _start in run if folded in ORGANIZATION_WORDS]
        if len(run) >= 2 and kinds and len(run) <= ORGANIZATION_MAX_WORDS:
            yield run, next((kind for kind in kinds if kind), "")
        run = [word] if word is not None and word[0][:1].isupper() else []


def _first_join(text, run) -> int:
    """Where the first lower-case join of the run falls (the index of the word after it), or 0."""
    for index in range(1, len(run)):
        if text[run[index - 1][2] + len(run[index - 1][0]) : run[index][2]] != " ":
            return index
    return 0


def _sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(".", 0, position), text.rfind("\n", 0, position)) + 1
    end_candidates = [i for i in (text.find(".", position), text.find("\n", position)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return " ".join(text[start:end].split())[:300]
