from django.db import migrations, models


class Migration(migrations.Migration):
    """A referral names what proposed it by a key ("contest-entry:123") and a label, in place
    of a foreign key into competitions (filled from `contest_entry` by 0004, which 0005 drops)."""

    dependencies = [
        ('loans', '0002_phone_validators'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalreferral',
            name='source_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=50, verbose_name='mã đề xuất'),
        ),
        migrations.AddField(
            model_name='historicalreferral',
            name='source_label',
            field=models.CharField(blank=True, default='', editable=False, max_length=255, verbose_name='được đề xuất từ'),
        ),
        migrations.AddField(
            model_name='referral',
            name='source_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=50, verbose_name='mã đề xuất'),
        ),
        migrations.AddField(
            model_name='referral',
            name='source_label',
            field=models.CharField(blank=True, default='', editable=False, max_length=255, verbose_name='được đề xuất từ'),
        ),
    ]
