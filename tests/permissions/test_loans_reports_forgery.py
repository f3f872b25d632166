"""What the matrix cannot say with one row per URL, for loans and reports.

Loans (issue 7: loan data are seen by the referring unit and the units above it,
staff, and the branch the referral was sent to, nobody else):
- another unit's officer reaches no referral of Tô Hiệu by its id, to read, edit or
  move it a step, and sees none of its people in the lists, exports and dashboard;
- the bank's liaison sees a referral from the "sent to the bank" step on, only at
  their own branch: a liaison of another office sees nothing of Tô Hiệu's and records
  no step on it;
- the forms refuse another unit's unit, young person, venture, group or branch.

Reports:
- an officer fills their own unit's report only (another unit's by its id is refused,
  a posted `unit` field changes nothing), cannot change a report the province has
  accepted, and does not review reports;
- another unit's officer fills nothing of Tô Hiệu's and reads none of its figures.

Each refusal has a control post that the same form accepts from the right person, so
a wrong payload cannot pass for a refusal. One test on the demo world (loaded once,
like the matrix); it lists every problem.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .rows import reports as report_rows
from .test_matrix import clients, demo_world  # noqa: F401 - the fixture, shared with the matrix

pytestmark = pytest.mark.django_db


def _denied(response) -> bool:
    return response.status_code in (403, 404)


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    return response.content.decode()


# --- loans ---------------------------------------------------------------------------------


def _referral_data(*, unit, entrepreneur, programme, purpose, group=None, venture=None) -> dict:
    return {
        "unit": unit,
        "entrepreneur": entrepreneur,
        "programme": programme,
        "borrower_kind": "individual",
        "amount": "50.000.000",
        "term_months": 24,
        "purpose": purpose,
        "jobs_created": 1,
        "venture": venture or "",
        "group": group or "",
        "submitted_on": timezone.localdate().isoformat(),
    }


def _step(client, referral, to_status, **extra):
    data = {"to_status": to_status, "on": timezone.localdate().isoformat(), "note": "", **extra}
    return client.post(reverse("loans:referral-step", kwargs={"pk": referral.pk}), data)


def _loans_other_unit(w, by_role) -> list[str]:
    """Mai Sơn's officer and Tô Hiệu's referrals: nothing by id, nothing in the lists."""
    from loans.models import Referral

    wrong = []
    other = by_role["other"]
    sent = Referral.objects.get(pk=w.made["loans_sent"])
    submitted = Referral.objects.get(pk=w.made["loans_submitted"])
    for referral in (sent, submitted):
        for name in ("loans:referral-detail", "loans:referral-update"):
            url = reverse(name, kwargs={"pk": referral.pk})
            if not _denied(other.get(url)):
                wrong.append(f"{name} of Tô Hiệu's referral ({referral.status}) opens for Mai Sơn's officer")

    def state():
        submitted.refresh_from_db()
        return submitted.status, submitted.purpose, submitted.amount

    before = state()
    data = _referral_data(unit="", entrepreneur="", programme=submitted.programme_id, purpose="Sửa trộm")
    response = other.post(reverse("loans:referral-update", kwargs={"pk": submitted.pk}), {**data, "amount": 1})
    response_step = _step(other, submitted, Referral.Status.GROUP_VETTED)
    if not _denied(response) or not _denied(response_step) or state() != before:
        wrong.append("Mai Sơn's officer edits or moves a step of Tô Hiệu's referral by its id")

    names = [sent.entrepreneur.full_name, submitted.entrepreneur.full_name]
    for name in (
        "loans:referral-list",
        "loans:bank-queue",
        "loans:referral-export",
        "loans:dashboard",
        "loans:dashboard-export",
    ):
        text = _text(other.get(reverse(name)))
        seen = [person for person in names if person in text]
        if seen or "Tô Hiệu" in text:
            wrong.append(f"{name} shows Tô Hiệu's referrals ({seen}) to Mai Sơn's officer")
        # Control: the same page shows them to Tô Hiệu's officer (the check is not vacuous).
        control = _text(by_role["officer"].get(reverse(name)))
        # (the dashboard counts by unit, without names; the bank's queue has only the sent one)
        wanted = {"loans:dashboard": ["Tô Hiệu"], "loans:dashboard-export": ["Tô Hiệu"], "loans:bank-queue": names[:1]}
        if not all(text in control for text in wanted.get(name, names)):
            wrong.append(f"{name} does not show Tô Hiệu's referrals to its officer (control)")
    for name in ("loans:group-list", "loans:group-export"):
        if "Tô Hiệu" in _text(other.get(reverse(name))):
            wrong.append(f"{name} shows Tô Hiệu's savings-and-loan groups to Mai Sơn's officer")
        if "Tô Hiệu" not in _text(by_role["officer"].get(reverse(name))):
            wrong.append(f"{name} does not show Tô Hiệu's groups to its officer (control)")
    return wrong


def _loans_bank(w, by_role) -> list[str]:
    """The province's liaison before and after "sent to the bank"; a liaison of another office."""
    from accounts.models import Membership, Unit
    from loans.models import BankBranch, Referral, SavingsGroup
    from tests.factories import user_with_role

    wrong = []
    bank = by_role["bank"]
    sent = Referral.objects.get(pk=w.made["loans_sent"])
    submitted = Referral.objects.get(pk=w.made["loans_submitted"])
    if not _denied(bank.get(reverse("loans:referral-detail", kwargs={"pk": submitted.pk}))):
        wrong.append("the bank's liaison opens Tô Hiệu's referral before it is sent to the bank")
    for name in ("loans:referral-list", "loans:bank-queue", "loans:referral-export"):
        text = _text(bank.get(reverse(name)))
        if submitted.entrepreneur.full_name in text:
            wrong.append(f"{name} shows the bank's liaison a referral not yet sent to the bank")
        if sent.entrepreneur.full_name not in text:
            wrong.append(f"{name} does not show the bank's liaison a referral sent to their branch (control)")
    response = _step(bank, submitted, Referral.Status.GROUP_VETTED)
    submitted.refresh_from_db()
    if not _denied(response) or submitted.status != Referral.Status.SUBMITTED:
        wrong.append("the bank's liaison records the union's step on a referral not yet sent to the bank")

    # A liaison of the Mai Sơn office only: Tô Hiệu's referral went to the province's branch.
    office = BankBranch.objects.get(name="Phòng giao dịch NHCSXH Mai Sơn")
    liaison = user_with_role(Membership.Role.BANK_LIAISON, Unit.objects.get(code="tinh-doan-son-la"))
    office.liaisons.add(liaison)
    client = Client(raise_request_exception=False)
    client.force_login(liaison)
    group = SavingsGroup.objects.get(pk=w.made["loans_group"])
    for url in (
        reverse("loans:referral-detail", kwargs={"pk": sent.pk}),
        reverse("loans:referral-detail", kwargs={"pk": submitted.pk}),
        reverse("loans:group-detail", kwargs={"pk": group.pk}),
    ):
        if not _denied(client.get(url)):
            wrong.append(f"{url} (Tô Hiệu's, at the province's branch) opens for a liaison of the Mai Sơn office")
    approve = {"amount": "80.000.000", "term_months": 36}
    response = _step(client, sent, Referral.Status.APPROVED, **approve)
    sent.refresh_from_db()
    if not _denied(response) or sent.status != Referral.Status.SENT_TO_BANK:
        wrong.append("a liaison of the Mai Sơn office approves Tô Hiệu's referral sent to the province's branch")
    for name in ("loans:referral-list", "loans:bank-queue", "loans:referral-export", "loans:group-list"):
        text = _text(client.get(reverse(name)))
        if sent.entrepreneur.full_name in text or "Tô Hiệu" in text:
            wrong.append(f"{name} shows Tô Hiệu's loans to a liaison of the Mai Sơn office")
    # Controls: the office's liaison sees Mai Sơn's referral sent to it; the branch's approves.
    mai_son_sent = Referral.objects.filter(branch=office, status=Referral.Status.SENT_TO_BANK).first()
    if (
        mai_son_sent is None
        or client.get(reverse("loans:referral-detail", kwargs={"pk": mai_son_sent.pk})).status_code != 200
    ):
        wrong.append("a liaison of the Mai Sơn office does not see a referral sent to it (control)")
    _step(bank, sent, Referral.Status.APPROVED, **approve)
    sent.refresh_from_db()
    if sent.status != Referral.Status.APPROVED:
        wrong.append("the province's liaison could not approve Tô Hiệu's referral (control): the checks prove nothing")
    return wrong


def _loans_forged_fields(w, by_role) -> list[str]:
    """Tô Hiệu's officer posts the loans forms with Mai Sơn's unit, person, venture, group or branch."""
    from accounts.models import Unit
    from loans.models import BankBranch, GroupGrade, LoanProgramme, MobilisationEvent, Referral, SavingsGroup
    from ventures.models import Entrepreneur, Venture

    wrong = []
    officer = by_role["officer"]
    unit = w.pk("accounts.Unit", code="to-hieu")
    mai_son = Unit.objects.get(code="mai-son")
    programme = LoanProgramme.objects.get(code="tin-dung-khoi-nghiep-son-la").pk
    own_group = SavingsGroup.objects.get(pk=w.made["loans_group"])
    mai_son_group = SavingsGroup.objects.filter(unit=mai_son).order_by("pk").first()
    stranger = Entrepreneur.objects.filter(unit=mai_son).exclude(loan_referrals__programme=programme).first()
    mai_son_venture = Venture.objects.filter(unit=mai_son, owners__isnull=False).order_by("pk").first()
    person = Entrepreneur.objects.filter(unit_id=unit, loan_referrals=None).order_by("pk").first()
    assert stranger is not None, "the demo has no young person of Mai Sơn outside this programme"
    assert mai_son_venture is not None, "the demo has no venture of Mai Sơn with an owner"
    assert person is not None, "the demo has no young person of Tô Hiệu without a referral"
    office = BankBranch.objects.get(name="Phòng giao dịch NHCSXH Mai Sơn")

    # A referral: Mai Sơn's unit, person, group or venture; then the control.
    url = reverse("loans:referral-create")
    attempts = {
        "Ma trận: đơn vị giả": _referral_data(
            unit=mai_son.pk, entrepreneur=stranger.pk, programme=programme, purpose="Ma trận: đơn vị giả"
        ),
        "Ma trận: người giả": _referral_data(
            unit=unit, entrepreneur=stranger.pk, programme=programme, purpose="Ma trận: người giả"
        ),
        "Ma trận: tổ giả": _referral_data(
            unit=unit, entrepreneur=person.pk, programme=programme, purpose="Ma trận: tổ giả", group=mai_son_group.pk
        ),
        "Ma trận: mô hình giả": _referral_data(
            unit=unit,
            entrepreneur=person.pk,
            programme=programme,
            purpose="Ma trận: mô hình giả",
            venture=mai_son_venture.pk,
        ),
    }
    for purpose, data in attempts.items():
        officer.post(url, data)
        if Referral.objects.filter(purpose=purpose).exists():
            wrong.append(f"loans:referral-create saves “{purpose}” with Mai Sơn's data, posted by Tô Hiệu's officer")
    officer.post(
        url,
        _referral_data(
            unit=unit, entrepreneur=person.pk, programme=programme, purpose="Ma trận: thật", group=own_group.pk
        ),
    )
    control = Referral.objects.filter(purpose="Ma trận: thật").first()
    if control is None:
        wrong.append("loans:referral-create: the control post was not saved; the forged-field checks prove nothing")
        return wrong

    # Editing it: the unit and the person are not the form's to change; the group is checked.
    url = reverse("loans:referral-update", kwargs={"pk": control.pk})
    edit = _referral_data(
        unit=mai_son.pk, entrepreneur=stranger.pk, programme=programme, purpose="Ma trận: sửa", group=own_group.pk
    )
    officer.post(url, {**edit, "group": mai_son_group.pk, "purpose": "Ma trận: sửa tổ giả"})
    officer.post(url, edit)
    control.refresh_from_db()
    if control.group_id != own_group.pk:
        wrong.append("loans:referral-update puts Tô Hiệu's referral in Mai Sơn's savings-and-loan group")
    if control.unit_id != unit or control.entrepreneur_id != person.pk:
        wrong.append("loans:referral-update moves Tô Hiệu's referral to Mai Sơn's unit or person")
    if control.purpose != "Ma trận: sửa":
        wrong.append("loans:referral-update: the control edit was not saved; the check proves nothing")

    # Sending it to a bank office that does not serve Tô Hiệu (the Mai Sơn office).
    S = Referral.Status
    for status in (S.GROUP_VETTED, S.UNION_APPRAISED, S.COMMUNE_CONFIRMED):
        _step(officer, control, status)
    _step(officer, control, S.SENT_TO_BANK, branch=office.pk)
    control.refresh_from_db()
    if control.status == S.SENT_TO_BANK and control.branch_id == office.pk:
        wrong.append("loans:referral-step sends Tô Hiệu's referral to the Mai Sơn office, which does not serve it")
    elif control.status == S.COMMUNE_CONFIRMED:
        _step(officer, control, S.SENT_TO_BANK)
        control.refresh_from_db()
    if control.status != S.SENT_TO_BANK:
        wrong.append("loans:referral-step: the control steps were not recorded; the branch check proves nothing")

    # Savings-and-loan groups: Mai Sơn's unit, the Mai Sơn office; grading Mai Sơn's group.
    def group_data(name, unit_pk, branch_pk):
        return {
            "unit": unit_pk,
            "name": name,
            "leader_name": "Lò Văn Ma",
            "leader_phone": "0912000666",
            "hamlet": "Tổ 9",
            "branch": branch_pk,
            "member_count": 20,
            "outstanding_balance": "0",
            "overdue_balance": "0",
            "savings_balance": "0",
            "balances_on": "",
            "is_active": "on",
        }

    branch = own_group.branch_id
    url = reverse("loans:group-create")
    officer.post(url, group_data("Tổ TK&VV ma trận đơn vị giả", mai_son.pk, branch))
    if SavingsGroup.objects.filter(name="Tổ TK&VV ma trận đơn vị giả").exists():
        wrong.append("loans:group-create saves a group of Mai Sơn, posted by Tô Hiệu's officer")
    officer.post(url, group_data("Tổ TK&VV ma trận PGD giả", unit, office.pk))
    if SavingsGroup.objects.filter(name="Tổ TK&VV ma trận PGD giả").exists():
        wrong.append(
            "loans:group-create saves a group of Tô Hiệu served by the Mai Sơn office, which does not serve it"
        )
    officer.post(url, group_data("Tổ TK&VV ma trận thật", unit, branch))
    if not SavingsGroup.objects.filter(name="Tổ TK&VV ma trận thật").exists():
        wrong.append("loans:group-create: the control post was not saved; the forged-field checks prove nothing")
    officer.post(
        reverse("loans:group-update", kwargs={"pk": own_group.pk}),
        group_data(own_group.name, mai_son.pk, branch),
    )
    own_group.refresh_from_db()
    if own_group.unit_id != unit:
        wrong.append("loans:group-update moves Tô Hiệu's group to Mai Sơn")
    year = timezone.localdate().year
    grade = {"year": year, "grade": "tot", "graded_on": timezone.localdate().isoformat(), "note": ""}
    response = officer.post(reverse("loans:group-grade", kwargs={"pk": mai_son_group.pk}), grade)
    if not _denied(response) or GroupGrade.objects.filter(group=mai_son_group, year=year).exists():
        wrong.append("loans:group-grade grades Mai Sơn's group, posted by Tô Hiệu's officer")
    officer.post(reverse("loans:group-grade", kwargs={"pk": own_group.pk}), grade)
    if not GroupGrade.objects.filter(group=own_group, year=year).exists():
        wrong.append("loans:group-grade: the control post was not saved; the check proves nothing")

    # A mobilisation day of Mai Sơn.
    def event_data(title, unit_pk):
        return {
            "unit": unit_pk,
            "title": title,
            "held_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "place": "Nhà văn hóa",
            "participants": 40,
            "new_savers": 5,
            "amount_mobilised": "12.000.000",
            "note": "",
        }

    officer.post(reverse("loans:event-create"), event_data("Ma trận huy động giả", mai_son.pk))
    if MobilisationEvent.objects.filter(title="Ma trận huy động giả").exists():
        wrong.append("loans:event-create saves a mobilisation day of Mai Sơn, posted by Tô Hiệu's officer")
    officer.post(reverse("loans:event-create"), event_data("Ma trận huy động thật", unit))
    if not MobilisationEvent.objects.filter(title="Ma trận huy động thật").exists():
        wrong.append("loans:event-create: the control post was not saved; the check proves nothing")
    return wrong


# --- reports ---------------------------------------------------------------------------------


def _report_data(period, action="submit", *, number="3", text="Ma trận quyền") -> dict:
    """Every line of the period's form filled in: numbers with `number`, text with `text`."""
    answers = {f.code: number if f.is_numeric else text for f in period.schedule.fields.all()}
    return {**answers, "notes": "", "action": action}


def _reports(w, by_role) -> list[str]:
    from accounts.models import Unit
    from reports.models import ReportingPeriod, UnitReport

    wrong = []
    officer, other, staff = by_role["officer"], by_role["other"], by_role["staff"]
    to_hieu = Unit.objects.get(code="to-hieu")
    mai_son = Unit.objects.get(code="mai-son")
    period = ReportingPeriod.objects.get(pk=w.made["reports_open_period"])

    def fill_url(unit):
        return reverse("reports:periodic-fill", kwargs={"period_pk": period.pk, "unit_pk": unit.pk})

    # Mai Sơn's officer fills Tô Hiệu's report by its ids; Tô Hiệu's fills Mai Sơn's.
    for client, unit, who in ((other, to_hieu, "Mai Sơn's officer"), (officer, mai_son, "Tô Hiệu's officer")):
        for action in ("draft", "submit"):
            response = client.post(fill_url(unit), _report_data(period, action))
            if not _denied(response) or UnitReport.objects.filter(period=period, unit=unit).exists():
                wrong.append(f"reports:periodic-fill: {who} fills {unit.name}'s report ({action})")
    # The own form with a posted `unit` of Mai Sơn: the report is Tô Hiệu's, and only that.
    officer.post(fill_url(to_hieu), {**_report_data(period), "unit": mai_son.pk, "unit_pk": mai_son.pk})
    if UnitReport.objects.filter(period=period, unit=mai_son).exists():
        wrong.append("reports:periodic-fill saves a report of Mai Sơn from Tô Hiệu's form with a forged unit")
    report = UnitReport.objects.filter(period=period, unit=to_hieu).first()
    if report is None or report.status != UnitReport.Status.SUBMITTED:
        wrong.append("reports:periodic-fill: Tô Hiệu's control report was not submitted; the checks prove nothing")
        return wrong

    # An officer does not review; Mai Sơn's officer neither reads nor reviews Tô Hiệu's.
    url = reverse("reports:periodic-report", kwargs={"pk": report.pk})
    for client, who in ((officer, "Tô Hiệu's officer"), (other, "Mai Sơn's officer")):
        response = client.post(url, {"action": "accept", "comment": ""})
        report.refresh_from_db()
        if not _denied(response) or report.status != UnitReport.Status.SUBMITTED:
            wrong.append(f"reports:periodic-report: {who} accepts Tô Hiệu's report")
    if not _denied(other.get(url)):
        wrong.append("reports:periodic-report: Mai Sơn's officer reads Tô Hiệu's report")
    staff.post(url, {"action": "accept", "comment": ""})
    report.refresh_from_db()
    if report.status != UnitReport.Status.ACCEPTED:
        wrong.append("reports:periodic-report: staff could not accept (control); the review checks prove nothing")

    # An accepted report (one of the demo's quarters, and this one now) cannot be changed.
    accepted = UnitReport.objects.filter(unit=to_hieu, status=UnitReport.Status.ACCEPTED).exclude(pk=report.pk).first()
    for target in (accepted, report):
        before = sorted((v.field_id, v.number, v.text) for v in target.values.all())
        changed = _report_data(target.period, number="99", text="Sửa sau khi tiếp nhận")
        url = reverse("reports:periodic-fill", kwargs={"period_pk": target.period_id, "unit_pk": to_hieu.pk})
        for action in ("draft", "submit"):
            officer.post(url, {**changed, "action": action})
        target.refresh_from_db()
        after = sorted((v.field_id, v.number, v.text) for v in target.values.all())
        if target.status != UnitReport.Status.ACCEPTED or before != after:
            wrong.append(f"reports:periodic-fill changes Tô Hiệu's accepted report of {target.period}")

    # What Mai Sơn's officer reads shows none of Tô Hiệu's figures. The demo plan (2021)
    # has rows for schools, so Tô Hiệu's is its school's (THPT Tô Hiệu), seen by its officer.
    plan = report_rows._plan(w)["pk"]
    school = Unit.objects.get(code="thpt-to-hieu").name
    for name, kwargs in (
        ("reports:dashboard", None),
        ("reports:plan-detail", {"pk": plan}),
        ("reports:periodic-list", None),
    ):
        text = other.get(reverse(name, kwargs=kwargs)).content.decode()
        if school in text or to_hieu.name in text:
            wrong.append(f"{name} shows Tô Hiệu's rows to Mai Sơn's officer")
    if school not in officer.get(reverse("reports:plan-detail", kwargs={"pk": plan})).content.decode():
        wrong.append(
            "reports:plan-detail does not show Tô Hiệu's school to its officer (control): the check proves nothing"
        )
    return wrong


def test_loans_and_reports_refuse_other_units_other_branches_and_forged_fields(demo_world):  # noqa: F811
    by_role = clients()
    wrong = [
        *_loans_other_unit(demo_world, by_role),
        *_loans_bank(demo_world, by_role),
        *_loans_forged_fields(demo_world, by_role),
        *_reports(demo_world, by_role),
    ]
    assert not wrong, "\n".join(wrong)
