# The folded search columns (common.search): added, filled for the rows there are, indexed.

import common.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_search_extensions'),
        ('accounts', '0005_search_text'),
        ('loans', '0007_referral_status_on_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='savingsgroup',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.RunPython(
            common.search.backfill_search_text('loans', 'SavingsGroup', ('name', 'leader_name', 'hamlet',)),
            migrations.RunPython.noop,
        ),
        migrations.AddIndex(
            model_name='savingsgroup',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='loans_group_search', opclasses=['gin_trgm_ops']),
        ),
    ]
