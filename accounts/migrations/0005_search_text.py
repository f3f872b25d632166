# The folded search columns (common.search): added, filled for the rows there are, indexed.

import common.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_search_extensions'),
        ('accounts', '0004_staff_role_label'),
    ]

    operations = [
        migrations.AddField(
            model_name='unit',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.RunPython(
            common.search.backfill_search_text('accounts', 'Unit', ('name',)),
            migrations.RunPython.noop,
        ),
        migrations.AddIndex(
            model_name='unit',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='accounts_unit_search', opclasses=['gin_trgm_ops']),
        ),
    ]
