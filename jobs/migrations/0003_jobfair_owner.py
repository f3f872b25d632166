# Fairs belong to the unit that runs them ("Programmes belong to a unit"); existing fairs go to
# the province (the first root), whose staff ran every fair before, so nothing changes hands.

import functools

import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner

OWNER_HELP = "Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình."
UNIT_HELP = "Đơn vị chủ trì hoặc một đơn vị trực thuộc; cán bộ đơn vị này cùng điều hành ngày hội tại chỗ."


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("jobs", "0002_jobfair_void_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobfair",
            name="owner",
            field=models.ForeignKey(
                help_text=OWNER_HELP,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        migrations.AddField(
            model_name="historicaljobfair",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=OWNER_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="jobs", model_name="JobFair"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="jobfair",
            name="owner",
            field=models.ForeignKey(
                help_text=OWNER_HELP,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        migrations.AlterField(
            model_name="jobfair",
            name="unit",
            field=models.ForeignKey(
                help_text=UNIT_HELP,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="job_fairs",
                to="accounts.unit",
                verbose_name="đơn vị tổ chức",
            ),
        ),
        migrations.AlterField(
            model_name="historicaljobfair",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=UNIT_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị tổ chức",
            ),
        ),
    ]
