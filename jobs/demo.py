# ruff: noqa: E501 -- the demo tables keep one employer, vacancy, seeker per row
"""Demo data: Sơn La's 2026 youth job fair, an upcoming online session, and career counselling.

Plan-son-la-2021 §II.7 (job fairs with the provincial employment service centre,
employers linked with union bases) and §VI.2 (each high school and continuing-
education centre union holds at least one career-counselling activity a year).

The 2026 fair (26/3/2026, Youth Union month) is loaded as it ended: four approved
employers (one is a youth venture from the registry), their vacancies, a dozen
seekers, most checked in, with applications, interviews and two hires. Its rows are
written straight to the tables with the times they happened (the services refuse
registrations after a fair). An online session opens ten days from today so the
public registration forms can be tried. School units are added where the demo tree
has none: a few high schools and the continuing-education centre; some held a
counselling session this year, the others are listed as not yet done.

Rows are keyed on natural keys (fair slug, tax code within a fair, phone within a
fair, seeker × vacancy, school code, school × date × title), so a second run adds nothing.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from accounts.demo import LAI_CHAU_CODE, ensure_unit
from accounts.models import Unit
from common.demo import DemoContext, ensure_object, tax_code
from common.history import system_actor
from common.qr import new_ticket_code
from ventures.models import Venture

from .models import Application, CounsellingSession, Education, Employer, JobFair, JobSeeker, Vacancy
from .privacy import CONSENT_TEXT

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE_CODE = "tinh-doan-son-la"
FAIR_SLUG = "ngay-hoi-viec-lam-thanh-nien-son-la-2026"
FAIR_DAY = datetime.date(2026, 3, 26)
ONLINE_SLUG_PREFIX = "phien-giao-dich-viec-lam-truc-tuyen"
LINKED_VENTURE = "Công ty TNHH Công nghệ Nông nghiệp Tây Bắc Xanh"
E = Education
D = datetime.date


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HCM)


SCHOOLS: list[tuple[str, str, str]] = [
    ("thpt-chuyen-son-la", "Đoàn trường THPT Chuyên Sơn La", PROVINCE_CODE),
    ("thpt-to-hieu", "Đoàn trường THPT Tô Hiệu", "to-hieu"),
    ("thpt-mai-son", "Đoàn trường THPT Mai Sơn", "mai-son"),
    ("thpt-moc-chau", "Đoàn trường THPT Mộc Châu", "moc-chau"),
    ("gdnn-gdtx-son-la", "Đoàn Trung tâm GDNN – GDTX tỉnh Sơn La", PROVINCE_CODE),
]

# (school code, month, day, title, speakers, attendance)
SESSIONS: list[tuple[str, int, int, str, str, int]] = [
    ("thpt-chuyen-son-la", 3, 12, "Tư vấn chọn ngành, chọn nghề cho học sinh lớp 12", "ThS. Hoàng Văn Thái – Trường Đại học Tây Bắc\nĐại diện Trung tâm Dịch vụ việc làm tỉnh Sơn La", 320),
    ("thpt-to-hieu", 4, 8, "Ngày hội tư vấn tuyển sinh – hướng nghiệp 2026", "Đại diện Trường Cao đẳng Sơn La\nBí thư Đoàn phường Tô Hiệu", 410),
    ("cao-dang-son-la", 5, 20, "Kỹ năng tìm việc và khởi nghiệp cho sinh viên năm cuối", "Giám đốc Công ty TNHH Công nghệ Nông nghiệp Tây Bắc Xanh", 150),
]  # fmt: skip


class EmployerRow(NamedTuple):
    name: str
    tax_base: str
    sector: str
    address: str
    contact: str
    phone: str
    # (position, openings, education, age_min, age_max, salary_min, salary_max, place, overseas)
    vacancies: tuple[tuple, ...]


EMPLOYERS: list[EmployerRow] = [
    EmployerRow("Công ty TNHH May mặc Tây Bắc", "550012345", Employer.Sector.MANUFACTURING, "Khu công nghiệp Mai Sơn, xã Mai Sơn, tỉnh Sơn La", "Nguyễn Thị Hồng", "0912456789", (
        ("Công nhân may", 40, E.NONE, 18, 35, 6_500_000, 9_000_000, "KCN Mai Sơn", False),
        ("Tổ trưởng chuyền may", 3, E.UPPER_SECONDARY, 22, 40, 10_000_000, 13_000_000, "KCN Mai Sơn", False),
    )),
    EmployerRow(LINKED_VENTURE, "550045678", Employer.Sector.TECHNOLOGY, "Phường Tô Hiệu, tỉnh Sơn La", "Cầm Văn Tuấn", "0983214560", (
        ("Kỹ thuật viên nông nghiệp công nghệ cao", 4, E.INTERMEDIATE, 18, 30, 7_000_000, 10_000_000, "Sơn La", False),
        ("Nhân viên bán hàng trực tuyến", 2, E.UPPER_SECONDARY, 18, 30, 5_500_000, 8_000_000, "Sơn La", False),
    )),
    EmployerRow("Hợp tác xã Nông nghiệp Chiềng Sinh", "550078901", Employer.Sector.AGRICULTURE, "Phường Chiềng Sinh, tỉnh Sơn La", "Lò Văn Hải", "0357123456", (
        ("Công nhân sơ chế nông sản", 15, E.NONE, 18, 45, 5_000_000, 7_000_000, "Chiềng Sinh", False),
    )),
    EmployerRow("Công ty Cổ phần Cung ứng nhân lực quốc tế Sao Việt", "010098765", Employer.Sector.OVERSEAS, "Quận Cầu Giấy, Hà Nội", "Trần Minh Quân", "0904321987", (
        ("Thực tập sinh kỹ năng ngành chế biến thực phẩm (Nhật Bản)", 20, E.UPPER_SECONDARY, 18, 30, None, None, "Nhật Bản", True),
    )),
]  # fmt: skip

# (name, birth date, phone, education, desired positions, checked in,
#  applications: (employer index, vacancy index, status))
SEEKERS: list[tuple] = [
    ("Lò Thị Phương", D(2003, 5, 14), "0961234501", E.UPPER_SECONDARY, "công nhân may", True, [(0, 0, "hired")]),
    ("Quàng Văn Sơn", D(2001, 9, 2), "0961234502", E.INTERMEDIATE, "kỹ thuật viên nông nghiệp", True, [(1, 0, "hired")]),
    ("Cầm Thị Lan", D(2004, 1, 20), "0961234503", E.UPPER_SECONDARY, "bán hàng trực tuyến", True, [(1, 1, "interviewed")]),
    ("Hoàng Văn Dũng", D(2000, 7, 7), "0961234504", E.UPPER_SECONDARY, "thực tập sinh Nhật Bản", True, [(3, 0, "offered")]),
    ("Tòng Thị Hoa", D(2002, 11, 30), "0961234505", E.LOWER_SECONDARY, "công nhân may", True, [(0, 0, "applied")]),
    ("Vì Văn Thắng", D(1999, 4, 18), "0961234506", E.COLLEGE, "tổ trưởng, quản lý sản xuất", True, [(0, 1, "not_selected")]),
    ("Lường Thị Mai", D(2005, 2, 9), "0961234507", E.UPPER_SECONDARY, "sơ chế nông sản", True, [(2, 0, "interviewed")]),
    ("Sùng A Páo", D(2003, 8, 25), "0961234508", E.LOWER_SECONDARY, "công nhân", True, []),
    ("Đinh Văn Nam", D(2002, 6, 11), "0961234509", E.UNIVERSITY, "kế toán", True, []),
    ("Mùa Thị Dợ", D(2004, 10, 3), "0961234510", E.NONE, "công nhân may", False, []),
    ("Hà Văn Kiên", D(2001, 12, 15), "0961234511", E.UPPER_SECONDARY, "lái xe, giao hàng", False, []),
    ("Bạc Thị Yến", D(2003, 3, 28), "0961234512", E.ELEMENTARY, "thực tập sinh Nhật Bản", False, []),
]  # fmt: skip


def _schools(ctx: DemoContext) -> None:
    for code, name, parent in SCHOOLS:
        unit, _ = ensure_unit(
            code=code, actor=system_actor(), name=name, kind=Unit.Kind.SCHOOL, parent=ctx.unit(parent)
        )
        ctx.units[code] = unit


def _sessions(ctx: DemoContext) -> int:
    staff = ctx.user("tinhdoan")
    year = ctx.today.year
    created = 0
    for code, month, day, title, speakers, attendance in SESSIONS:
        held_on = min(datetime.date(year, month, day), ctx.today)
        _, new = ensure_object(
            CounsellingSession,
            lookup={"school": ctx.unit(code), "title": title},
            values={
                "held_on": held_on,
                "topics": "Thị trường lao động tỉnh Sơn La; chọn ngành theo năng lực; học nghề và khởi nghiệp.",
                "speakers": speakers,
                "attendance": attendance,
                "partners": "Trung tâm Dịch vụ việc làm tỉnh Sơn La",
                "created_by": staff,
            },
        )
        created += new
    return created


def _employers(ctx: DemoContext, fair: JobFair, rows: list[EmployerRow]) -> list[list[Vacancy]]:
    staff = ctx.user("tinhdoan")
    venture = Venture.objects.filter(name=LINKED_VENTURE).first()
    result = []
    for row in rows:
        employer, _ = ensure_object(
            Employer,
            lookup={"fair": fair, "tax_code": tax_code(row.tax_base)},
            values={
                "name": row.name,
                "sector": row.sector,
                "address": row.address,
                "contact_name": row.contact,
                "contact_phone": row.phone,
                "status": Employer.Status.APPROVED,
                "decided_at": fair.starts_at - datetime.timedelta(days=7),
                "decided_by": staff,
                "venture": venture if row.name == LINKED_VENTURE else None,
            },
        )
        vacancies = []
        for position, openings, education, age_min, age_max, low, high, place, overseas in row.vacancies:
            vacancy, _ = ensure_object(
                Vacancy,
                lookup={"employer": employer, "position": position},
                values={
                    "openings": openings,
                    "education": education,
                    "age_min": age_min,
                    "age_max": age_max,
                    "salary_min": low,
                    "salary_max": high,
                    "work_location": place,
                    "is_overseas": overseas,
                },
            )
            vacancies.append(vacancy)
        result.append(vacancies)
    return result


def _seekers(ctx: DemoContext, fair: JobFair, vacancies: list[list[Vacancy]]) -> None:
    staff = ctx.user("tinhdoan")
    registered_at = fair.starts_at - datetime.timedelta(days=5)
    for index, (name, born, phone, education, desired, checked_in, applications) in enumerate(SEEKERS):
        seeker = JobSeeker.objects.filter(fair=fair, phone=phone).first()
        if seeker is None:
            seeker = JobSeeker.objects.create(
                fair=fair,
                full_name=name,
                date_of_birth=born,
                phone=phone,
                education=education,
                desired_positions=desired,
                consent_text=str(CONSENT_TEXT),
                consented_at=registered_at,
                ticket_code=new_ticket_code(),
                checked_in_at=fair.starts_at + datetime.timedelta(minutes=5 * index) if checked_in else None,
                checked_in_by=staff if checked_in else None,
            )
        for employer_index, vacancy_index, status in applications:
            interviewed = status != Application.Status.APPLIED
            ensure_object(
                Application,
                lookup={"seeker": seeker, "vacancy": vacancies[employer_index][vacancy_index]},
                values={
                    "status": status,
                    "source": Application.Source.STAFF,
                    "interviewed_at": fair.starts_at + datetime.timedelta(hours=1) if interviewed else None,
                    "hired_at": fair.ends_at + datetime.timedelta(days=3) if status == "hired" else None,
                },
                clean=False,
            )


def _fair(ctx: DemoContext, slug: str, *, province: str = PROVINCE_CODE, staff: str = "tinhdoan", **values) -> JobFair:
    """A published fair of a provincial union (owned and held by it), created by its staff."""
    fair, _ = ensure_object(
        JobFair,
        lookup={"slug": slug},
        values={
            "status": JobFair.Status.PUBLISHED,
            "owner": ctx.unit(province),
            "unit": ctx.unit(province),
            "created_by": ctx.user(staff),
            **values,
        },
    )
    return fair


def _lai_chau_fair(ctx: DemoContext) -> JobFair | None:
    """Lai Châu's own fair, three weeks ahead, run by its provincial union."""
    if LAI_CHAU_CODE not in ctx.units:
        return None
    day = ctx.today + datetime.timedelta(days=21)
    return _fair(
        ctx,
        f"ngay-hoi-viec-lam-thanh-nien-lai-chau-{day:%m-%Y}",
        province=LAI_CHAU_CODE,
        staff="laichau",
        name=f"Ngày hội việc làm thanh niên tỉnh Lai Châu tháng {day.month}/{day.year}",
        kind=JobFair.Kind.JOB_FAIR,
        starts_at=_at(day, 7, 30),
        ends_at=_at(day, 11, 30),
        venue="Quảng trường Nhân dân, phường Tân Phong, tỉnh Lai Châu",
        partners="Trung tâm Dịch vụ việc làm tỉnh Lai Châu",
    )


def load(ctx: DemoContext) -> None:
    _schools(ctx)
    sessions = _sessions(ctx)
    fair = _fair(
        ctx,
        FAIR_SLUG,
        name="Ngày hội việc làm thanh niên tỉnh Sơn La 2026",
        kind=JobFair.Kind.JOB_FAIR,
        starts_at=_at(FAIR_DAY, 7, 30),
        ends_at=_at(FAIR_DAY, 11, 30),
        venue="Quảng trường Tây Bắc, phường Tô Hiệu, tỉnh Sơn La",
        partners="Trung tâm Dịch vụ việc làm tỉnh Sơn La\nSở Nội vụ tỉnh Sơn La\nTrường Cao đẳng Sơn La",
        capacity=1500,
        description=(
            "Ngày hội việc làm, tư vấn hướng nghiệp và giới thiệu việc làm cho thanh niên, sinh viên, "
            "học viên các trường nghề trong Tháng Thanh niên 2026; kết nối doanh nghiệp cần lao động với "
            "các cơ sở Đoàn."
        ),
    )
    vacancies = _employers(ctx, fair, EMPLOYERS)
    _seekers(ctx, fair, vacancies)

    online_day = ctx.today + datetime.timedelta(days=10)
    online = _fair(
        ctx,
        f"{ONLINE_SLUG_PREFIX}-{online_day:%m-%Y}",
        name=f"Phiên giao dịch việc làm trực tuyến tháng {online_day.month}/{online_day.year}",
        kind=JobFair.Kind.ONLINE,
        starts_at=_at(online_day, 8),
        ends_at=_at(online_day, 11),
        venue="Trực tuyến qua nền tảng của Trung tâm Dịch vụ việc làm tỉnh Sơn La",
        partners="Trung tâm Dịch vụ việc làm tỉnh Sơn La",
    )
    _employers(ctx, online, EMPLOYERS[:2])
    _lai_chau_fair(ctx)
    demo_employer = Employer.objects.get(fair=fair, tax_code=tax_code(EMPLOYERS[0].tax_base))
    ctx.log(
        f"  việc làm: 2 ngày hội, {len(EMPLOYERS)} nhà tuyển dụng, {len(SEEKERS)} người tìm việc, "
        f"{sessions} buổi tư vấn hướng nghiệp mới; trang doanh nghiệp mẫu: {demo_employer.get_manage_url()}"
    )
