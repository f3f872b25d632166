"""The nomination deadline as `reports` reads it (`awards/deadlines.py`) and the reminders
the daily run of `reports` sends from it (ported from the programme's own job)."""

import datetime

import pytest
from django.utils import timezone

from awards import deadlines
from awards.models import Nomination
from common.models import Notification
from reports.periodic.reminders import reminders_send
from tests.awards.factories import AwardProgrammeFactory, NominationFactory

pytestmark = pytest.mark.django_db


def _window(days=30):
    today = timezone.localdate()
    return {"start": today, "end": today + datetime.timedelta(days=days)}


@pytest.fixture
def programme():
    return AwardProgrammeFactory(nomination_closes_at=timezone.now() + datetime.timedelta(days=7, hours=1))


def test_units_with_drafts_owe_sending_them(programme, commune, officer, other_commune, other_officer):
    NominationFactory(programme=programme, unit=commune)
    NominationFactory(programme=programme, unit=commune)
    NominationFactory(programme=programme, unit=other_commune, status=Nomination.Status.SUBMITTED)

    (found,) = deadlines.deadlines(**_window())

    assert found.unit_id == commune.pk
    assert [(o.user_id, o.detail) for o in found.owed_by] == [(officer.pk, "Đoàn phường Tô Hiệu: 2 hồ sơ chưa gửi")]
    assert found.due == timezone.localtime(programme.nomination_closes_at).date()
    assert found.url == programme.get_absolute_url()


def test_closed_or_far_programmes_owe_nothing(commune, officer):
    closed = AwardProgrammeFactory(
        nomination_opens_at=timezone.now() - datetime.timedelta(days=30),
        nomination_closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    far = AwardProgrammeFactory(nomination_closes_at=timezone.now() + datetime.timedelta(days=60))
    for programme in (closed, far):
        NominationFactory(programme=programme, unit=commune)

    assert deadlines.deadlines(**_window()) == []


def test_daily_run_reminds_once_per_offset_and_not_done_units(
    programme, commune, officer, other_commune, other_officer, django_capture_on_commit_callbacks, mailoutbox
):
    NominationFactory(programme=programme, unit=commune)
    NominationFactory(programme=programme, unit=other_commune, status=Nomination.Status.SUBMITTED)
    due = timezone.localtime(programme.nomination_closes_at).date()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            reminders_send(today=due - datetime.timedelta(days=7))

    (note,) = Notification.objects.all()
    assert note.recipient == officer
    assert note.level == Notification.Level.TODO
    assert note.due_on == due
    assert [m.to for m in mailoutbox] == [[officer.email]]
