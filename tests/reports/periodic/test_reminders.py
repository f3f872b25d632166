"""The daily reminder run: who is reminded and who is not, offsets, idempotence under
repetition, a crash halfway and concurrent runs."""

import datetime
import threading

import pytest
from django.db import connection

from accounts.models import Membership
from common.models import Notification
from reports.models import ReminderLog, ReminderOffset, UnitReport
from reports.periodic import deadlines as report_deadlines
from reports.periodic import reminders, services
from reports.periodic.tasks import send_deadline_reminders
from tests.factories import user_with_role
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def units(current, commune, other_commune, officer, other_officer, province, staff_user):
    """Tô Hiệu has sent its report for `current`; the other commune has a draft only."""
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    services.report_open(period=current, unit=other_commune, actor=other_officer)
    return current


def test_report_deadlines_list_only_units_still_owing(units, commune, other_commune, officer, other_officer):
    found = report_deadlines.deadlines(start=units.due, end=units.due)
    assert [(d.unit_id, [o.user_id for o in d.owed_by]) for d in found] == [(other_commune.pk, [other_officer.pk])]
    assert found[0].owed_by[0].detail.endswith("báo cáo còn là bản nháp")
    assert found[0].key == f"reports.unit:{units.pk}:{other_commune.pk}"


def test_returned_report_owes_again(units, commune, staff_user, officer):
    report = UnitReport.objects.get(unit=commune, period=units)
    services.report_return(report=report, actor=staff_user, comment="Sửa số vốn")
    owing = {d.unit_id for d in report_deadlines.deadlines(start=units.due, end=units.due)}
    assert commune.pk in owing


def test_run_reminds_debtors_at_default_offsets_only(
    units, officer, other_officer, django_capture_on_commit_callbacks, mailoutbox
):
    due = units.due
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        for offset in range(-8, 3):
            sent.append(reminders.reminders_send(today=due + datetime.timedelta(days=offset)).sent)
    # -7, -3, -1 and +1 of the other commune's officer, nobody else.
    assert sum(sent) == 4
    assert set(ReminderLog.objects.values_list("offset", flat=True)) == {-7, -3, -1, 1}
    assert not Notification.objects.filter(recipient=officer).exists()
    notes = Notification.objects.filter(recipient=other_officer, key__startswith="reminder:reports.unit")
    assert notes.count() == 4
    assert notes.get(key__endswith=":1").level == Notification.Level.WARNING
    assert "đã quá hạn 1 ngày" in notes.get(key__endswith=":1").title
    assert len(mailoutbox) == 4


def test_configured_offsets_replace_the_defaults(units, other_officer):
    ReminderOffset.objects.create(days=-2)
    ReminderOffset.objects.create(days=-7, is_active=False)
    assert reminders.active_offsets() == (-2,)
    assert reminders.reminders_send(today=units.due - 7 * ONE_DAY).sent == 0
    assert reminders.reminders_send(today=units.due - 2 * ONE_DAY).sent == 1
    ReminderOffset.objects.update(is_active=False)
    assert reminders.active_offsets() == ()


def test_running_twice_sends_each_reminder_once(units, other_officer):
    today = units.due - ONE_DAY
    first = reminders.reminders_send(today=today)
    second = reminders.reminders_send(today=today)
    assert (first.sent, second.sent, second.skipped) == (1, 0, 1)
    assert ReminderLog.objects.count() == Notification.objects.filter(key__startswith="reminder:").count() == 1


def test_the_task_runs_the_reminders(units, other_officer, monkeypatch):
    import reports.periodic.reminders as module

    monkeypatch.setattr(module.timezone, "localdate", lambda *a: units.due - ONE_DAY)
    assert send_deadline_reminders.delay().get() == 1
    assert send_deadline_reminders.delay().get() == 0


@pytest.fixture
def many(current, province, other_officer):
    """Three more communes with an officer each, none has reported."""
    from tests.factories import UnitFactory

    officers = [other_officer]
    for n in range(3):
        unit = UnitFactory(name=f"Đoàn xã Thử {n}", code=f"thu-{n}", kind="commune", parent=province)
        officers.append(user_with_role("officer", unit, username=f"canbo-thu-{n}"))
    return current, officers


def test_crash_halfway_then_retry_sends_the_rest_and_nothing_twice(many, other_commune, monkeypatch):
    period, officers = many
    today = period.due - ONE_DAY
    real = reminders.notifications_create
    calls = {"n": 0}

    def crash_on_second_batch(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(reminders, "BATCH", 2)  # two committed, the crash in the second batch
    monkeypatch.setattr(reminders, "notifications_create", crash_on_second_batch)
    with pytest.raises(RuntimeError):
        reminders.reminders_send(today=today)
    assert ReminderLog.objects.count() == Notification.objects.count() == 2  # the open batch rolled back

    monkeypatch.setattr(reminders, "notifications_create", real)
    result = reminders.reminders_send(today=today)
    assert len(officers) == 4
    assert (result.sent, result.skipped) == (2, 2)
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys)) == ReminderLog.objects.count()


def test_a_concurrent_run_losing_the_race_skips_on_the_unique_log(units, other_officer, monkeypatch):
    today = units.due - ONE_DAY
    reminders.reminders_send(today=today)
    # The other worker read the log before the first committed: it tries the insert.
    monkeypatch.setattr(reminders, "_done_for", lambda keys: set())
    result = reminders.reminders_send(today=today)
    assert (result.sent, result.skipped) == (0, 1)
    assert Notification.objects.count() == ReminderLog.objects.count() == 1


def test_one_broken_app_does_not_stop_the_others(units, other_officer, monkeypatch):
    def broken(*, start, end):
        raise RuntimeError("boom")

    monkeypatch.setattr(reminders, "providers", lambda: [broken, report_deadlines.deadlines])
    result = reminders.reminders_send(today=units.due - ONE_DAY)
    assert result.sent == 1
    assert result.errors


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(current, province, other_commune, other_officer):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (set DATABASE_URL)")
    from tests.factories import UnitFactory

    for n in range(5):
        unit = UnitFactory(name=f"Đoàn xã Song song {n}", code=f"ss-{n}", kind="commune", parent=province)
        user_with_role("officer", unit, username=f"song-song-{n}")
    today = current.due - ONE_DAY
    barrier = threading.Barrier(2)
    results = []

    def run():
        from django.db import connections

        try:
            barrier.wait()
            results.append(reminders.reminders_send(today=today).sent)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(results) == 6
    assert ReminderLog.objects.count() == Notification.objects.filter(key__startswith="reminder:").count() == 6


def test_each_debtor_is_reminded_in_their_language(
    units, other_commune, other_officer, django_capture_on_commit_callbacks, mailoutbox
):
    """The same deadline reminds an officer who chose English in English, a colleague in Vietnamese."""
    other_officer.language = "en"
    other_officer.save(update_fields=["language"])
    colleague = user_with_role(Membership.Role.OFFICER, other_commune, username="pho-bi-thu")

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send(today=units.due - ONE_DAY).sent == 2

    english = Notification.objects.get(recipient=other_officer)
    vietnamese = Notification.objects.get(recipient=colleague)
    assert english.title.endswith("(1 day(s) left)")
    # The deadline's own words (its debtor's detail) are gathered again in English.
    assert english.body == f"Đoàn xã Mường La: report is still a draft. Due: {units.due:%d/%m/%Y}."
    assert vietnamese.title.endswith("(còn 1 ngày)")
    assert vietnamese.body == f"Đoàn xã Mường La: báo cáo còn là bản nháp. Hạn: {units.due:%d/%m/%Y}."
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects[other_officer.email].endswith(english.title)
    assert subjects[colleague.email].endswith(vietnamese.title)
