# The folded search columns (common.search): added, filled for the rows there are, indexed.

import common.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_search_extensions'),
        ('accounts', '0005_search_text'),
        ('events', '0003_certificate_number_and_signer'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.AddField(
            model_name='registration',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.RunPython(
            common.search.backfill_search_text('events', 'Event', ('title', 'venue',)),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            common.search.backfill_search_text('events', 'Registration', ('full_name', 'phone',)),
            migrations.RunPython.noop,
        ),
        migrations.AddIndex(
            model_name='event',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='events_event_search', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='registration',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='events_reg_search', opclasses=['gin_trgm_ops']),
        ),
    ]
