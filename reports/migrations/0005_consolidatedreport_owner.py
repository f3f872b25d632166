"""Consolidated reports belong to the unit whose figures they hold (`accounts.OwnedByUnit`).

Reports made before are the province's (`accounts.ownership.fill_owner`); the monthly
report is made once per owner and period."""

import functools

import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner

OWNER_HELP = "Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình."


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("reports", "0004_plan_schedule_owner"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="consolidatedreport",
            name="reports_consolidatedreport_one_scheduled_per_period",
        ),
        migrations.AddField(
            model_name="consolidatedreport",
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
        migrations.RunPython(
            functools.partial(fill_owner, app_label="reports", model_name="ConsolidatedReport"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
                help_text=OWNER_HELP,
            ),
        ),
        migrations.AddConstraint(
            model_name="consolidatedreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scheduled", True)),
                fields=("owner", "kind", "period_start", "period_end"),
                name="reports_consolidatedreport_one_scheduled_per_period",
            ),
        ),
    ]
