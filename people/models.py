import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models import DatePrecision
from newsroom.languages import IN_ANOTHER_LANGUAGE, in_language

from . import timeline
from .text import fold, free_slug


def web_address(url: str) -> str:
    """The URL if it is a web address (http or https), else "": a URLField checks only in forms, so a
    javascript: or data: address from an import or the shell must never become a link on a page."""
    return url if url.lower().startswith(("http://", "https://")) else ""


class Role(models.Model):
    """What a person does: journalist, blogger, activist, politician, official, lawyer, author."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def matching(self, words: str):
        """People known by these words: canonical name or any alias, without case or diacritics."""
        folded = fold(words)
        if not folded:
            return self.none()
        aliases = Alias.objects.filter(folded__contains=folded).values("person")
        return self.filter(Q(folded_name__contains=folded) | Q(pk__in=aliases))


class Person(models.Model):
    name = models.CharField(
        max_length=200,
        help_text=_("The canonical spelling, used on the site. Other spellings go in aliases."),
    )
    slug = models.SlugField(max_length=200, unique=True, help_text=_("The person's address on the site."))
    folded_name = models.CharField(
        max_length=200,
        default="",
        editable=False,
        db_index=True,
        help_text=_("The name without case or diacritics, for search."),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="people")
    bio = models.TextField(blank=True, help_text=_("Shown on the person's page; for authors, their bio."))
    bio_az = models.TextField(_("bio (Azərbaycanca)"), blank=True, help_text=IN_ANOTHER_LANGUAGE)
    bio_ru = models.TextField(_("bio (Русский)"), blank=True, help_text=IN_ANOTHER_LANGUAGE)
    imported_bio = models.TextField(
        blank=True,
        editable=False,
        help_text=_(
            "The bio as an import or the gazetteer wrote it: a bio that differs is an editor's, kept."
        ),
    )
    country = models.CharField(max_length=100, blank=True)
    born_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "Shown so readers can write on a birthday. For a date known only to the month or year, "
            "use its first day and set the precision."
        ),
    )
    born_on_precision = models.CharField(
        "birth date precision", max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["folded_name", "updated_at"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Person.objects, self.name)
        self.folded_name = fold(self.name)
        if self.born_on is not None:
            self.born_on = timeline.period_start(self.born_on, self.born_on_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})

    def next_birthday(self, today: datetime.date | None = None) -> datetime.date | None:
        """The next birthday, when the day of birth is known (29 February falls on 1 March otherwise)."""
        if self.born_on is None or self.born_on_precision != DatePrecision.DAY:
            return None
        today = today or timezone.localdate()
        for year in (today.year, today.year + 1):
            try:
                birthday = self.born_on.replace(year=year)
            except ValueError:
                birthday = datetime.date(year, 3, 1)
            if birthday >= today:
                return birthday
        return None

    @property
    def days_to_birthday(self) -> int | None:
        birthday = self.next_birthday()
        return None if birthday is None else (birthday - timezone.localdate()).days


class OrganizationQuerySet(models.QuerySet):
    def matching(self, words: str):
        folded = fold(words)
        if not folded:
            return self.none()
        aliases = Alias.objects.filter(folded__contains=folded).values("organization")
        return self.filter(Q(name__icontains=words) | Q(abbreviation__iexact=words) | Q(pk__in=aliases))


class Organization(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Political party")
        NGO = "ngo", _("NGO")
        MEDIA = "media", _("Media outlet")
        STATE = "state", _("State body")
        INTERNATIONAL = "international", _("International body")
        MOVEMENT = "movement", _("Movement or youth group")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, help_text=_("The full name, e.g. National Democratic Institute."))
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    abbreviation = models.CharField(
        max_length=30, blank=True, help_text=_("As readers know it: NDI, RFE/RL, PACE.")
    )
    country = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    description_az = models.TextField(
        _("description (Azərbaycanca)"), blank=True, help_text=IN_ANOTHER_LANGUAGE
    )
    description_ru = models.TextField(_("description (Русский)"), blank=True, help_text=IN_ANOTHER_LANGUAGE)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        if self.abbreviation and self.abbreviation != self.name:
            return f"{self.name} ({self.abbreviation})"
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Organization.objects, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:organization-detail", kwargs={"slug": self.slug})

    @property
    def website_link(self) -> str:
        return web_address(self.website)


class Alias(models.Model):
    """Another spelling of a person's or an organization's name, so that every spelling is found."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Other spelling or transliteration")
        NATIVE = "native", _("Native spelling")
        MISSPELLING = "misspelling", _("Misspelling seen in a source")
        ABBREVIATION = "abbreviation", _("Abbreviation")
        FORMER = "former", _("Former name")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SPELLING)
    folded = models.CharField(
        max_length=200,
        editable=False,
        db_index=True,
        help_text=_("The name without case or diacritics, for matching."),
    )
    generated = models.BooleanField(
        default=False,
        help_text="Spelt by the site from the name in another script when the person was added, not typed "
        "by an editor. Delete it if it is wrong: it is not made again.",
    )

    history = HistoricalRecords(excluded_fields=["folded"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("aliases")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organization__isnull=True)
                | Q(person__isnull=True, organization__isnull=False),
                name="alias_names_one_person_or_organization",
                violation_error_message=_("An alias belongs to exactly one person or one organization."),
            ),
            models.UniqueConstraint(
                fields=["person", "name"],
                condition=Q(person__isnull=False),
                name="alias_unique_per_person",
                violation_error_message=_("This person already has that alias."),
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(organization__isnull=False),
                name="alias_unique_per_organization",
                violation_error_message=_("This organization already has that alias."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class SlugRedirect(models.Model):
    """The old address of a person or an organization merged into another: it answers with a permanent
    redirect, so links and search engines follow the record."""

    old_slug = models.SlugField(max_length=200, help_text=_("The address the merged record had."))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="slug_redirects"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organization__isnull=True)
                | Q(person__isnull=True, organization__isnull=False),
                name="slug_redirect_to_one_person_or_organization",
                violation_error_message=_("A redirect leads to exactly one person or one organization."),
            ),
            models.UniqueConstraint(
                fields=["old_slug"],
                condition=Q(person__isnull=False),
                name="slug_redirect_unique_per_person_slug",
                violation_error_message=_("This old person address already redirects."),
            ),
            models.UniqueConstraint(
                fields=["old_slug"],
                condition=Q(organization__isnull=False),
                name="slug_redirect_unique_per_organization_slug",
                violation_error_message=_("This old organization address already redirects."),
            ),
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.person or self.organization}"

    def get_absolute_url(self):
        return (self.person or self.organization).get_absolute_url()


class Affiliation(models.Model):
    """A person's role in an organization over a period: founder of Yeni Fikir, chairman of a party."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(max_length=120, blank=True, help_text=_("e.g. founder, chairman, correspondent."))
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text=_("Empty while it lasts."))

    class Meta:
        ordering = ["person", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="affiliation_ends_after_it_starts",
                violation_error_message=_("An affiliation cannot end before it starts."),
            ),
        ]

    def __str__(self):
        role = f", {self.role}" if self.role else ""
        return f"{self.person} – {self.organization}{role}"


class Facility(models.Model):
    """A prison or detention centre, with what readers need to write to the people held there."""

    name = models.CharField(max_length=200, unique=True, help_text=_("As the authorities name it."))
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=100, blank=True)
    postal_address = models.TextField(
        blank=True, help_text=_("The address letters to prisoners go to, as it should be written on them.")
    )
    letters = models.TextField(
        blank=True,
        help_text=_(
            "What letters may contain, for readers who write: language, length, photos, parcels, "
            "what the censors hold back."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("facilities")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Facility.objects, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:case-list") + f"?facility={self.slug}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        """Cases of people still held or facing trial."""
        return self.filter(status__in=Case.OPEN_STATUSES)

    def matching(self, words: str):
        """Cases whose subject is known by these words, or whose charges, summary or facility mention them."""
        charged = Charge.objects.filter(
            Q(description__icontains=words) | Q(article__icontains=words), case=OuterRef("pk")
        )
        text = Exists(charged) | Q(summary__icontains=words) | Q(facility__name__icontains=words)
        return self.filter(Q(person__in=Person.objects.matching(words)) | text)

    def watch_list(self):
        """Open cases, longest held first, with when the latest hunger strike began, when something last
        ended one (its reported end, a release, a pardon, a death), and the date of the latest event."""
        public = Q(events__internal=False)
        began = public & Q(events__kind=CaseEvent.Kind.HUNGER_STRIKE_START)
        ended = public & Q(events__kind__in=timeline.HUNGER_STRIKE_ENDERS)
        latest = CaseEvent.objects.public().filter(case=OuterRef("pk")).order_by("-date", "-pk")
        return (
            self.open()
            .select_related("person")
            .annotate(
                hunger_strike_began=Max("events__date", filter=began),
                hunger_strike_ended=Max("events__date", filter=ended),
                last_event_on=Subquery(latest.values("date")[:1]),
                last_event_precision=Subquery(latest.values("date_precision")[:1]),
            )
            .order_by(F("arrested_on").asc(nulls_last=True), "slug")
        )

    def release_unconfirmed(self, today: datetime.date | None = None):
        """Open cases whose sentence has ended (to its precision) with no release recorded: for editors."""
        today = today or timezone.localdate()
        passed = (
            Q(expected_release_on_precision=DatePrecision.DAY, expected_release_on__lt=today)
            | Q(
                expected_release_on_precision=DatePrecision.MONTH,
                expected_release_on__lt=today.replace(day=1),
            )
            | Q(
                expected_release_on_precision=DatePrecision.YEAR,
                expected_release_on__lt=today.replace(month=1, day=1),
            )
        )
        return self.open().filter(passed, released_on__isnull=True)


class Case(models.Model):
    class Status(models.TextChoices):
        DETAINED = "detained", _("Detained")
        ON_TRIAL = "on_trial", _("On trial")
        IMPRISONED = "imprisoned", _("Imprisoned")
        RELEASED = "released", _("Released")
        PARDONED = "pardoned", _("Pardoned")
        ACQUITTED = "acquitted", _("Acquitted")
        IN_EXILE = "in_exile", _("In exile")
        DECEASED = "deceased", _("Deceased")

    OPEN_STATUSES = [Status.DETAINED, Status.ON_TRIAL, Status.IMPRISONED]

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("Whose case this is."),
    )
    slug = models.SlugField(max_length=200, unique=True)
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DETAINED,
        help_text=_(
            "Follows the timeline (arrest, sentence, release, pardon, death in custody) unless set by hand."
        ),
    )
    status_by_hand = models.BooleanField(
        "status set by hand",
        default=False,
        help_text=_("Keep this status whatever the timeline says; the page says an editor set it."),
    )
    arrested_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "Follows the latest arrest in the timeline unless set by hand. "
            "For a date known only to the month or year, use its first day and set the precision."
        ),
    )
    arrested_on_precision = models.CharField(
        "arrest date precision", max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    arrested_on_by_hand = models.BooleanField(
        "arrest date set by hand", default=False, help_text=_("Keep this date whatever the timeline says.")
    )
    sentenced_on = models.DateField(
        null=True, blank=True, help_text=_("Follows the latest sentence in the timeline unless set by hand.")
    )
    sentenced_on_precision = models.CharField(
        "sentence date precision", max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    sentenced_on_by_hand = models.BooleanField(
        "sentence date set by hand", default=False, help_text=_("Keep this date whatever the timeline says.")
    )
    sentence = models.CharField(max_length=200, blank=True, help_text=_("As handed down, e.g. two years."))
    expected_release_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "When the sentence ends, if known. Once it has passed with no release recorded, the page "
            "says the release is unconfirmed and the case is listed for editors."
        ),
    )
    expected_release_on_precision = models.CharField(
        "sentence end precision", max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    released_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "Follows the latest release or pardon after the arrest in the timeline unless set by hand."
        ),
    )
    released_on_precision = models.CharField(
        "release date precision", max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    released_on_by_hand = models.BooleanField(
        "release date set by hand", default=False, help_text=_("Keep this date whatever the timeline says.")
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("Where the person is held now."),
    )
    summary = models.TextField(blank=True, help_text=_("A few sentences for the case page."))
    summary_az = models.TextField(_("summary (Azərbaycanca)"), blank=True, help_text=IN_ANOTHER_LANGUAGE)
    summary_ru = models.TextField(_("summary (Русский)"), blank=True, help_text=IN_ANOTHER_LANGUAGE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-arrested_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(released_on__isnull=True)
                | Q(arrested_on__isnull=True)
                | Q(released_on__gte=F("arrested_on")),
                name="case_released_not_before_arrest",
                violation_error_message=_("The release date cannot be before the arrest date."),
            ),
            models.CheckConstraint(
                condition=Q(sentenced_on__isnull=True)
                | Q(arrested_on__isnull=True)
                | Q(sentenced_on__gte=F("arrested_on")),
                name="case_sentenced_not_before_arrest",
                violation_error_message=_("The sentence date cannot be before the arrest date."),
            ),
            models.CheckConstraint(
                condition=Q(expected_release_on__isnull=True)
                | Q(arrested_on__isnull=True)
                | Q(expected_release_on__gte=F("arrested_on")),
                name="case_expected_release_not_before_arrest",
                violation_error_message=_("The expected release date cannot be before the arrest date."),
            ),
        ]

    def __str__(self):
        return gettext("Case of %(person)s") % {"person": self.person} if self.person_id else self.slug

    # The dates kept with a precision, each a date known to the day, month or year.
    DATES_WITH_PRECISION = ["arrested_on", "sentenced_on", "expected_release_on", "released_on"]

    def save(self, *args, **kwargs):
        if not self.slug and self.person_id:
            self.slug = free_slug(Case.objects, self.person.name)
        for name in self.DATES_WITH_PRECISION:
            value = self._meta.get_field(name).to_python(getattr(self, name))
            if value is not None:
                setattr(self, name, timeline.period_start(value, getattr(self, f"{name}_precision")))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:case-detail", kwargs={"slug": self.slug})

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @cached_property
    def facts(self) -> timeline.TimelineFacts:
        """What the public events say (prefetch `events` to read them without a query)."""
        return timeline.timeline_facts(self.events.all())

    @property
    def on_hunger_strike(self) -> bool:
        """A hunger strike began and no later event (its end, a release, a pardon, a death) ended it.
        Read from watch_list()'s annotations where present, else from the timeline."""
        if hasattr(self, "hunger_strike_began"):
            began, ended = self.hunger_strike_began, self.hunger_strike_ended
            return began is not None and (ended is None or ended < began)
        return self.facts.hunger_strike_event is not None

    @property
    def last_confirmed_on(self) -> datetime.date | None:
        """The date of the latest public event: as far as the newsroom knows, the facts held then."""
        if hasattr(self, "last_event_on"):
            return self.last_event_on
        last = self.facts.last_event
        return last.date if last else None

    def days_without_news(self, today: datetime.date | None = None) -> timeline.DayCount | None:
        """Days since the latest public event, to its precision: "no news for N days"."""
        last = self.facts.last_event
        if last is None:
            return None
        return timeline.day_count(last.date, last.date_precision, today or timezone.localdate())

    @property
    def no_news_for(self) -> timeline.DayCount | None:
        return self.days_without_news()

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """An open case whose latest event is older than CASE_STALE_DAYS: shown as last confirmed then."""
        last = self.last_confirmed_on
        today = today or timezone.localdate()
        limit = datetime.timedelta(days=settings.CASE_STALE_DAYS)
        return self.is_open and last is not None and today - last > limit

    @property
    def stale(self) -> bool:
        return self.is_stale()

    def release_is_unconfirmed(self, today: datetime.date | None = None) -> bool:
        """Held past the end of the sentence, as far as the record goes: no release recorded."""
        today = today or timezone.localdate()
        return (
            self.is_open
            and self.released_on is None
            and timeline.has_passed(self.expected_release_on, self.expected_release_on_precision, today)
        )

    @property
    def release_unconfirmed(self) -> bool:
        return self.release_is_unconfirmed()

    def detention(self, today: datetime.date | None = None) -> timeline.DayCount | None:
        """Days held, "about" when the arrest or release is known only to the month or year; once the
        sentence has ended with no release recorded, only the days to its end."""
        if self.arrested_on is None:
            return None
        if self.released_on is not None:
            return timeline.day_count(
                self.arrested_on, self.arrested_on_precision, self.released_on, self.released_on_precision
            )
        today = today or timezone.localdate()
        if self.release_is_unconfirmed(today):
            # Held past the sentence's end, as far as the record goes: count only what is known.
            return timeline.day_count(
                self.arrested_on,
                self.arrested_on_precision,
                self.expected_release_on,
                self.expected_release_on_precision,
            )
        return timeline.day_count(self.arrested_on, self.arrested_on_precision, today)

    @property
    def days_held(self) -> timeline.DayCount | None:
        return self.detention()

    def sentence_days_left(self, today: datetime.date | None = None) -> timeline.DayCount | None:
        """Days until the sentence ends, while it has not; None once passed, released or unknown."""
        today = today or timezone.localdate()
        if not self.is_open or self.expected_release_on is None or self.released_on is not None:
            return None
        end = timeline.period_end(self.expected_release_on, self.expected_release_on_precision)
        if end < today:
            return None
        return timeline.day_count(
            today, DatePrecision.DAY, self.expected_release_on, self.expected_release_on_precision
        )

    @property
    def days_left(self) -> timeline.DayCount | None:
        return self.sentence_days_left()

    def days_in_detention(self, today: datetime.date | None = None) -> int | None:
        """Days held: counted to today while the case is open, else the total served."""
        if self.arrested_on is None:
            return None
        end = self.released_on or (today or timezone.localdate())
        return max((end - self.arrested_on).days, 0)


class Recognition(models.Model):
    """An organization recognising the subject of a case as a prisoner of conscience or political prisoner."""

    class Kind(models.TextChoices):
        PRISONER_OF_CONSCIENCE = "prisoner_of_conscience", _("Prisoner of conscience")
        POLITICAL_PRISONER = "political_prisoner", _("Political prisoner")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recognitions")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="recognitions")
    kind = models.CharField(max_length=30, choices=Kind)
    recognised_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text=_("Where it was said: a report title or the article.")
    )
    source_url = models.URLField(blank=True)

    class Meta:
        ordering = ["case", "recognised_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization", "kind"],
                name="recognition_unique_per_case",
                violation_error_message=_("This organization already gave this recognition in this case."),
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.get_kind_display()}"

    @property
    def source_link(self) -> str:
        return web_address(self.source_url)


class CaseEventQuerySet(models.QuerySet):
    def public(self):
        """Events readers may see: not the editors' internal ones (an unconfirmed report)."""
        return self.filter(internal=False)


class CaseEvent(models.Model):
    """One dated step in a case, citing the articles it comes from."""

    class Kind(models.TextChoices):
        ARREST = "arrest", _("Arrest")
        CHARGE = "charge", _("Charge brought")
        CHARGE_DROPPED = "charge_dropped", _("Charge dropped")
        HEARING = "hearing", _("Hearing")
        TRIAL = "trial", _("Trial")
        VERDICT = "verdict", _("Verdict")
        SENTENCE = "sentence", _("Sentence")
        APPEAL = "appeal", _("Appeal")
        TRANSFER = "transfer", _("Transfer")
        HUNGER_STRIKE_START = "hunger_strike_start", _("Hunger strike begins")
        HUNGER_STRIKE_END = "hunger_strike_end", _("Hunger strike ends")
        RELEASE = "release", _("Release")
        PARDON = "pardon", _("Pardon")
        DEATH_IN_CUSTODY = "death_in_custody", _("Death in custody")
        RECOGNITION = "recognition", _("Recognition")
        OTHER = "other", _("Other")

    Precision = DatePrecision

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(
        help_text=_("For a date known only to the month or year, use its first day and set the precision.")
    )
    date_precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    kind = models.CharField(
        max_length=30,
        choices=Kind,
        help_text=_(
            "Arrest, sentence, release, pardon and death in custody set the case's status and dates, "
            "a hearing or trial puts a detained person on trial, "
            "and a hunger strike shows until an event ends it."
        ),
    )
    description = models.TextField(blank=True)
    description_az = models.TextField(
        _("description (Azərbaycanca)"), blank=True, help_text=IN_ANOTHER_LANGUAGE
    )
    description_ru = models.TextField(_("description (Русский)"), blank=True, help_text=IN_ANOTHER_LANGUAGE)
    source_articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="case_events",
        help_text=_("The articles this event comes from."),
    )
    internal = models.BooleanField(
        "internal (editors only)",
        default=False,
        db_index=True,
        help_text=_(
            "Not yet public, e.g. an unconfirmed report: shown only in the admin, never on a page, "
            "a feed or a download, and it does not change the case's status."
        ),
    )

    history = HistoricalRecords()

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["case", "date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date})"

    def save(self, *args, **kwargs):
        # A date known only to the month or the year is kept as that period's first day.
        self.date = timeline.period_start(self.date, self.date_precision)
        super().save(*args, **kwargs)


class Court(models.Model):
    """A court that hears cases, at its level: first instance, appeal, supreme court, or the ECtHR."""

    class Level(models.TextChoices):
        FIRST_INSTANCE = "first_instance", _("First instance")
        APPEAL = "appeal", _("Appeal")
        SUPREME = "supreme", _("Supreme Court")
        ECHR = "echr", _("European Court of Human Rights")

    name = models.CharField(max_length=200, unique=True, help_text=_("e.g. Baku Grave Crimes Court."))
    level = models.CharField(max_length=20, choices=Level, default=Level.FIRST_INSTANCE)
    country = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Charge(models.Model):
    """One charge in a case: the article of the criminal code and its words, with its dated history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    article = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("The article of the criminal code, e.g. 221.3; empty if not stated."),
    )
    description = models.CharField(max_length=300, help_text=_("Its words, e.g. hooliganism."))
    description_az = models.CharField(
        _("description (Azərbaycanca)"),
        max_length=300,
        blank=True,
        help_text=IN_ANOTHER_LANGUAGE,
    )
    description_ru = models.CharField(
        _("description (Русский)"),
        max_length=300,
        blank=True,
        help_text=IN_ANOTHER_LANGUAGE,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self):
        if not self.article:
            return self.description
        return gettext("Article %(article)s, %(description)s") % {
            "article": self.article,
            "description": self.description,
        }

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def worded(self) -> str:
        """As readers read it, in their language where it is kept: "Article 221.3, hooliganism"."""
        words = in_language(self, "description").text
        if not self.article:
            return words
        worded = gettext("Article %(article)s, %(description)s")
        return worded % {"article": self.article, "description": words}


class ChargeStep(models.Model):
    """A dated step in a charge's history (brought, changed, dropped, convicted, acquitted, pardoned), citing
    its source, in the court that took it."""

    class Kind(models.TextChoices):
        BROUGHT = "brought", _("Brought")
        CHANGED = "changed", _("Changed")
        DROPPED = "dropped", _("Dropped")
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")
        PARDONED = "pardoned", _("Pardoned")

    charge = models.ForeignKey(Charge, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind)
    date = models.DateField(
        help_text=_("For a date known only to the month or year, use its first day and set the precision.")
    )
    date_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.DAY)
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="charge_steps"
    )
    description = models.TextField(blank=True, help_text=_("e.g. what the charge was changed to."))
    source_articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="charge_steps",
        help_text=_("The articles it comes from."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["charge", "date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date})"

    def save(self, *args, **kwargs):
        self.date = timeline.period_start(self.date, self.date_precision)
        super().save(*args, **kwargs)


class CaseParticipant(models.Model):
    """A judge, prosecutor, lawyer or investigator in a case, as a person with a page of their own."""

    class Role(models.TextChoices):
        JUDGE = "judge", _("Judge")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        DEFENCE_LAWYER = "defence_lawyer", _("Defence lawyer")
        INVESTIGATOR = "investigator", _("Investigator")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(max_length=20, choices=Role)
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="participants"
    )

    class Meta:
        ordering = ["case", "role", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                name="case_participant_once_per_role",
                violation_error_message=_("This person already has this role in the case."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display().lower()} ({self.case})"

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class CaseNote(models.Model):
    """What editors know about a case and must never publish: a family contact, a lawyer's phone, a report
    not yet confirmed. Shown only in the admin; no page, feed or download reads this model."""

    class Kind(models.TextChoices):
        FAMILY_CONTACT = "family_contact", _("Family contact")
        LAWYER_CONTACT = "lawyer_contact", _("Lawyer's contact")
        UNCONFIRMED_REPORT = "unconfirmed_report", _("Unconfirmed report")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="internal_notes")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    text = models.TextField(help_text=_("For editors only: never shown to readers."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "-created_at"]
        verbose_name = _("internal note")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case})"


class NameSuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=NameSuggestion.Status.PENDING)


class NameSuggestion(models.Model):
    """A name in an imported article that looks like a person's or an organization's but matches no record:
    an editor decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    class SeenAs(models.TextChoices):
        MENTION = "mention", _("Mentioned in the text")
        BYLINE = "byline", _("Byline")

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=12,
        choices=Kind,
        default=Kind.PERSON,
        db_index=True,
        help_text=_("What the name looks like: a person's name, or an organization's (Ministry of Justice)."),
    )
    organization_kind = models.CharField(
        max_length=20,
        choices=Organization.Kind,
        blank=True,
        help_text=_(
            "For an organization, the kind its name suggests (a party, a state body); editors decide."
        ),
    )
    folded = models.CharField(max_length=200, editable=False, db_index=True)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="name_suggestions")
    seen_as = models.CharField(max_length=10, choices=SeenAs, default=SeenAs.MENTION)
    context = models.TextField(blank=True, help_text=_("The sentence the name was seen in."))
    bio = models.TextField(
        blank=True, help_text=_("For a byline, the author's bio printed with the article.")
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text=_("Choose an existing person and save to accept the name as their alias."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text=_("Choose an existing organization and save to accept the name as its alias."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NameSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "folded", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "folded"],
                name="name_suggestion_once_per_article",
                violation_error_message=_("This name is already suggested for this article."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class ListEditionQuerySet(models.QuerySet):
    def published(self):
        """Editions readers may see: a draft is the editors' until it is published."""
        return self.filter(status=ListEdition.Status.PUBLISHED)


class ListEdition(models.Model):
    """The list of political prisoners as of a date, published by an editor and frozen from then on: its
    entries copy the cases as they stood, so a later change to a case leaves the edition as it was."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    as_of = models.DateField(
        unique=True, help_text=_("The list says who was held on this day. Publishing fills in the entries.")
    )
    slug = models.SlugField(
        max_length=40, unique=True, editable=False, help_text=_("The date, as in the address.")
    )
    title = models.CharField(max_length=200, help_text=_("e.g. Political prisoners in Azerbaijan, May 2024."))
    intro = models.TextField(
        blank=True, help_text=_("Shown above the list: how it was drawn up, what changed.")
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListEditionQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("list edition")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="list_edition_published_has_published_at",
                violation_error_message=_("A published edition has the time it was published."),
            ),
        ]

    def __str__(self):
        return self.title or f"List as of {self.as_of}"

    def save(self, *args, **kwargs):
        self.slug = self.as_of.isoformat() if isinstance(self.as_of, datetime.date) else str(self.as_of)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:edition-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ListEntry(models.Model):
    """One person on an edition of the list (or, marked released, on the edition before and not on this one),
    as their case stood when the edition was published. Written only by list_edition_publish."""

    class Change(models.TextChoices):
        ADDED = "added", _("Added since the last edition")
        LISTED = "listed", _("On the last edition too")
        RELEASED = "released", _("Released since the last edition")

    edition = models.ForeignKey(ListEdition, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="list_entries",
        help_text=_("The case today; the entry keeps what it said then."),
    )
    change = models.CharField(max_length=10, choices=Change)
    person_name = models.CharField(max_length=200)
    person_slug = models.SlugField(max_length=200)
    case_slug = models.SlugField(max_length=200)
    status = models.CharField(max_length=20, choices=Case.Status)
    arrested_on = models.DateField(null=True, blank=True)
    arrested_on_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.DAY)
    facility_name = models.CharField(max_length=200, blank=True)
    recognitions = models.JSONField(
        default=list, blank=True, help_text=_("Who recognised the person, and as what.")
    )

    class Meta:
        ordering = ["edition", "person_name", "pk"]
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "case_slug"],
                name="list_entry_once_per_edition",
                violation_error_message=_("This case is already on this edition."),
            ),
        ]

    def __str__(self):
        return f"{self.person_name} ({self.edition})"

    @property
    def on_list(self) -> bool:
        return self.change != self.Change.RELEASED
