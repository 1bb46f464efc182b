"""Why a reader's comment waits for a closer look: a person's details, listed words, repeats, a commenter's
record. The reader is told the same in every case; the moderator sees the reason and the marked words."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.forms import CommentForm
from articles.models import Article, Comment, ModerationWord
from articles.services import comment_submit
from tests.articles.test_comments import issued_for
from tests.factories import make_article, make_comment, make_moderator


class CommentHoldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED)
        ModerationWord.objects.create(word="провокатор", list=ModerationWord.List.SUSPECT)
        ModerationWord.objects.create(word="xain", list=ModerationWord.List.BANNED)

    def submit(self, body, *, email="leyla@example.org", client="client-1", name="Leyla"):
        data = {"author_name": name, "author_email": email, "body": body, "issued": issued_for(self.article)}
        form = CommentForm(data, article=self.article)
        assert form.is_valid(), form.errors
        return comment_submit(article=self.article, form=form, client=client)

    def test_an_ordinary_comment_waits_with_no_reason(self):
        comment = self.submit("He was sentenced to 7 years in 2019; Article 221.3 is absurd.")
        assert (comment.status, comment.held_reason) == (Comment.Status.PENDING, "")

    def test_a_phone_number_and_an_address_are_held_with_the_reason(self):
        comment = self.submit("His mother lives at Nizami küç., ev 5, call +994 50 123 45 67")
        assert comment.status == Comment.Status.PENDING
        assert comment.held_reason == "personal details: a street address, a phone number"

    def test_a_suspect_word_in_any_script_holds_and_a_banned_one_sends_to_spam(self):
        held = self.submit("He is a provokator, everyone knows")
        assert held.status == Comment.Status.PENDING
        assert held.held_reason == "suspect words: provokator"
        spam = self.submit("Xain! Хаин!", email="other@example.org")
        assert spam.status == Comment.Status.SPAM
        assert spam.held_reason.startswith("banned words: hain")

    def test_the_same_text_again_within_a_day_is_held_as_a_repeat(self):
        self.submit("Free him now.")
        assert self.submit("Free him now.").held_reason == "a repeat of a comment posted within a day"
        old = Comment.objects.filter(body="Free him now.").first()
        Comment.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=2))
        Comment.objects.exclude(pk=old.pk).delete()
        assert self.submit("Free him now.").held_reason == ""

    def test_a_commenter_whose_last_comments_were_turned_away_is_held(self):
        for status in [Comment.Status.REJECTED, Comment.Status.SPAM, Comment.Status.REJECTED]:
            earlier = self.submit(f"Something said, then {status}.")
            Comment.objects.filter(pk=earlier.pk).update(status=status)
        held = self.submit("And something new.")
        assert held.held_reason == "the commenter's last 3 comments were turned away"
        other = self.submit("And something new.", email="someone.else@example.org")
        assert other.held_reason == ""  # another commenter: not their record

    def test_the_commenter_is_their_email_else_their_address_never_either_itself(self):
        by_email = self.submit("One.", email="Leyla@Example.org", client="client-1")
        same = self.submit("Two.", email="leyla@example.org ", client="client-2")
        anonymous = self.submit("Three.", email="", client="client-3")
        assert by_email.commenter == same.commenter and "leyla" not in by_email.commenter
        assert anonymous.commenter == "client-3"


class ModerationQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        article = make_article(status=Article.Status.PUBLISHED)
        cls.comment = make_comment(
            article=article,
            body="<b>Call</b> +994 50 123 45 67",
            commenter="c1",
            held_reason="personal details",
        )
        make_comment(article=article, commenter="c1", status=Comment.Status.REJECTED)
        make_comment(article=article, commenter="c1", status=Comment.Status.APPROVED)

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_the_moderator_sees_the_details_marked_and_the_commenters_history(self):
        page = self.client.get(
            reverse("admin:articles_comment_change", args=[self.comment.pk])
        ).content.decode()
        assert '&lt;b&gt;Call&lt;/b&gt; <mark title="a phone number">+994 50 123 45 67</mark>' in page
        assert "1 pending moderation, 1 approved, 1 rejected, 0 spam" in page
        history = self.client.get(
            reverse("admin:articles_comment_changelist") + "?moderation=all&commenter=c1"
        )
        assert history.status_code == 200 and history.context["cl"].result_count == 3

    def test_moderators_keep_the_word_lists(self):
        response = self.client.post(
            reverse("admin:articles_moderationword_add"),
            {"word": "Xəyanətkar", "list": "suspect", "note": ""},
        )
        assert response.status_code == 302
        assert ModerationWord.objects.get().key == "heianetkar"
