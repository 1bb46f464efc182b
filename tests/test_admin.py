"""The admin is the editors' home: every registered model's pages work for an editor."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    SHOWN_TIME_MESSAGE,
    Article,
    CalendarFeed,
    Comment,
    CommentReport,
    Follower,
    ImportBatch,
    ImportFile,
    ModerationWord,
    Tip,
)
from people.models import (
    Affiliation,
    Alias,
    Case,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    Charge,
    ChargeStep,
    Court,
    Facility,
    ListEdition,
    NameSuggestion,
    Person,
    Recognition,
    SlugRedirect,
)
from people.services import list_edition_publish
from tests.factories import (
    make_article,
    make_case,
    make_comment,
    make_editor,
    make_moderator,
    make_note,
    make_organization,
    make_person,
    make_publication,
)

NEWSROOM_MODELS = [model for model in admin.site._registry if model._meta.app_label in {"articles", "people"}]


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def records(db):
    """One of everything, so that every changelist renders real rows."""
    publication = make_publication(name="JAMNews")
    person = make_person(name="Mehman Huseynov")
    organization = make_organization(name="Amnesty International", abbreviation="AI")
    Alias.objects.create(person=person, name="Guseynov")
    Affiliation.objects.create(person=person, organization=organization, role="member")
    article = make_article(publication=publication, status=Article.Status.PUBLISHED)
    article.people.add(person)
    make_note(article=article, date=datetime.date(2019, 1, 23))
    comment = make_comment(article=article, author_email="private@example.org")
    CommentReport.objects.create(comment=comment, reason=CommentReport.Reason.ABUSE, reporter="r1")
    facility = Facility.objects.create(name="Prison No. 14", slug="prison-no-14")
    case = make_case(person=person, arrested_on=datetime.date(2017, 1, 2), facility=facility)
    CaseEvent.objects.create(case=case, date=datetime.date(2017, 1, 2), kind=CaseEvent.Kind.ARREST)
    Tip.objects.create(case=case, text="Seen in cell 4", comment=comment)
    CaseNote.objects.create(case=case, kind=CaseNote.Kind.LAWYER_CONTACT, text="Lawyer's phone")
    SlugRedirect.objects.create(old_slug="mehman-guseynov", person=person)
    court = Court.objects.create(name="Baku Grave Crimes Court")
    charge = Charge.objects.create(case=case, article="221.3", description="hooliganism")
    ChargeStep.objects.create(
        charge=charge, kind=ChargeStep.Kind.BROUGHT, date=datetime.date(2017, 1, 3), court=court
    )
    CaseParticipant.objects.create(
        case=case, person=make_person(), role=CaseParticipant.Role.JUDGE, court=court
    )
    Recognition.objects.create(
        case=case, organization=organization, kind=Recognition.Kind.PRISONER_OF_CONSCIENCE
    )
    NameSuggestion.objects.create(
        article=article, name="Mammad Ibrahimli", context="my uncle Mammad Ibrahimli"
    )
    ModerationWord.objects.create(word="провокатор", list=ModerationWord.List.SUSPECT)
    edition = ListEdition.objects.create(as_of=datetime.date(2018, 1, 1), title="Political prisoners, 2018")
    list_edition_publish(edition=edition, user=make_editor("publisher"))
    Follower.objects.create(email="reader@example.org", person=person, token="t")
    CalendarFeed.objects.create(user=make_editor("feed-reader"), token="secret-calendar-token")
    batch = ImportBatch.objects.create()
    ImportFile.objects.create(
        batch=batch, name="huseynov.txt", outcome=ImportFile.Outcome.CREATED, article=article
    )


def test_every_newsroom_model_is_registered():
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    for app in ("articles", "people"):
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, HistoricalChanges):
                # Versions are seen from their record: its History page, its diffs and its restore.
                assert admin.site.is_registered(model.instance_type), f"{model.__name__}'s record"
                continue
            assert admin.site.is_registered(model), f"{model.__name__} is not in the admin"


@pytest.mark.django_db
def test_admin_pages_link_the_sites_icon(client):
    """The admin names the newsroom's icon, as public pages do, so browsers do not ask for /favicon.ico
    (a 404) and keep the admin's own title, header and styles."""
    login = client.get(reverse("admin:login")).content.decode()
    client.force_login(make_editor())
    index = client.get(reverse("admin:index")).content.decode()
    for html in (login, index):
        assert re.search(
            r'<link rel="icon" href="/static/favicon\.[0-9a-f]+\.svg" type="image/svg\+xml">', html
        )
        assert 'id="site-name"' in html and "/static/admin/css/base" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("model", NEWSROOM_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("page", ["changelist", "search", "add"])
def test_admin_pages_answer_for_an_editor(client, records, model, page):
    client.force_login(make_editor())
    if page == "changelist":
        response = client.get(_url(model, "changelist"))
    elif page == "search":
        response = client.get(_url(model, "changelist"), {"q": "Huseynov"})
    else:
        response = client.get(_url(model, "add"))
        if not admin.site._registry[model].has_add_permission(response.wsgi_request):
            assert response.status_code == 403  # records only the import makes (name suggestions)
            return
    assert response.status_code == 200


@pytest.mark.parametrize("model", NEWSROOM_MODELS, ids=lambda m: m.__name__)
def test_admin_change_page_answers_for_an_editor(client, records, model):
    client.force_login(make_editor())
    obj = model.objects.first()
    assert obj is not None, f"the records fixture makes no {model.__name__}"
    assert client.get(_url(model, "change", obj.pk)).status_code == 200


class CommentModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED, title="Thousands protest in Baku")
        cls.pending = make_comment(
            article=cls.article, body="Awaiting a moderator", author_email="hidden@example.org"
        )
        cls.held = make_comment(article=cls.article, body="Many links here", held_reason="4 links")
        cls.approved = make_comment(
            article=cls.article, body="Already approved", status=Comment.Status.APPROVED
        )
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_queue_opens_on_pending_comments(self):
        response = self.client.get(_url(Comment, "changelist"))
        assert response.status_code == 200
        assert b"Awaiting a moderator" in response.content
        assert b"Many links here" in response.content
        assert b"Already approved" not in response.content

    def test_queue_shows_article_and_why_held_but_never_the_email(self):
        response = self.client.get(_url(Comment, "changelist"))
        assert b"Thousands protest in Baku" in response.content
        assert b"4 links" in response.content
        assert b"hidden@example.org" not in response.content

    def test_all_filter_shows_every_comment(self):
        response = self.client.get(_url(Comment, "changelist"), {"moderation": "all"})
        assert b"Already approved" in response.content

    def test_bulk_approve_records_who_and_when(self):
        response = self.client.post(
            _url(Comment, "changelist"),
            {"action": "approve", "_selected_action": [self.pending.pk, self.held.pk]},
        )
        assert response.status_code == 302
        self.pending.refresh_from_db()
        assert self.pending.status == Comment.Status.APPROVED
        assert self.pending.moderated_by == self.moderator
        assert self.pending.moderated_at is not None
        assert Comment.objects.approved().count() == 3

    def test_reject_and_spam_actions(self):
        self.client.post(
            _url(Comment, "changelist"), {"action": "reject", "_selected_action": [self.pending.pk]}
        )
        self.client.post(
            _url(Comment, "changelist"), {"action": "mark_spam", "_selected_action": [self.held.pk]}
        )
        self.pending.refresh_from_db()
        self.held.refresh_from_db()
        assert (self.pending.status, self.held.status) == (Comment.Status.REJECTED, Comment.Status.SPAM)

    def test_approve_from_the_change_form(self):
        response = self.client.post(
            _url(Comment, "change", self.pending.pk),
            {"CHANGE_FORM-action": "approve", "_selected_action": [self.pending.pk]},
        )
        assert response.status_code == 302
        self.pending.refresh_from_db()
        assert self.pending.status == Comment.Status.APPROVED


class ArticleActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def _act(self, action, *articles):
        return self.client.post(
            _url(Article, "changelist"), {"action": action, "_selected_action": [a.pk for a in articles]}
        )

    def test_publish_sets_published_at_and_keeps_an_existing_one(self):
        draft = make_article()
        earlier = timezone.now() - datetime.timedelta(days=30)
        republished = make_article(status=Article.Status.WITHDRAWN, published_at=earlier)
        self._act("publish", draft, republished)
        draft.refresh_from_db()
        republished.refresh_from_db()
        assert draft.status == republished.status == Article.Status.PUBLISHED
        assert draft.published_at is not None
        assert republished.published_at == earlier

    def test_withdraw_asks_for_the_reason_then_withdraws_only_what_was_published(self):
        published = make_article(status=Article.Status.PUBLISHED)
        draft = make_article()
        page = self._act("withdraw", published, draft)
        assert page.status_code == 200
        assert "Why it is withdrawn" in page.content.decode()
        published.refresh_from_db()
        assert published.status == Article.Status.PUBLISHED
        response = self.client.post(
            _url(Article, "changelist"),
            {
                "action": "withdraw",
                "_selected_action": [published.pk, draft.pk],
                "reason": "Sources\r\nrecanted.",
            },
        )
        assert response.status_code == 302
        published.refresh_from_db()
        draft.refresh_from_db()
        assert published.status == Article.Status.WITHDRAWN
        assert published.withdrawal_notice == "Sources\nrecanted."
        assert draft.status == Article.Status.DRAFT
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("never published" in m for m in messages)

    def test_withdraw_from_the_change_form_asks_for_a_reason_too(self):
        article = make_article(status=Article.Status.PUBLISHED)
        page = self.client.post(
            _url(Article, "change", article.pk),
            {"CHANGE_FORM-action": "withdraw", "_selected_action": [article.pk]},
        )
        assert page.status_code == 200 and "Why it is withdrawn" in page.content.decode()
        empty = self.client.post(
            _url(Article, "changelist"),
            {"action": "withdraw", "_selected_action": [article.pk], "reason": " "},
        )
        assert empty.status_code == 200 and "This field is required." in empty.content.decode()
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED

    def test_publish_and_withdraw_move_updated_at_and_are_logged(self):
        long_ago = timezone.now() - datetime.timedelta(days=3)
        articles = [make_article(), make_article()]
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(updated_at=long_ago)
        self._act("publish", *articles)
        self.client.post(
            _url(Article, "changelist"),
            {"action": "withdraw", "_selected_action": [articles[0].pk], "reason": "Sources recanted."},
        )
        for article, messages in zip(
            articles, [["Published.", "Withdrawn: Sources recanted."], ["Published."]], strict=True
        ):
            article.refresh_from_db()
            assert article.updated_at > long_ago
            history = LogEntry.objects.filter(object_id=str(article.pk), action_flag=CHANGE).order_by("pk")
            assert [entry.get_change_message() for entry in history] == messages
            assert {entry.user for entry in history} == {self.editor}

    def test_feature_and_unfeature(self):
        article = make_article(status=Article.Status.PUBLISHED)
        self._act("feature", article)
        article.refresh_from_db()
        assert article.featured
        self._act("unfeature", article)
        article.refresh_from_db()
        assert not article.featured

    def test_choosing_published_in_the_form_sets_the_time(self):
        article = make_article()
        response = self.client.post(
            _url(Article, "change", article.pk),
            {
                "title": article.title,
                "slug": article.slug,
                "status": "published",
                "comments_open": "on",
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.published_at is not None


class InvalidAdminInputTests(TestCase):
    """Bad input in the editors' forms comes back as errors on the form, never a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.person = make_person(name="Ruslan Bashirli")

    def setUp(self):
        self.client.force_login(self.editor)

    def _case_form(self, **fields):
        data = {
            "person": self.person.pk,
            "slug": "ruslan-bashirli",
            "status": "imprisoned",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "recognitions-TOTAL_FORMS": "0",
            "recognitions-INITIAL_FORMS": "0",
        }
        return data | fields

    def test_release_before_arrest_is_a_form_error(self):
        response = self.client.post(
            _url(Case, "add"),
            self._case_form(arrested_on="2005-06-01", released_on="2004-01-01"),
        )
        assert response.status_code == 200
        assert "The release date cannot be before the arrest date." in response.content.decode()

    def test_bad_date_is_a_field_error(self):
        response = self.client.post(_url(Case, "add"), self._case_form(arrested_on="not a date"))
        assert response.status_code == 200
        assert "Enter a valid date." in response.content.decode()

    def test_withdrawing_a_never_published_article_is_a_form_error(self):
        response = self.client.post(
            _url(Article, "add"),
            {
                "title": "T",
                "slug": "t",
                "status": "withdrawn",
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "Only an article that was published can be withdrawn" in response.content.decode()
        assert not Article.objects.filter(slug="t").exists()

    def test_a_publication_time_no_page_can_show_is_a_field_error(self):
        article = make_article(status=Article.Status.PUBLISHED)
        for day in ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"]:
            response = self.client.post(
                _url(Article, "change", article.pk),
                _article_form(article, published_at_0=day, published_at_1="00:00"),
            )
            assert response.status_code == 200, day
            assert response.context["adminform"].form.errors["published_at"] == [SHOWN_TIME_MESSAGE], day
        before = article.published_at
        article.refresh_from_db()
        assert article.published_at == before

    def test_duplicate_slug_is_a_field_error(self):
        make_article(slug="taken")
        response = self.client.post(
            _url(Article, "add"),
            {
                "title": "T",
                "slug": "taken",
                "status": "draft",
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "Article with this Slug already exists." in response.content.decode()

    def test_two_people_of_one_name_added_with_no_slug_get_two_slugs(self):
        form = {"name": "Ali Aliyev", "slug": "", "bio": "", "born_on_precision": "day"} | {
            f"{prefix}-{count}": "0"
            for prefix in ["aliases", "affiliations", "cases", "slug_redirects"]
            for count in ["TOTAL_FORMS", "INITIAL_FORMS"]
        }
        for _ in range(2):
            assert self.client.post(_url(Person, "add"), form).status_code == 302
        assert sorted(Person.objects.filter(name="Ali Aliyev").values_list("slug", flat=True)) == [
            "ali-aliyev",
            "ali-aliyev-2",
        ]

    def test_editor_adds_a_comment(self):
        article = make_article(status=Article.Status.PUBLISHED)
        response = self.client.post(
            _url(Comment, "add"), {"article": article.pk, "body": "Added by hand", "status": "approved"}
        )
        assert response.status_code == 302
        comment = Comment.objects.get(body="Added by hand")
        assert comment.submitted_at is not None
        assert comment.moderated_by == self.editor

    def test_reply_on_another_article_is_a_field_error(self):
        parent = make_comment()
        other = make_article(status=Article.Status.PUBLISHED)
        response = self.client.post(
            _url(Comment, "add"),
            {"article": other.pk, "parent": parent.pk, "body": "reply", "status": "pending"},
        )
        assert response.status_code == 200
        assert "A reply must be on the same article" in response.content.decode()


def _article_form(article, **changes):
    """The article's change form as a browser posts it, with some fields changed."""
    local = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": local.strftime("%Y-%m-%d") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "comments_open": "on",
        "source_comments_shown": "on",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    }
    return data | changes


class ArticleFormTextTests(TestCase):
    """Text saved in the admin is stored as readers get it: no control characters, LF line ends."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_control_characters_are_dropped_and_the_feeds_still_answer(self):
        article = make_article(status=Article.Status.PUBLISHED)
        response = self.client.post(
            _url(Article, "change", article.pk),
            _article_form(article, title="Blogger\x0b freed", standfirst="Out \x1bafter a year\r\nat last"),
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.standfirst) == ("Blogger freed", "Out after a year\nat last")
        self.client.logout()
        for path in ["/en/feeds/articles.rss", "/en/feeds/articles.atom"]:
            response = self.client.get(path)
            assert response.status_code == 200, path
            assert "Blogger freed" in response.content.decode(), path

    def test_crlf_from_the_browser_is_not_a_change_of_the_body(self):
        article = make_article(status=Article.Status.PUBLISHED, body="One.\n\nTwo.\nThree.")
        response = self.client.post(
            _url(Article, "change", article.pk),
            _article_form(article, body="One.\r\n\r\nTwo.\r\nThree.", standfirst="A new standfirst."),
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.body == "One.\n\nTwo.\nThree."
        entry = LogEntry.objects.get(object_id=str(article.pk), action_flag=CHANGE)
        assert entry.get_change_message() == "Changed Standfirst."


class SuperuserBadInputTests(TestCase):
    """What a superuser may type or follow in the admin gives a form error or a normal page, never a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 20)
        cls.comment = make_comment(author_name="Leyla")

    def setUp(self):
        self.client.force_login(self.superuser)

    def _post_comment(self, parent):
        return self.client.post(
            _url(Comment, "change", self.comment.pk),
            {"article": self.comment.article.pk, "parent": parent, "author_name": "Leyla", "body": "Hi",
             "status": "pending"},
        )  # fmt: skip

    def test_a_comment_chosen_as_its_own_parent_is_a_field_error(self):
        response = self._post_comment(self.comment.pk)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["parent"] == ["A comment cannot reply to itself."]
        self.comment.refresh_from_db()
        assert self.comment.parent is None

    def test_a_parent_that_is_not_a_number_is_a_field_error(self):
        response = self._post_comment("abc")
        assert response.status_code == 200
        assert "Select a valid choice" in response.context["adminform"].form.errors["parent"][0]

    def test_a_year_no_list_can_reach_gives_the_list_again(self):
        for model_admin in admin.site._registry.values():
            if not model_admin.date_hierarchy:
                continue
            for year in ["9999", "1", "0"]:
                url = _url(model_admin.model, "changelist") + f"?{model_admin.date_hierarchy}__year={year}"
                response = self.client.get(url, follow=True)
                assert response.status_code == 200, url
                assert response.redirect_chain[-1][0].endswith("?e=1"), url
