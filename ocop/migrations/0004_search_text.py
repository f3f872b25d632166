# The folded search columns (common.search): added, filled for the rows there are, indexed.

import common.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_search_extensions'),
        ('accounts', '0005_search_text'),
        ('ocop', '0003_cycle_owner'),
        ('ventures', '0009_search_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='product',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.RunPython(
            common.search.backfill_search_text('ocop', 'Product', ('name',)),
            migrations.RunPython.noop,
        ),
        migrations.AddIndex(
            model_name='product',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='ocop_product_search', opclasses=['gin_trgm_ops']),
        ),
    ]
