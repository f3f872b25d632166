"""Drafts now keep their total so far (the judge's list reads it instead of summing
scores): fill it in for drafts saved before."""

from decimal import Decimal

from django.db import migrations
from django.db.models import DecimalField, ExpressionWrapper, F, Sum


def fill_draft_totals(apps, schema_editor):
    Assignment = apps.get_model("competitions", "Assignment")
    Score = apps.get_model("competitions", "Score")
    weighted = ExpressionWrapper(F("points") * F("criterion__weight"), output_field=DecimalField())
    totals = (
        Score.objects.filter(assignment__status="draft", assignment__total__isnull=True)
        .values("assignment_id")
        .annotate(total=Sum(weighted))
        .values_list("assignment_id", "total")
    )
    for assignment_id, total in totals:
        Assignment.objects.filter(pk=assignment_id).update(total=(total or Decimal(0)).quantize(Decimal("0.01")))


class Migration(migrations.Migration):
    dependencies = [("competitions", "0001_initial")]

    operations = [migrations.RunPython(fill_draft_totals, migrations.RunPython.noop)]
