"""Job fairs and career counselling: organisers, employers (private link), seekers (ticket), the public.

The demo's fairs are the province's: `prepare` adds a province-owned fair held by Tô Hiệu, ten
days ahead, with an approved employer, a vacancy, a seeker and an application. The
employer's page and the seeker's ticket are reached by their secret token and code
only; `test_tokens.py` checks that a made-up one opens nothing.
"""

from ..matrix import DENY, LAI_CHAU_READ, LAI_CHAU_RUN, OFFICERS, PUBLIC, STAFF, UNIT, Row, expect, post_only

FAIR_SLUG = "ngay-hoi-viec-lam-phuong-to-hieu-ma-tran"


def _fair(w):
    return {"pk": w.pk("jobs.JobFair", slug=FAIR_SLUG)}


def _employer(w):
    return {"pk": w.pk("jobs.Employer", fair__slug=FAIR_SLUG)}


def _seeker(w):
    return {"pk": w.pk("jobs.JobSeeker", fair__slug=FAIR_SLUG)}


def _application(w):
    return {"pk": w.pk("jobs.Application", seeker__fair__slug=FAIR_SLUG)}


def _token(w):
    return w.model("jobs.Employer", fair__slug=FAIR_SLUG).access_token


def _code(w):
    return w.model("jobs.JobSeeker", fair__slug=FAIR_SLUG).ticket_code


# A fair's own pages: its unit's officers and the staff running it, not the national staff.
FAIR = expect(UNIT, national=DENY)

ROWS = {
    # The public: published fairs, registration forms, the seeker's ticket by its code.
    "jobs:public-fair-list": Row(PUBLIC),
    "jobs:public-fair-detail": Row(PUBLIC, kwargs=lambda w: {"slug": FAIR_SLUG}),
    "jobs:employer-register": Row(PUBLIC, kwargs=lambda w: {"slug": FAIR_SLUG}),
    "jobs:seeker-register": Row(PUBLIC, kwargs=lambda w: {"slug": FAIR_SLUG}),
    "jobs:ticket": Row(PUBLIC, kwargs=lambda w: {"code": _code(w)}),
    "jobs:ticket-apply": Row(
        post_only(PUBLIC),
        kwargs=lambda w: {"code": _code(w), "vacancy_pk": w.pk("jobs.Vacancy", employer__fair__slug=FAIR_SLUG)},
    ),
    # The employer's private page: whoever holds the link, signed in or not.
    "jobs:employer-manage": Row(PUBLIC, kwargs=lambda w: {"token": _token(w)}),
    "jobs:employer-vacancy-edit": Row(
        PUBLIC,
        kwargs=lambda w: {"token": _token(w), "pk": w.pk("jobs.Vacancy", employer__fair__slug=FAIR_SLUG)},
    ),
    "jobs:employer-outcome": Row(post_only(PUBLIC), kwargs=lambda w: {"token": _token(w), **_application(w)}),
    # Organisers: lists scoped to the user's units, a fair's pages to its unit and above.
    "jobs:fair-list": Row(OFFICERS),
    "jobs:fair-create": Row(OFFICERS),
    "jobs:statistics": Row(OFFICERS),
    "jobs:statistics-export": Row(OFFICERS),
    "jobs:fair-detail": Row(UNIT, kwargs=_fair),
    "jobs:fair-archive": Row(STAFF, kwargs=_fair),
    "jobs:fair-update": Row(FAIR, kwargs=_fair),
    "jobs:fair-status": Row(post_only(FAIR), kwargs=_fair),
    "jobs:seeker-list": Row(FAIR, kwargs=_fair),
    "jobs:check-in": Row(FAIR, kwargs=_fair),
    "jobs:fair-export": Row(FAIR, kwargs=_fair),
    "jobs:employer-detail": Row(FAIR, kwargs=_employer),
    "jobs:employer-decide": Row(post_only(FAIR), kwargs=_employer),
    # Linking an employer to a youth venture of the registry is for provincial staff.
    "jobs:employer-venture": Row(post_only(STAFF), kwargs=_employer),
    "jobs:seeker-detail": Row(FAIR, kwargs=_seeker),
    "jobs:seeker-apply": Row(post_only(FAIR), kwargs=_seeker),
    "jobs:application-outcome": Row(post_only(FAIR), kwargs=_application),
    # Counselling at schools: the demo's session at THPT Tô Hiệu (a school under Tô Hiệu).
    "jobs:counselling-list": Row(OFFICERS),
    "jobs:counselling-create": Row(OFFICERS),
    "jobs:counselling-update": Row(
        UNIT, kwargs=lambda w: {"pk": w.pk("jobs.CounsellingSession", school__code="thpt-to-hieu")}
    ),
}


# Lai Châu's own fair: Sơn La's staff and officers neither read nor run it.
LAI_CHAU_ROWS = {
    "jobs:fair-detail": Row(LAI_CHAU_READ, kwargs=lambda w: {"pk": w.lai_chau("jobs.JobFair")}),
    "jobs:fair-update": Row(LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.lai_chau("jobs.JobFair")}),
    "jobs:seeker-list": Row(LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.lai_chau("jobs.JobFair")}),
}


def prepare(world) -> None:
    import datetime

    from django.utils import timezone

    from accounts.models import Unit, User
    from common.qr import new_ticket_code
    from jobs.demo import tax_code
    from jobs.models import Application, Education, Employer, JobFair, JobSeeker, Vacancy
    from jobs.privacy import CONSENT_TEXT

    staff = User.objects.get(username="tinhdoan")
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    fair = JobFair.objects.create(
        name="Ngày hội việc làm phường Tô Hiệu",
        slug=FAIR_SLUG,
        status=JobFair.Status.PUBLISHED,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        venue="Nhà văn hóa phường Tô Hiệu",
        owner=Unit.objects.get(code="tinh-doan-son-la"),  # run by the province's staff...
        unit=Unit.objects.get(code="to-hieu"),  # ...with Tô Hiệu's officers on the ground
        created_by=staff,
    )
    employer = Employer.objects.create(
        fair=fair,
        name="Công ty TNHH May Tô Hiệu",
        tax_code=tax_code("550012345"),
        sector=Employer.Sector.MANUFACTURING,
        address="Tổ 5, phường Tô Hiệu",
        contact_name="Lò Văn Sơn",
        contact_phone="0912000111",
        status=Employer.Status.APPROVED,
        decided_at=timezone.now(),
        decided_by=staff,
    )
    vacancy = Vacancy.objects.create(employer=employer, position="Công nhân may", openings=5, work_location="Tô Hiệu")
    seeker = JobSeeker.objects.create(
        fair=fair,
        full_name="Quàng Thị Mai",
        date_of_birth=datetime.date(2003, 4, 2),
        phone="0912000222",
        education=Education.UPPER_SECONDARY,
        desired_positions="công nhân may",
        consent_text=str(CONSENT_TEXT),
        consented_at=timezone.now(),
        ticket_code=new_ticket_code(),
    )
    Application.objects.create(seeker=seeker, vacancy=vacancy, source=Application.Source.TICKET)
