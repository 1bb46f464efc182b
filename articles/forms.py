import functools
import re
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import Article, Comment, CommentReport
from .text import clean_text

MIN_SECONDS = 3  # faster than a person can write a comment
MAX_AGE = 2 * 24 * 3600  # a form older than this is sent back, with a fresh stamp
TOO_OLD = _("This page was open too long: check your comment and send it again.")
MAX_BODY = 5000
_SALT = "articles.comment-form"


def issued_for_article(article_pk: int) -> str:
    """The comment form's signed time stamp: which article, and when the form was handed out."""
    return _issued(article_pk, int(time.time()), settings.SECRET_KEY)


@functools.lru_cache(maxsize=256)
def _issued(article_pk: int, at: int, secret_key: str) -> str:
    # The same for every reader of an article within a second, so signed once.
    return signing.dumps({"article": article_pk, "at": at}, key=secret_key, salt=_SALT)


def _visible(text: str) -> str:
    """Text with something a reader can see: not only spaces, zero-width or control characters."""
    if not any(unicodedata.category(ch)[0] in "LNPS" for ch in text):
        raise forms.ValidationError(_("Write something a reader can see."))
    return text


class CleanTextField(forms.CharField):
    """Text cleaned (articles.text.clean_text) before anything else looks at it, the check whether it
    changed too: a body sent back with CRLF line ends is the body as stored, not a change."""

    def to_python(self, value):
        return super().to_python(clean_text(value) if isinstance(value, str) else value)


class ArticleAdminForm(forms.ModelForm):
    """The editors' article form: the text as readers will get it."""

    class Meta:
        model = Article
        # The text fields; the admin adds the rest (ArticleAdmin.fieldsets).
        fields = [
            "title", "standfirst", "body", "dateline_place",
            "photo_caption", "photo_credit", "withdrawal_notice",
        ]  # fmt: skip
        field_classes = dict.fromkeys(fields, CleanTextField)

    def clean(self):
        cleaned = super().clean()
        language, translations = cleaned.get("language"), cleaned.get("translations") or []
        for other in translations:
            if other.pk == self.instance.pk:
                self.add_error("translations", _("An article is not a translation of itself."))
            elif language and other.language == language:
                self.add_error(
                    "translations",
                    _("“%(other)s” is in the same language as this article.") % {"other": other},
                )
        return cleaned


class WithdrawForm(forms.Form):
    """The reason the admin's Withdraw action asks for."""

    reason = CleanTextField(
        label=_("Why it is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to readers instead of the body (the withdrawal notice)."),
    )


class RecordChoiceField(forms.ModelChoiceField):
    """A record chosen by id. A form sent back with an error shows what was sent again, and the admin's
    autocomplete looks it up: an id that is not even a number ("abc") failed that lookup, as a 500."""

    def bound_data(self, data, initial):
        if data not in self.empty_values:
            try:
                self.queryset.model._meta.pk.to_python(data)
            except forms.ValidationError:
                return None  # shown empty, beside its error
        return data


class CommentAdminForm(forms.ModelForm):
    class Meta:
        model = Comment
        # The records chosen by id; the admin adds the rest (CommentAdmin.fieldsets).
        fields = ["article", "parent"]
        field_classes = dict.fromkeys(fields, RecordChoiceField)


class IssuedField(forms.CharField):
    """The form's signed time stamp. A page always carries a stamp issued when it was made, also when it
    shows a form sent back with errors: a reader told the page was open too long can send it again."""

    widget = forms.HiddenInput

    def bound_data(self, data, initial):
        return initial  # what is shown, never what was sent; cleaning checks what was sent


class CommentForm(forms.ModelForm):
    """A reader's comment. Everything posted waits for a moderator."""

    # A field people never see and bots fill in (hidden by the stylesheet, skipped by keyboard and readers).
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    issued = IssuedField()
    body = CleanTextField(
        label=_("Comment"),
        max_length=MAX_BODY,
        help_text=format_lazy(
            _("Up to {} characters. Plain text; links are shown but not followed."), f"{MAX_BODY:,}"
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    parent = forms.ModelChoiceField(queryset=Comment.objects.none(), required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "body", "parent"]
        field_classes = {"author_name": CleanTextField}
        labels = {"author_name": _("Name"), "author_email": _("Email (optional)")}
        help_texts = {
            "author_name": _("Shown with your comment."),
            "author_email": _("Never shown; only moderators see it."),
        }

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["author_name"].required = True
        self.fields["parent"].queryset = article.comments.shown().filter(parent__isnull=True)
        self.initial["issued"] = issued_for_article(article.pk)

    def clean_author_name(self):
        return _visible(self.cleaned_data["author_name"])

    def clean_body(self):
        return _visible(self.cleaned_data["body"])

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."))
        return ""

    def clean_issued(self):
        try:
            issued = signing.loads(self.cleaned_data["issued"], salt=_SALT, max_age=MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(TOO_OLD) from None
        except signing.BadSignature:
            raise forms.ValidationError(_("This form was not issued for this page; reload it.")) from None
        if issued.get("article") != self.article.pk:
            raise forms.ValidationError(_("This form was not issued for this page; reload it."))
        age = time.time() - issued.get("at", 0)
        if age > MAX_AGE:
            raise forms.ValidationError(TOO_OLD)
        if age < MIN_SECONDS:
            raise forms.ValidationError(_("That was too quick; please take a moment and post again."))
        return self.cleaned_data["issued"]

    def link_count(self) -> int:
        return len(re.findall(r"https?://|www\.", self.cleaned_data.get("body", ""), re.IGNORECASE))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


class CommentReportForm(forms.ModelForm):
    """A reader's report of a comment: why it should come down."""

    details = CleanTextField(
        required=False,
        max_length=1000,
        label=_("Anything a moderator should know (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = CommentReport
        fields = ["reason", "details"]
        widgets = {"reason": forms.RadioSelect}
        labels = {"reason": _("Why should this comment come down?")}


class TipForm(forms.Form):
    """The case the admin's 'Turn into a tip' action asks for."""

    case = forms.ModelChoiceField(
        queryset=None,
        label=_("The case it is about"),
        help_text=_("Editors see the tip on this case's admin page."),
    )

    def __init__(self, *args, **kwargs):
        from people.models import Case

        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.select_related("person").order_by("person__name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PagesField(forms.FileField):
    """One file or many (Django's documented multiple-upload field); empty files are left for the import
    to refuse with its reason."""

    def __init__(self, **kwargs):
        super().__init__(widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.zip"}), **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PagesField, self).clean(file, initial) for file in files]


class ImportPagesForm(forms.Form):
    pages = PagesField(
        allow_empty_file=True,
        help_text=_(
            "Pages flattened to text (.txt) or saved as HTML (.html, .htm), one or many, or a .zip of "
            "them; 5 MB a page at most. Nothing is imported before you confirm."
        ),
    )


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_(
            "We send a link to confirm, then a weekly digest and news of a release, verdict or "
            "sentence. Never shown to anyone."
        ),
    )
    # Hidden from people by the stylesheet; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))
