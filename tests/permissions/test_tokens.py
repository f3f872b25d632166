"""What the matrix cannot say with one row per URL, for OCOP, jobs and events.

- Secret links: an employer's page and a ticket open with their own token or code
  only; a made-up one is a 404 for everyone, signed in or not, and a real token opens
  nothing of another employer.
- Public pages show published things only, and no seeker's personal data.
- Pages another unit's officer may open (province-wide lists, a published event) do
  not show Tô Hiệu's rows.
- Forms refuse a forged unit, school, venture or owner: what an officer cannot pick
  in the form is not saved when posted anyway (each refusal has a control post that
  the same form accepts with the officer's own unit, so a wrong payload cannot pass
  for a refusal).

One test on the demo world (loaded once, like the matrix); it lists every problem.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from common.qr import new_ticket_code

from .matrix import ROLES
from .rows import events as event_rows
from .rows import jobs as job_rows
from .test_matrix import clients, demo_world  # noqa: F401 - the fixture, shared with the matrix

pytestmark = pytest.mark.django_db

MADE_UP_TOKEN = "made-up-token-0123456789abcdefghijklmnopqrstu"


def _denied(response) -> bool:
    return response.status_code in (403, 404)


def _xlsx_text(response) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def _secret_links(w, by_role) -> list[str]:
    from jobs.models import Application, Employer, Vacancy

    wrong = []
    vacancy = w.pk("jobs.Vacancy", employer__fair__slug=job_rows.FAIR_SLUG)
    application = w.pk("jobs.Application", seeker__fair__slug=job_rows.FAIR_SLUG)
    code = new_ticket_code()
    made_up = [
        reverse("jobs:employer-manage", kwargs={"token": MADE_UP_TOKEN}),
        reverse("jobs:employer-vacancy-edit", kwargs={"token": MADE_UP_TOKEN, "pk": vacancy}),
        reverse("jobs:employer-outcome", kwargs={"token": MADE_UP_TOKEN, "pk": application}),
        reverse("jobs:ticket", kwargs={"code": code}),
        reverse("jobs:ticket-apply", kwargs={"code": code, "vacancy_pk": vacancy}),
        reverse("events:ticket", kwargs={"code": code}),
        reverse("events:ticket-cancel", kwargs={"code": code}),
        reverse("events:ticket-feedback", kwargs={"code": code}),
        reverse("events:ticket-certificate", kwargs={"code": code}),
    ]
    for url in made_up:
        for role in ROLES:
            for method in ("get", "post"):
                response = getattr(by_role[role], method)(url, {"status": "hired", "rating": 5})
                if response.status_code != 405 and not _denied(response):
                    wrong.append(f"{method.upper()} {url} (a made-up link) as {role}: {response.status_code}")

    # A real token opens its own employer's vacancies and applications, no one else's.
    token = w.model("jobs.Employer", fair__slug=job_rows.FAIR_SLUG).access_token
    foreign_vacancy = Vacancy.objects.exclude(employer__fair__slug=job_rows.FAIR_SLUG).order_by("pk").first()
    foreign_application = Application.objects.exclude(seeker__fair__slug=job_rows.FAIR_SLUG).order_by("pk").first()
    anonymous = by_role["anonymous"]
    url = reverse("jobs:employer-vacancy-edit", kwargs={"token": token, "pk": foreign_vacancy.pk})
    if not _denied(anonymous.get(url)):
        wrong.append(f"an employer's link opens another employer's vacancy: {url}")
    url = reverse("jobs:employer-outcome", kwargs={"token": token, "pk": foreign_application.pk})
    before = foreign_application.status
    response = anonymous.post(url, {"status": "not_selected", "note": ""})
    foreign_application.refresh_from_db()
    if not _denied(response) or foreign_application.status != before:
        wrong.append(f"an employer's link records an outcome on another employer's application: {url}")

    # An employer's page lists those who applied to it, not the fair's other seekers.
    applied = Application.objects.select_related("seeker", "vacancy__employer").order_by("pk").first()
    other_employer = (
        Employer.objects.filter(fair=applied.seeker.fair)
        .exclude(vacancies__applications__seeker=applied.seeker)
        .order_by("pk")
        .first()
    )
    page = anonymous.get(other_employer.get_manage_url()).content.decode()
    if applied.seeker.full_name in page or applied.seeker.phone in page:
        wrong.append(f"{other_employer} sees {applied.seeker.full_name}, who did not apply to it")
    return wrong


def _public_pages(w, by_role) -> list[str]:
    from events.models import Event
    from jobs.models import JobFair, JobSeeker

    wrong = []
    anonymous = by_role["anonymous"]
    # OCOP: a product not yet certified (Tô Hiệu's) is not in the catalogue, nor its photo.
    for url in (
        reverse("ocop:catalogue-detail", kwargs={"pk": w.made["ocop_product"]}),
        reverse("ocop:catalogue-photo", kwargs={"pk": w.made["ocop_photo"]}),
    ):
        for role in ROLES:
            if not _denied(by_role[role].get(url)):
                wrong.append(f"{url}: an uncertified product's public page opens for {role}")
    if "Trà shan tuyết Tô Hiệu" in anonymous.get(reverse("ocop:catalogue")).content.decode():
        wrong.append("the public OCOP catalogue lists a product that is not certified")

    # Jobs: a draft fair has no public page or forms; a public page names no seeker.
    fair = JobFair.objects.get(slug=job_rows.FAIR_SLUG)
    JobFair.objects.filter(pk=fair.pk).update(status=JobFair.Status.DRAFT)
    for name in ("jobs:public-fair-detail", "jobs:employer-register", "jobs:seeker-register"):
        url = reverse(name, kwargs={"slug": fair.slug})
        if not _denied(anonymous.get(url)):
            wrong.append(f"{url}: a draft fair's public page opens")
    if fair.name in anonymous.get(reverse("jobs:public-fair-list")).content.decode():
        wrong.append("the public list of job fairs shows a draft fair")
    JobFair.objects.filter(pk=fair.pk).update(status=JobFair.Status.PUBLISHED)
    for seeker in JobSeeker.objects.exclude(applications=None).select_related("fair").order_by("pk")[:5]:
        page = anonymous.get(reverse("jobs:public-fair-detail", kwargs={"slug": seeker.fair.slug})).content.decode()
        if seeker.full_name in page or seeker.phone in page:
            wrong.append(f"the public page of {seeker.fair} shows the seeker {seeker.full_name}")

    # Events: a draft, or a published event not open to the public, has no public page.
    draft = Event.objects.get(title=event_rows.DRAFT_TITLE)
    training = Event.objects.filter(pk=event_rows._training(w)["pk"])
    training.update(is_public=False)
    for event in (draft, training.get()):
        url = reverse("events:public-event", kwargs={"pk": event.pk})
        if not _denied(anonymous.get(url)):
            wrong.append(f"{url}: the public page of an event that is not public opens")
    training.update(is_public=True)
    return wrong


def _other_units_pages(w, by_role) -> list[str]:
    """Pages the officer of Mai Sơn opens, which must not show Tô Hiệu's rows."""
    from events.models import Registration
    from jobs.models import JobFair

    wrong = []
    other = by_role["other"]
    product = "Trà shan tuyết Tô Hiệu"
    cycle = w.made["ocop_cycle"]
    if product in other.get(reverse("ocop:product-list", kwargs={"pk": cycle})).content.decode():
        wrong.append("ocop:product-list shows Tô Hiệu's product to Mai Sơn's officer")
    if product in _xlsx_text(other.get(reverse("ocop:cycle-export", kwargs={"pk": cycle}))):
        wrong.append("ocop:cycle-export gives Tô Hiệu's product to Mai Sơn's officer")
    if product in other.get(reverse("ocop:cycle-detail", kwargs={"pk": cycle})).content.decode():
        wrong.append("ocop:cycle-detail shows Tô Hiệu's product to Mai Sơn's officer")

    fair = JobFair.objects.get(slug=job_rows.FAIR_SLUG)
    to_hieu = w.pk("accounts.Unit", code="to-hieu")
    for url in (
        reverse("jobs:fair-list"),
        reverse("jobs:statistics") + f"?year={fair.starts_at.year}&unit={to_hieu}",
    ):
        if fair.name in other.get(url).content.decode():
            wrong.append(f"{url} shows Tô Hiệu's fair to Mai Sơn's officer")
    export = other.get(reverse("jobs:statistics-export") + f"?year={fair.starts_at.year}")
    if fair.name in _xlsx_text(export):
        wrong.append("jobs:statistics-export gives Tô Hiệu's fair to Mai Sơn's officer")

    # Tô Hiệu's published training: Mai Sơn's officer opens it, sees none of its people.
    training = event_rows._training(w)
    # Mai Sơn's officer may see Mai Sơn's own people there (they registered them).
    registrations = Registration.objects.filter(event_id=training["pk"]).exclude(
        unit__path__startswith=w.model("accounts.Unit", code="mai-son").path
    )
    names = [r.person_name for r in registrations]
    assert names, "the demo's training of Tô Hiệu has no registrations of other units"
    pages = {
        "events:event-detail": other.get(reverse("events:event-detail", kwargs=training)).content.decode(),
        "events:registration-list": other.get(reverse("events:registration-list", kwargs=training)).content.decode(),
        "events:registration-export": _xlsx_text(other.get(reverse("events:registration-export", kwargs=training))),
    }
    for name, text in pages.items():
        seen = [person for person in names if person in text]
        if seen:
            wrong.append(f"{name} of Tô Hiệu's training shows {seen} to Mai Sơn's officer")
    if "CLB Khởi nghiệp phường Tô Hiệu" in other.get(reverse("events:club-list")).content.decode():
        wrong.append("events:club-list shows Tô Hiệu's club to Mai Sơn's officer")
    return wrong


def _forged_fields(w, by_role) -> list[str]:
    """Tô Hiệu's officer posts the forms with another unit's unit, school, venture or owner."""
    from events.models import Event, Registration, StartupClub, StartupSpace
    from jobs.models import CounsellingSession, JobFair
    from ocop.models import CandidateCommune, CandidateList, Product
    from ventures.models import Entrepreneur, Venture

    wrong = []
    officer = by_role["officer"]
    unit = w.pk("accounts.Unit", code="to-hieu")
    mai_son = w.pk("accounts.Unit", code="mai-son")
    school = w.pk("accounts.Unit", code="thpt-to-hieu")
    other_school = w.pk("accounts.Unit", code="thpt-mai-son")
    soon = timezone.localtime() + datetime.timedelta(days=40)
    later = soon + datetime.timedelta(hours=3)
    stamp = "%Y-%m-%dT%H:%M"

    # Jobs: a fair of Mai Sơn, a counselling session at Mai Sơn's school.
    def fair_data(slug):
        return {
            "name": f"Ngày hội {slug}",
            "kind": "job_fair",
            "slug": slug,
            "starts_at": soon.strftime(stamp),
            "ends_at": later.strftime(stamp),
            "venue": "Nhà văn hóa",
            "partners": "",
            "capacity": "",
            "description": "",
        }

    officer.post(reverse("jobs:fair-create"), {**fair_data("ma-tran-forged"), "unit": mai_son})
    if JobFair.objects.filter(slug="ma-tran-forged").exists():
        wrong.append("jobs:fair-create saves a fair for Mai Sơn, posted by Tô Hiệu's officer")
    officer.post(reverse("jobs:fair-create"), {**fair_data("ma-tran-control"), "unit": unit})
    if not JobFair.objects.filter(slug="ma-tran-control").exists():
        wrong.append("jobs:fair-create: the control post was not saved; the forged-unit check proves nothing")
    fair = JobFair.objects.get(slug=job_rows.FAIR_SLUG)
    officer.post(
        reverse("jobs:fair-update", kwargs={"pk": fair.pk}),
        {**fair_data(fair.slug), "name": fair.name, "unit": mai_son},
    )
    fair.refresh_from_db()
    if fair.unit_id != unit:
        wrong.append("jobs:fair-update moves Tô Hiệu's fair to Mai Sơn, posted by Tô Hiệu's officer")

    def session_data(title, school_pk):
        return {
            "school": school_pk,
            "held_on": timezone.localdate().isoformat(),
            "title": title,
            "topics": "Chọn nghề",
            "speakers": "Bí thư Đoàn phường",
            "attendance": 50,
            "partners": "",
            "note": "",
        }

    officer.post(reverse("jobs:counselling-create"), session_data("Ma trận giả", other_school))
    if CounsellingSession.objects.filter(title="Ma trận giả").exists():
        wrong.append("jobs:counselling-create saves a session at Mai Sơn's school, posted by Tô Hiệu's officer")
    officer.post(reverse("jobs:counselling-create"), session_data("Ma trận thật", school))
    if not CounsellingSession.objects.filter(title="Ma trận thật").exists():
        wrong.append("jobs:counselling-create: the control post was not saved; the forged-school check proves nothing")

    # Events: an event of Mai Sơn; a club or a space of Mai Sơn, or at Mai Sơn's school.
    def event_data(title, unit_pk):
        return {
            "kind": "talk",
            "title": title,
            "starts_at": soon.strftime(stamp),
            "ends_at": later.strftime(stamp),
            "venue": "Nhà văn hóa",
            "unit": unit_pk,
            "status": "draft",
        }

    officer.post(reverse("events:event-create"), event_data("Ma trận giả", mai_son))
    if Event.objects.filter(title="Ma trận giả").exists():
        wrong.append("events:event-create saves an event of Mai Sơn, posted by Tô Hiệu's officer")
    officer.post(reverse("events:event-create"), event_data("Ma trận thật", unit))
    if not Event.objects.filter(title="Ma trận thật").exists():
        wrong.append("events:event-create: the control post was not saved; the forged-unit check proves nothing")

    for kind, model, url in (
        ("club", StartupClub, reverse("events:club-create")),
        ("space", StartupSpace, reverse("events:space-create")),
    ):
        extra = {"members": 10} if kind == "club" else {"address": "Tổ 1"}
        attempts = {
            f"Ma trận {kind} đơn vị giả": (mai_son, school),
            # A club counts towards its school's share of schools with a club
            # (events.indicators): another unit's school is another unit's figure.
            f"Ma trận {kind} trường giả": (unit, other_school),
        }
        for name, (unit_pk, school_pk) in attempts.items():
            officer.post(url, {"name": name, "unit": unit_pk, "school": school_pk, "is_active": "on", **extra})
            if model.objects.filter(name=name).exists():
                forged = "unit" if unit_pk == mai_son else "school"
                wrong.append(
                    f"events:{kind}-create saves a {kind} with Mai Sơn's {forged}, posted by Tô Hiệu's officer"
                )
        name = f"Ma trận {kind} thật"
        officer.post(url, {"name": name, "unit": unit, "school": school, "is_active": "on", **extra})
        if not model.objects.filter(name=name).exists():
            wrong.append(f"events:{kind}-create: the control post was not saved; the check proves nothing")

    startup_day = w.pk("events.Event", is_public=True, status="published", kind="startup_day")
    url = reverse("events:registration-create", kwargs={"pk": startup_day})

    def person(name, unit_pk, phone):
        return {
            "full_name": name,
            "date_of_birth": "2002-03-04",
            "gender": "female",
            "ethnicity": "01",
            "phone": phone,
            "unit": unit_pk,
            "organisation": "",
        }

    officer.post(url, person("Ma Trận Giả", mai_son, "0912000444"))
    if Registration.objects.filter(full_name="Ma Trận Giả").exists():
        wrong.append("events:registration-create registers a person under Mai Sơn, posted by Tô Hiệu's officer")
    mai_son_person = Entrepreneur.objects.filter(unit__code="mai-son").order_by("pk").first()
    officer.post(url, {"entrepreneur": mai_son_person.pk})
    if Registration.objects.filter(event_id=startup_day, entrepreneur=mai_son_person).exists():
        wrong.append("events:registration-create registers Mai Sơn's young person, posted by Tô Hiệu's officer")
    officer.post(url, person("Ma Trận Thật", unit, "0912000555"))
    if not Registration.objects.filter(full_name="Ma Trận Thật").exists():
        wrong.append("events:registration-create: the control post was not saved; the check proves nothing")

    # OCOP: Mai Sơn's commune on Tô Hiệu's list; a product of Mai Sơn's venture or owner.
    candidate_list = CandidateList.objects.get(pk=w.made["ocop_list"])
    officer.post(reverse("ocop:commune-add", kwargs={"pk": candidate_list.pk}), {"commune": mai_son})
    if CandidateCommune.objects.filter(candidate_list=candidate_list, commune_id=mai_son).exists():
        wrong.append("ocop:commune-add puts Mai Sơn on Tô Hiệu's list")
    response = officer.post(reverse("ocop:list-start", kwargs={"pk": w.made["ocop_cycle"]}), {"unit": mai_son})
    mai_son_list = CandidateList.objects.filter(cycle_id=w.made["ocop_cycle"], unit_id=mai_son).first()
    if mai_son_list and response.headers.get("Location", "") == mai_son_list.get_absolute_url():
        wrong.append("ocop:list-start opens Mai Sơn's list for Tô Hiệu's officer")

    url = reverse("ocop:product-create", kwargs={"pk": w.made["ocop_entry"]})
    own = Venture.objects.filter(unit_id=unit, owners__isnull=False).order_by("pk").first()
    foreign = Venture.objects.filter(unit__code="mai-son", owners__isnull=False).order_by("pk").first()
    stranger = Entrepreneur.objects.filter(unit__code="mai-son").exclude(ventures=own).order_by("pk").first()

    def product(name, venture, owner):
        return {"name": name, "group": "food", "venture": venture.pk, "owner": owner.pk, "target_stars": 3}

    for name, data in (
        ("Ma trận chủ thể giả", product("Ma trận chủ thể giả", foreign, foreign.owners.first())),
        ("Ma trận chủ giả", product("Ma trận chủ giả", own, stranger)),
    ):
        officer.post(url, data)
        if Product.objects.filter(name=name).exists():
            wrong.append(f"ocop:product-create saves “{name}” with Mai Sơn's venture or person")
    officer.post(url, product("Ma trận sản phẩm thật", own, own.owners.order_by("pk").first()))
    if not Product.objects.filter(name="Ma trận sản phẩm thật").exists():
        wrong.append("ocop:product-create: the control post was not saved; the check proves nothing")
    return wrong


def test_secret_links_public_pages_other_units_and_forged_fields(demo_world):  # noqa: F811
    by_role = clients()
    wrong = [
        *_secret_links(demo_world, by_role),
        *_public_pages(demo_world, by_role),
        *_other_units_pages(demo_world, by_role),
        *_forged_fields(demo_world, by_role),
    ]
    assert not wrong, "\n".join(wrong)
