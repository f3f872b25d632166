"""Award programmes belong to the unit that runs them: existing ones go to the province."""

import functools

import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("awards", "0002_approval_share_percent"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardprogramme",
            name="owner",
            field=models.ForeignKey(
                help_text="Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="awards", model_name="AwardProgramme"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="awardprogramme",
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
