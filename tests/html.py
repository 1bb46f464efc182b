"""What a page must have for every reader: one <h1>, landmarks, a label for every field."""

from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.landmarks = set()
        self.fields = []  # (id, aria-label) of every field a person fills in
        self.labels = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag in {"main", "header", "footer", "nav"}:
            self.landmarks.add(tag)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type", "text") not in UNLABELLED_TYPES:
            self.fields.append((attrs.get("id"), attrs.get("aria-label") or attrs.get("aria-labelledby")))


def structure_problems(html: str) -> list[str]:
    page = PageStructure()
    page.feed(html)
    problems = []
    if page.h1 != 1:
        problems.append(f"{page.h1} <h1> elements, not one")
    missing = {"main", "header", "footer", "nav"} - page.landmarks
    if missing:
        problems.append(f"no {', '.join(sorted(missing))} landmark")
    for field_id, aria in page.fields:
        if not aria and (not field_id or field_id not in page.labels):
            problems.append(f"field {field_id or '(no id)'} has no label")
    return problems
