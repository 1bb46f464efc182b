"""Writes that readers see: a reader's comment, an article published, withdrawn or featured, comments
moderated. Plain functions, keyword-only, atomic, called by the admin, the commands and the views alike;
each saves through the ORM (so updated_at moves), logs every change in the admin's history, and names the
records it changed to the page cache."""

import copy
import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from newsroom.caching import records_changed
from newsroom.clients import client_hash
from newsroom.history import with_reason

from .forms import CommentForm
from .importing import SeedFormatError
from .importing.importer import pages_import
from .importing.reading import ImportReport
from .importing.uploads import UploadedPage, uploaded_pages
from .models import Article, Comment, CommentReport, Follower, ImportBatch, ImportFile, ModerationWord, Tip
from .moderation import find_personal_details, find_words, held_reason

# More links than this and a comment is held with the reason shown to the moderator.
MAX_LINKS = 2
# The same text again from the same commenter within this time is held as a repeat.
REPEAT_WINDOW = datetime.timedelta(days=1)
# A commenter whose last this many moderated comments were all rejected or spam is held.
TURNED_AWAY_IN_A_ROW = 3


@transaction.atomic
def comment_submit(*, article: Article, form: CommentForm, client: str) -> Comment:
    """Save a valid comment as pending; a moderator approves it before anyone sees it.

    A comment that needs a closer look waits with the reasons, which the moderator sees: many links, a
    person's details (a phone number, an address...), a suspect word, the same text posted within a day,
    or a commenter whose last comments were turned away. One holding a banned word goes to spam. The
    reader is told the same in every case: the comment waits for a moderator."""
    comment = form.save(commit=False)
    comment.article = article
    comment.status = Comment.Status.PENDING
    comment.client_hash = client
    email = comment.author_email.strip().casefold()
    comment.commenter = client_hash(f"email:{email}") if email else client
    reasons = []
    links = form.link_count()
    if links > MAX_LINKS:
        reasons.append(ngettext("%d link", "%d links", links) % links)
    text = f"{comment.author_name}\n{comment.body}"
    if findings := find_personal_details(text):
        reasons.append(held_reason(findings))
    listed = find_words(text, ModerationWord.objects.as_keys())
    if banned := [key for key, kind in listed if kind == ModerationWord.List.BANNED]:
        comment.status = Comment.Status.SPAM
        reasons.append(f"banned words: {', '.join(banned)}")
    if suspect := [key for key, kind in listed if kind == ModerationWord.List.SUSPECT]:
        reasons.append(f"suspect words: {', '.join(suspect)}")
    earlier = Comment.objects.filter(commenter=comment.commenter, imported=False)
    if earlier.filter(body=comment.body, submitted_at__gte=timezone.now() - REPEAT_WINDOW).exists():
        reasons.append("a repeat of a comment posted within a day")
    last = list(
        earlier.exclude(status=Comment.Status.PENDING).order_by("-submitted_at")[:TURNED_AWAY_IN_A_ROW]
    )
    turned_away = {Comment.Status.REJECTED, Comment.Status.SPAM}
    if len(last) == TURNED_AWAY_IN_A_ROW and all(c.status in turned_away for c in last):
        reasons.append(f"the commenter's last {TURNED_AWAY_IN_A_ROW} comments were turned away")
    comment.held_reason = "; ".join(reasons)[: Comment._meta.get_field("held_reason").max_length]
    comment.save()
    return comment


@transaction.atomic
def article_publish(*, articles: Iterable[Article], user) -> list[Article]:
    """Publish the articles not yet published, each saved (so updated_at moves) and logged in its admin
    history. An existing publication time is kept, so republishing does not move a story up the lists."""
    published = []
    for article in articles:
        if article.status == Article.Status.PUBLISHED:
            continue
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
        with_reason("Published.", article, user=user)
        article.save(update_fields=["status", "published_at", "updated_at"])
        published.append(article)
    _log(published, user=user, message="Published.")
    records_changed(*published)
    return published


@transaction.atomic
def article_release_scheduled(*, now: datetime.datetime | None = None) -> list[Article]:
    """Published articles whose scheduled time has come since the cache was last told of them: readers see
    them from that time on, so the cached pages that now show them are emptied, once an article and time.
    Moving an article's time later schedules it again."""
    now = now or timezone.now()
    due = list(
        Article.objects.select_for_update()
        .filter(status=Article.Status.PUBLISHED, published_at__lte=now)
        .filter(Q(released_at__isnull=True) | Q(released_at__lt=F("published_at")))
    )
    for article in due:
        article.released_at = now
        with_reason("Its scheduled time came: shown to readers.", article)
        article.save(update_fields=["released_at"])
    records_changed(*due)
    return due


@transaction.atomic
def article_withdraw(*, articles: Iterable[Article], user, reason: str) -> list[Article]:
    """Withdraw the articles that were published: readers then see the reason (the withdrawal notice)
    instead of the body. Articles never published are left alone: there is nothing to withdraw."""
    withdrawn = []
    for article in articles:
        if article.published_at is None or article.status == Article.Status.WITHDRAWN:
            continue
        article.status = Article.Status.WITHDRAWN
        article.withdrawal_notice = reason
        with_reason(f"Withdrawn: {reason}", article, user=user)
        article.save(update_fields=["status", "withdrawal_notice", "updated_at"])
        withdrawn.append(article)
    _log(withdrawn, user=user, message=f"Withdrawn: {reason}")
    records_changed(*withdrawn)
    return withdrawn


@transaction.atomic
def article_feature(*, articles: Iterable[Article], user) -> list[Article]:
    """Feature the articles on the home page (the newest featured published one leads it)."""
    return _set_featured(articles, featured=True, user=user, message="Featured on the home page.")


@transaction.atomic
def article_unfeature(*, articles: Iterable[Article], user) -> list[Article]:
    """Stop featuring the articles: the home page leads with the newest other one."""
    return _set_featured(articles, featured=False, user=user, message="No longer featured.")


def _set_featured(articles: Iterable[Article], *, featured: bool, user, message: str) -> list[Article]:
    changed = []
    for article in articles:
        if article.featured == featured:
            continue
        article.featured = featured
        with_reason(message, article, user=user)
        article.save(update_fields=["featured", "updated_at"])
        changed.append(article)
    _log(changed, user=user, message=message)
    records_changed(*changed)
    return changed


@transaction.atomic
def comment_moderate(*, comments: Iterable[Comment], status: str, user) -> list[Comment]:
    """Approve, reject or bin the comments not already so, stamped with who decided and when. Each is read
    again under a row lock, so a comment another moderator approved meanwhile is judged as it now is: taking
    down one readers saw empties the cached pages, turning away ones nobody saw leaves them."""
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk__in=[comment.pk for comment in comments])
    )
    before, changed, now = [], [], timezone.now()
    for comment in locked.order_by("pk"):
        if comment.status == status:
            continue
        before.append(copy.copy(comment))
        comment.status, comment.moderated_by, comment.moderated_at = status, user, now
        with_reason(f"Marked {Comment.Status(status).label.lower()}.", comment, user=user)
        comment.save(update_fields=["status", "moderated_by", "moderated_at"])
        changed.append(comment)
    # A moderator's decision answers the readers' reports, whatever it is (approving again keeps it up).
    CommentReport.objects.filter(comment__in=[c.pk for c in locked], resolved=False).update(resolved=True)
    _log(changed, user=user, message=f"Marked {Comment.Status(status).label.lower()}.")
    records_changed(*before, *changed)
    return changed


@transaction.atomic
def comment_feature(*, comments: Iterable[Comment], featured: bool, user) -> list[Comment]:
    """Make comments editors' picks, shown first under their article, or picks no more."""
    changed = []
    for comment in comments:
        if comment.featured != featured:
            comment.featured = featured
            with_reason("Featured." if featured else "No longer featured.", comment, user=user)
            comment.save(update_fields=["featured"])
            changed.append(comment)
    _log(changed, user=user, message="Featured." if featured else "No longer featured.")
    records_changed(*changed)
    return changed


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, details: str, reporter: str) -> CommentReport | None:
    """A reader's report of an approved comment, once a reader; None when they reported it already. The
    comment stays up until a moderator decides: reports are a queue, not a vote."""
    report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter=reporter, defaults={"reason": reason, "details": details}
    )
    return report if created else None


@transaction.atomic
def comment_to_tip(*, comments: Iterable[Comment], case, user) -> list[Tip]:
    """Turn readers' comments into private tips on a case: each tip keeps the text, the reader's name and
    email; the comment is turned away, so it is never published (and, if it was, no longer shown)."""
    tips = []
    for comment in comments:
        if Tip.objects.filter(comment=comment).exists():
            continue
        tips.append(
            Tip.objects.create(
                case=case,
                text=comment.body,
                reader_name=comment.author_name,
                reader_email=comment.author_email,
                comment=comment,
                made_by=user,
            )
        )
    comment_moderate(comments=[tip.comment for tip in tips], status=Comment.Status.REJECTED, user=user)
    _log([tip.comment for tip in tips], user=user, message=f"Turned into a private tip on {case}.")
    return tips


def _log(records: list, *, user, message: str) -> None:
    """One entry in each record's admin history, as the admin writes for a change made on its form."""
    if records:
        LogEntry.objects.log_actions(user.pk, records, CHANGE, change_message=message)


@transaction.atomic
def import_batch_create(*, uploads: list[tuple[str, bytes]], user) -> ImportBatch:
    """Keep an editor's uploaded pages with what the import's dry run finds in each (parts, people,
    organizations, suggestions), or why a file cannot be imported; nothing is imported yet."""
    batch = ImportBatch.objects.create(made_by=user)
    pages = []
    for page in uploaded_pages(uploads):
        if isinstance(page, UploadedPage) and page.name in {p.name for p in pages}:
            page = (page.name, SeedFormatError("another file of this name is in the upload: one page a name"))
        if isinstance(page, UploadedPage):
            pages.append(page)
        else:
            name, error = page
            ImportFile.objects.create(
                batch=batch, name=name, outcome=ImportFile.Outcome.REFUSED, reason=str(error)
            )
    for page, report in pages_import(pages, dry_run=True):
        if isinstance(report, ImportReport):
            ImportFile.objects.create(batch=batch, name=page.name, data=page.data, preview=_preview(report))
        else:
            ImportFile.objects.create(
                batch=batch, name=page.name, outcome=ImportFile.Outcome.REFUSED, reason=str(report)
            )
    return batch


def _preview(report: ImportReport) -> dict:
    """The dry run's JSON line for a file, less the text itself: what an editor checks before importing."""
    found = report.as_json()
    for key in ("file", "body", "comments", "author_bio"):
        found.pop(key)
    return found | {"paragraphs": len(report.parsed.body), "notes": len(report.parsed.notes)}


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch) -> bool:
    """The editor confirms a previewed batch: the worker imports it. False if it was confirmed already."""
    from .tasks import import_batch

    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        return False
    batch.status = ImportBatch.Status.QUEUED
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: import_batch.enqueue(batch.pk))
    return True


def import_batch_run(*, batch: ImportBatch) -> dict[str, int]:
    """Import the batch's waiting pages (the worker's part) and record each file's outcome; each file is
    written whole or not at all, and a run again (a retry) imports only what is still waiting."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING)
    waiting = {f.name: f for f in batch.files.filter(outcome=ImportFile.Outcome.WAITING)}
    pages = [UploadedPage(name=f.name, data=bytes(f.data)) for f in waiting.values()]
    counts: dict[str, int] = {}
    for page, report in pages_import(pages, user=batch.made_by):
        record = waiting[page.name]
        if isinstance(report, ImportReport):
            record.outcome, record.article_id = str(report.outcome), report.article_id
        else:
            refused = isinstance(report, SeedFormatError)
            record.outcome = ImportFile.Outcome.REFUSED if refused else ImportFile.Outcome.FAILED
            record.reason = (
                str(report).strip().splitlines()[0] if str(report).strip() else type(report).__name__
            )
        record.data = b""
        record.save(update_fields=["outcome", "article", "reason", "data"])
        counts[record.outcome] = counts.get(record.outcome, 0) + 1
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, finished_at=timezone.now())
    return counts


# Case events that reach a case's followers at once; the rest wait for the weekly digest.
ALERT_KINDS = {"release", "verdict", "sentence"}
DIGEST_EVERY = datetime.timedelta(days=7)


@transaction.atomic
def follower_subscribe(*, email: str, record, language: str = settings.LANGUAGE_CODE) -> Follower:
    """A reader asks to follow a person, case or organization: a confirmation email goes out, unless the
    address follows it already (the reader is told the same either way, so nobody learns who follows).
    Emails go out in the language the reader asked in; asking again in another changes it."""
    from .tasks import follower_send_confirmation

    field = record._meta.model_name
    follower, created = Follower.objects.get_or_create(
        email=email.strip().lower(),
        **{field: record},
        defaults={"token": secrets.token_urlsafe(32), "language": language},
    )
    if follower.language != language:
        follower.language = language
        follower.save(update_fields=["language"])
    if follower.confirmed_at is None:
        transaction.on_commit(lambda: follower_send_confirmation.enqueue(follower.pk))
    return follower


@transaction.atomic
def follower_confirm(*, follower: Follower) -> None:
    """The reader opened the link sent to the address: digests and alerts start from now."""
    from people.models import CaseEvent

    if follower.confirmed_at is None:
        follower.confirmed_at = follower.digest_sent_at = timezone.now()
        follower.last_event_id = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        follower.save(update_fields=["confirmed_at", "digest_sent_at", "last_event_id"])


def follower_unsubscribe(*, follower: Follower) -> None:
    """One click: the address is forgotten."""
    follower.delete()


def follower_articles(follower: Follower, *, since: datetime.datetime, until: datetime.datetime):
    field = {"person": "people", "case": "cases", "organization": "organizations"}[
        follower.followed._meta.model_name
    ]
    return Article.objects.published().filter(
        **{field: follower.followed}, published_at__gt=since, published_at__lte=until
    )


def followers_send_digests(*, now: datetime.datetime | None = None) -> int:
    """Each confirmed follower whose last digest is a week old gets what was published since about what
    they follow (nothing when nothing was); returns how many emails went out."""
    from .emails import follower_email, site_url

    now = now or timezone.now()
    sent = 0
    for follower in Follower.objects.confirmed().filter(digest_sent_at__lte=now - DIGEST_EVERY):
        articles = [
            {"title": a.title, "url": site_url(a.get_absolute_url())}
            for a in follower_articles(follower, since=follower.digest_sent_at, until=now)
        ]
        if articles:
            with translation.override(follower.language):
                subject = gettext("This week about %(followed)s") % {"followed": follower.followed}
                message = follower_email(
                    follower, subject=subject, template="emails/follow_digest.txt", articles=articles
                )
            message.send()
            sent += 1
        Follower.objects.filter(pk=follower.pk).update(digest_sent_at=now)
    return sent


def followers_alert(*, case) -> int:
    """The followers of a case (and of its person) hear at once of a new public release, verdict or
    sentence; each event is sent once. Returns how many emails went out."""
    from .emails import follower_email, site_url

    followers = Follower.objects.confirmed().filter(Q(case=case) | Q(person=case.person_id))
    events = list(case.events.public().filter(kind__in=ALERT_KINDS).order_by("pk"))
    sent = 0
    for follower in followers:
        new = [event for event in events if event.pk > follower.last_event_id]
        if not new:
            continue
        with translation.override(follower.language):
            subject = f"{new[-1].get_kind_display()}: {case}"
            message = follower_email(
                follower,
                subject=subject,
                template="emails/follow_alert.txt",
                events=new,
                case_url=site_url(case.get_absolute_url()),
            )
        message.send()
        Follower.objects.filter(pk=follower.pk).update(last_event_id=new[-1].pk)
        sent += 1
    return sent


def followers_alert_later(*, case) -> None:
    """After a case's timeline changed: if it has a release, verdict or sentence and followers, the
    worker tells those who have not heard of it yet, once the change is committed."""
    from .tasks import alert_followers

    followed = Follower.objects.confirmed().filter(Q(case=case) | Q(person=case.person_id))
    if followed.exists() and case.events.public().filter(kind__in=ALERT_KINDS).exists():
        transaction.on_commit(lambda: alert_followers.enqueue(case.pk))
