"""The ventures' monthly deadline became one per officer's unit (its key gained the unit's id).
Reminders already sent under the old key are logged again under each new key the same officer
would now be reminded by, so a deployment inside a reminder window sends nobody a repeat."""

from django.db import migrations

OLD_PREFIX = "ventures.monthly:"
FIELDS = ("offset", "programme", "title", "detail", "due", "sent_on", "notified_at")


def carry_over(apps, schema_editor):
    alias = schema_editor.connection.alias
    ReminderLog = apps.get_model("reports", "ReminderLog")
    Membership = apps.get_model("accounts", "Membership")
    old = [
        log
        for log in ReminderLog.objects.using(alias).filter(deadline_key__startswith=OLD_PREFIX)
        if log.deadline_key.count(":") == 1  # "ventures.monthly:YYYY-MM", before units were in the key
    ]
    if not old:
        return
    units_of: dict[int, list[int]] = {}
    officers = Membership.objects.using(alias).filter(role="officer", user_id__in={log.user_id for log in old})
    for user_id, unit_id in officers.values_list("user_id", "unit_id"):
        units_of.setdefault(user_id, []).append(unit_id)
    copies = [
        ReminderLog(
            deadline_key=f"{log.deadline_key}:{unit_id}",
            user_id=log.user_id,
            **{name: getattr(log, name) for name in FIELDS},
        )
        for log in old
        for unit_id in units_of.get(log.user_id, [])
    ]
    ReminderLog.objects.using(alias).bulk_create(copies, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_national_kind_official_code"),
        ("reports", "0005_consolidatedreport_owner"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
