"""Content in several languages: a story linked to its translations ("Also in"), texts of people,
organizations, cases, charges and events kept in Azerbaijani and Russian beside the English, falling back
to the English with a note; the import tells a story's language from its words."""

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from articles.forms import ArticleAdminForm
from articles.importing.importer import pages_import
from articles.importing.uploads import UploadedPage
from articles.models import Article
from newsroom.caching import changed_keys
from newsroom.languages import in_language
from people.models import CaseEvent, Charge
from tests.factories import make_article, make_case, make_organization, make_person


def _page(client, name, language, **kwargs):
    """A page as a reader of the language gets it (its address says the language where the site has one)."""
    cache.clear()  # each test sees the page as made now
    with translation.override(language):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        return response.content.decode()


class TextsInLanguagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person(
            name="Tofig Yagublu",
            bio="An opposition politician and columnist.",
            bio_ru="Оппозиционный политик.",
        )

    def test_a_text_is_shown_in_the_readers_language_else_in_english_with_a_note(self):
        shown = in_language(self.person, "bio", "ru")
        assert (shown.text, shown.language, shown.fallback) == ("Оппозиционный политик.", "ru", False)
        shown = in_language(self.person, "bio", "az")
        assert (shown.text, shown.language, shown.fallback) == (
            "An opposition politician and columnist.",
            "en",
            True,
        )
        shown = in_language(self.person, "bio", "en")
        assert (shown.language, shown.fallback) == ("en", False)
        assert not in_language(make_person(), "bio", "az").fallback  # nothing to translate: no note

    def test_the_persons_page_in_russian_shows_the_russian_bio_marked_as_russian(self):
        page = _page(self.client, "people:person-detail", "ru", slug=self.person.slug)
        assert '<div lang="ru"><p>Оппозиционный политик.</p></div>' in page
        assert "An opposition politician" not in page
        assert 'class="untranslated"' not in page

    def test_without_an_azerbaijani_bio_the_page_shows_the_english_and_says_so(self):
        page = _page(self.client, "people:person-detail", "az", slug=self.person.slug)
        assert '<div lang="en"><p>An opposition politician and columnist.</p></div>' in page
        assert 'class="untranslated"' in page

    def test_organizations_cases_charges_and_events_carry_their_languages(self):
        organization = make_organization(description="A rights group.", description_az="Hüquq təşkilatı.")
        page = _page(self.client, "people:organization-detail", "az", slug=organization.slug)
        assert '<div lang="az"><p>Hüquq təşkilatı.</p></div>' in page
        case = make_case(person=self.person, summary="Jailed in 2019.", summary_ru="Арестован в 2019 году.")
        Charge.objects.create(
            case=case, article="221.3", description="hooliganism", description_ru="хулиганство"
        )
        CaseEvent.objects.create(
            case=case, date="2019-12-01", kind=CaseEvent.Kind.ARREST, description="Detained at home.",
            description_ru="Задержан дома.",
        )  # fmt: skip
        page = _page(self.client, "people:case-detail", "ru", slug=case.slug)
        assert '<div lang="ru"><p>Арестован в 2019 году.</p></div>' in page
        assert "Статья 221.3, хулиганство</strong>" in page
        assert ": Задержан дома." in page
        page = _page(self.client, "people:case-detail", "az", slug=case.slug)
        assert ': <span lang="en">Detained at home.</span>' in page

    def test_the_case_download_gives_each_languages_words_under_english_field_names(self):
        case = make_case(person=self.person)
        Charge.objects.create(
            case=case, article="221.3", description="hooliganism", description_ru="хулиганство"
        )
        cache.clear()
        with translation.override("ru"):
            data = self.client.get(reverse("people:case-json")).json()
            rows = self.client.get(reverse("people:case-csv")).content.decode()
        [row] = [row for row in data["cases"] if row["person"] == "Tofig Yagublu"]
        assert row["charges"][0]["description"] == "хулиганство"
        assert "Статья 221.3, хулиганство" in rows and rows.startswith("url,")


class TranslatedStoriesTests(TestCase):
    def test_a_story_links_its_published_translations_by_their_own_names(self):
        story = make_article(status=Article.Status.PUBLISHED, language="en")
        russian = make_article(status=Article.Status.PUBLISHED, language="ru")
        draft = make_article(language="az")
        story.translations.add(russian, draft)
        page = _page(self.client, "articles:article-detail", "en", slug=story.slug)
        assert 'hreflang="ru" lang="ru">Русский</a>' in page
        assert "Azərbaycanca" not in page.split('class="also-in"')[1].split("</p>")[0]
        back = _page(self.client, "articles:article-detail", "ru", slug=russian.slug)
        assert 'hreflang="en" lang="en">English</a>' in back  # the link goes both ways

    def test_publishing_a_translation_empties_the_pages_that_link_it(self):
        story = make_article(status=Article.Status.PUBLISHED, language="en")
        russian = make_article(status=Article.Status.PUBLISHED, language="ru")
        story.translations.add(russian)
        assert f"article-{story.pk}" in changed_keys(russian)

    def test_a_translation_in_the_same_language_or_the_story_itself_is_a_form_error(self):
        story = make_article(language="en")
        other = make_article(language="en")
        form = ArticleAdminForm(
            data={
                "title": story.title,
                "body": story.body,
                "language": "en",
                "translations": [other.pk, story.pk],
            },
            instance=story,
        )
        form.fields["translations"] = Article._meta.get_field("translations").formfield()
        form.fields["language"] = Article._meta.get_field("language").formfield()
        assert not form.is_valid()
        assert form.errors["translations"] == [
            f"“{other}” is in the same language as this article.",
            "An article is not a translation of itself.",
        ]


class ImportedLanguageTests(TestCase):
    def test_the_import_tells_the_storys_language_from_its_words(self):
        pages = {
            "en.txt": "Court jails blogger\n\nThe court in Baku sentenced the blogger to four years on "
            "Tuesday, and his lawyer said that they would appeal.\n",
            "ru.txt": "Суд арестовал блогера\n\nСуд в Баку приговорил блогера к четырём годам, и его адвокат "
            "сказал, что они будут обжаловать это решение.\n",
            "az.txt": "Məhkəmə bloqeri həbs etdi\n\nBakı məhkəməsi bloqeri dörd il həbs cəzasına məhkum "
            "edib və onun vəkili bu qərardan şikayət edəcəklərini bildirib.\n",
        }
        pages_import([UploadedPage(name=name, data=text.encode()) for name, text in pages.items()])
        found = dict(Article.objects.values_list("source_file", "language"))
        assert found == {"en.txt": "en", "ru.txt": "ru", "az.txt": "az"}
