# ruff: noqa: E501 -- the demo tables keep one entry or person per row
"""Demo data: the startup idea contest of Tỉnh đoàn Sơn La, the 2021 edition and this year's.

The 2021 contest ("lần thứ IV", plan-son-la-2021 §II.1) is loaded as it ended: launched
15/3, entries until 30/8/2021 23:59, preliminary scoring 5–10/9, coaching 11–15/9 and
the live provincial final on 17/9, with the district unions of the time sending
entries, a panel of six judges, every scorecard, the round results and the prizes.
Its judging history is written straight to the tables with the times it happened (the
services would stamp today and notify judges of work finished years ago); the
assignment still follows the portal's rule that no judge scores an entry of their
own unit, a unit above it or below it.

This year's edition is a copy of 2021 (`services.contest_copy`) open for entries
from a month ago to a month ahead; a few commune and school unions have drafts and
submissions made through the services, and the judges have nothing to score yet.

Rows are keyed on natural keys (contest slug, category and criterion names, prize
rank, round order, judge user, entry title and unit, citizen id) and each stage of
the 2021 judging runs only if its rows are missing, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import zlib
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.demo import ensure_user
from accounts.models import Membership
from accounts.services import membership_grant
from common.choices import Ethnicity, Gender
from common.demo import DemoContext, ensure_object
from ventures.demo import PEOPLE, Person, citizen_id, mobile
from ventures.models import Entrepreneur, Venture
from ventures.services import entrepreneur_save

from . import selectors, services
from .models import (
    Assignment,
    Award,
    Category,
    Contest,
    Criterion,
    Entry,
    Judge,
    MentorFeedback,
    PrizeTier,
    Round,
    RoundResult,
    Score,
    TeamMember,
    UnitExtension,
)
from .services import TeamMemberInput

ACTOR = "tinhdoan"
TZ = ZoneInfo(settings.TIME_ZONE)
D = datetime.date
M, F = Gender.MALE, Gender.FEMALE
E = Ethnicity

SLUG_BASE = "y-tuong-khoi-nghiep"
SLUG_2021 = f"{SLUG_BASE}-2021"
EDITION_2021 = 4  # "lần thứ IV"
NAME = "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ {}"
DESCRIPTION = (
    "Sân chơi phát huy tiềm năng sáng tạo, tư duy năng động và khát vọng lập thân, lập nghiệp của "
    "thanh niên Sơn La; kết nối đầu tư cho các dự án, phương án sản xuất, kinh doanh có tính khả thi "
    "cao (Kế hoạch tổ chức các hoạt động đồng hành với thanh niên khởi nghiệp, lập nghiệp)."
)


def at(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in Sơn La's local time."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


CATEGORIES = [
    "Nông nghiệp công nghệ cao",
    "Chế biến nông sản",
    "Du lịch cộng đồng",
    "Thương mại điện tử, chuyển đổi số",
    "Dịch vụ, sản phẩm khác",
]
NN, CB, DL, TM, DV = CATEGORIES

PRIZES = [  # rank, name, count, amount (đồng)
    (1, "Giải Nhất", 1, 10_000_000),
    (2, "Giải Nhì", 2, 7_000_000),
    (3, "Giải Ba", 3, 5_000_000),
    (4, "Giải Khuyến khích", 5, 2_000_000),
]

PRELIMINARY_CRITERIA = [  # name, max points, what the judges look at
    ("Tính mới, sáng tạo", 20, "Ý tưởng mới, khác biệt so với sản phẩm, dịch vụ đang có trên địa bàn."),
    ("Tính khả thi", 25, "Nguồn lực, thị trường, kế hoạch triển khai và vốn phù hợp với thực tế."),
    ("Hiệu quả kinh tế – xã hội", 25, "Doanh thu, lợi nhuận dự kiến; việc làm cho thanh niên, lợi ích cộng đồng."),
    ("Khả năng phát triển, nhân rộng", 20, "Có thể mở rộng quy mô hoặc nhân rộng ở địa phương khác."),
    ("Năng lực nhóm", 10, "Kinh nghiệm, sự phân công và cam kết của các thành viên."),
]
FINAL_CRITERIA = [
    ("Tính mới, sáng tạo", 15, "Ý tưởng mới, khác biệt; đã hoàn thiện theo góp ý vòng tư vấn."),
    ("Tính khả thi", 20, "Kế hoạch kinh doanh, tài chính và thị trường cụ thể."),
    ("Hiệu quả kinh tế – xã hội", 20, "Hiệu quả kinh tế, việc làm, bảo vệ môi trường."),
    ("Khả năng phát triển, nhân rộng", 15, "Tiềm năng mở rộng, liên kết chuỗi giá trị."),
    ("Năng lực nhóm", 10, "Năng lực điều hành và tổ chức thực hiện của nhóm."),
    ("Thuyết trình, phản biện", 20, "Trình bày rõ ràng trong 7 phút, trả lời thuyết phục câu hỏi của Ban giám khảo."),
]


class RoundPlan(NamedTuple):
    order: int
    name: str
    kind: str
    opens: datetime.datetime
    closes: datetime.datetime
    judges_per_entry: int = 3
    is_blind: bool = True
    is_live: bool = False
    advance_count: int | None = None
    criteria: list[tuple[str, int, str]] | None = None


ROUNDS_2021 = [
    RoundPlan(1, "Vòng sơ tuyển", Round.Kind.SCORING, at(D(2021, 9, 5), 8), at(D(2021, 9, 10), 17), 3, True, False, 10, PRELIMINARY_CRITERIA),
    RoundPlan(2, "Tư vấn, hoàn thiện dự án", Round.Kind.COACHING, at(D(2021, 9, 11), 8), at(D(2021, 9, 15), 17), 1, False),
    RoundPlan(3, "Vòng Chung kết cấp tỉnh", Round.Kind.SCORING, at(D(2021, 9, 17), 8), at(D(2021, 9, 17), 17), 4, False, True, None, FINAL_CRITERIA),
]  # fmt: skip
MENTORS = ("gk.minh", "gk.quang")


class JudgePlan(NamedTuple):
    username: str
    full_name: str
    phone: str
    affiliation: str | None  # unit code; conflicts follow it through the union tree
    title: str
    leniency: float  # how a judge's scores lean, so rankings and z-scores have something to show


JUDGES = [
    JudgePlan("giamkhao", "Hoàng Văn Thái", "0975432168", "dai-hoc-tay-bac", "Giảng viên Khoa Kinh tế, Trường Đại học Tây Bắc", 0.0),
    JudgePlan("gk.binh", "Phạm Thị Thanh Bình", "0912807315", None, "Phó Giám đốc Sở Khoa học và Công nghệ tỉnh Sơn La", -0.06),
    JudgePlan("gk.minh", "Nguyễn Đức Minh", "0983550142", None, "Chủ tịch Hội Doanh nhân trẻ tỉnh Sơn La", 0.05),
    JudgePlan("gk.lan", "Vũ Thị Ngọc Lan", "0868214573", "dai-hoc-tay-bac", "Trưởng khoa Nông – Lâm, Trường Đại học Tây Bắc", -0.02),
    JudgePlan("gk.phuong", "Cầm Thị Phương", "0359127846", "thanh-doan-son-la", "Bí thư Thành đoàn Sơn La", 0.02),
    JudgePlan("gk.quang", "Lê Văn Quang", "0944361728", None, "Phó Giám đốc Chi nhánh Ngân hàng Chính sách xã hội tỉnh Sơn La", 0.0),
]  # fmt: skip
CURRENT_PANEL = ("giamkhao", "gk.binh", "gk.minh")

# Young people the contest needs beyond those the registry demo already holds.
NEW_PEOPLE: list[Person] = [
    Person("ct-linh", "Đặng Thùy Linh", F, E.KINH, D(1996, 2, 8), "chieng-sinh", "Tổ 6, phường Chiềng Sinh", "Quản lý bán hàng trực tuyến"),
    Person("ct-vuong", "Lò Văn Vương", M, E.THAI, D(1995, 9, 17), "song-ma", "Bản Phiêng Pẳn, xã Sông Mã", "Buôn bán tạp hoá"),
    Person("ct-tram", "Nguyễn Bảo Trâm", F, E.KINH, D(2002, 12, 3), "dai-hoc-tay-bac", "Ký túc xá Trường Đại học Tây Bắc", "Sinh viên ngành Kế toán"),
    Person("ct-kien", "Vì Văn Kiên", M, E.THAI, D(1999, 5, 26), "to-hieu", "Tổ 2, phường Tô Hiệu", "Hướng dẫn viên du lịch"),
    Person("ct-nga", "Hoàng Thị Nga", F, E.TAY, D(2001, 8, 14), "to-hieu", "Tổ 8, phường Tô Hiệu", "Trồng và chế biến chè"),
    Person("ct-duong", "Trần Đại Dương", M, E.KINH, D(2000, 10, 21), "chi-doan-to-3-to-hieu", "Tổ 3, phường Tô Hiệu", "Thiết kế đồ hoạ, in 3D"),
    Person("ct-thao", "Lường Thị Thảo", F, E.THAI, D(2003, 1, 19), "dai-hoc-tay-bac", "Ký túc xá Trường Đại học Tây Bắc", "Sinh viên ngành Công nghệ thực phẩm"),
]  # fmt: skip


class EntryPlan(NamedTuple):
    title: str
    unit: str
    category: str
    team: tuple[str, ...]  # person keys, the lead first
    capital: int
    quality: float  # 0–1: how strong the idea is, for the demo's scores
    summary: str
    venture: str = ""  # the registry's venture this entry grew into, if any


ENTRIES_2021: list[EntryPlan] = [
    EntryPlan("Cà phê Arabica rang xay đặc sản Chiềng An", "thanh-doan-son-la", CB, ("thang", "huong"), 450_000_000, 0.90,
              "Sơ chế ướt, rang xay và đóng gói cà phê Arabica của các hộ thanh niên, bán qua cửa hàng và sàn thương mại điện tử.",
              "Hộ kinh doanh Cà phê Arabica Thắng Hôm"),
    EntryPlan("Hệ thống tưới nhỏ giọt tự động cho vườn cây ăn quả", "thanh-doan-son-la", NN, ("tuan", "huy"), 800_000_000, 0.86,
              "Cảm biến độ ẩm và bộ điều khiển tưới giá rẻ cho vườn xoài, nhãn, mận trên đất dốc.",
              "Công ty TNHH Công nghệ Nông nghiệp Tây Bắc Xanh"),
    EntryPlan("Sàn giao dịch nông sản Sơn La trên mạng xã hội", "thanh-doan-son-la", TM, ("duc-anh", "ct-linh"), 250_000_000, 0.78,
              "Livestream và gian hàng trực tuyến tiêu thụ nông sản của thanh niên các bản."),
    EntryPlan("Ô mai, mứt mận hậu từ vùng nguyên liệu Mộc Châu", "thanh-doan-son-la", CB, ("ngoc-le",), 300_000_000, 0.62,
              "Chế biến ô mai, mứt mận hậu giảm đường, bao bì giấy thân thiện môi trường."),
    EntryPlan("Trang trại bò sữa thanh niên ứng dụng chuồng trại thông minh", "thi-doan-moc-chau", NN, ("hai", "hang"), 1_500_000_000, 0.88,
              "Quạt mát, máng uống tự động và theo dõi sản lượng sữa từng con bằng phần mềm.",
              "Hợp tác xã Bò sữa Thanh niên Mộc Châu"),
    EntryPlan("Mận hậu VietGAP gắn mã số vùng trồng", "thi-doan-moc-chau", NN, ("do",), 200_000_000, 0.70,
              "3 ha mận hậu theo VietGAP, có mã số vùng trồng để vào siêu thị và xuất khẩu."),
    EntryPlan("Rau, hoa ôn đới trong nhà lưới Thảo Nguyên", "thi-doan-moc-chau", NN, ("sang",), 350_000_000, 0.74,
              "Nhà lưới trồng rau, hoa ôn đới cung cấp cho nhà hàng, khách sạn ở Mộc Châu."),
    EntryPlan("Chăn nuôi dê sinh sản cùng đoàn viên bản Hìn", "huyen-doan-mai-son", DV, ("hung",), 150_000_000, 0.66,
              "Nuôi dê sinh sản, hỗ trợ con giống cho đoàn viên trong bản cùng phát triển."),
    EntryPlan("Chanh leo VietGAP liên kết tiêu thụ xuất khẩu", "huyen-doan-mai-son", NN, ("bich", "hoa"), 400_000_000, 0.80,
              "2 ha chanh leo VietGAP, liên kết với doanh nghiệp bao tiêu quả để xuất khẩu."),
    EntryPlan("Hạt mắc ca sấy nứt vỏ Thuận Châu", "huyen-doan-thuan-chau", CB, ("toan",), 1_200_000_000, 0.84,
              "Xưởng sấy và tách vỏ mắc ca, đóng gói hạt mắc ca sấy nứt vỏ mang thương hiệu hợp tác xã.",
              "Hợp tác xã Mắc ca Thanh niên Thuận Châu"),
    EntryPlan("Thổ cẩm Thái làm quà lưu niệm du lịch", "huyen-doan-thuan-chau", DV, ("mai-anh",), 180_000_000, 0.69,
              "Túi, khăn, sổ tay bọc thổ cẩm Thái do chị em trong bản dệt, bán cho khách du lịch."),
    EntryPlan("Du lịch cộng đồng bản Hua Tạt", "huyen-doan-van-ho", DL, ("de",), 500_000_000, 0.85,
              "Homestay nhà sàn người Mông, trải nghiệm văn hoá, ẩm thực và nghề truyền thống.",
              "Homestay cộng đồng Hua Tạt"),
    EntryPlan("Thuốc tắm người Dao từ dược liệu dưới tán rừng", "huyen-doan-van-ho", CB, ("phu", "dung"), 350_000_000, 0.82,
              "Trồng dược liệu dưới tán rừng và đóng gói bài thuốc tắm truyền thống của người Dao."),
    EntryPlan("Cửa hàng nông sản sạch của thanh niên Phù Yên", "huyen-doan-phu-yen", TM, ("hang-phu-yen", "mai"), 200_000_000, 0.63,
              "Cửa hàng và trang bán hàng trực tuyến cho nông sản của thanh niên các bản."),
    EntryPlan("Lợn đen bản địa nuôi theo hướng an toàn sinh học", "huyen-doan-phu-yen", DV, ("khoa",), 300_000_000, 0.57,
              "Nuôi lợn đen bản địa bằng thức ăn tự phối trộn, đệm lót sinh học."),
    EntryPlan("Chè Shan tuyết cổ thụ Tà Xùa", "huyen-doan-bac-yen", CB, ("senh",), 600_000_000, 0.87,
              "Thu hái, chế biến chè Shan tuyết cổ thụ theo phương pháp truyền thống, xây dựng thương hiệu.",
              "Chè Shan tuyết cổ thụ Tà Xùa"),
    EntryPlan("Táo mèo sấy khô và siro sơn tra", "huyen-doan-bac-yen", CB, ("tien",), 250_000_000, 0.60,
              "Chế biến táo mèo thành sản phẩm sấy khô và siro, kéo dài thời gian tiêu thụ."),
    EntryPlan("Kho lạnh bảo quản nhãn tươi xuất khẩu", "huyen-doan-song-ma", CB, ("thu", "sua"), 2_000_000_000, 0.79,
              "Kho lạnh và dây chuyền sơ chế giúp hợp tác xã giữ nhãn tươi lâu hơn để xuất khẩu."),
    EntryPlan("Mật ong rừng Sốp Cộp", "huyen-doan-sop-cop", CB, ("ngoc", "tua"), 150_000_000, 0.73,
              "Nuôi ong nội dưới tán rừng, lọc và đóng chai mật ong có truy xuất nguồn gốc."),
    EntryPlan("Xoài tròn Yên Châu bán qua sàn thương mại điện tử", "huyen-doan-yen-chau", TM, ("khanh", "thanh"), 300_000_000, 0.76,
              "Đóng hộp xoài tròn theo tiêu chuẩn và bán qua các sàn thương mại điện tử."),
    EntryPlan("Cá tầm lồng hồ thủy điện Quỳnh Nhai", "huyen-doan-quynh-nhai", NN, ("duyen",), 900_000_000, 0.81,
              "Nuôi cá tầm trong lồng trên lòng hồ, nước lạnh quanh năm.",
              "Nuôi cá tầm lồng hồ Quỳnh Nhai"),
    EntryPlan("Du lịch thuyền khám phá lòng hồ Quỳnh Nhai", "huyen-doan-quynh-nhai", DL, ("dung-qn",), 400_000_000, 0.71,
              "Tour thuyền tham quan lòng hồ, đảo và các bản tái định cư."),
    EntryPlan("Cá lăng nuôi lồng có cảm biến môi trường nước", "huyen-doan-muong-la", NN, ("tuyen",), 450_000_000, 0.67,
              "Cảm biến ô-xy và nhiệt độ báo qua điện thoại cho các lồng nuôi cá lăng."),
    EntryPlan("Phân bón hữu cơ vi sinh từ vỏ cà phê", "dai-hoc-tay-bac", NN, ("lu", "nhung"), 120_000_000, 0.83,
              "Ủ vỏ cà phê với chế phẩm vi sinh thành phân bón hữu cơ cho vườn cây ăn quả."),
    EntryPlan("Ứng dụng truy xuất nguồn gốc nông sản bằng mã QR", "dai-hoc-tay-bac", TM, ("ct-tram", "ct-thao"), 100_000_000, 0.77,
              "Ứng dụng di động ghi nhật ký canh tác và in mã QR cho sản phẩm của hợp tác xã."),
]  # fmt: skip
REJECTED_2021 = EntryPlan(
    "Cửa hàng tạp hoá tổng hợp", "huyen-doan-song-ma", DV, ("ct-vuong",), 100_000_000, 0.3,
    "Mở cửa hàng bán lẻ tạp hoá tại trung tâm xã.",
)  # fmt: skip
REJECTION_REASON = (
    "Ý tưởng kinh doanh thông thường, không có yếu tố đổi mới sáng tạo theo Thể lệ; hồ sơ thiếu kế hoạch kinh doanh."
)
# Huyện đoàn Sốp Cộp sent its entry late: landslides cut the roads at the end of August 2021.
EXTENSION_2021 = (
    "huyen-doan-sop-cop",
    at(D(2021, 9, 2), 17),
    "Mưa lũ gây sạt lở, chia cắt giao thông nhiều bản cuối tháng 8/2021.",
)


class CurrentEntryPlan(NamedTuple):
    title: str
    unit: str
    officer: str
    category: str
    team: tuple[str, ...]
    capital: int
    summary: str
    days_ago: int  # when the draft was saved
    submit: bool


CURRENT_ENTRIES = [
    CurrentEntryPlan("Nền tảng đặt tour du lịch cộng đồng Sơn La", "to-hieu", "tohieu", DL, ("ct-kien", "duc-anh"), 350_000_000,
                     "Website và ứng dụng đặt tour, homestay của các bản du lịch cộng đồng, thanh toán trực tuyến.", 21, True),
    CurrentEntryPlan("Trà túi lọc từ lá vối và hoa ban", "to-hieu", "tohieu", CB, ("ct-nga",), 200_000_000,
                     "Sấy lạnh lá vối và hoa ban, đóng túi lọc làm quà đặc sản Sơn La.", 12, True),
    CurrentEntryPlan("Xưởng in 3D đồ lưu niệm hoa văn thổ cẩm", "to-hieu", "tohieu", DV, ("ct-duong",), 150_000_000,
                     "In 3D móc khoá, mô hình nhà sàn có hoa văn thổ cẩm cho các điểm du lịch.", 3, False),
    CurrentEntryPlan("Phân hữu cơ từ bã mía cho vùng nguyên liệu Mai Sơn", "mai-son", "maison", NN, ("hoa", "bich"), 300_000_000,
                     "Ủ bã mía của nhà máy đường với chế phẩm vi sinh thành phân bón cho ruộng mía của thanh niên.", 15, True),
    CurrentEntryPlan("Dịch vụ phun thuốc bảo vệ thực vật bằng thiết bị bay", "mai-son", "maison", DV, ("hung",), 450_000_000,
                     "Tổ dịch vụ của thanh niên phun thuốc cho ruộng mía, vườn cây ăn quả bằng thiết bị bay không người lái.", 4, False),
    CurrentEntryPlan("Nhận diện sâu bệnh cây cà phê bằng trí tuệ nhân tạo", "dai-hoc-tay-bac", "dhtaybac", NN, ("nam", "nhung"), 120_000_000,
                     "Ứng dụng chụp ảnh lá cà phê, nhận diện sâu bệnh và gợi ý cách xử lý.", 18, True),
    CurrentEntryPlan("Bánh mì thịt trâu gác bếp đóng gói", "dai-hoc-tay-bac", "dhtaybac", CB, ("ct-thao", "ct-tram"), 90_000_000,
                     "Bánh mì nhân thịt trâu gác bếp đóng gói hút chân không cho khách du lịch.", 9, True),
]  # fmt: skip


# --- helpers ---------------------------------------------------------------------------


def _people_by_key() -> dict[str, Person]:
    return {p.key: p for p in [*PEOPLE, *NEW_PEOPLE]}


def _check_data() -> None:
    people = _people_by_key()
    if len(people) != len(PEOPLE) + len(NEW_PEOPLE):
        raise ValueError("contest demo people need keys unused by the registry demo")
    if len({citizen_id(p) for p in people.values()}) != len(people):
        raise ValueError("contest demo people need unique citizen ids")
    plans = [*ENTRIES_2021, REJECTED_2021]
    if len({(e.title, e.unit) for e in plans}) != len(plans):
        raise ValueError("2021 entries need unique titles within a unit")
    for plan in [*plans, *CURRENT_ENTRIES]:
        missing = [key for key in plan.team if key not in people]
        if missing:
            raise ValueError(f"{plan.title}: unknown people {missing}")


def _ensure_people(ctx: DemoContext, keys: set[str]) -> dict[str, Entrepreneur]:
    """The registry records of these people, registering the contest's new ones."""
    people = _people_by_key()
    ids = {key: citizen_id(people[key]) for key in keys}
    found = {e.citizen_id: e for e in Entrepreneur.objects.filter(citizen_id__in=ids.values())}
    result = {}
    for key in sorted(keys):
        entrepreneur = found.get(ids[key])
        if entrepreneur is None:
            person = people[key]
            entrepreneur = entrepreneur_save(
                entrepreneur=Entrepreneur(
                    full_name=person.full_name,
                    date_of_birth=person.born,
                    gender=person.gender,
                    ethnicity=person.ethnicity,
                    phone=mobile(person),
                    citizen_id=ids[key],
                    unit=ctx.unit(person.unit),
                    address=person.address,
                    occupation=person.occupation,
                ),
                actor=ctx.user(ACTOR),
            )
        result[key] = entrepreneur
    return result


def _spread(*keys: str) -> float:
    """A stable number in [-1, 1) from the keys: each judge's view of each criterion differs a little."""
    return (zlib.crc32(":".join(keys).encode()) % 2000) / 1000 - 1


def _points(max_points: Decimal, share: float) -> Decimal:
    """Points on a half-point scale, within 0 and the criterion's maximum."""
    halves = int(float(max_points) * min(max(share, 0.0), 1.0) * 2 + 0.5)
    return Decimal(halves) / 2


def _conflicted(judge_paths: tuple[str, ...], unit_path: str) -> bool:
    return any(unit_path.startswith(p) or p.startswith(unit_path) for p in judge_paths)


def _balanced_pairs(*, stage: Round, entries: list[Entry], judges: list[Judge]) -> list[tuple[Entry, Judge]]:
    """Each entry its number of judges, least-loaded first, none from its unit's branch of the tree."""
    paths = selectors.judge_paths_for_contest(contest_id=stage.contest_id)
    loads = {judge.pk: 0 for judge in judges}
    candidates = {entry.pk: [j for j in judges if not _conflicted(paths[j.pk], entry.unit.path)] for entry in entries}
    pairs = []
    for entry in sorted(entries, key=lambda e: (len(candidates[e.pk]), e.code)):
        chosen = sorted(candidates[entry.pk], key=lambda j: (loads[j.pk], j.pk))[: stage.judges_per_entry]
        for judge in chosen:
            loads[judge.pk] += 1
            pairs.append((entry, judge))
    return pairs


def _score_round(
    *, stage: Round, entries: list[Entry], judges: list[Judge], quality: dict[int, float], leniency: dict[int, float]
) -> int:
    """Assign the round's judges and write every submitted scorecard, with history at the time it happened."""
    criteria = list(stage.criteria.order_by("order"))
    window = (stage.closes_at - stage.opens_at).total_seconds()
    cards, points_by_card = [], []
    for n, (entry, judge) in enumerate(_balanced_pairs(stage=stage, entries=entries, judges=judges)):
        submitted_at = stage.opens_at + datetime.timedelta(seconds=window * (0.2 + 0.7 * ((n * 37) % 100) / 100))
        points = [
            _points(
                c.max_points,
                quality[entry.pk] + leniency[judge.pk] + 0.06 * _spread(entry.title, judge.user.username, c.name),
            )
            for c in criteria
        ]
        card = Assignment(
            round=stage,
            judge=judge,
            entry=entry,
            status=Assignment.Status.SUBMITTED,
            total=sum((p * c.weight for p, c in zip(points, criteria, strict=True)), Decimal(0)),
            submitted_at=submitted_at,
            version=1,
        )
        card._history_user, card._history_date = judge.user, submitted_at
        cards.append(card)
        points_by_card.append(points)
    cards = bulk_create_with_history(cards, Assignment)
    scores = []
    for card, points in zip(cards, points_by_card, strict=True):
        for criterion, value in zip(criteria, points, strict=True):
            score = Score(assignment=card, criterion=criterion, points=value, criterion_max=criterion.max_points)
            score._history_user, score._history_date = card.judge.user, card.submitted_at
            scores.append(score)
    bulk_create_with_history(scores, Score)
    return len(cards)


def _decide(*, stage: Round, next_stage: Round | None, actor) -> list[RoundResult]:
    """Record how the round ended, as `services.round_advance` would have on the day."""
    ranking = selectors.round_ranking(round=stage)
    results = []
    for row in ranking:
        if next_stage is None:
            outcome = RoundResult.Outcome.FINALIST
        elif stage.advance_count is not None and row.rank > stage.advance_count:
            outcome = RoundResult.Outcome.ELIMINATED
        else:
            outcome = RoundResult.Outcome.ADVANCED
        results.append(
            RoundResult(
                round=stage, entry_id=row.entry_id, rank=row.rank, mean=row.mean, median=row.median, outcome=outcome
            )
        )
    RoundResult.objects.bulk_create(results)
    outcome_of = {r.entry_id: r.outcome for r in results}
    entries = list(Entry.objects.filter(pk__in=outcome_of))
    for entry in entries:
        if outcome_of[entry.pk] == RoundResult.Outcome.ADVANCED:
            entry.round = next_stage
        elif outcome_of[entry.pk] == RoundResult.Outcome.ELIMINATED:
            entry.status = Entry.Status.ELIMINATED
        else:
            entry.status = Entry.Status.FINISHED
        entry.updated_at = stage.decided_at
    bulk_update_with_history(
        entries, Entry, ["round", "status", "updated_at"], default_user=actor, default_date=stage.decided_at
    )
    return results


# --- the 2021 contest ------------------------------------------------------------------


def _contest_2021(ctx: DemoContext) -> Contest:
    actor = ctx.user(ACTOR)
    contest, _created = ensure_object(
        Contest,
        lookup={"slug": SLUG_2021},
        values={
            "name": NAME.format(roman(EDITION_2021)),
            "year": 2021,
            "description": DESCRIPTION,
            "status": Contest.Status.FINISHED,
            "submission_opens_at": at(D(2021, 3, 15)),
            "submission_closes_at": at(D(2021, 8, 30), 23, 59),
            "min_entries_per_unit": 5,
            "max_entries_per_unit": 10,
            "max_team_size": 3,
            "min_age": 18,
            "max_age": 35,
            "age_reference_date": D(2021, 8, 30),
            "results_published_at": at(D(2021, 9, 17), 17, 30),
            "created_by": actor,
        },
    )
    for order, name in enumerate(CATEGORIES, start=1):
        ensure_object(Category, lookup={"contest": contest, "name": name}, values={"order": order})
    for rank, name, count, amount in PRIZES:
        ensure_object(
            PrizeTier,
            lookup={"contest": contest, "rank": rank},
            values={"name": name, "count": count, "amount": amount},
        )
    for plan in ROUNDS_2021:
        stage, _created = ensure_object(
            Round,
            lookup={"contest": contest, "order": plan.order},
            values={
                "name": plan.name,
                "kind": plan.kind,
                "status": Round.Status.CLOSED,
                "opens_at": plan.opens,
                "closes_at": plan.closes,
                "judges_per_entry": plan.judges_per_entry,
                "is_blind": plan.is_blind,
                "is_live": plan.is_live,
                "advance_count": plan.advance_count,
                "decided_at": plan.closes + datetime.timedelta(minutes=30),
                "decided_by": actor,
                "ranking_revealed_at": plan.closes if plan.is_live else None,
            },
        )
        for position, (name, max_points, description) in enumerate(plan.criteria or [], start=1):
            ensure_object(
                Criterion,
                lookup={"round": stage, "name": name},
                values={"max_points": Decimal(max_points), "description": description, "order": position},
            )
    return contest


def _judges(ctx: DemoContext, contest: Contest) -> list[Judge]:
    province = ctx.unit("tinh-doan-son-la")
    judges = []
    for plan in JUDGES:
        user = ensure_user(ctx, plan.username, full_name=plan.full_name, phone=plan.phone)
        membership_grant(user=user, unit=province, role=Membership.Role.JUDGE, title=plan.title)
        judge, _created = ensure_object(
            Judge,
            lookup={"contest": contest, "user": user},
            values={"affiliation": ctx.unit(plan.affiliation) if plan.affiliation else None, "title": plan.title},
        )
        judge.user = user  # keep the loaded user: the scorecards below name it for every card
        judges.append(judge)
    return judges


def _entries_2021(ctx: DemoContext, contest: Contest) -> tuple[list[Entry], Entry]:
    """The entries as they stood after screening (1 September 2021), created if missing."""
    actor = ctx.user(ACTOR)
    plans = [*ENTRIES_2021, REJECTED_2021]
    people = _ensure_people(ctx, {key for plan in plans for key in plan.team})
    categories = {c.name: c for c in contest.categories.all()}
    preliminary = contest.rounds.get(order=1)
    ventures = {v.name: v for v in Venture.objects.filter(name__in=[p.venture for p in plans if p.venture])}
    existing = {(e.title, e.unit_id): e for e in Entry.objects.filter(contest=contest).select_related("unit")}
    sop_cop, extended_until, extension_reason = EXTENSION_2021
    if not UnitExtension.objects.filter(contest=contest, unit=ctx.unit(sop_cop)).exists():
        extension = UnitExtension(
            contest=contest, unit=ctx.unit(sop_cop), until=extended_until, reason=extension_reason, granted_by=actor
        )
        extension._history_user, extension._history_date = actor, at(D(2021, 8, 30), 16)
        extension.save()
    entries = []
    for number, plan in enumerate(plans, start=1):
        unit = ctx.unit(plan.unit)
        entry = existing.get((plan.title, unit.pk))
        if entry is None:
            rejected = plan is REJECTED_2021
            submitted_at = (
                at(D(2021, 9, 1), 15)
                if plan.unit == sop_cop
                else at(D(2021, 7, 1), 9) + datetime.timedelta(days=2 * number, hours=number % 7)
            )
            entry = Entry(
                contest=contest,
                unit=unit,
                category=categories[plan.category],
                code=f"2021-{number:03d}",
                title=plan.title,
                summary=plan.summary,
                capital_needed=plan.capital,
                status=Entry.Status.REJECTED if rejected else Entry.Status.IN_COMPETITION,
                round=None if rejected else preliminary,
                submitted_at=submitted_at,
                rejection_reason=REJECTION_REASON if rejected else "",
                screened_by=actor,
                screened_at=at(D(2021, 9, 3), 10),
                venture=ventures.get(plan.venture),
                created_by=actor,
            )
            entry.full_clean()
            entry._history_user, entry._history_date = actor, entry.screened_at
            entry.save()
            TeamMember.objects.bulk_create(
                [
                    TeamMember(
                        entry=entry,
                        entrepreneur=people[key],
                        role=TeamMember.Role.LEAD if position == 0 else TeamMember.Role.MEMBER,
                    )
                    for position, key in enumerate(plan.team)
                ]
            )
        entries.append(entry)
    return entries[:-1], entries[-1]


def _judging_2021(ctx: DemoContext, contest: Contest, judges: list[Judge], entries: list[Entry]) -> tuple[str, int]:
    actor = ctx.user(ACTOR)
    preliminary, coaching, final = (contest.rounds.get(order=n) for n in (1, 2, 3))
    quality = {e.pk: plan.quality for e, plan in zip(entries, ENTRIES_2021, strict=True)}
    leniency = {j.pk: plan.leniency for j, plan in zip(judges, JUDGES, strict=True)}
    done = []

    if not preliminary.assignments.exists():
        in_round = list(Entry.objects.filter(round=preliminary).select_related("unit"))
        cards = _score_round(stage=preliminary, entries=in_round, judges=judges, quality=quality, leniency=leniency)
        done.append(f"sơ tuyển {cards} phiếu")
    if not preliminary.results.exists():
        _decide(stage=preliminary, next_stage=coaching, actor=actor)

    mentors = [j.user for j in judges if j.user.username in MENTORS]
    coaching.mentors.set(mentors)
    coached = list(
        Entry.objects.filter(round_results__round=preliminary, round_results__outcome=RoundResult.Outcome.ADVANCED)
    )
    for n, entry in enumerate(coached):
        mentor = mentors[n % len(mentors)]
        if not MentorFeedback.objects.filter(round=coaching, entry=entry, mentor=mentor).exists():
            MentorFeedback.objects.create(
                round=coaching,
                entry=entry,
                mentor=mentor,
                text="Bổ sung phân tích giá thành và kênh phân phối; chuẩn bị bản thuyết trình 7 phút với số liệu thực tế.",
            )
    moved = Entry.objects.filter(round=coaching, status=Entry.Status.IN_COMPETITION)
    moving = list(moved)
    for entry in moving:
        entry.round = final
        entry.updated_at = coaching.decided_at
    bulk_update_with_history(
        moving, Entry, ["round", "updated_at"], default_user=actor, default_date=coaching.decided_at
    )

    if not final.assignments.exists():
        finalists = list(Entry.objects.filter(round=final).select_related("unit"))
        # Coaching helped: teams pitch a better version than they sent.
        improved = {pk: q + 0.03 for pk, q in quality.items()}
        cards = _score_round(stage=final, entries=finalists, judges=judges, quality=improved, leniency=leniency)
        done.append(f"chung kết {cards} phiếu")
    if not final.results.exists():
        _decide(stage=final, next_stage=None, actor=actor)

    tiers = list(contest.prize_tiers.order_by("rank"))
    slots = [tier for tier in tiers for _ in range(tier.count)]
    awarded = 0
    for result, tier in zip(final.results.order_by("rank"), slots, strict=False):
        _award, created = Award.objects.get_or_create(
            entry_id=result.entry_id, defaults={"tier": tier, "awarded_by": actor}
        )
        awarded += created
    # The first three prizes were proposed for capital support (plan-son-la §II.5).
    Entry.objects.filter(contest=contest, award__tier__rank__lte=3, capital_support=False).update(capital_support=True)
    return ", ".join(done) or "đã có", awarded


# --- this year's edition ---------------------------------------------------------------


def _current_contest(ctx: DemoContext, source: Contest) -> Contest:
    """A copy of 2021 open from a month ago to a month ahead, its rounds after that."""
    actor = ctx.user(ACTOR)
    year = max(ctx.today.year, source.year + 1)
    contest = Contest.objects.filter(slug=f"{SLUG_BASE}-{year}").first()
    if contest is None:
        contest = services.contest_copy(source=source, year=year, actor=actor)
    closes_on = ctx.today + datetime.timedelta(days=30)
    ensure_object(
        Contest,
        lookup={"pk": contest.pk},
        values={
            "name": NAME.format(roman(EDITION_2021 + year - source.year)),
            "status": Contest.Status.OPEN,
            "submission_opens_at": at(ctx.today - datetime.timedelta(days=30)),
            "submission_closes_at": at(closes_on, 23, 59),
            "age_reference_date": closes_on,
            "results_published_at": None,
        },
    )
    schedule = {1: (6, 8, 11, 17), 2: (12, 8, 16, 17), 3: (18, 8, 18, 17)}  # days after the deadline, hours
    for order, (start, start_hour, end, end_hour) in schedule.items():
        ensure_object(
            Round,
            lookup={"contest": contest, "order": order},
            values={
                "opens_at": at(closes_on + datetime.timedelta(days=start), start_hour),
                "closes_at": at(closes_on + datetime.timedelta(days=end), end_hour),
            },
        )
    for plan in JUDGES:
        if plan.username in CURRENT_PANEL:
            ensure_object(
                Judge,
                lookup={"contest": contest, "user": ctx.user(plan.username)},
                values={"affiliation": ctx.unit(plan.affiliation) if plan.affiliation else None, "title": plan.title},
            )
    contest.refresh_from_db()
    return contest


def _current_entries(ctx: DemoContext, contest: Contest) -> int:
    people = _ensure_people(ctx, {key for plan in CURRENT_ENTRIES for key in plan.team})
    categories = {c.name: c for c in contest.categories.all()}
    existing = set(Entry.objects.filter(contest=contest).values_list("title", "unit_id"))
    created = 0
    for plan in CURRENT_ENTRIES:
        unit = ctx.unit(plan.unit)
        if (plan.title, unit.pk) in existing:
            continue
        officer = ctx.user(plan.officer)
        saved_at = at(ctx.today - datetime.timedelta(days=plan.days_ago), 9, 30)
        entry = services.entry_save_draft(
            entry=Entry(
                contest=contest,
                unit=unit,
                category=categories[plan.category],
                title=plan.title,
                summary=plan.summary,
                capital_needed=plan.capital,
            ),
            team=[
                TeamMemberInput(people[key], TeamMember.Role.LEAD if n == 0 else TeamMember.Role.MEMBER)
                for n, key in enumerate(plan.team)
            ],
            actor=officer,
            now=saved_at,
        )
        if plan.submit:
            services.entry_submit(entry=entry, actor=officer, now=saved_at + datetime.timedelta(hours=2))
        created += 1
    return created


def load(ctx: DemoContext) -> None:
    """The 2021 contest from call to prizes, and this year's edition open for entries."""
    _check_data()
    contest = _contest_2021(ctx)
    judges = _judges(ctx, contest)
    entries, _rejected = _entries_2021(ctx, contest)
    judged, awarded = _judging_2021(ctx, contest, judges, entries)
    ctx.log(
        f"  cuộc thi {contest.year}: {len(entries) + 1} bài, {len(judges)} giám khảo, chấm: {judged}, giải mới: {awarded}"
    )
    current = _current_contest(ctx, contest)
    created = _current_entries(ctx, current)
    closes = timezone.localtime(current.submission_closes_at)
    ctx.log(f"  cuộc thi {current.year}: đang nhận bài đến {closes:%d/%m/%Y}, {created} bài mới")
