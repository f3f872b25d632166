# ruff: noqa: E501 -- the demo tables keep one row per line
"""Demo data: the policy-bank referrals and savings-and-loan groups of Tỉnh đoàn Sơn La.

Three loan programmes (job-creation loans under Decree 61/2015 and 74/2019, the union's
"120" fund, a provincial youth-startup credit line), the NHCSXH branch of Sơn La with
a transaction office in Mai Sơn (the demo liaison `nhcsxh` at the branch, so both),
ten savings-and-loan groups in each of six units graded for the last two years
(about 98% "khá" or better; Vân Hồ below the target), ten referrals in various steps
made and moved through the services (one from a 2021 contest entry proposed for
capital support), a savings mobilisation day (plan-son-la §II.5) and a partner
agreement. The programmes and the branch are Sơn La's provincial union's; Lai Châu, when the
demo has it, has its own startup credit line and NHCSXH branch, which Sơn La never sees.
Rows are keyed on natural keys and referrals are made only when missing, so a second run
adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from accounts.demo import LAI_CHAU_CODE
from common.demo import DemoContext, ensure_object
from ventures.demo import PEOPLE, citizen_id
from ventures.models import Entrepreneur

from . import selectors, services
from .models import (
    BankBranch,
    GroupGrade,
    LoanProgramme,
    MobilisationEvent,
    PartnerAgreement,
    Referral,
    SavingsGroup,
)

S = Referral.Status
PROVINCE = "tinh-doan-son-la"

PROGRAMMES = [
    {
        "code": "giai-quyet-viec-lam",
        "name": "Cho vay hỗ trợ tạo việc làm (Nghị định 61/2015 và 74/2019)",
        "lender": LoanProgramme.Lender.POLICY_BANK,
        "lender_name": "Ngân hàng Chính sách xã hội",
        "legal_basis": "Nghị định 61/2015/NĐ-CP, sửa đổi bởi Nghị định 74/2019/NĐ-CP",
        "description": "Cho vay người lao động và cơ sở sản xuất kinh doanh để tạo việc làm, duy trì và mở rộng việc làm.",
        "max_per_borrower": 100_000_000,
        "max_per_project": 2_000_000_000,
        "max_term_months": 120,
        "interest_rate": Decimal("0.550"),
        "takes_contest_entries": False,
    },
    {
        "code": "quy-120",
        "name": "Quỹ Quốc gia về việc làm – nguồn vốn 120 kênh Trung ương Đoàn",
        "lender": LoanProgramme.Lender.UNION_FUND,
        "lender_name": "Trung ương Đoàn TNCS Hồ Chí Minh (ủy thác qua NHCSXH)",
        "legal_basis": "Nguồn vốn 120 do Trung ương Đoàn quản lý",
        "description": "Hỗ trợ đoàn viên thanh niên vay vốn phát triển sản xuất, tạo việc làm.",
        "max_per_borrower": 100_000_000,
        "max_per_project": None,
        "max_term_months": 60,
        "interest_rate": Decimal("0.550"),
        "takes_contest_entries": False,
    },
    {
        "code": "tin-dung-khoi-nghiep-son-la",
        "name": "Tín dụng ưu đãi hỗ trợ thanh niên khởi nghiệp tỉnh Sơn La",
        "lender": LoanProgramme.Lender.PROVINCE,
        "lender_name": "Ngân sách tỉnh ủy thác qua NHCSXH tỉnh Sơn La",
        "legal_basis": "Nghị quyết của HĐND tỉnh về nguồn vốn ngân sách ủy thác",
        "description": "Cho vay các dự án khởi nghiệp của thanh niên, ưu tiên dự án được chọn sau cuộc thi “Dự án, ý tưởng khởi nghiệp”.",
        "max_per_borrower": 200_000_000,
        "max_per_project": 1_000_000_000,
        "max_term_months": 84,
        "interest_rate": Decimal("0.550"),
        "takes_contest_entries": True,
    },
]

LAI_CHAU_PROGRAMME = {
    "code": "tin-dung-khoi-nghiep-lai-chau",
    "name": "Tín dụng ưu đãi hỗ trợ thanh niên khởi nghiệp tỉnh Lai Châu",
    "lender": LoanProgramme.Lender.PROVINCE,
    "lender_name": "Ngân sách tỉnh ủy thác qua NHCSXH tỉnh Lai Châu",
    "legal_basis": "Nghị quyết của HĐND tỉnh Lai Châu về nguồn vốn ngân sách ủy thác",
    "description": "Cho vay thanh niên dân tộc thiểu số khởi nghiệp, phát triển kinh tế vườn đồi, chè, dược liệu.",
    "max_per_borrower": 100_000_000,
    "max_per_project": None,
    "max_term_months": 60,
    "interest_rate": Decimal("0.550"),
    "takes_contest_entries": False,
}

GROUP_UNITS = ["mai-son", "moc-chau", "chieng-an", "to-hieu", "thuan-chau", "van-ho"]
HAMLETS = [
    "Bản Hìn",
    "Bản Nà Tre",
    "Bản Mé",
    "Bản Bó",
    "Bản Lay",
    "Bản Hôm",
    "Tiểu khu 1",
    "Tiểu khu 2",
    "Bản Suối Lìn",
    "Bản Hua Tạt",
]
LEADERS = [
    "Lò Văn Pản",
    "Cầm Thị Xuân",
    "Quàng Văn Ơn",
    "Tòng Thị Phấn",
    "Lường Văn Xôm",
    "Vì Thị Thoan",
    "Hà Văn Tươi",
    "Điêu Thị Hiên",
    "Giàng A Chứ",
    "Sồng A Lầu",
]
WEAK = {("van-ho", 7): "trung_binh"}  # Vân Hồ's group in Bản Suối Lìn fell to "trung bình"


class Plan(NamedTuple):
    person: str
    unit: str
    programme: str
    amount: int
    term: int
    purpose: str
    days_ago: int
    steps: tuple  # (status, days after the previous step, amount or None, note)


PLANS = [
    Plan(
        "chien",
        "mai-son",
        "giai-quyet-viec-lam",
        100_000_000,
        60,
        "Mở rộng diện tích trồng mía tím, thuê thêm 2 lao động.",
        200,
        (
            (S.GROUP_VETTED, 5, None, ""),
            (S.UNION_APPRAISED, 4, None, ""),
            (S.COMMUNE_CONFIRMED, 3, None, ""),
            (S.SENT_TO_BANK, 2, None, ""),
            (S.APPROVED, 10, 100_000_000, ""),
            (S.DISBURSED, 5, 100_000_000, "Giải ngân tại điểm giao dịch xã Mai Sơn"),
            (S.REPAYING, 30, None, ""),
        ),
    ),
    Plan(
        "hoa",
        "mai-son",
        "quy-120",
        50_000_000,
        36,
        "Mua giống mía và phân bón.",
        60,
        (
            (S.GROUP_VETTED, 4, None, ""),
            (S.UNION_APPRAISED, 3, None, ""),
            (S.COMMUNE_CONFIRMED, 2, None, ""),
            (S.SENT_TO_BANK, 1, None, ""),
        ),
    ),
    Plan(
        "bich",
        "mai-son",
        "giai-quyet-viec-lam",
        80_000_000,
        48,
        "Trồng chanh leo trên 1,5 ha đất đồi của chi đoàn.",
        12,
        ((S.GROUP_VETTED, 3, None, ""),),
    ),
    Plan(
        "hai",
        "moc-chau",
        "giai-quyet-viec-lam",
        100_000_000,
        60,
        "Mua thêm 3 con bò sữa giống.",
        150,
        (
            (S.GROUP_VETTED, 3, None, ""),
            (S.UNION_APPRAISED, 3, None, ""),
            (S.COMMUNE_CONFIRMED, 2, None, ""),
            (S.SENT_TO_BANK, 1, None, ""),
            (S.APPROVED, 12, 90_000_000, "Duyệt theo phương án chăn nuôi"),
            (S.DISBURSED, 4, 90_000_000, ""),
        ),
    ),
    Plan(
        "do",
        "moc-chau",
        "quy-120",
        40_000_000,
        24,
        "Cải tạo vườn mận hậu, lắp hệ thống tưới nhỏ giọt.",
        30,
        ((S.GROUP_VETTED, 2, None, ""), (S.UNION_APPRAISED, 2, None, "")),
    ),
    Plan(
        "thang",
        "chieng-an",
        "tin-dung-khoi-nghiep-son-la",
        200_000_000,
        60,
        "Đầu tư máy rang xay cà phê.",
        90,
        (
            (S.GROUP_VETTED, 3, None, ""),
            (S.UNION_APPRAISED, 5, None, ""),
            (S.COMMUNE_CONFIRMED, 3, None, ""),
            (S.SENT_TO_BANK, 2, None, ""),
            (S.REJECTED, 20, None, "Phương án chưa chứng minh được đầu ra; đề nghị bổ sung hợp đồng bao tiêu."),
        ),
    ),
    Plan(
        "huong",
        "chieng-an",
        "giai-quyet-viec-lam",
        70_000_000,
        36,
        "Mở cửa hàng cà phê rang xay tại phường.",
        40,
        (
            (S.GROUP_VETTED, 3, None, ""),
            (S.UNION_APPRAISED, 2, None, ""),
            (S.COMMUNE_CONFIRMED, 2, None, ""),
            (S.SENT_TO_BANK, 2, None, ""),
        ),
    ),
    Plan(
        "phu",
        "van-ho",
        "giai-quyet-viec-lam",
        60_000_000,
        48,
        "Trồng dược liệu dưới tán rừng.",
        400,
        (
            (S.GROUP_VETTED, 3, None, ""),
            (S.UNION_APPRAISED, 3, None, ""),
            (S.COMMUNE_CONFIRMED, 3, None, ""),
            (S.SENT_TO_BANK, 2, None, ""),
            (S.APPROVED, 10, 60_000_000, ""),
            (S.DISBURSED, 3, 60_000_000, ""),
            (S.REPAYING, 30, None, ""),
            (S.OVERDUE, 240, None, "Mất mùa do sương muối, chậm trả kỳ lãi"),
        ),
    ),
    Plan(
        "toan",
        "thuan-chau",
        "giai-quyet-viec-lam",
        1_500_000_000,
        84,
        "Hợp tác xã đầu tư xưởng sơ chế nông sản, tạo việc làm cho 15 thành viên.",
        25,
        ((S.GROUP_VETTED, 2, None, ""), (S.UNION_APPRAISED, 2, None, ""), (S.COMMUNE_CONFIRMED, 2, None, "")),
    ),
]


def _person(key: str) -> Entrepreneur | None:
    person = next((p for p in PEOPLE if p.key == key), None)
    return Entrepreneur.objects.filter(citizen_id=citizen_id(person)).first() if person else None


def _programme(owner, row: dict) -> LoanProgramme:
    values = {k: v for k, v in row.items() if k != "code"}
    programme, _created = ensure_object(LoanProgramme, lookup={"owner": owner, "code": row["code"]}, values=values)
    return programme


def _programmes(ctx: DemoContext) -> dict[str, LoanProgramme]:
    owner = ctx.unit(PROVINCE)
    return {row["code"]: _programme(owner, row) for row in PROGRAMMES}


def _lai_chau(ctx: DemoContext) -> LoanProgramme | None:
    """Lai Châu's own credit line and NHCSXH branch, kept by its provincial union."""
    if LAI_CHAU_CODE not in ctx.units:
        return None
    owner = ctx.unit(LAI_CHAU_CODE)
    branch, _c = ensure_object(
        BankBranch,
        lookup={"province": owner, "name": "NHCSXH chi nhánh tỉnh Lai Châu"},
        values={"kind": BankBranch.Kind.BRANCH, "address": "Phường Tân Phong, tỉnh Lai Châu"},
    )
    branch.units.add(owner)
    return _programme(owner, LAI_CHAU_PROGRAMME)


def _branches(ctx: DemoContext) -> BankBranch:
    province = ctx.unit(PROVINCE)
    branch, _c = ensure_object(
        BankBranch,
        lookup={"province": province, "name": "NHCSXH chi nhánh tỉnh Sơn La"},
        values={"kind": BankBranch.Kind.BRANCH, "address": "Phường Tô Hiệu, tỉnh Sơn La", "phone": "02123852111"},
    )
    office, _c = ensure_object(
        BankBranch,
        lookup={"province": province, "name": "Phòng giao dịch NHCSXH Mai Sơn"},
        values={"kind": BankBranch.Kind.OFFICE, "parent": branch, "address": "Xã Mai Sơn, tỉnh Sơn La"},
    )
    branch.units.add(ctx.unit(PROVINCE))
    office.units.add(ctx.unit("mai-son"))
    branch.liaisons.add(ctx.user("nhcsxh"))
    return branch


def _groups(ctx: DemoContext, branch: BankBranch) -> int:
    office = BankBranch.objects.get(province=ctx.unit(PROVINCE), name="Phòng giao dịch NHCSXH Mai Sơn")
    actor = ctx.user("tinhdoan")
    years = (ctx.today.year - 2, ctx.today.year - 1)
    created = 0
    for u, code in enumerate(GROUP_UNITS):
        unit = ctx.unit(code)
        for n, hamlet in enumerate(HAMLETS):
            group, made = ensure_object(
                SavingsGroup,
                lookup={"unit": unit, "name": f"Tổ TK&VV {hamlet}"},
                values={
                    "leader_name": LEADERS[(n + u) % len(LEADERS)],
                    "hamlet": hamlet,
                    "branch": office if code == "mai-son" else branch,
                    "member_count": 18 + (n * 7 + u * 3) % 35,
                    "outstanding_balance": 600_000_000 + n * 85_000_000 + u * 40_000_000,
                    "overdue_balance": 2_500_000 if (code, n) in WEAK else 0,
                    "savings_balance": 25_000_000 + n * 3_000_000,
                    "balances_on": datetime.date(years[1], 12, 31),
                    "created_by": actor,
                },
            )
            created += made
            for year in years:
                grade = (
                    WEAK.get((code, n), "tot" if (n + year) % 3 else "kha")
                    if year == years[1]
                    else ("tot" if n % 2 else "kha")
                )
                ensure_object(
                    GroupGrade,
                    lookup={"group": group, "year": year},
                    values={"grade": grade, "graded_on": datetime.date(year, 12, 20), "recorded_by": actor},
                )
    return created


def _referral(ctx: DemoContext, plan: Plan, programmes: dict[str, LoanProgramme]) -> bool:
    person = _person(plan.person)
    if person is None:
        return False
    programme = programmes[plan.programme]
    if Referral.objects.filter(entrepreneur=person, programme=programme).exists():
        return False
    unit = ctx.unit(plan.unit)
    officer = {"mai-son": "maison", "to-hieu": "tohieu"}.get(plan.unit, "tinhdoan")
    day = ctx.today - datetime.timedelta(days=plan.days_ago)
    group = SavingsGroup.objects.filter(unit=unit).order_by("name").first()
    business = plan.amount > programme.max_per_borrower
    venture = person.ventures.first()
    referral = services.referral_create(
        unit=unit,
        entrepreneur=person,
        programme=programme,
        borrower_kind=Referral.BorrowerKind.BUSINESS if business else Referral.BorrowerKind.INDIVIDUAL,
        amount=plan.amount,
        term_months=plan.term,
        purpose=plan.purpose,
        venture=venture,
        group=group,
        jobs_created=2,
        submitted_on=day,
        actor=ctx.user(officer),
    )
    _advance(ctx, referral, plan.steps, day, officer, plan.term)
    return True


def _advance(ctx, referral, steps, day, officer, term) -> None:
    for status, days, amount, note in steps:
        day = min(day + datetime.timedelta(days=days), ctx.today)
        bank = status in Referral.BANK_STATUSES and status != S.SENT_TO_BANK
        services.referral_record_step(
            referral=referral,
            to_status=status,
            on=day,
            amount=amount,
            term_months=term if status == S.APPROVED else None,
            note=note,
            actor=ctx.user("nhcsxh" if bank else officer),
        )


def _from_contest(ctx: DemoContext) -> str:
    """A 2021 entry proposed for capital support, referred after the contest through the bank.

    The contest's demo marked the entries; they arrive as plain proposals through
    `selectors.capital_proposals_awaiting`, as on the staff page."""
    if Referral.objects.exclude(source_key="").exists():
        return "đã có"
    staff = ctx.user("tinhdoan")
    proposal = min(selectors.capital_proposals_awaiting(user=staff), key=lambda p: p.pk, default=None)
    if proposal is None:
        return "không có bài đề xuất hỗ trợ vốn"
    referral = services.capital_proposal_refer(proposal=proposal, actor=staff, on=datetime.date(2021, 11, 15))
    _advance(
        ctx,
        referral,
        (
            (S.GROUP_VETTED, 7, None, ""),
            (S.UNION_APPRAISED, 7, None, ""),
            (S.COMMUNE_CONFIRMED, 5, None, ""),
            (S.SENT_TO_BANK, 3, None, ""),
            (S.APPROVED, 14, referral.amount, "Dự án đạt giải cuộc thi khởi nghiệp lần thứ IV"),
            (S.DISBURSED, 7, referral.amount, ""),
            (S.REPAYING, 30, None, ""),
        ),
        referral.submitted_on,
        "tinhdoan",
        referral.term_months,
    )
    return proposal.title


def load(ctx: DemoContext) -> None:
    programmes = _programmes(ctx)
    branch = _branches(ctx)
    groups = _groups(ctx, branch)
    made = sum(_referral(ctx, plan, programmes) for plan in PLANS)
    contest = _from_contest(ctx)
    ensure_object(
        MobilisationEvent,
        lookup={
            "unit": ctx.unit(PROVINCE),
            "title": "Ngày hội huy động tiền tiết kiệm trong lực lượng cán bộ Đoàn chuyên trách các cấp",
        },
        values={
            "held_on": datetime.date(2021, 9, 10),
            "place": "Hội trường Tỉnh đoàn Sơn La",
            "participants": 146,
            "amount_mobilised": 412_000_000,
            "new_savers": 98,
            "note": "Phối hợp với NHCSXH tỉnh Sơn La (Kế hoạch 2021, mục II.5).",
        },
    )
    ensure_object(
        PartnerAgreement,
        lookup={"unit": ctx.unit(PROVINCE), "partner_name": "Công ty Cổ phần Giống bò sữa Mộc Châu"},
        values={
            "partner_kind": PartnerAgreement.PartnerKind.ENTERPRISE,
            "title": "Hỗ trợ vốn và bao tiêu sản phẩm cho dự án khởi nghiệp sau cuộc thi",
            "signed_on": datetime.date(2021, 10, 20),
            "amount_committed": 500_000_000,
            "projects_supported": 5,
        },
    )
    ctx.log(f"  vay vốn: {len(programmes)} chương trình, {groups} tổ mới, {made} hồ sơ mới, từ bài dự thi: {contest}")
    if lai_chau := _lai_chau(ctx):
        ctx.log(f"  vay vốn của Tỉnh đoàn Lai Châu: “{lai_chau.name}”")
    ctx.add_login(
        role="Cán bộ Ngân hàng CSXH", username="nhcsxh", sees="Hồ sơ vay vốn gửi NHCSXH tỉnh Sơn La và PGD Mai Sơn"
    )
