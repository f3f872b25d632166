"""Prizes of contests published before certificates were numbered get their certificates:
numbers of the contest's register (highest prize first, then by entry code) and codes."""

import secrets

from django.db import migrations

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as common.qr: no 0/O, 1/I/L


def number_published(apps, schema_editor):
    Contest = apps.get_model("competitions", "Contest")
    Award = apps.get_model("competitions", "Award")
    used = set(Award.objects.exclude(verification_code="").values_list("verification_code", flat=True))
    for contest in Contest.objects.filter(results_published_at__isnull=False, certificates_issued=0).order_by("pk"):
        awards = list(
            Award.objects.filter(tier__contest=contest, certificate_serial__isnull=True).order_by(
                "tier__rank", "entry__code", "pk"
            )
        )
        for serial, award in enumerate(awards, start=1):
            award.certificate_serial = serial
            code = ""
            while not code or code in used:
                code = "".join(secrets.choice(ALPHABET) for _n in range(12))
            used.add(code)
            award.verification_code = code
        Award.objects.bulk_update(awards, ["certificate_serial", "verification_code"])
        if awards:
            Contest.objects.filter(pk=contest.pk).update(certificates_issued=len(awards))


class Migration(migrations.Migration):
    dependencies = [("competitions", "0007_certificate_number_and_signer")]

    operations = [migrations.RunPython(number_published, migrations.RunPython.noop)]
