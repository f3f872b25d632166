# ruff: noqa: E501 -- the demo table keeps one club per row
"""Demo data: Sơn La's startup events, modelled on plan-son-la-2021 §II.3–II.5.

- the startup forum and training for youth and students at Tây Bắc University in
  April 2021 (§II.3), held, with its participants checked in;
- a training class on starting a business, held last month by the ward union of Tô
  Hiệu, its participants attended (certificates printable) and one gave feedback;
- a creative festival with booths of the registry's ventures (plan-dong-thap §II);
- this year's student startup day at Tây Bắc University, three weeks ahead, open for
  public registration, with two people registered through the service;
- two startup clubs (Tây Bắc University, Sơn La College) and a startup space.

Past events are written straight to the tables with the times they happened (the
services refuse registrations for an event that has ended); the upcoming event's
registrations go through `services.registration_create`. Rows are keyed on natural
keys (event title, the person's phone or registry record within an event, club name
within a unit), so a second run adds nothing.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from common.choices import Ethnicity, Gender
from common.demo import DemoContext, ensure_object
from common.qr import new_ticket_code
from ventures.demo import PEOPLE, PLANS, citizen_id
from ventures.models import Entrepreneur, Venture

from . import services
from .models import Booth, Event, Registration, StartupClub, StartupSpace

TZ = ZoneInfo(settings.TIME_ZONE)
PROVINCE = "tinh-doan-son-la"
UNIVERSITY = "dai-hoc-tay-bac"
COMMENT = "Nội dung thiết thực, nên mở thêm lớp."
COLLEGE = "cao-dang-son-la"
# (school unit, name, members, mentor, activities, founded on, created by)
CLUBS = [
    (UNIVERSITY, "Câu lạc bộ Sinh viên khởi nghiệp Trường Đại học Tây Bắc", 64, "ThS. Nguyễn Thị Lan, Khoa Kinh tế", "Sinh hoạt hằng tháng, cuộc thi ý tưởng cấp trường, kết nối doanh nghiệp.", datetime.date(2019, 3, 26), "dhtaybac"),
    (COLLEGE, "Câu lạc bộ Khởi nghiệp Trường Cao đẳng Sơn La", 35, "Đoàn trường Cao đẳng Sơn La", "Tập huấn kỹ năng, tham quan mô hình khởi nghiệp thành công.", datetime.date(2022, 10, 15), "tinhdoan"),
]  # fmt: skip


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _people() -> dict[str, Entrepreneur]:
    ids = {citizen_id(p): p.key for p in PEOPLE}
    return {ids[e.citizen_id]: e for e in Entrepreneur.objects.filter(citizen_id__in=ids)}


def _event(ctx: DemoContext, *, title: str, attendance_closed_on: datetime.date | None = None, **values) -> Event:
    """A published event created by staff; a past one with its attendance closed by staff that day."""
    staff = ctx.user("tinhdoan")
    if attendance_closed_on:
        values.update(attendance_closed_at=at(attendance_closed_on, 9), attendance_closed_by=staff)
    event, _created = ensure_object(
        Event, lookup={"title": title}, values={"created_by": staff, "status": Event.Status.PUBLISHED, **values}
    )
    return event


def _attended(event: Event, *, person: Entrepreneur | None = None, rating=None, comment="", **plain) -> Registration:
    """A registration of a past event, checked in at its start (written directly)."""
    lookup = {"event": event, "entrepreneur": person} if person else {"event": event, "phone": plain["phone"]}
    values = {
        "status": Registration.Status.CONFIRMED,
        "checked_in_at": event.starts_at + datetime.timedelta(minutes=20),
        "source": Registration.Source.UNIT if person else Registration.Source.PUBLIC,
    }
    if person:
        values.update(phone=person.phone, unit=person.unit)
    else:
        values.update({k: v for k, v in plain.items() if k != "phone"})
    if rating:
        values.update(rating=rating, comment=comment, feedback_at=event.ends_at + datetime.timedelta(hours=2))
    registration = Registration.objects.filter(**lookup).first()
    if registration is None:
        registration = Registration(**lookup, **values, ticket_code=new_ticket_code())
        registration.full_clean()
        registration.save()
    return registration


def load(ctx: DemoContext) -> None:
    people = _people()
    province, university, college = ctx.unit(PROVINCE), ctx.unit(UNIVERSITY), ctx.unit(COLLEGE)

    # §II.3: the startup forum and training for youth and students, Tây Bắc University, April 2021.
    forum = _event(
        ctx,
        title="Diễn đàn “Thanh niên khởi nghiệp” và tập huấn kiến thức khởi nghiệp cho học sinh, sinh viên năm 2021",
        kind=Event.Kind.FORUM,
        description=(
            "Diễn đàn đối thoại giữa sinh viên với doanh nhân trẻ, chuyên gia và ngân hàng; tập huấn kiến thức "
            "khởi nghiệp cho đoàn viên, thanh niên, học sinh, sinh viên trên địa bàn tỉnh."
        ),
        starts_at=at(datetime.date(2021, 4, 17), 7, 30),
        ends_at=at(datetime.date(2021, 4, 17), 16, 30),
        venue="Hội trường Trường Đại học Tây Bắc, phường Chiềng Sinh",
        unit=province,
        partners="Trường Đại học Tây Bắc\nHội Doanh nhân trẻ tỉnh Sơn La",
        plan_reference="KH 106-KH/TĐTN-PT, mục II.3",
        capacity=300,
        audiences=[Event.Audience.STUDENTS, Event.Audience.ENTREPRENEURS],
        agenda="07:30 Đón đại biểu\n08:00 Khai mạc\n08:30 Đối thoại: sinh viên hỏi, doanh nhân trẻ trả lời\n"
        "13:30 Tập huấn: từ ý tưởng đến kế hoạch kinh doanh",
        speakers="Đại diện Hội Doanh nhân trẻ tỉnh\nGiảng viên Khoa Kinh tế, Trường Đại học Tây Bắc",
        counts_as_training=True,
        is_public=True,
        attendance_closed_on=datetime.date(2021, 4, 18),
    )
    for key in ("nhung", "nam", "lu"):
        if key in people:
            _attended(forum, person=people[key])
    _attended(
        forum,
        full_name="Lường Thị Thu",
        date_of_birth=datetime.date(2002, 8, 19),
        gender=Gender.FEMALE,
        ethnicity=Ethnicity.THAI,
        phone="0975310021",
        unit=university,
        organisation="Lớp K60 Quản trị kinh doanh",
    )

    # A training class last month, with certificates: plan-tho-xuan §III.2.
    day = ctx.today - datetime.timedelta(days=30)
    training = _event(
        ctx,
        title=f"Lớp tập huấn kiến thức khởi sự kinh doanh cho thanh niên năm {day.year}",
        kind=Event.Kind.TRAINING,
        description="Hai ngày tập huấn: lập kế hoạch kinh doanh, vay vốn Ngân hàng CSXH, bán hàng trực tuyến.",
        starts_at=at(day, 7, 30),
        ends_at=at(day + datetime.timedelta(days=1), 16, 30),
        venue="Nhà văn hóa phường Tô Hiệu",
        unit=ctx.unit("to-hieu"),
        partners="Ngân hàng Chính sách xã hội tỉnh Sơn La",
        plan_reference="KH 106-KH/TĐTN-PT, mục II.3",
        capacity=40,
        audiences=[Event.Audience.ENTREPRENEURS, Event.Audience.RURAL_YOUTH],
        agenda="Ngày 1: Ý tưởng và kế hoạch kinh doanh\nNgày 2: Vốn vay, thuế, bán hàng trực tuyến",
        speakers="Giảng viên Trường Chính trị tỉnh\nCán bộ Ngân hàng CSXH tỉnh",
        counts_as_training=True,
        attendance_closed_on=day + datetime.timedelta(days=2),
        signer_name="Lường Văn Hải",
        signer_title="Bí thư Đoàn phường",
        certificate_symbol="GCN-TH",
    )
    attended = [
        _attended(training, person=people[key], rating=rating, comment=COMMENT if rating else "")
        for key, rating in (("thang", 5), ("huong", 4), ("hai", None), ("chien", None))
        if key in people
    ]
    # Staff printed the certificates at the closing session.
    services.certificates_issue(
        event=training, registrations=attended, actor=ctx.user("tinhdoan"), now=training.ends_at
    )

    # A creative festival with booths (plan-dong-thap §II), two months ago.
    fest_day = ctx.today - datetime.timedelta(days=60)
    festival = _event(
        ctx,
        title=f"Liên hoan Thanh niên sáng tạo tỉnh Sơn La năm {fest_day.year}",
        kind=Event.Kind.FESTIVAL,
        description="Trưng bày sản phẩm sáng tạo, mô hình khởi nghiệp của thanh niên; diễn đàn đối thoại.",
        starts_at=at(fest_day, 8),
        ends_at=at(fest_day + datetime.timedelta(days=1), 21),
        venue="Quảng trường Tây Bắc, phường Tô Hiệu",
        unit=province,
        plan_reference="KH 106-KH/TĐTN-PT, mục II.5",
        audiences=[Event.Audience.ENTREPRENEURS, Event.Audience.STUDENTS],
        attendance_closed_on=fest_day + datetime.timedelta(days=2),
    )
    ventures = list(Venture.objects.filter(name__in=[plan.name for plan in PLANS[:4]]).order_by("name"))
    for number, venture in enumerate(ventures, start=1):
        ensure_object(
            Booth,
            lookup={"event": festival, "venture": venture},
            values={"number": f"A{number}", "products": venture.description or venture.name},
        )

    # This year's student startup day, open for registration (plan-thai-nguyen §III.1).
    soon = ctx.today + datetime.timedelta(days=21)
    startup_day = _event(
        ctx,
        title=f"Ngày hội học sinh, sinh viên khởi nghiệp tỉnh Sơn La năm {soon.year}",
        kind=Event.Kind.STARTUP_DAY,
        description="Gian hàng ý tưởng, tọa đàm với nhà đầu tư, tư vấn hướng nghiệp và khởi nghiệp.",
        starts_at=at(soon, 7, 30),
        ends_at=at(soon, 17),
        venue="Trường Đại học Tây Bắc, phường Chiềng Sinh",
        unit=province,
        partners="Trường Đại học Tây Bắc\nTrường Cao đẳng Sơn La",
        plan_reference="KH 106-KH/TĐTN-PT, mục II.4",
        capacity=200,
        audiences=[Event.Audience.STUDENTS, Event.Audience.TEACHERS],
        agenda="07:30 Khai mạc\n08:30 Gian hàng ý tưởng\n14:00 Tọa đàm: gọi vốn cho dự án sinh viên",
        counts_as_training=True,
        is_public=True,
        registration_closes_at=at(soon - datetime.timedelta(days=2), 17),
    )
    if not startup_day.registrations.exists():
        if "nhung" in people:
            services.registration_create(
                event=startup_day,
                source=Registration.Source.UNIT,
                actor=ctx.user("dhtaybac"),
                entrepreneur=people["nhung"],
            )
        services.registration_create(
            event=startup_day,
            full_name="Đinh Văn Tùng",
            date_of_birth=datetime.date(2005, 1, 9),
            gender=Gender.MALE,
            ethnicity=Ethnicity.MUONG,
            phone="0362114455",
            unit=college,
            organisation="Lớp CĐ Tin học K15",
        )

    # Clubs and a space (plan-son-la §II.4, plan-thai-nguyen §III.3, plan-dong-thap §II).
    for unit, name, members, mentor, activities, founded_on, creator in CLUBS:
        ensure_object(
            StartupClub,
            lookup={"unit": ctx.unit(unit), "name": name},
            values={
                "school": ctx.unit(unit),
                "members": members,
                "mentor": mentor,
                "activities": activities,
                "founded_on": founded_on,
                "created_by": ctx.user(creator),
            },
        )
    ensure_object(
        StartupSpace,
        lookup={"unit": university, "name": "Không gian khởi nghiệp sáng tạo Trường Đại học Tây Bắc"},
        values={
            "school": university,
            "address": "Tầng 1 nhà A2, Trường Đại học Tây Bắc",
            "area_m2": 120,
            "equipment": "Bàn làm việc chung, máy chiếu, phòng họp nhóm, máy in 3D.",
            "opened_on": datetime.date(2021, 11, 20),
            "created_by": ctx.user("dhtaybac"),
        },
    )
    ctx.log(
        f"  sự kiện: {Event.objects.count()}, đăng ký: {Registration.objects.count()}, "
        f"gian hàng: {Booth.objects.count()}, câu lạc bộ: {StartupClub.objects.count()}"
    )
