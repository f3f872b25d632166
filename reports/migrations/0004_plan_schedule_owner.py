"""Plans and reporting schedules belong to the unit that runs them (`accounts.OwnedByUnit`).

A plan's owner starts as its issuing unit (the unit that signed it); a schedule's owner,
and any plan left without one, is the province (`accounts.ownership.fill_owner`)."""

import functools

import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner

OWNER_HELP = "Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình."


def plans_owned_by_issuer(apps, schema_editor):
    plan_model = apps.get_model("reports", "Plan")
    plan_model.objects.using(schema_editor.connection.alias).filter(owner__isnull=True).update(
        owner_id=models.F("issuer_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("reports", "0003_unitreport_void_reportvalue_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
                help_text=OWNER_HELP,
            ),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
                help_text=OWNER_HELP,
            ),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
                help_text=OWNER_HELP,
            ),
        ),
        migrations.RunPython(plans_owned_by_issuer, migrations.RunPython.noop),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="reports", model_name="Plan"), migrations.RunPython.noop
        ),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="reports", model_name="ReportingSchedule"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="plan",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
                help_text=OWNER_HELP,
            ),
        ),
        migrations.AlterField(
            model_name="reportingschedule",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
                help_text=OWNER_HELP,
            ),
        ),
    ]
