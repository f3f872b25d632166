# ruff: noqa: E501 -- the demo tables keep one nomination per row
"""Demo data: Sơn La's commendation of young entrepreneurs, the 2021 round and this year's.

The 2021 programme (plan-son-la-2021 §II.2) is loaded as it ended: the guideline
issued before 15/3/2021, nominations from the district unions of the time between
15/3 and 31/8/2021, two per unit, thirteen nominees from the registry with their
ventures (two accepted as exceptions by staff, one verified in the field), a
council of five that voted, closed on 25/9, the decision "Quyết định số
215-QĐ/TĐTN ngày 05/10/2021" and the honour roll published at the ceremony on
15/10/2021 in the hall of the provincial union. Nominations and votes are written
straight to the tables with the times they happened (the services refuse a
window closed years ago); closing the council, the decision and publishing go
through the services with the day's date, so the approval rule and the
certificates' codes are the portal's own.

This year's programme takes nominations from a month ago to a month ahead; the
ward union of Tô Hiệu has a sent nomination and a draft whose nominee is over
the age limit (the form shows why), and Mai Sơn has a sent one, all made through
the services.

Rows are keyed on natural keys (programme slug, category name, nominee within a
programme, council member and nomination) and each stage runs only while its rows
are missing, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from accounts.demo import LAI_CHAU_CODE, ensure_user
from accounts.models import Membership
from accounts.services import membership_grant
from common.demo import DemoContext, ensure_object
from ventures.demo import PEOPLE, citizen_id
from ventures.models import Entrepreneur, Venture

from . import services
from .eligibility import failed_checks, nomination_checks
from .models import AwardCategory, AwardProgramme, CouncilVote, FieldVerification, Nomination

D = datetime.date
TZ = ZoneInfo(settings.TIME_ZONE)
ACTOR = "tinhdoan"
PROVINCE = "tinh-doan-son-la"
SLUG_BASE = "tuyen-duong-thanh-nien-lam-kinh-te-gioi"
NAME = "Tuyên dương Thanh niên làm kinh tế giỏi tỉnh Sơn La năm {year}"
RURAL = "Thanh niên nông thôn làm kinh tế giỏi"
BUSINESS = "Chủ doanh nghiệp, hợp tác xã trẻ"
STUDENT = "Học sinh, sinh viên khởi nghiệp"
CATEGORIES = [RURAL, BUSINESS, STUDENT]
DESCRIPTION = (
    "Thực hiện Kế hoạch của Ban Thường vụ Tỉnh đoàn về các hoạt động hỗ trợ thanh niên khởi nghiệp, "
    "lập nghiệp năm 2021 (mục II.2) và Hướng dẫn của Ban Thường vụ Tỉnh đoàn ban hành trước ngày "
    "15/3/2021: các huyện, thành đoàn và đoàn trực thuộc đề xuất gương thanh niên làm kinh tế giỏi để "
    "Hội đồng bình xét; chương trình tuyên dương tổ chức ngày 15/10/2021."
)
DECISION = ("215-QĐ/TĐTN", D(2021, 10, 5))
# What both years' programmes ask: the Guideline's ages, a year in operation, three jobs,
# the pledge, and a majority of the council's votes; the ceremony in the union's hall.
RULES = {
    "min_age": 18, "max_age": 35, "min_years_in_operation": 1, "min_jobs": 3, "require_no_violations": True,
    "approval_rule": AwardProgramme.ApprovalRule.VOTE_SHARE, "approval_share": 51, "approval_top_n": None,
    "ceremony_place": "Hội trường Tỉnh đoàn Sơn La",
}  # fmt: skip
# Who signs the decision and the certificates, and the certificates' symbol ("05/GCN-TĐTN").
SIGNER = {"signer_name": "Cầm Thị Phương", "signer_title": "Phó Bí thư", "certificate_symbol": "GCN-TĐTN"}


def at(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in Sơn La's local time."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class Member(NamedTuple):
    username: str
    full_name: str
    phone: str
    title: str


# The council: the demo user "hoidong" and four members from partner organisations.
COUNCIL = [
    Member("hoidong", "Đinh Thị Lan", "0944216835", "Ủy viên Hội đồng xét chọn"),
    Member("hoidong2", "Quàng Văn Bình", "0912587436", "Phó Bí thư Tỉnh đoàn, Chủ tịch Hội đồng"),
    Member("hoidong3", "Nguyễn Thị Thu Trang", "0983641275", "Phó Chủ tịch Hội Nông dân tỉnh"),
    Member("hoidong4", "Lê Minh Hoàng", "0368452179", "Chủ tịch Hội Doanh nhân trẻ tỉnh"),
    Member("hoidong5", "Hà Văn Quý", "0857124693", "Phó Giám đốc Ngân hàng Chính sách xã hội tỉnh"),
]


class Pick(NamedTuple):
    """A 2021 nomination: the registry's person and venture, the 2021 union that proposed them,
    the facts they reported, and the council's votes in `COUNCIL` order (Y, N, A = abstain)."""

    person: str
    venture: str | None
    unit: str
    category: str
    revenue: int
    jobs: int
    wage: int
    scale: str
    story: str
    votes: str
    submitted: datetime.date
    override: str = ""
    technology: str = ""
    social: str = ""


PICKS_2021: list[Pick] = [
    Pick("thang", "Hộ kinh doanh Cà phê Arabica Thắng Hôm", "thanh-doan-son-la", RURAL, 980_000_000, 6, 5_500_000, "4 ha cà phê Arabica, xưởng sơ chế ướt", "Từ 4 ha cà phê của gia đình, anh Thắng đầu tư sơ chế ướt và rang xay, đưa cà phê bản Hôm vào các quán ở thành phố.", "YYYYY", D(2021, 7, 20), technology="Sơ chế ướt, sấy bằng nhà kính năng lượng mặt trời"),
    Pick("hai", "Hợp tác xã Bò sữa Thanh niên Mộc Châu", "thi-doan-moc-chau", BUSINESS, 5_200_000_000, 12, 7_500_000, "280 con bò sữa của 12 hộ thành viên", "Giám đốc hợp tác xã bò sữa của 12 hộ thanh niên, giao sữa tươi cho nhà máy theo hợp đồng dài hạn.", "YYYYY", D(2021, 7, 12), social="Hỗ trợ 3 hộ thanh niên khó khăn con giống trả chậm"),
    Pick("do", "Vườn mận hậu Nà Ka", "thi-doan-moc-chau", RURAL, 450_000_000, 5, 4_500_000, "3 ha mận hậu VietGAP", "Chị Dợ là người Mông đầu tiên ở bản Nà Ka trồng mận hậu theo tiêu chuẩn VietGAP.", "YYYYN", D(2021, 7, 14)),
    Pick("chien", "Tổ hợp tác trồng mía Thanh niên Mai Sơn", "huyen-doan-mai-son", RURAL, 1_600_000_000, 8, 5_000_000, "22 ha mía nguyên liệu", "Anh Chiến cùng 8 đoàn viên lập tổ hợp tác, ký hợp đồng cung ứng mía cho nhà máy đường.", "YYYNA", D(2021, 8, 2)),
    Pick("de", "Homestay cộng đồng Hua Tạt", "huyen-doan-van-ho", RURAL, 380_000_000, 4, 4_000_000, "Nhà sàn đón 30 khách mỗi đêm", "Homestay nhà sàn người Mông giữ nếp bản, đưa khách trải nghiệm văn hóa Hua Tạt.", "YYYNN", D(2021, 8, 10)),
    Pick("toan", "Hợp tác xã Mắc ca Thanh niên Thuận Châu", "huyen-doan-thuan-chau", BUSINESS, 2_100_000_000, 10, 6_500_000, "40 ha mắc ca", "Hợp tác xã trồng và sấy mắc ca, liên kết với 25 hộ trồng trong xã.", "YYYYA", D(2021, 7, 28)),
    Pick("tuyen", "Nuôi cá lồng lòng hồ thủy điện Sơn La", "huyen-doan-muong-la", RURAL, 820_000_000, 4, 5_000_000, "18 lồng cá lăng, cá rô phi", "Nuôi cá lồng trên lòng hồ thủy điện, mỗi năm xuất bán 7–8 tấn cá.", "YYNNA", D(2021, 8, 16)),
    Pick("khoa", "Trang trại lợn đen bản địa Phù Yên", "huyen-doan-phu-yen", RURAL, 620_000_000, 3, 4_500_000, "120 con lợn đen", "Chăn nuôi lợn đen bản địa theo hướng an toàn sinh học.", "YNNNA", D(2021, 8, 20)),
    Pick("senh", "Chè Shan tuyết cổ thụ Tà Xùa", "huyen-doan-bac-yen", RURAL, 900_000_000, 7, 5_500_000, "Thu hái 600 cây chè cổ thụ", "Anh Sênh đưa chè Shan tuyết Tà Xùa từ chợ phiên ra các cửa hàng đặc sản ở Hà Nội.", "YYYYY", D(2021, 7, 30)),
    Pick("thu", "Hợp tác xã Nhãn Thanh niên Sông Mã", "huyen-doan-song-ma", BUSINESS, 3_800_000_000, 12, 6_000_000, "55 ha nhãn, lò sấy long nhãn", "Nữ giám đốc hợp tác xã nhãn ven sông Mã, bao tiêu nhãn cho 40 hộ.", "YYYYN", D(2021, 8, 5)),
    Pick("khanh", "Tổ hợp tác xoài tròn Yên Châu", "huyen-doan-yen-chau", RURAL, 1_400_000_000, 8, 5_000_000, "12 ha xoài tròn", "Giữ giống xoài tròn Yên Châu và đưa vào hệ thống siêu thị.", "YYYAN", D(2021, 8, 12)),
    Pick("duyen", "Nuôi cá tầm lồng hồ Quỳnh Nhai", "huyen-doan-quynh-nhai", RURAL, 1_100_000_000, 5, 5_500_000, "10 lồng cá tầm", "Nuôi cá tầm nước lạnh trên lòng hồ Quỳnh Nhai.", "YYNNN", D(2021, 8, 25), override="Mô hình mới thành lập 10 tháng nhưng quy mô lớn, tạo việc làm ổn định cho 5 lao động; Hội đồng xem xét theo đề nghị của Huyện đoàn Quỳnh Nhai."),
    Pick("nhung", None, "dai-hoc-tay-bac", STUDENT, 0, 0, 0, "", "Sinh viên năm nhất, trưởng nhóm ứng dụng truy xuất nguồn gốc nông sản đạt giải cuộc thi ý tưởng khởi nghiệp.", "YYYAA", D(2021, 8, 27), override="Theo Hướng dẫn, lĩnh vực học sinh, sinh viên khởi nghiệp không áp dụng điều kiện thời gian hoạt động và số lao động của mô hình."),
]  # fmt: skip

VERIFIED_2021 = (
    "duyen",
    D(2021, 9, 10),
    "Kiểm tra tại lòng hồ: 10 lồng cá tầm đang nuôi, 5 lao động làm việc thường xuyên; số liệu đúng hồ sơ.",
)


class CurrentPick(NamedTuple):
    """This year's nomination made through the services by a demo officer."""

    officer: str
    unit: str
    person: str
    venture: str
    category: str
    revenue: int
    jobs: int
    days_ago: int
    send: bool


CURRENT: list[CurrentPick] = [
    CurrentPick("tohieu", "to-hieu", "duc-anh", "Cửa hàng đặc sản Tây Bắc trực tuyến của Bí thư Chi đoàn Tổ 3", BUSINESS, 960_000_000, 3, 12, True),
    CurrentPick("tohieu", "to-hieu", "tuan", "Công ty TNHH Công nghệ Nông nghiệp Tây Bắc Xanh", BUSINESS, 2_800_000_000, 9, 3, False),
    CurrentPick("maison", "mai-son", "bich", "Vườn chanh leo VietGAP của Bí thư Chi đoàn bản Nà Tre", RURAL, 450_000_000, 4, 8, True),
]  # fmt: skip


# --- helpers ---------------------------------------------------------------------------


def _people(keys: set[str]) -> dict[str, Entrepreneur]:
    by_key = {p.key: p for p in PEOPLE if p.key in keys}
    ids = {key: citizen_id(person) for key, person in by_key.items()}
    found = {e.citizen_id: e for e in Entrepreneur.objects.filter(citizen_id__in=ids.values())}
    return {key: found[cid] for key, cid in ids.items()}


def _ventures(names: set[str]) -> dict[str, Venture]:
    return {v.name: v for v in Venture.objects.filter(name__in=names)}


def _council(ctx: DemoContext) -> list:
    province = ctx.unit(PROVINCE)
    members = []
    for member in COUNCIL:
        user = ensure_user(ctx, member.username, full_name=member.full_name, phone=member.phone)
        membership_grant(user=user, unit=province, role=Membership.Role.COUNCIL, title=member.title)
        members.append(user)
    return members


def _categories(programme: AwardProgramme) -> dict[str, AwardCategory]:
    categories = {}
    for order, name in enumerate(CATEGORIES, start=1):
        categories[name], _created = ensure_object(
            AwardCategory, lookup={"programme": programme, "name": name}, values={"order": order}
        )
    return categories


def _programme(ctx: DemoContext, *, slug: str, values: dict, first_status: str, actor: str = ACTOR) -> AwardProgramme:
    """The programme with this slug, run by the province (unless `values` name another owner);
    `first_status` only when it is created (later stages move it on)."""
    values = {"owner": ctx.unit(PROVINCE), **values}
    programme = AwardProgramme.objects.filter(slug=slug).first()
    if programme is None:
        programme = AwardProgramme(slug=slug, status=first_status, created_by=ctx.user(actor), **values)
        programme.full_clean()
        programme.save()
        return programme
    programme, _created = ensure_object(AwardProgramme, lookup={"pk": programme.pk}, values=values)
    return programme


# --- 2021 ------------------------------------------------------------------------------


def _programme_2021(ctx: DemoContext, members: list) -> AwardProgramme:
    programme = _programme(
        ctx,
        slug=f"{SLUG_BASE}-2021",
        first_status=AwardProgramme.Status.REVIEWING,
        values={
            "name": NAME.format(year=2021),
            "year": 2021,
            "description": DESCRIPTION,
            "nomination_opens_at": at(D(2021, 3, 15)),
            "nomination_closes_at": at(D(2021, 8, 31), 23, 59),
            "quota_per_unit": 2,
            "age_reference_date": D(2021, 8, 31),
            "min_annual_revenue": None,
            "ceremony_date": D(2021, 10, 15),
            **RULES,
            **SIGNER,
        },
    )
    programme.council.set(members)
    return programme


def _nominations_2021(ctx: DemoContext, programme: AwardProgramme) -> int:
    """The thirteen nominations as sent (and, for two, accepted as exceptions), if missing."""
    if programme.council_closed_at is not None:
        return 0
    actor = ctx.user(ACTOR)
    people = _people({p.person for p in PICKS_2021})
    ventures = _ventures({p.venture for p in PICKS_2021 if p.venture})
    categories = _categories(programme)
    existing = set(Nomination.objects.filter(programme=programme).values_list("entrepreneur_id", flat=True))
    created = []
    for pick in PICKS_2021:
        person = people[pick.person]
        if person.pk in existing:
            continue
        sent_at = at(pick.submitted, 10, 15)
        nomination = Nomination(
            programme=programme,
            category=categories[pick.category],
            unit=ctx.unit(pick.unit),
            entrepreneur=person,
            venture=ventures[pick.venture] if pick.venture else None,
            status=Nomination.Status.SUBMITTED,
            annual_revenue=pick.revenue,
            annual_profit=int(round(pick.revenue * 0.22, -6)),
            jobs_created=pick.jobs,
            average_wage=pick.wage,
            scale=pick.scale,
            technology=pick.technology,
            social_contributions=pick.social,
            story=pick.story,
            no_violations_declared=True,
            endorsement="Ban Thường vụ đề nghị Tỉnh đoàn xem xét, tuyên dương.",
            submitted_at=sent_at,
            eligibility_override_reason=pick.override,
            eligibility_overridden_by=actor if pick.override else None,
            created_by=actor,
        )
        nomination.full_clean()
        nomination._history_user, nomination._history_date = actor, sent_at
        created.append(nomination)
    bulk_create_with_history(created, Nomination)
    return len(created)


def _votes_2021(programme: AwardProgramme, members: list) -> int:
    if programme.council_closed_at is not None:
        return 0
    people = _people({p.person for p in PICKS_2021})
    nominations = {n.entrepreneur_id: n for n in Nomination.objects.filter(programme=programme)}
    voted = set(CouncilVote.objects.filter(nomination__programme=programme).values_list("nomination_id", "member_id"))
    choices = {"Y": CouncilVote.Choice.YES, "N": CouncilVote.Choice.NO, "A": CouncilVote.Choice.ABSTAIN}
    votes = []
    for number, pick in enumerate(PICKS_2021):
        nomination = nominations[people[pick.person].pk]
        for position, (member, letter) in enumerate(zip(members, pick.votes, strict=True)):
            if (nomination.pk, member.pk) in voted:
                continue
            vote = CouncilVote(nomination=nomination, member=member, choice=choices[letter])
            vote._history_user = member
            vote._history_date = at(D(2021, 9, 20 + position), 8 + number % 9, 10)
            votes.append(vote)
    bulk_create_with_history(votes, CouncilVote)
    return len(votes)


def _verification_2021(ctx: DemoContext, programme: AwardProgramme) -> None:
    key, visited_on, findings = VERIFIED_2021
    nomination = Nomination.objects.get(programme=programme, entrepreneur=_people({key})[key])
    if not FieldVerification.objects.filter(nomination=nomination).exists():
        actor = ctx.user(ACTOR)
        verification = FieldVerification(
            nomination=nomination,
            officer=actor,
            assigned_by=actor,
            visited_on=visited_on,
            findings=findings,
            confirmed=True,
        )
        verification._history_user, verification._history_date = actor, at(visited_on, 17)
        verification.save()


def _decide_2021(ctx: DemoContext, programme: AwardProgramme) -> None:
    """Close the council, record the decision and publish, as staff did in 2021."""
    actor = ctx.user(ACTOR)
    if programme.council_closed_at is None:
        services.council_close(programme=programme, actor=actor, now=at(D(2021, 9, 25), 16))
        programme.refresh_from_db()
    number, date = DECISION
    if programme.status != AwardProgramme.Status.DECIDED:
        services.programme_record_decision(programme=programme, number=number, date=date, actor=actor)
    services.honour_roll_publish(programme=programme, actor=actor, now=at(D(2021, 10, 15), 8))


# --- this year -------------------------------------------------------------------------


def _current_programme(ctx: DemoContext, members: list) -> AwardProgramme:
    year = max(ctx.today.year, 2022)
    closes_on = ctx.today + datetime.timedelta(days=30)
    programme = _programme(
        ctx,
        slug=f"{SLUG_BASE}-{year}",
        first_status=AwardProgramme.Status.NOMINATING,
        values={
            "name": NAME.format(year=year),
            "year": year,
            "description": "Các đơn vị đề xuất gương thanh niên làm kinh tế giỏi theo Hướng dẫn của Ban Thường vụ Tỉnh đoàn; mỗi đơn vị tối đa 03 hồ sơ.",
            "nomination_opens_at": at(ctx.today - datetime.timedelta(days=30)),
            "nomination_closes_at": at(closes_on, 23, 59),
            "quota_per_unit": 3,
            "age_reference_date": closes_on,
            "min_annual_revenue": 200_000_000,
            "ceremony_date": closes_on + datetime.timedelta(days=45),
            **RULES,
            **SIGNER,
        },
    )
    programme.council.set(members)
    return programme


def _current_nominations(ctx: DemoContext, programme: AwardProgramme) -> int:
    if not programme.accepts_nominations_at(at(ctx.today, 9, 30)):
        return 0
    people = _people({p.person for p in CURRENT})
    ventures = _ventures({p.venture for p in CURRENT})
    categories = _categories(programme)
    existing = set(Nomination.objects.filter(programme=programme).values_list("entrepreneur_id", flat=True))
    created = 0
    for pick in CURRENT:
        person = people[pick.person]
        if person.pk in existing:
            continue
        officer = ctx.user(pick.officer)
        saved_at = at(ctx.today - datetime.timedelta(days=pick.days_ago), 9, 30)
        nomination = services.nomination_save_draft(
            nomination=Nomination(
                programme=programme,
                category=categories[pick.category],
                unit=ctx.unit(pick.unit),
                entrepreneur=person,
                venture=ventures[pick.venture],
                annual_revenue=pick.revenue,
                annual_profit=int(round(pick.revenue * 0.2, -6)),
                jobs_created=pick.jobs,
                average_wage=6_000_000,
                story=ventures[pick.venture].description,
                no_violations_declared=True,
                endorsement="Ban Chấp hành Đoàn đề nghị Tỉnh đoàn xem xét, tuyên dương.",
            ),
            actor=officer,
            now=saved_at,
        )
        # A nominee who no longer meets the rules on a later demo day stays a draft.
        if pick.send and not failed_checks(nomination_checks(nomination)):
            services.nomination_submit(
                nomination=nomination, actor=officer, now=saved_at + datetime.timedelta(hours=2)
            )
        created += 1
    return created


def _lai_chau_programme(ctx: DemoContext) -> AwardProgramme | None:
    """Lai Châu's own call for this year, run by its provincial union (not Sơn La's)."""
    if LAI_CHAU_CODE not in ctx.units:
        return None
    year = max(ctx.today.year, 2022)
    closes_on = ctx.today + datetime.timedelta(days=45)
    return _programme(
        ctx,
        slug=f"{SLUG_BASE}-lai-chau-{year}",
        first_status=AwardProgramme.Status.NOMINATING,
        values={
            "owner": ctx.unit(LAI_CHAU_CODE),
            "name": f"Tuyên dương Thanh niên làm kinh tế giỏi tỉnh Lai Châu năm {year}",
            "year": year,
            "description": "Các đơn vị trong tỉnh Lai Châu đề xuất gương thanh niên làm kinh tế giỏi; mỗi đơn vị tối đa 02 hồ sơ.",
            "nomination_opens_at": at(ctx.today - datetime.timedelta(days=15)),
            "nomination_closes_at": at(closes_on, 23, 59),
            "quota_per_unit": 2,
            "age_reference_date": closes_on,
            "min_annual_revenue": None,
            "ceremony_date": closes_on + datetime.timedelta(days=30),
            **RULES,
            "ceremony_place": "Hội trường Tỉnh đoàn Lai Châu",
            "signer_name": "Lù Văn Tiến",
            "signer_title": "Bí thư",
            "certificate_symbol": "GCN-TĐTN",
        },
        actor="laichau",
    )


def load(ctx: DemoContext) -> None:
    """The 2021 commendation from nominations to the honour roll, and this year's call open;
    Lai Châu's own call beside it."""
    members = _council(ctx)
    programme = _programme_2021(ctx, members)
    nominated = _nominations_2021(ctx, programme)
    voted = _votes_2021(programme, members)
    _verification_2021(ctx, programme)
    _decide_2021(ctx, programme)
    honoured = Nomination.objects.filter(programme=programme, status=Nomination.Status.APPROVED).count()
    ctx.log(
        f"  tuyên dương 2021: {len(PICKS_2021)} hồ sơ ({nominated} mới), {voted} phiếu mới, {honoured} người được tuyên dương"
    )
    current = _current_programme(ctx, members)
    created = _current_nominations(ctx, current)
    ctx.log(f"  tuyên dương {current.year}: đang nhận hồ sơ, {created} hồ sơ mới")
    if lai_chau := _lai_chau_programme(ctx):
        ctx.log(f"  tuyên dương của Tỉnh đoàn Lai Châu: “{lai_chau.name}”")
