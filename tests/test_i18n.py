"""The interface in Azerbaijani, Russian and English: the language is in the address, every page says which
it is in and where the others are, nothing of the interface is left untranslated, and followers' emails,
feeds, downloads and dates follow the reader's language."""

import contextlib
import csv
import gettext
import html
import io
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse, translate_url
from django.utils import translation

from articles.models import Follower
from articles.tasks import alert_followers, follower_send_confirmation
from people.models import CaseEvent
from people.views import CASE_FIELDS
from tests.factories import make_case, make_person
from tests.mail import SmtpServerTestCase
from tests.test_pages import import_published_seeds, public_pages, publish_an_edition

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.LOCALE_PATHS[0])
TEMPLATES = Path(settings.BASE_DIR) / "templates"
IN_CI = os.environ.get("CI") == "true"


# The catalogues, read without a library: msgctxt, msgid, msgid_plural, msgstr, msgstr[n] and flags.


def read_po(path: Path) -> dict[tuple, dict]:
    """{(context, msgid): {"plural": ..., "strings": [...], "fuzzy": bool}} of a .po file, header left out."""
    entries, entry, field = {}, None, None

    def close():
        if entry and entry.get("msgid"):
            key = (entry.get("msgctxt"), entry["msgid"])
            entries[key] = {
                "plural": entry.get("msgid_plural"),
                "strings": [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr"))],
                "fuzzy": entry["fuzzy"],
            }

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            close()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"fuzzy": False}
        if line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            field, _space, value = line.partition(" ")
            entry[field] = _unquote(value)
    return entries


def _unquote(quoted: str) -> str:
    return quoted.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def committed(code: str) -> dict[tuple, dict]:
    return read_po(LOCALE / code / "LC_MESSAGES" / "django.po")


def extracted() -> dict[tuple, dict]:
    """Every msgid makemessages finds in the code and templates now, written into a scratch folder."""
    if not shutil.which("xgettext"):
        if IN_CI:
            pytest.fail("GNU gettext (xgettext) is missing: apt-get install gettext")
        pytest.skip("GNU gettext (xgettext) is not installed; under CI=true this fails instead")
    scratch = Path(tempfile.mkdtemp())
    try:
        with override_settings(LOCALE_PATHS=[scratch]), contextlib.chdir(settings.BASE_DIR):
            # newsroom/locale too: makemessages would otherwise write newsroom/'s strings into it, not here.
            ignore = [".venv", "node_modules", "bench", "tests", "seeds", "staticfiles", "newsroom/locale"]
            call_command("makemessages", locale=["ru"], ignore_patterns=ignore, verbosity=0)
        return read_po(scratch / "ru" / "LC_MESSAGES" / "django.po")
    finally:
        shutil.rmtree(scratch)


def translated(entry: dict) -> bool:
    return not entry["fuzzy"] and all(entry["strings"])


class CatalogueTests(SimpleTestCase):
    """Fails on any interface string missing from a catalogue: run `make messages` and translate it."""

    def test_every_marked_string_is_translated_in_every_language(self):
        wanted = extracted()
        assert len(wanted) > 500, "makemessages found too little: is it reading the project?"
        for code in TRANSLATED:
            catalogue = committed(code)
            missing = [msgid for key, msgid in ((k, k[1]) for k in wanted) if key not in catalogue]
            untranslated = [key[1] for key in wanted if key in catalogue and not translated(catalogue[key])]
            assert missing == [], f"{code}: not in the catalogue (run `make messages`): {missing[:10]}"
            assert untranslated == [], f"{code}: empty or fuzzy: {untranslated[:10]}"

    def test_the_compiled_catalogues_match_the_po_files(self):
        """The .mo a server reads holds what the .po says (`make messages` compiles it; commit both)."""
        for code in TRANSLATED:
            with open(LOCALE / code / "LC_MESSAGES" / "django.mo", "rb") as mo:
                compiled = gettext.GNUTranslations(mo)
            for (context, msgid), entry in committed(code).items():
                lookup = f"{context}\x04{msgid}" if context else msgid
                if entry["plural"]:
                    assert compiled.ngettext(lookup, entry["plural"], 1) == entry["strings"][0], msgid
                else:
                    assert compiled.gettext(lookup) == entry["strings"][0], f"{code}: {msgid}"


# The template scanner: interface text a template writes outside {% translate %} and {% blocktranslate %}.

# Words that are the same in every language: the brand, formats, and the data files' field names.
ALLOWED = {"Newsroom", "RSS", "Atom", "CSV", "JSON", *CASE_FIELDS}
CHECKED_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
# Literal text a filter would show: {{ x|default:"Anonymous" }}; and pluralize, which only knows English.
LITERAL_DEFAULT = re.compile(r"""\|default(?:_if_none)?:(["'])(.*?)\1""")
PLURALIZE = re.compile(r"\|pluralize\b")
WORD = re.compile(r"[^\W\d]+")  # letters, and underscores: a data field's name is one word
# Blocks whose text is not for readers: the admin's CSS classes for the page's body.
HIDDEN_BLOCKS = {"bodyclass"}


class _Text(HTMLParser):
    """The text a reader sees or hears in an HTML skeleton: text nodes and labelling attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in CHECKED_ATTRIBUTES or (name == "value" and attrs.get("type") == "submit")):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.found.append(data)


def untranslated_text(source: str, *, markup: bool = True) -> list[str]:
    """Words in a template's own text that no translate tag covers: a linear pass over Django's tokens,
    then the HTML left (template tags made blanks) read for its text and labelling attributes."""
    skeleton, inside, problems = [], None, []
    for token in Lexer(source).tokenize():
        content = token.contents
        if inside:  # in a blocktranslate or a comment: everything up to its end is translated or hidden
            if token.token_type == TokenType.BLOCK and content.split()[0] == inside:
                inside = None
            continue
        if token.token_type == TokenType.BLOCK:
            name, *arguments = content.split()
            if name in {"blocktranslate", "blocktrans", "comment"}:
                inside = "end" + name
            elif name == "block" and arguments[0] in HIDDEN_BLOCKS:
                inside = "endblock"
            skeleton.append(" ")
        elif token.token_type == TokenType.VAR:
            problems += PLURALIZE.findall(content)
            # A default's literal stands where the variable would: visible text, or an attribute.
            skeleton.append(" ".join(match.group(2) for match in LITERAL_DEFAULT.finditer(content)) or " ")
        elif token.token_type == TokenType.TEXT:
            skeleton.append(content)
    text = "".join(skeleton)
    if markup:
        parser = _Text()
        parser.feed(text)
        parser.close()
        pieces = parser.found
    else:
        pieces = [text]
    words = [word for piece in pieces for word in WORD.findall(html.unescape(piece))]
    return problems + [word for word in words if word not in ALLOWED]


class TemplateScannerTests(SimpleTestCase):
    def test_no_template_writes_text_outside_a_translate_tag(self):
        problems = {}
        for path in sorted(TEMPLATES.rglob("*")):
            if path.suffix not in {".html", ".txt"}:
                continue
            markup = path.suffix == ".html"
            words = untranslated_text(path.read_text(encoding="utf-8"), markup=markup)
            if words:
                problems[str(path.relative_to(TEMPLATES))] = words
        assert problems == {}

    def test_the_scanner_finds_text_attributes_and_literal_filters(self):
        """The scanner itself: it must see what a careless edit leaves untranslated."""
        source = (
            '{% load i18n %}<p title="Hello there">{% translate "Fine" %} Broken</p>'
            '{% blocktranslate %}Also fine {{ x }}{% endblocktranslate %}{{ name|default:"Anonymous" }}'
            "{% comment %}Not shown{% endcomment %}<script>let ok = 1;</script> RSS"
        )
        assert untranslated_text(source) == ["Hello", "there", "Broken", "Anonymous"]
        assert untranslated_text("{{ n|pluralize }}") == ["|pluralize"]
        hidden = "<b class=\"{{ x|default:'waiting' }}\">{% block bodyclass %}app{% endblock %}</b>"
        assert untranslated_text(hidden) == []


# Pages in each language.


def visible_text(page: str) -> str:
    """What a reader sees of a page: its text and labels, without markup, scripts or styles."""
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.found).split())


def english_phrases() -> list[str]:
    """Interface strings of three words or more, with nothing filled in: none may show on a page in
    another language. Shorter ones, and any the seed articles themselves say ("European Court of Human
    Rights"), could be the articles' own English text."""
    seeds = " ".join(
        " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        for path in (Path(settings.BASE_DIR) / "seeds").rglob("*")
        if path.is_file()
    )
    phrases = []
    for (_context, msgid), _entry in committed("ru").items():
        phrase = " ".join(msgid.split())
        if re.search(r"%|\{|<|&", phrase) or len(phrase.split()) < 3 or phrase in seeds:
            continue
        phrases.append(phrase)
    return phrases


class LanguagePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        publish_an_edition()

    def pages_in(self, code):
        with translation.override(settings.LANGUAGE_CODE):  # public_pages() are English addresses
            return [translate_url(path, code) for path in public_pages()]

    def test_every_public_page_answers_in_each_language_with_its_lang_and_alternates(self):
        for code in LANGUAGES:
            for path in self.pages_in(code):
                assert path.startswith(f"/{code}/"), path
                response = self.client.get(path)
                assert response.status_code == 200, path
                page = response.content.decode()
                assert f'<html lang="{code}">' in page, path
                bare = path.split("?")[0]
                for other in LANGUAGES:
                    alternate = "http://testserver" + translate_url(bare, other)
                    assert f'<link rel="alternate" hreflang="{other}" href="{alternate}">' in page, (
                        path,
                        other,
                    )
                default = "http://testserver" + bare.replace(f"/{code}/", "/", 1)
                assert f'<link rel="alternate" hreflang="x-default" href="{default}">' in page, path

    def test_no_english_interface_text_on_pages_in_other_languages(self):
        phrases = english_phrases()
        assert len(phrases) > 100
        for code in TRANSLATED:
            for path in self.pages_in(code) + [f"/{code}/no-such-page/"]:
                text = visible_text(self.client.get(path).content.decode())
                found = [phrase for phrase in phrases if phrase in text]
                assert found == [], (path, found)

    def test_the_switcher_links_the_same_page_in_each_language(self):
        path = reverse("people:case-detail", args=["mehman-huseynov"]) + "?x=1"
        page = self.client.get(path.replace("/en/", "/ru/", 1)).content.decode()
        switcher = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', page, re.S).group(1)
        links = re.findall(
            r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)"( aria-current="page")?>', switcher
        )
        assert [(href, hreflang, lang, bool(current)) for href, hreflang, lang, current in links] == [
            ("/az/cases/mehman-huseynov/?x=1", "az", "az", False),
            ("/ru/cases/mehman-huseynov/?x=1", "ru", "ru", True),
            ("/en/cases/mehman-huseynov/?x=1", "en", "en", False),
        ]
        assert "Azərbaycanca" in switcher and "Русский" in switcher and "English" in switcher
        assert "<form" not in switcher

    def test_dates_and_numbers_as_each_language_writes_them(self):
        """A day with its month: "1 января 2019" (the genitive) in Russian, "1 yanvar 2019" in Azerbaijani."""
        expected = {"ru": "1 января 2019", "az": "1 yanvar 2019", "en": "1 January 2019"}
        for code, date in expected.items():
            with translation.override(code):
                page = self.client.get(reverse("people:edition-list")).content.decode()
            assert date in page, code
        with translation.override("ru"):
            statistics = self.client.get(reverse("people:statistics")).content.decode()
        assert "январь 2019" in statistics or "январь" in statistics  # a month alone: the nominative

    def test_feeds_downloads_and_statistics_in_russian_keep_english_field_names(self):
        with translation.override("ru"):
            feed = self.client.get(reverse("articles:feed-rss")).content.decode()
            rows = self.client.get(reverse("people:case-csv")).content.decode()
            chart = self.client.get(
                reverse("people:statistics-csv", args=["cases-by-status"])
            ).content.decode()
            data = self.client.get(reverse("people:case-json")).json()
        assert "<title>Newsroom: последние статьи</title>" in feed and "<language>ru</language>" in feed
        assert "<description>Политзаключённые, журналисты и блогеры за решёткой" in feed
        assert next(csv.reader(io.StringIO(rows))) == CASE_FIELDS
        header, *figures = list(csv.reader(io.StringIO(chart)))
        assert header == ["status", "cases"]
        assert any(label in {"В заключении", "Под стражей", "Освобождён(а)"} for label, _n in figures), (
            figures
        )
        assert set(data["cases"][0]) >= {"url", "person", "status"}

    def test_the_sitemap_lists_each_page_in_each_language_with_alternates(self):
        sitemap = self.client.get(reverse("sitemap")).content.decode()
        case = "http://testserver/{}/cases/mehman-huseynov/"
        for code in LANGUAGES:
            assert f"<loc>{case.format(code)}</loc>" in sitemap
            assert f'<xhtml:link rel="alternate" hreflang="{code}" href="{case.format(code)}"/>' in sitemap
        assert (
            '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/cases/mehman-huseynov/"/>'
            in (sitemap)
        )

    def test_a_cached_page_is_never_served_in_another_language(self):
        """The page cache's key is the full address, language and all."""
        cache.clear()
        assert self.client.get("/en/")["X-Cache"] == "miss"
        russian = self.client.get("/ru/")
        assert russian["X-Cache"] == "miss" and '<html lang="ru">' in russian.content.decode()
        assert self.client.get("/ru/")["X-Cache"] == "hit"
        assert '<html lang="en">' in self.client.get("/en/").content.decode()


class LanguageChoiceTests(TestCase):
    def test_the_home_page_address_sends_each_reader_to_their_language(self):
        for accept, expected in [
            ("az", "/az/"),
            ("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"),
            ("en-GB", "/en/"),
            ("de-DE,de;q=0.9", "/en/"),
            ("", "/en/"),
        ]:
            response = self.client.get("/", headers={"accept-language": accept})
            assert response.status_code == 302 and response["Location"] == expected, accept
            assert "Accept-Language" in response["Vary"]
            assert "X-Cache" not in response and "public" not in response.get("Cache-Control", ""), accept

    def test_an_old_address_without_a_language_redirects_to_one(self):
        response = self.client.get("/cases/?status=imprisoned", headers={"accept-language": "ru"})
        assert response.status_code == 302 and response["Location"] == "/ru/cases/?status=imprisoned"

    def test_the_admin_sitemap_robots_and_calendar_feeds_have_no_language(self):
        assert reverse("sitemap") == "/sitemap.xml"
        assert reverse("robots") == "/robots.txt"
        assert reverse("calendar-ics", args=["x"]) == "/calendar/x.ics"
        assert reverse("admin:index") == "/" + settings.ADMIN_URL
        robots = self.client.get("/robots.txt").content.decode()
        assert all(f"Disallow: /{code}/search/" in robots for code in LANGUAGES)


class FollowerLanguageTests(SmtpServerTestCase):
    """A reader who follows a case from its Russian page gets every email in Russian, links included."""

    @classmethod
    def setUpTestData(cls):
        cls.case = make_case(person=make_person(name="Tofig Yagublu", slug="tofig-yagublu"), slug="yagublu")

    def test_a_follower_who_subscribed_in_russian_gets_russian_emails(self):
        with translation.override("ru"):
            url = reverse("people:follow", args=["case", self.case.slug])
        with self.captureOnCommitCallbacks(execute=True):
            answer = self.client.post(url, {"email": "reader@example.org", "website": ""})
        self.assertContains(answer, "Проверьте почту")
        follower = Follower.objects.get()
        assert follower.language == "ru"
        follower_send_confirmation.call(follower.pk)
        [confirmation] = self.inbox.messages
        assert confirmation["Subject"] == "Подтвердите подписку: Дело Tofig Yagublu"
        body = confirmation.get_content()
        assert "Чтобы подтвердить, откройте эту ссылку" in body
        link = re.search(r"http\S+/follow/confirm/\S+/", body).group(0)
        assert "/ru/follow/confirm/" in link and "/ru/follow/unsubscribe/" in confirmation["List-Unsubscribe"]
        self.client.post(link.removeprefix(settings.NEWSROOM_SITE_URL))
        self.inbox.messages.clear()
        CaseEvent.objects.create(case=self.case, kind="release", date="2026-11-30")
        assert alert_followers.call(self.case.pk) == 1
        [alert] = self.inbox.messages
        assert alert["Subject"].startswith("Освобождение")
        assert "30 ноября 2026" in alert.get_content() and "Отписаться" in alert.get_content()

    def test_english_is_the_default_for_followers_from_before(self):
        assert Follower._meta.get_field("language").default == "en"
