# Loan programmes belong to the unit that runs them and bank branches to the province they serve
# ("Programmes belong to units"); existing rows go to the province (the first root), whose staff
# kept every programme and branch before, so nothing changes hands. Names and codes are unique
# per owner now: two provinces may each have their "Quỹ 120" programme.

import functools

import django.db.models.deletion
from django.db import migrations, models

from accounts.ownership import fill_owner

OWNER_HELP = "Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình."
PROVINCE_HELP = "Tỉnh đoàn, Thành đoàn có chi nhánh này; cán bộ của đơn vị này quản lý thông tin chi nhánh."


def _owner(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        help_text=OWNER_HELP,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.unit",
        verbose_name="đơn vị chủ trì",
    )


def _province(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        help_text=PROVINCE_HELP,
        limit_choices_to={"kind": "province"},
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.unit",
        verbose_name="tỉnh đoàn",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("loans", "0005_remove_referral_contest_entry"),
    ]

    operations = [
        migrations.AddField(model_name="loanprogramme", name="owner", field=_owner(null=True)),
        migrations.AddField(model_name="bankbranch", name="province", field=_province(null=True)),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="loans", model_name="LoanProgramme"),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            functools.partial(fill_owner, app_label="loans", model_name="BankBranch", field="province"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(model_name="loanprogramme", name="owner", field=_owner(null=False)),
        migrations.AlterField(model_name="bankbranch", name="province", field=_province(null=False)),
        migrations.AlterField(
            model_name="loanprogramme",
            name="name",
            field=models.CharField(max_length=255, verbose_name="tên chương trình"),
        ),
        migrations.AlterField(
            model_name="loanprogramme",
            name="code",
            field=models.SlugField(verbose_name="mã"),
        ),
        migrations.AlterField(
            model_name="bankbranch",
            name="name",
            field=models.CharField(max_length=255, verbose_name="tên"),
        ),
        migrations.AddConstraint(
            model_name="loanprogramme",
            constraint=models.UniqueConstraint(
                fields=("owner", "code"),
                name="loans_loanprogramme_unique_code",
                violation_error_message="Đơn vị đã có chương trình vay vốn với mã này.",
            ),
        ),
        migrations.AddConstraint(
            model_name="loanprogramme",
            constraint=models.UniqueConstraint(
                fields=("owner", "name"),
                name="loans_loanprogramme_unique_name",
                violation_error_message="Đơn vị đã có chương trình vay vốn trùng tên.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bankbranch",
            constraint=models.UniqueConstraint(
                fields=("province", "name"),
                name="loans_bankbranch_unique_name",
                violation_error_message="Tỉnh đoàn đã có chi nhánh, phòng giao dịch trùng tên.",
            ),
        ),
    ]
