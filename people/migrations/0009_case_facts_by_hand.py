"""Cases saved before the timeline drove them: a stored status or date the timeline contradicts was an
editor's, so it is marked set by hand and kept; where they agree, or the timeline says nothing, the
timeline drives it from now on."""

from django.db import migrations

from people import timeline

DATES = [("arrested_on", "arrest_event"), ("sentenced_on", "sentence_event"), ("released_on", "release_event")]


def mark_editors_facts(apps, schema_editor):
    Case = apps.get_model("people", "Case")
    for case in Case.objects.prefetch_related("events"):
        facts = timeline.timeline_facts(sorted(case.events.all(), key=lambda e: (e.date, e.pk)))
        by_hand = []
        if facts.status is not None and facts.status != case.status:
            case.status_by_hand = True
            by_hand.append("status_by_hand")
        for field, attribute in DATES:
            event = getattr(facts, attribute)
            if event is not None and getattr(case, field) not in (None, event.date):
                setattr(case, f"{field}_by_hand", True)
                by_hand.append(f"{field}_by_hand")
        if by_hand:
            case.save(update_fields=by_hand)


class Migration(migrations.Migration):
    dependencies = [("people", "0008_case_follows_timeline")]

    operations = [migrations.RunPython(mark_editors_facts, migrations.RunPython.noop)]
