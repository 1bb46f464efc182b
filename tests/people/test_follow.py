"""Follow by email: double opt-in, a weekly digest, an alert at once for a release, verdict or sentence,
one-click unsubscribe in every email (and its headers), and no address anywhere public. Emails go through
Django's SMTP backend to a real SMTP server (aiosmtpd) started by the tests."""

import datetime
import re

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Follower
from articles.services import followers_send_digests
from articles.tasks import alert_followers, follower_send_confirmation
from people.models import CaseEvent
from tests.factories import make_article, make_case, make_editor, make_organization, make_person
from tests.mail import SmtpServerTestCase

ADDRESS = "leyla.reader@example.org"


class FollowTests(SmtpServerTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person(name="Tofig Yagublu", slug="tofig-yagublu")
        cls.case = make_case(person=cls.person)
        cls.organization = make_organization(name="Union for Freedom", slug="union-for-freedom")

    def setUp(self):
        self.inbox.messages.clear()
        cache.clear()

    def follow(self, record, kind, address=ADDRESS):
        with self.captureOnCommitCallbacks(execute=True):
            answer = self.client.post(
                reverse("people:follow", args=[kind, record.slug]), {"email": address, "website": ""}
            )
        return answer

    def confirmed_follower(self, record, kind):
        self.follow(record, kind)
        follower = Follower.objects.get(**{kind: record})
        follower_send_confirmation.call(follower.pk)
        link = re.search(r"http\S+/follow/confirm/\S+/", self.inbox.messages[-1].get_content()).group(0)
        self.client.post(link.removeprefix(settings.NEWSROOM_SITE_URL))
        follower.refresh_from_db()
        self.inbox.messages.clear()
        return follower

    def assert_unsubscribable(self, message, follower):
        unsubscribe = reverse("people:follow-unsubscribe", args=[follower.token])
        self.assertEqual(message["List-Unsubscribe"], f"<{settings.NEWSROOM_SITE_URL}{unsubscribe}>")
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn(settings.NEWSROOM_SITE_URL + unsubscribe, message.get_content())

    def test_every_page_that_can_be_followed_links_the_form_on_its_own_page(self):
        """The record's page, cached for everyone, links the form; the form's page, never cached, has the
        reader's CSRF token."""
        for record, kind in (
            (self.person, "person"),
            (self.case, "case"),
            (self.organization, "organization"),
        ):
            page = self.client.get(record.get_absolute_url())
            form_page = reverse("people:follow", args=[kind, record.slug])
            self.assertContains(page, f'href="{form_page}"')
            self.assertNotContains(page, "csrfmiddlewaretoken")
            form = self.client.get(form_page)
            self.assertContains(form, 'name="email"')
            self.assertContains(form, "csrfmiddlewaretoken")
            assert "no-cache" in form["Cache-Control"]

    def test_following_sends_a_confirmation_and_nothing_more_until_confirmed(self):
        """Double opt-in: the form's answer is the same for any address, a confirmation email arrives
        through SMTP, and the follower is confirmed only when the button in the link is pressed."""
        answer = self.follow(self.case, "case")
        self.assertContains(answer, "Check your email")
        self.assertIn("no-cache", answer["Cache-Control"])
        follower = Follower.objects.get()
        self.assertIsNone(follower.confirmed_at)
        from django_tasks_db.models import DBTaskResult

        self.assertTrue(
            DBTaskResult.objects.filter(task_path="articles.tasks.follower_send_confirmation").exists()
        )
        follower_send_confirmation.call(follower.pk)
        [message] = self.inbox.messages
        self.assertEqual(message["To"], ADDRESS)
        self.assert_unsubscribable(message, follower)
        link = re.search(r"http\S+/follow/confirm/\S+/", message.get_content()).group(0)
        path = link.removeprefix(settings.NEWSROOM_SITE_URL)
        self.assertContains(self.client.get(path), "Confirm")
        follower.refresh_from_db()
        self.assertIsNone(follower.confirmed_at, "opening the link (a mail scanner) confirms nothing")
        self.client.post(path)
        follower.refresh_from_db()
        self.assertIsNotNone(follower.confirmed_at)

    def test_the_weekly_digest_lists_what_was_published_about_it(self):
        follower = self.confirmed_follower(self.person, "person")
        about = make_article(title="Yagublu Sentenced Again", status=Article.Status.PUBLISHED)
        about.people.add(self.person)
        make_article(title="Unrelated Story", status=Article.Status.PUBLISHED)
        self.assertEqual(followers_send_digests(), 0, "not a week yet")
        week = timezone.now() + datetime.timedelta(days=7, minutes=1)
        self.assertEqual(followers_send_digests(now=week), 1)
        [message] = self.inbox.messages
        self.assertIn("Yagublu Sentenced Again", message.get_content())
        self.assertNotIn("Unrelated Story", message.get_content())
        self.assert_unsubscribable(message, follower)
        self.assertEqual(followers_send_digests(now=week), 0, "one digest a week")

    def test_a_release_saved_in_the_admin_alerts_followers_at_once_and_once(self):
        self.confirmed_follower(self.case, "case")
        self.confirmed_follower(self.person, "person")
        self.client.force_login(make_editor())
        add = reverse("admin:people_caseevent_add")
        data = {"case": self.case.pk, "date": "2026-11-01", "date_precision": "day", "kind": "release"}
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(add, data).status_code, 302)
        from django_tasks_db.models import DBTaskResult

        queued = DBTaskResult.objects.filter(task_path="articles.tasks.alert_followers")
        self.assertEqual(queued.count(), 1)
        self.assertEqual(alert_followers.call(self.case.pk), 2)
        self.assertEqual(sorted(m["To"] for m in self.inbox.messages), [ADDRESS, ADDRESS])
        self.assertIn("Release", self.inbox.messages[0]["Subject"])
        for message in self.inbox.messages:
            self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertEqual(alert_followers.call(self.case.pk), 0, "each event once")

    def test_a_hearing_or_an_internal_release_alerts_nobody(self):
        self.confirmed_follower(self.case, "case")
        CaseEvent.objects.create(case=self.case, date=datetime.date(2026, 11, 2), kind="hearing")
        CaseEvent.objects.create(
            case=self.case, date=datetime.date(2026, 11, 3), kind="release", internal=True
        )
        self.assertEqual(alert_followers.call(self.case.pk), 0)

    def test_one_click_unsubscribe_forgets_the_address(self):
        """A mail program's button posts without a CSRF token (RFC 8058); the address is deleted."""
        follower = self.confirmed_follower(self.organization, "organization")
        client = self.client_class(enforce_csrf_checks=True)
        answer = client.post(
            reverse("people:follow-unsubscribe", args=[follower.token]), {"List-Unsubscribe": "One-Click"}
        )
        self.assertEqual(answer.status_code, 200)
        self.assertFalse(Follower.objects.filter(email=ADDRESS).exists())

    def test_following_is_rate_limited_and_needs_csrf(self):
        client = self.client_class(enforce_csrf_checks=True)
        url = reverse("people:follow", args=["person", self.person.slug])
        self.assertEqual(client.post(url, {"email": ADDRESS}).status_code, 403)
        for _ in range(settings.FOLLOW_RATE_LIMIT):
            self.assertEqual(self.follow(self.person, "person").status_code, 200)
        self.assertEqual(self.follow(self.person, "person").status_code, 429)

    def test_addresses_appear_on_no_public_page_and_editors_see_only_counts(self):
        follower = self.confirmed_follower(self.person, "person")
        self.follow(self.case, "case", address="second.reader@example.org")
        pages = [r.get_absolute_url() for r in (self.person, self.case, self.organization)]
        pages += [
            "/",
            "/en/people/",
            "/en/cases/",
            "/en/timeline/",
            "/en/cases.csv",
            "/en/cases.json",
            "/en/feeds/articles.rss",
        ]
        pages += [reverse("people:follow-confirm", args=[follower.token])]
        for path in pages:
            content = self.client.get(path).content.decode()
            self.assertNotIn("reader@example.org", content, path)
        self.client.force_login(make_editor())
        listing = self.client.get(reverse("admin:articles_follower_changelist"))
        self.assertContains(listing, "2 followers")
        self.assertNotContains(listing, "reader@example.org")
        change = self.client.get(reverse("admin:articles_follower_change", args=[follower.pk]))
        self.assertEqual(change.status_code, 200)
        self.assertNotContains(change, "reader@example.org")
