import datetime

import pytest

from accounts.models import Unit
from common.choices import Ethnicity, Gender
from common.indicators import Period
from events import deadlines, indicators, selectors
from events.models import Event
from tests.events.factories import EventFactory, RegistrationFactory, StartupClubFactory, in_days
from tests.factories import UnitFactory
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year - 1
PERIOD = Period.year(YEAR)


def training(unit, month, **kwargs):
    start = datetime.datetime(YEAR, month, 10, 8, tzinfo=datetime.UTC)
    return EventFactory(unit=unit, starts_at=start, ends_at=start + datetime.timedelta(hours=8), **kwargs)


def attended(event, **kwargs):
    return RegistrationFactory(event=event, checked_in_at=event.starts_at, **kwargs)


def test_person_trained_twice_in_a_year_counts_once(commune, other_commune):
    person = EntrepreneurFactory(unit=commune)
    first, second = training(commune, 3), training(other_commune, 9)
    attended(first, entrepreneur=person, unit=commune, full_name="", phone=person.phone)
    attended(second, entrepreneur=person, unit=other_commune, full_name="", phone="")
    # A plain registrant with the same phone at two classes: one person too.
    attended(first, phone="0911111111", unit=commune)
    attended(second, phone="0911111111", unit=other_commune)

    assert selectors.youth_trained_by_unit(start=PERIOD.start, end=PERIOD.end) == {commune.pk: 2}


def test_trained_counts_only_attended_training_in_period(commune):
    forum = training(commune, 4, kind=Event.Kind.FORUM, counts_as_training=False)
    attended(forum)
    class_ = training(commune, 5)
    RegistrationFactory(event=class_)  # registered, never came
    RegistrationFactory(event=class_, status="waiting", waiting_position=1)
    attended(class_)
    next_year = EventFactory(
        unit=commune,
        starts_at=datetime.datetime(YEAR + 1, 1, 5, 8, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(YEAR + 1, 1, 5, 17, tzinfo=datetime.UTC),
    )
    attended(next_year)

    assert selectors.youth_trained_by_unit(start=PERIOD.start, end=PERIOD.end) == {commune.pk: 1}


def test_trained_unknown_unit_goes_to_organiser(province, commune):
    event = training(province, 6)
    attended(event, unit=None)
    attended(event, unit=commune)
    measures = {k: v.value for k, v in indicators.youth_trained(PERIOD).items()}
    assert measures == {province.pk: 1, commune.pk: 1}


def test_trained_table_rolls_up_visible_units(staff_user, officer, province, commune, branch, other_commune):
    event = training(province, 6)
    attended(event, unit=commune)
    attended(event, unit=branch)
    attended(event, unit=other_commune)

    rows, overall = selectors.youth_trained_table(user=staff_user, year=YEAR)
    assert {(r.unit.code, r.own, r.total) for r in rows} == {
        ("tinh-doan", 0, 3),
        ("to-hieu", 1, 2),
        ("chi-doan-to-5", 1, 1),
        ("muong-la", 1, 1),
    }
    assert overall == 3

    rows, overall = selectors.youth_trained_table(user=officer, year=YEAR)
    assert {r.unit.code for r in rows} == {"to-hieu", "chi-doan-to-5"}
    assert overall == 2


def test_attendance_report_by_unit_gender_ethnicity(commune, other_commune):
    event = EventFactory(unit=commune)
    person = EntrepreneurFactory(unit=other_commune, gender=Gender.MALE, ethnicity=Ethnicity.MONG)
    attended(event, unit=commune, gender=Gender.FEMALE, ethnicity=Ethnicity.THAI)
    attended(event, unit=commune, gender=Gender.MALE, ethnicity=Ethnicity.KINH)
    RegistrationFactory(event=event, unit=commune, gender=Gender.FEMALE, ethnicity=Ethnicity.THAI)
    RegistrationFactory(event=event, entrepreneur=person, unit=other_commune, full_name="", phone="")
    RegistrationFactory(event=event, status="cancelled", unit=commune)

    report = selectors.attendance_report(event=event)

    assert (report.registered, report.attended) == (4, 2)
    assert [(line.label, line.registered, line.attended) for line in report.by_unit] == [
        ("Đoàn phường Tô Hiệu", 3, 2),
        ("Đoàn xã Mường La", 1, 0),
    ]
    assert {(line.label, line.registered, line.attended) for line in report.by_gender} == {("Nữ", 2, 1), ("Nam", 2, 1)}
    assert {(line.label, line.attended) for line in report.by_ethnicity} == {("Thái", 1), ("Kinh", 1), ("Mông", 0)}


def test_schools_with_club_ratio(province, commune):
    school_a = UnitFactory(code="truong-a", parent=province, kind=Unit.Kind.SCHOOL)
    UnitFactory(code="truong-b", parent=province, kind=Unit.Kind.SCHOOL)
    StartupClubFactory(unit=school_a, school=school_a)
    StartupClubFactory(unit=commune, school=None)

    measures = indicators.schools_with_club(Period.year(datetime.date.today().year))

    assert sorted((m.value, m.base) for m in measures.values()) == [(0, 1), (1, 1)]


def test_events_held_counts_past_published_events(commune):
    training(commune, 2)
    training(commune, 3, status=Event.Status.CANCELLED)
    training(commune, 4, status=Event.Status.DRAFT)
    assert {k: v.value for k, v in indicators.events_held(PERIOD).items()} == {commune.pk: 1}


def test_deadline_owed_by_organising_officers_until_closed(commune, province, officer, staff_user):
    ended = EventFactory(unit=commune, starts_at=in_days(-2, 8), ends_at=in_days(-2, 12))
    provincial = EventFactory(unit=province, starts_at=in_days(-1, 8), ends_at=in_days(-1, 12))
    today = datetime.date.today()

    found = {d.key.split(":")[1]: d for d in deadlines.deadlines(start=today, end=today + datetime.timedelta(days=7))}

    assert [debtor.user_id for debtor in found[str(ended.pk)].owed_by] == [officer.pk]
    assert found[str(ended.pk)].due == in_days(-2).date() + datetime.timedelta(days=3)
    assert [debtor.user_id for debtor in found[str(provincial.pk)].owed_by] == [staff_user.pk]

    Event.objects.filter(pk=ended.pk).update(attendance_closed_at=in_days(0))
    keys = [d.key for d in deadlines.deadlines(start=today, end=today + datetime.timedelta(days=7))]
    assert keys == [f"events.attendance:{provincial.pk}:{(in_days(-1).date() + datetime.timedelta(days=3)):%Y%m%d}"]


def test_journey_lists_attended_events(commune):
    from common.registry import journey_for

    person = EntrepreneurFactory(unit=commune)
    came = training(commune, 5, title="Lớp tập huấn khởi sự kinh doanh")
    attended(came, entrepreneur=person, full_name="", phone="")
    RegistrationFactory(event=training(commune, 6, title="Lớp vắng mặt"), entrepreneur=person, full_name="", phone="")

    titles = [step.title for step in journey_for(entrepreneur=person) if step.programme == "Sự kiện, tập huấn"]
    assert titles == ["Lớp tập huấn: Lớp tập huấn khởi sự kinh doanh"]
