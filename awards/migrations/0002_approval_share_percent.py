"""The council's approval share becomes a percentage (50 for one half), not a fraction (0.5)."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def fraction_to_percent(apps, schema_editor):
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    for programme in AwardProgramme.objects.only("pk", "approval_share"):
        percent = (programme.approval_share * 100).quantize(Decimal("1"))
        AwardProgramme.objects.filter(pk=programme.pk).update(approval_share=min(max(percent, 1), 100))


def percent_to_fraction(apps, schema_editor):
    AwardProgramme = apps.get_model("awards", "AwardProgramme")
    for programme in AwardProgramme.objects.only("pk", "approval_share"):
        AwardProgramme.objects.filter(pk=programme.pk).update(
            approval_share=(Decimal(programme.approval_share) / 100).quantize(Decimal("0.01"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [
        # Wide enough to hold both 0.50 and 50.00 while the values are converted.
        migrations.AlterField(
            model_name="awardprogramme",
            name="approval_share",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.50"), max_digits=5),
        ),
        migrations.RunPython(fraction_to_percent, percent_to_fraction),
        migrations.AlterField(
            model_name="awardprogramme",
            name="approval_share",
            field=models.PositiveSmallIntegerField(
                default=50,
                help_text=(
                    "Phần trăm, từ 1 đến 100. Được chọn khi phiếu đồng ý / (đồng ý + không đồng ý) đạt từ tỷ lệ này "
                    "trở lên; phiếu không ý kiến không tính. Ví dụ 50: hòa phiếu vẫn được chọn; 51: phải trên một nửa."
                ),
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="tỷ lệ tán thành tối thiểu (%)",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardprogramme",
            constraint=models.CheckConstraint(
                condition=models.Q(("approval_share__gte", 1), ("approval_share__lte", 100)),
                name="awards_awardprogramme_approval_share_percent",
                violation_error_message="Tỷ lệ tán thành tối thiểu phải từ 1 đến 100 (%).",
            ),
        ),
    ]
