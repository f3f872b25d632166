"""Staff close an award programme's nominations before the deadline (with who, when and why),
and the council may then open at once instead of waiting for the planned deadline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import AwardProgramme, Nomination
from tests.awards.factories import AwardProgrammeFactory, NominationFactory, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(council_member):
    return AwardProgrammeFactory(council=[council_member])


def test_closing_early_records_who_when_why_and_lets_the_council_open_at_once(programme, staff_user):
    now = timezone.now()
    planned = programme.nomination_closes_at
    with pytest.raises(ValidationError, match="Chưa hết hạn gửi hồ sơ"):
        services.programme_open_council(programme=programme, actor=staff_user, now=now)

    closed = services.programme_close_nominations_early(
        programme=programme, reason="Các đơn vị đã gửi đủ hồ sơ.", actor=staff_user, now=now
    )
    opened = services.programme_open_council(programme=closed, actor=staff_user, now=now)

    assert (closed.nomination_closes_at, closed.nominations_planned_close) == (now, planned)
    assert (closed.nominations_closed_early_by, closed.nominations_closed_early_reason) == (
        staff_user,
        "Các đơn vị đã gửi đủ hồ sơ.",
    )
    assert not closed.accepts_nominations_at(now + days(1))
    assert opened.status == AwardProgramme.Status.REVIEWING


def test_a_draft_nomination_cannot_be_sent_after_the_early_close(programme, staff_user, officer, commune):
    draft = NominationFactory(programme=programme, unit=commune, status=Nomination.Status.DRAFT)
    services.programme_close_nominations_early(programme=programme, reason="Đủ hồ sơ.", actor=staff_user)

    with pytest.raises(ValidationError):
        services.nomination_submit(nomination=draft, actor=officer)


@pytest.mark.parametrize(
    ("programme_kwargs", "reason", "message"),
    [
        ({}, " ", "Cần ghi lý do đóng nhận hồ sơ sớm."),
        ({"status": AwardProgramme.Status.DRAFT}, "Lý do", "không ở giai đoạn nhận hồ sơ"),
        ({"closes_in": -1}, "Lý do", "Đã hết hạn gửi hồ sơ"),
        ({"opens_in": 2}, "Lý do", "chưa mở nhận hồ sơ"),
    ],
)
def test_closing_early_is_refused_without_reason_or_outside_the_window(staff_user, programme_kwargs, reason, message):
    now = timezone.now()
    kwargs = dict(programme_kwargs)
    if "closes_in" in kwargs:
        kwargs["nomination_closes_at"] = now + days(kwargs.pop("closes_in"))
    if "opens_in" in kwargs:
        kwargs["nomination_opens_at"] = now + days(kwargs.pop("opens_in"))
    programme = AwardProgrammeFactory(**kwargs)
    deadline = programme.nomination_closes_at

    with pytest.raises(ValidationError) as error:
        services.programme_close_nominations_early(programme=programme, reason=reason, actor=staff_user, now=now)

    assert message in " ".join(error.value.messages)
    programme.refresh_from_db()
    assert (programme.nomination_closes_at, programme.nominations_closed_early_at) == (deadline, None)


def test_another_units_staff_cannot_close_early(programme, lai_chau_staff):
    with pytest.raises(PermissionDenied):
        services.programme_close_nominations_early(programme=programme, reason="Lý do", actor=lai_chau_staff)


def test_staff_close_early_from_the_programme_page(client, programme, staff_user, officer):
    client.force_login(staff_user)
    close_url = reverse("awards:nominations-close", kwargs={"programme_pk": programme.pk})

    page = client.get(programme.get_absolute_url()).content.decode()
    confirm = client.get(close_url).content.decode()
    response = client.post(close_url, {"reason": "Các đơn vị đã gửi đủ hồ sơ."})

    assert close_url in page
    assert "Hội đồng xét chọn mở được ngay" in confirm
    assert response.url == programme.get_absolute_url()
    client.force_login(officer)
    seen = client.get(programme.get_absolute_url()).content.decode()
    assert "Đã đóng nhận hồ sơ sớm lúc" in seen
    assert "Các đơn vị đã gửi đủ hồ sơ." in seen


@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("lai_chau_staff", 404), ("council_member", 403)])
def test_others_cannot_close_nominations_early(client, request, programme, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("awards:nominations-close", kwargs={"programme_pk": programme.pk}), {"reason": "Lý do"}
    )

    assert response.status_code == status
    programme.refresh_from_db()
    assert programme.nominations_closed_early_at is None
