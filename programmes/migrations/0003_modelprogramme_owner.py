# The programme's organising unit becomes its owner (accounts.models.OwnedByUnit): the
# same column renamed, so every programme keeps the unit that ran it (a commune's own
# programme stays the commune's). No fill is needed: the column was never empty.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_unit_national_kind_official_code'),
        ('programmes', '0002_tables_and_constraints_renamed'),
    ]

    operations = [
        migrations.RenameField(
            model_name='modelprogramme',
            old_name='unit',
            new_name='owner',
        ),
        migrations.AlterField(
            model_name='modelprogramme',
            name='owner',
            field=models.ForeignKey(
                help_text='Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình.',
                on_delete=django.db.models.deletion.PROTECT,
                related_name='+',
                to='accounts.unit',
                verbose_name='đơn vị chủ trì',
            ),
        ),
    ]
