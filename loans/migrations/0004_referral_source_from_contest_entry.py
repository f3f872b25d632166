"""Every referral made from a contest entry keeps its link, as the key "contest-entry:<pk>"
and the label "<code> <title> · <contest>"; its history rows get the same key and label.

The key format is the one `common.registry.CONTEST_ENTRY` names; it is written out here
because a migration must not change when the code does.
"""

from django.db import migrations


def _label(entry) -> str:
    return " · ".join(part for part in (f"{entry.code} {entry.title}".strip(), entry.contest.name) if part)


def forwards(apps, schema_editor):
    Entry = apps.get_model("competitions", "Entry")
    Referral = apps.get_model("loans", "Referral")
    HistoricalReferral = apps.get_model("loans", "HistoricalReferral")
    entry_ids = set(Referral.objects.filter(contest_entry__isnull=False).values_list("contest_entry_id", flat=True))
    entry_ids |= set(
        HistoricalReferral.objects.filter(contest_entry__isnull=False).values_list("contest_entry_id", flat=True)
    )
    labels = {entry.pk: _label(entry) for entry in Entry.objects.filter(pk__in=entry_ids).select_related("contest")}
    for model in (Referral, HistoricalReferral):
        for entry_id in entry_ids:
            model.objects.filter(contest_entry_id=entry_id).update(
                source_key=f"contest-entry:{entry_id}", source_label=labels.get(entry_id, "")
            )


def backwards(apps, schema_editor):
    Entry = apps.get_model("competitions", "Entry")
    Referral = apps.get_model("loans", "Referral")
    HistoricalReferral = apps.get_model("loans", "HistoricalReferral")
    for model in (Referral, HistoricalReferral):
        keys = model.objects.filter(source_key__startswith="contest-entry:").values_list("source_key", flat=True)
        for key in set(keys):
            pk = int(key.partition(":")[2])
            if model is HistoricalReferral or Entry.objects.filter(pk=pk).exists():
                model.objects.filter(source_key=key).update(contest_entry_id=pk)


class Migration(migrations.Migration):
    dependencies = [
        ('competitions', '0001_initial'),
        ('loans', '0003_referral_source'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
