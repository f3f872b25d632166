# The folded search columns (common.search): added, filled for the rows there are, indexed.

import common.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_search_extensions'),
        ('accounts', '0003_user_language'),
        ('ventures', '0008_venture_kind_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='entrepreneur',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.AddField(
            model_name='venture',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='chuỗi tìm kiếm'),
        ),
        migrations.RunPython(
            common.search.backfill_search_text('ventures', 'Entrepreneur', ('full_name', 'phone', 'email',)),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            common.search.backfill_search_text('ventures', 'Venture', ('name',)),
            migrations.RunPython.noop,
        ),
        migrations.AddIndex(
            model_name='entrepreneur',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='ventures_ent_search', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='venture',
            index=common.search.FoldedTextIndex(fields=['search_text'], name='ventures_venture_search', opclasses=['gin_trgm_ops']),
        ),
    ]
