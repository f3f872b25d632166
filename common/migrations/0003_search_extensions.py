# pg_trgm for the folded search columns' trigram indexes (common.search). CreateExtension
# does nothing on other databases, so SQLite migrates as before.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_notification_email_claimed_at"),
    ]

    operations = [
        TrigramExtension(),
    ]
