# Cycles belong to the unit that runs them ("Programmes belong to a unit").

import functools

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("ocop", "0002_certificate_expiry_computed"),
    ]

    operations = [
        migrations.AddField(
            model_name="cycle",
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
        migrations.AddField(
            model_name="historicalcycle",
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
            functools.partial(fill_owner, app_label="ocop", model_name="Cycle"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="cycle",
            name="owner",
            field=models.ForeignKey(
                help_text="Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="đơn vị chủ trì",
            ),
        ),
        # One cycle a year per owner: each province runs its own.
        migrations.AlterField(
            model_name="cycle",
            name="year",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(2018),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="năm",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcycle",
            name="year",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(2018),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="năm",
            ),
        ),
        migrations.AddConstraint(
            model_name="cycle",
            constraint=models.UniqueConstraint(
                fields=("owner", "year"),
                name="ocop_cycle_one_per_owner_year",
                violation_error_message="Đơn vị đã có đợt OCOP năm này.",
            ),
        ),
    ]
