"""Loans: referrals to the policy bank and their steps, savings-and-loan groups, staff records.

Loan data are seen by the referring unit and the units above it, provincial staff,
and the liaisons of the branch the referral was sent to, from the "sent to the bank"
step on; nobody else, another unit's officer included (issue 7). The demo has no
referral of Tô Hiệu: `prepare` refers two of its young people, one sent to the
province's NHCSXH branch (where the demo liaison works) and one still at the union's
first step (which the liaison must not see yet). Tô Hiệu's savings-and-loan groups
are served by that branch, so its liaison reads them but does not manage them.

Loan programmes belong to Sơn La's provincial union and its NHCSXH branch to the province:
Lai Châu's staff find nothing of them, the national staff read them in the lists but do not
keep them. Lai Châu's own programme and branch (`LAI_CHAU_ROWS`) are closed to Sơn La.
"""

from django.apps import apps

from ..matrix import LAI_CHAU_RUN, OFFICERS, OK, STAFF, UNIT, Row, expect, post_only

SENT_PURPOSE = "Mở rộng xưởng sấy nông sản của phường Tô Hiệu (ma trận quyền)."
SUBMITTED_PURPOSE = "Mua máy may công nghiệp cho tổ may phường Tô Hiệu (ma trận quyền)."

# Pages of every unit officer and of the bank's liaison (lists start from `visible_to`).
BROWSERS = expect(OFFICERS, bank=OK)


def _sent(w):
    return {"pk": w.made["loans_sent"]}


def _submitted(w):
    return {"pk": w.made["loans_submitted"]}


def _group(w):
    return {"pk": w.made["loans_group"]}


def _unreferred_entry(w):
    """A contest entry proposed for capital support that no referral was made from (the demo
    refers one of them; a referral names its entry by the key "contest-entry:<pk>")."""
    referred = {
        int(key.partition(":")[2])
        for key in apps.get_model("loans.Referral")
        .objects.filter(source_key__startswith="contest-entry:")
        .values_list("source_key", flat=True)
    }
    entries = (
        apps.get_model("competitions.Entry")
        .objects.filter(capital_support=True)
        .exclude(status__in=["draft", "withdrawn"])
        .exclude(pk__in=referred)
    )
    return {"entry_pk": entries.order_by("pk").values_list("pk", flat=True).first()}


def _son_la_branch(w):
    return {"pk": w.pk("loans.BankBranch", parent__isnull=True, province__code="tinh-doan-son-la")}


ROWS = {
    # Referrals: lists and exports are scoped; a referral's page to its unit, staff and branch.
    "loans:referral-list": Row(BROWSERS),
    "loans:bank-queue": Row(BROWSERS),
    "loans:referral-export": Row(BROWSERS),
    "loans:referral-create": Row(OFFICERS),
    "loans:referral-detail": Row(expect(UNIT, bank=OK), kwargs=_sent),
    # Before the file is sent to the bank, the bank's liaison sees nothing of it.
    "loans:referral-update": Row(UNIT, kwargs=_submitted),
    "loans:referral-step": Row(post_only(UNIT), kwargs=_submitted),
    # Savings-and-loan groups: the unit manages them; the branch serving them reads them.
    "loans:group-list": Row(BROWSERS),
    "loans:group-export": Row(BROWSERS),
    "loans:group-create": Row(OFFICERS),
    "loans:group-import": Row(OFFICERS),
    "loans:group-import-template": Row(OFFICERS),
    "loans:group-detail": Row(expect(UNIT, bank=OK), kwargs=_group),
    "loans:group-update": Row(UNIT, kwargs=_group),
    "loans:group-grade": Row(post_only(UNIT), kwargs=_group),
    # Programmes and branches: read by everyone who works with loans, kept by the staff of the
    # province that owns them (Lai Châu's staff: 404; the national staff: 403, they only read).
    "loans:programme-list": Row(BROWSERS),
    "loans:programme-create": Row(STAFF),
    "loans:programme-update": Row(
        STAFF, kwargs=lambda w: {"pk": w.pk("loans.LoanProgramme", code="giai-quyet-viec-lam")}
    ),
    "loans:branch-create": Row(STAFF),
    "loans:branch-update": Row(STAFF, kwargs=_son_la_branch),
    # Contest entries proposed for capital support become referrals at the province.
    "loans:entry-list": Row(STAFF),
    "loans:entry-refer": Row(
        post_only(expect(STAFF, national=OK)),
        kwargs=_unreferred_entry,
    ),
    # The union's dashboard and its mobilisation records (the units' own, scoped).
    "loans:dashboard": Row(OFFICERS),
    "loans:dashboard-export": Row(OFFICERS),
    "loans:event-list": Row(OFFICERS),
    "loans:event-create": Row(OFFICERS),
    "loans:agreement-create": Row(STAFF),
}


# Lai Châu's own credit line and branch: Sơn La's staff neither read nor keep them.
LAI_CHAU_ROWS = {
    "loans:programme-update": Row(LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.lai_chau("loans.LoanProgramme")}),
    "loans:branch-update": Row(
        LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.pk("loans.BankBranch", province__code="tinh-doan-lai-chau")}
    ),
}


def prepare(world) -> None:
    import datetime

    from django.utils import timezone

    from accounts.models import Unit, User
    from loans import services
    from loans.models import LoanProgramme, Referral, SavingsGroup
    from ventures.models import Entrepreneur

    S = Referral.Status
    officer = User.objects.get(username="tohieu")
    unit = Unit.objects.get(code="to-hieu")
    today = timezone.localdate()
    group = SavingsGroup.objects.filter(unit=unit, is_active=True, branch__isnull=False).order_by("pk").first()
    assert group is not None, "the loans demo has no savings-and-loan group of Tô Hiệu"
    people = list(Entrepreneur.objects.filter(unit=unit).order_by("pk"))
    owner = next(p for p in people if p.ventures.exists())
    other = next(p for p in people if p != owner)
    sent = services.referral_create(
        unit=unit,
        entrepreneur=owner,
        programme=LoanProgramme.objects.get(code="giai-quyet-viec-lam"),
        amount=80_000_000,
        term_months=36,
        purpose=SENT_PURPOSE,
        venture=owner.ventures.order_by("pk").first(),
        group=group,
        jobs_created=3,
        submitted_on=today - datetime.timedelta(days=12),
        actor=officer,
    )
    for days, status in enumerate((S.GROUP_VETTED, S.UNION_APPRAISED, S.COMMUNE_CONFIRMED, S.SENT_TO_BANK)):
        services.referral_record_step(
            referral=sent, to_status=status, on=today - datetime.timedelta(days=8 - 2 * days), actor=officer
        )
    submitted = services.referral_create(
        unit=unit,
        entrepreneur=other,
        programme=LoanProgramme.objects.get(code="quy-120"),
        amount=30_000_000,
        term_months=24,
        purpose=SUBMITTED_PURPOSE,
        group=group,
        submitted_on=today - datetime.timedelta(days=2),
        actor=officer,
    )
    world.made.update(loans_sent=sent.pk, loans_submitted=submitted.pk, loans_group=group.pk)
