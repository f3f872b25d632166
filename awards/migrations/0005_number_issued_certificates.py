"""Certificates issued before numbering get their numbers: each programme's approved
nominations in the honour list's order (category, then name), from 1."""

from django.db import migrations


def number_issued(apps, schema_editor):
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    Nomination = apps.get_model("awards", "Nomination")
    for programme in AwardProgramme.objects.filter(certificates_issued=0).order_by("pk"):
        approved = list(
            Nomination.objects.filter(programme=programme, status="approved", certificate_serial__isnull=True).order_by(
                "category__order", "category_id", "entrepreneur__full_name", "pk"
            )
        )
        for serial, nomination in enumerate(approved, start=1):
            nomination.certificate_serial = serial
        Nomination.objects.bulk_update(approved, ["certificate_serial"])
        if approved:
            AwardProgramme.objects.filter(pk=programme.pk).update(certificates_issued=len(approved))


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_certificate_number_and_signer")]

    operations = [migrations.RunPython(number_issued, migrations.RunPython.noop)]
