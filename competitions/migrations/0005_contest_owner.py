"""Contests belong to the unit that runs them; existing ones go to the province (the first root unit)."""

import functools

import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("competitions", "0004_decision_exception_and_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="contest",
            name="owner",
            field=models.ForeignKey(
                null=True,
                help_text="Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontest",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="competitions", model_name="Contest"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="contest",
            name="owner",
            field=models.ForeignKey(
                help_text="Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
    ]
