# The folded search columns (common.search): added, filled for the rows there are, indexed.

import common.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_search_extensions'),
        ('jobs', '0003_jobfair_owner'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='jobseeker',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.RunPython(
            common.search.backfill_search_text('jobs', 'JobSeeker', ('full_name', 'phone',)),
            migrations.RunPython.noop,
        ),
        migrations.AddIndex(
            model_name='jobseeker',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='jobs_seeker_search', opclasses=['gin_trgm_ops']),
        ),
    ]
