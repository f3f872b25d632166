# ruff: noqa: E501 -- the demo tables keep one entry or person per row
"""The contest demo's tables: Sơn La's 2021 contest (categories, prizes, rounds and
criteria, judges, young people, entries) and this year's entries.

`demo.py` loads them; see its docstring for the story they tell.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings

from common.choices import Ethnicity, Gender
from ventures.demo import Person

from .models import Round

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
