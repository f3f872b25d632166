from django.db import migrations, models


class Migration(migrations.Migration):
    """The foreign key into competitions goes (0004 kept every link in `source_key`), and a
    proposal becomes one referral at most."""

    dependencies = [
        ('loans', '0004_referral_source_from_contest_entry'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalreferral',
            name='contest_entry',
        ),
        migrations.RemoveField(
            model_name='referral',
            name='contest_entry',
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.UniqueConstraint(condition=models.Q(('source_key', ''), _negated=True), fields=('source_key',), name='loans_referral_source_once', violation_error_message='Bài dự thi này đã được chuyển thành hồ sơ vay vốn.'),
        ),
    ]
