# ruff: noqa: E501 -- the demo tables keep one person or venture per row
"""Demo data: young entrepreneurs of Sơn La and their economic models.

Everything is written through the registry's services, as the provincial staff user
of `accounts.demo`. Rows are keyed on natural keys (citizen id; venture name within
its unit; venture and period) and skipped when present, so re-runs add nothing.
Identifiers and phone numbers are derived from each person's key, not from their
position in the list, so adding a person later changes nobody else's.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from common.choices import Ethnicity, Gender
from common.demo import DemoContext, citizen_id, mobile, tax_code

from .models import Entrepreneur, Venture, VentureUpdate
from .services import entrepreneur_save, venture_record_update, venture_save

ACTOR = "tinhdoan"

M, F = Gender.MALE, Gender.FEMALE
E = Ethnicity
K = Venture.Kind
S = Venture.Sector


class Person(NamedTuple):
    key: str
    full_name: str
    gender: str
    ethnicity: str
    born: datetime.date
    unit: str
    address: str
    occupation: str


D = datetime.date

PEOPLE: list[Person] = [
    Person("thang", "Lò Văn Thắng", M, E.THAI, D(1994, 3, 12), "chieng-an", "Bản Hôm, phường Chiềng An", "Trồng và chế biến cà phê"),
    Person("huong", "Cầm Thị Hương", F, E.THAI, D(1997, 8, 25), "chieng-an", "Bản Lay, phường Chiềng An", "Kinh doanh cà phê rang xay"),
    Person("de", "Sồng A Dế", M, E.MONG, D(1998, 11, 2), "van-ho", "Bản Hua Tạt, xã Vân Hồ", "Làm du lịch cộng đồng"),
    Person("mai", "Hà Thị Mai", F, E.MUONG, D(1995, 5, 17), "phu-yen", "Bản Cò Cại, xã Phù Yên", "Kinh doanh nông sản"),
    Person("hung", "Tòng Văn Hùng", M, E.THAI, D(1993, 1, 20), "chi-doan-ban-hin-mai-son", "Bản Hìn, xã Mai Sơn", "Bí thư Chi đoàn bản Hìn, chăn nuôi dê"),
    Person("hai", "Nguyễn Văn Hải", M, E.KINH, D(1991, 6, 9), "moc-chau", "Tiểu khu 70, phường Mộc Châu", "Chăn nuôi bò sữa"),
    Person("hang", "Trần Thị Thu Hằng", F, E.KINH, D(1996, 9, 14), "moc-chau", "Tiểu khu 64, phường Mộc Châu", "Kế toán hợp tác xã"),
    Person("nhung", "Vũ Thị Hồng Nhung", F, E.KINH, D(2003, 4, 30), "dai-hoc-tay-bac", "Ký túc xá Trường Đại học Tây Bắc", "Sinh viên ngành Công nghệ thông tin"),
    Person("nam", "Quàng Văn Nam", M, E.THAI, D(2004, 2, 11), "dai-hoc-tay-bac", "Ký túc xá Trường Đại học Tây Bắc", "Sinh viên ngành Kỹ thuật phần mềm"),
    Person("lu", "Giàng A Lử", M, E.MONG, D(2002, 7, 7), "chi-doan-k64-kinh-te-nong-nghiep", "Ký túc xá Trường Đại học Tây Bắc", "Sinh viên ngành Kinh tế nông nghiệp"),
    Person("do", "Mùa Thị Dợ", F, E.MONG, D(1999, 10, 10), "moc-chau", "Bản Nà Ka, phường Mộc Châu", "Trồng mận hậu"),
    Person("chien", "Lường Văn Chiến", M, E.THAI, D(1992, 12, 1), "mai-son", "Bản Nà Tre, xã Mai Sơn", "Trồng mía"),
    Person("hoa", "Vì Thị Hoa", F, E.THAI, D(1998, 3, 3), "mai-son", "Bản Hìn, xã Mai Sơn", "Trồng mía"),
    Person("bich", "Lò Thị Bích", F, E.THAI, D(1996, 6, 18), "chi-doan-ban-na-tre-mai-son", "Bản Nà Tre, xã Mai Sơn", "Bí thư Chi đoàn bản Nà Tre, trồng chanh leo"),
    Person("toan", "Cà Văn Toán", M, E.THAI, D(1990, 8, 19), "thuan-chau", "Bản Mé, xã Thuận Châu", "Giám đốc hợp tác xã"),
    Person("mai-anh", "Lò Thị Mai Anh", F, E.THAI, D(2000, 6, 6), "thuan-chau", "Bản Bó, xã Thuận Châu", "Dệt thổ cẩm"),
    Person("tuyen", "Điêu Chính Tuyên", M, E.THAI, D(1996, 1, 15), "muong-la", "Bản Ít Ong, xã Mường La", "Nuôi cá lồng"),
    Person("phu", "Triệu Văn Phú", M, E.DAO, D(1995, 4, 21), "van-ho", "Bản Suối Lìn, xã Vân Hồ", "Trồng dược liệu"),
    Person("dung", "Bàn Thị Dung", F, E.DAO, D(1999, 11, 28), "van-ho", "Bản Suối Lìn, xã Vân Hồ", "Chế biến thuốc tắm người Dao"),
    Person("khoa", "Đinh Văn Khoa", M, E.MUONG, D(1994, 7, 4), "phu-yen", "Bản Đá Mài, xã Phù Yên", "Chăn nuôi lợn"),
    Person("hang-phu-yen", "Bùi Thị Hằng", F, E.MUONG, D(2001, 2, 14), "phu-yen", "Tổ 4, xã Phù Yên", "Bán hàng nông sản"),
    Person("tien", "Hà Văn Tiến", M, E.MUONG, D(1997, 5, 5), "bac-yen", "Bản Phiêng Ban, xã Bắc Yên", "Chế biến táo mèo"),
    Person("senh", "Mùa A Sênh", M, E.MONG, D(1996, 9, 9), "bac-yen", "Bản Tà Xùa, xã Bắc Yên", "Trồng và chế biến chè Shan tuyết"),
    Person("sua", "Thào Thị Sua", F, E.MONG, D(2000, 12, 12), "song-ma", "Bản Huổi Mòn, xã Sông Mã", "Trồng nhãn"),
    Person("thu", "Quàng Thị Thu", F, E.THAI, D(1995, 10, 30), "song-ma", "Bản Híp, xã Sông Mã", "Giám đốc hợp tác xã"),
    Person("ngoc", "Lò Văn Ngọc", M, E.THAI, D(1993, 3, 8), "sop-cop", "Bản Sốp Cộp, xã Sốp Cộp", "Nuôi ong lấy mật"),
    Person("tua", "Vừ A Tủa", M, E.MONG, D(1998, 5, 19), "sop-cop", "Bản Huổi Lạ, xã Sốp Cộp", "Nuôi ong lấy mật"),
    Person("duc-anh", "Hoàng Đức Anh", M, E.KINH, D(1993, 11, 11), "chi-doan-to-3-to-hieu", "Tổ 3, phường Tô Hiệu", "Bí thư Chi đoàn Tổ 3, kinh doanh trực tuyến"),
    Person("tuan", "Phạm Minh Tuấn", M, E.KINH, D(1990, 2, 27), "to-hieu", "Tổ 7, phường Tô Hiệu", "Giám đốc doanh nghiệp công nghệ"),
    Person("ngoc-le", "Lê Thị Ngọc", F, E.KINH, D(1997, 7, 16), "chieng-coi", "Tổ 2, phường Chiềng Cơi", "Chế biến ô mai, mứt"),
    Person("huy", "Đỗ Quang Huy", M, E.KINH, D(1992, 4, 8), "chieng-sinh", "Tổ 9, phường Chiềng Sinh", "Sửa chữa máy nông nghiệp"),
    Person("xuan", "Lèo Thị Xuân", F, E.THAI, D(2005, 3, 22), "cao-dang-son-la", "Ký túc xá Trường Cao đẳng Sơn La", "Học sinh ngành Dược"),
    Person("son", "Mè Văn Sơn", M, E.THAI, D(2006, 1, 9), "cao-dang-son-la", "Ký túc xá Trường Cao đẳng Sơn La", "Học sinh ngành Điều dưỡng"),
    Person("khanh", "Bùi Văn Khánh", M, E.MUONG, D(1991, 12, 24), "yen-chau", "Bản Khá, xã Yên Châu", "Trồng xoài"),
    Person("thanh", "Lò Văn Thanh", M, E.THAI, D(1999, 8, 2), "yen-chau", "Bản Phiêng Hàng, xã Yên Châu", "Trồng cây ăn quả"),
    Person("duyen", "Lường Thị Duyên", F, E.THAI, D(1998, 4, 26), "quynh-nhai", "Bản Có Luông, xã Quỳnh Nhai", "Nuôi cá tầm"),
    Person("dung-qn", "Cầm Văn Dũng", M, E.THAI, D(1994, 10, 3), "quynh-nhai", "Bản Phiêng Lanh, xã Quỳnh Nhai", "Du lịch lòng hồ"),
    Person("sang", "Lầu A Sáng", M, E.MONG, D(1997, 1, 30), "thao-nguyen", "Bản Áng, phường Thảo Nguyên", "Trồng hoa và rau ôn đới"),
]  # fmt: skip


class Plan(NamedTuple):
    """One venture; `reports` are (period kind, year, period number), oldest first."""

    name: str
    kind: str
    sector: str
    unit: str
    owners: tuple[str, ...]
    founded_on: datetime.date
    employees: int
    annual_revenue: int
    description: str
    reports: tuple[tuple[str, int, int], ...]
    highlights: str = ""
    difficulties: str = ""
    support_requested: str = ""
    tax_base: str = ""  # first 9 digits of the tax code; the check digit is computed
    status: str = Venture.Status.ACTIVE
    average_income: int = 5_500_000


YEAR_2025 = (VentureUpdate.PeriodKind.YEAR, 2025, 1)


def months(*numbers: int, year: int = 2026) -> tuple[tuple[str, int, int], ...]:
    return tuple((VentureUpdate.PeriodKind.MONTH, year, n) for n in numbers)


PLANS: list[Plan] = [
    Plan(
        "Hộ kinh doanh Cà phê Arabica Thắng Hôm", K.HOUSEHOLD, S.PROCESSING, "chieng-an", ("thang",),
        D(2019, 5, 10), 6, 1_450_000_000,
        "Trồng 4 ha cà phê Arabica, sơ chế ướt và rang xay, bán cà phê nhân và cà phê bột.",
        (YEAR_2025, *months(9, 10)),
        "Ký hợp đồng bao tiêu 12 tấn cà phê nhân với doanh nghiệp xuất khẩu.",
        "Giá phân bón tăng; thiếu sân phơi khi mưa kéo dài.",
        "Đề nghị giới thiệu vay vốn NHCSXH 100 triệu đồng để làm nhà sấy.",
        average_income=6_500_000,
    ),
    Plan(
        "Cà phê rang xay Hương Chiềng An", K.HOUSEHOLD, S.TRADE, "chieng-an", ("huong",),
        D(2021, 10, 1), 3, 780_000_000,
        "Rang xay và bán cà phê đặc sản Sơn La qua cửa hàng và sàn thương mại điện tử.",
        months(8, 9, 10),
        "Mở gian hàng trên sàn thương mại điện tử, đơn hàng tăng 20%.",
    ),
    Plan(
        "Hợp tác xã Bò sữa Thanh niên Mộc Châu", K.COOPERATIVE, S.LIVESTOCK, "moc-chau", ("hai", "hang"),
        D(2018, 3, 26), 14, 6_800_000_000,
        "14 hộ thành viên nuôi 320 con bò sữa, giao sữa tươi cho nhà máy theo hợp đồng.",
        (YEAR_2025, *months(10)),
        "Đàn bò đạt năng suất bình quân 20 lít/con/ngày.",
        "Thiếu đất trồng cỏ vào mùa khô.",
        tax_base="550061234",
        average_income=8_000_000,
    ),
    Plan(
        "Vườn mận hậu Nà Ka", K.HOUSEHOLD, S.CROPS, "moc-chau", ("do",),
        D(2017, 1, 15), 5, 620_000_000,
        "3 ha mận hậu theo tiêu chuẩn VietGAP, bán quả tươi mùa tháng 5–6.",
        (YEAR_2025,),
        "Vụ mận 2025 đạt 45 tấn, có mã số vùng trồng.",
        "Giá mận xuống thấp khi vào chính vụ.",
        "Đề nghị kết nối tiêu thụ qua phiên chợ trực tuyến của Tỉnh đoàn.",
    ),
    Plan(
        "Cơ sở chế biến ô mai, mứt mận Chiềng Cơi", K.HOUSEHOLD, S.PROCESSING, "chieng-coi", ("ngoc-le",),
        D(2022, 6, 1), 4, 540_000_000,
        "Chế biến ô mai, mứt và rượu mận từ mận hậu Mộc Châu.",
        months(9, 10),
        "Sản phẩm ô mai mận được đăng ký tham gia đánh giá OCOP.",
    ),
    Plan(
        "Ứng dụng truy xuất nguồn gốc nông sản Sơn La", K.IDEA, S.TECHNOLOGY, "dai-hoc-tay-bac", ("nhung", "nam"),
        D(2025, 10, 20), 0, 0,
        "Ứng dụng di động quét mã QR để xem vùng trồng, nhật ký canh tác và chứng nhận của nông sản.",
        months(10),
        "Hoàn thiện bản mẫu, thử nghiệm với 3 hợp tác xã cà phê.",
        "Thiếu kinh phí thuê máy chủ.",
        "Đề nghị được tư vấn, hoàn thiện dự án trước vòng chung kết.",
        average_income=0,
    ),
    Plan(
        "Phân bón hữu cơ vi sinh từ vỏ cà phê", K.IDEA, S.CROPS, "chi-doan-k64-kinh-te-nong-nghiep", ("lu",),
        D(2026, 3, 1), 0, 0,
        "Ủ vỏ cà phê với chế phẩm vi sinh thành phân bón hữu cơ cho vườn cây ăn quả.",
        months(9),
        "Ủ thử 2 tấn vỏ cà phê, đã gửi mẫu phân tích.",
        average_income=0,
    ),
    Plan(
        "Câu lạc bộ Hỗ trợ sinh viên khởi nghiệp Trường Đại học Tây Bắc", K.YOUTH_CLUB, S.EDUCATION,
        "dai-hoc-tay-bac", ("nhung", "lu"),
        D(2021, 4, 26), 0, 0,
        "Sinh hoạt chuyên đề khởi nghiệp, kết nối sinh viên với doanh nghiệp và chuyên gia.",
        months(10),
        "Tổ chức 2 buổi chia sẻ kinh nghiệm khởi nghiệp cho 180 sinh viên.",
        average_income=0,
    ),
    Plan(
        "Tổ hợp tác trồng mía Thanh niên Mai Sơn", K.COOPERATIVE_GROUP, S.CROPS, "mai-son", ("chien", "hoa"),
        D(2020, 2, 10), 9, 2_150_000_000,
        "25 ha mía nguyên liệu, ký hợp đồng cung ứng cho nhà máy đường.",
        (YEAR_2025,),
        "Năng suất mía đạt 85 tấn/ha.",
        "Thiếu máy thu hoạch, chi phí thuê nhân công cao.",
        "Đề nghị hỗ trợ vay vốn mua máy thu hoạch mía.",
        average_income=6_000_000,
    ),
    Plan(
        "Mô hình chăn nuôi dê sinh sản của Bí thư Chi đoàn bản Hìn", K.PIONEER_SECRETARY, S.LIVESTOCK,
        "chi-doan-ban-hin-mai-son", ("hung",),
        D(2022, 4, 15), 2, 310_000_000,
        'Mô hình "Bí thư Chi đoàn tiên phong khởi nghiệp": nuôi 60 con dê sinh sản, bán dê giống cho đoàn viên.',
        months(8, 9, 10),
        "Hỗ trợ 5 đoàn viên trong bản con giống để cùng phát triển.",
    ),
    Plan(
        "Vườn chanh leo VietGAP của Bí thư Chi đoàn bản Nà Tre", K.PIONEER_SECRETARY, S.CROPS,
        "chi-doan-ban-na-tre-mai-son", ("bich",),
        D(2023, 3, 1), 4, 450_000_000,
        'Mô hình "Bí thư Chi đoàn tiên phong khởi nghiệp": 2 ha chanh leo theo tiêu chuẩn VietGAP.',
        (YEAR_2025, *months(10)),
        "Được cấp mã số vùng trồng để xuất khẩu.",
        "Bệnh hại trên cây chanh leo vào mùa mưa.",
    ),
    Plan(
        "Homestay cộng đồng Hua Tạt", K.HOUSEHOLD, S.TOURISM, "van-ho", ("de",),
        D(2019, 12, 1), 5, 520_000_000,
        "Homestay nhà sàn người Mông, đón khách trải nghiệm văn hóa và ẩm thực bản Hua Tạt.",
        months(8, 9, 10),
        "Đón 640 lượt khách trong quý III.",
        "Đường vào bản khó đi vào mùa mưa.",
    ),
    Plan(
        "Tổ hợp tác dược liệu và thuốc tắm người Dao Vân Hồ", K.COOPERATIVE_GROUP, S.FORESTRY, "van-ho",
        ("phu", "dung"),
        D(2021, 8, 1), 7, 690_000_000,
        "Trồng dưới tán rừng và chế biến bài thuốc tắm truyền thống của người Dao.",
        (YEAR_2025,),
        "Sản phẩm thuốc tắm người Dao đạt OCOP 3 sao.",
        "",
        "Đề nghị hỗ trợ bao bì, nhãn mác và quảng bá sản phẩm.",
    ),
    Plan(
        "Hợp tác xã Mắc ca Thanh niên Thuận Châu", K.COOPERATIVE, S.FORESTRY, "thuan-chau", ("toan",),
        D(2020, 6, 18), 12, 3_200_000_000,
        "Trồng 40 ha mắc ca, chế biến hạt mắc ca sấy nứt vỏ.",
        (YEAR_2025, *months(9, 10)),
        "Xưởng sấy mới đi vào hoạt động, công suất 2 tấn/ngày.",
        tax_base="550058817",
        average_income=7_000_000,
    ),
    Plan(
        "Tổ hợp tác dệt thổ cẩm Thái Thuận Châu", K.COOPERATIVE_GROUP, S.HANDICRAFT, "thuan-chau", ("mai-anh",),
        D(2021, 11, 5), 11, 860_000_000,
        "11 chị em dệt khăn piêu, túi và đồ lưu niệm thổ cẩm Thái.",
        (YEAR_2025,),
        "Tham gia hội chợ sản phẩm OCOP khu vực Tây Bắc.",
        "Đầu ra chưa ổn định.",
        average_income=4_000_000,
    ),
    Plan(
        "Nuôi cá lồng lòng hồ thủy điện Sơn La", K.HOUSEHOLD, S.LIVESTOCK, "muong-la", ("tuyen",),
        D(2018, 9, 1), 4, 1_100_000_000,
        "20 lồng nuôi cá lăng, cá rô phi trên lòng hồ thủy điện Sơn La.",
        months(9, 10),
        "Xuất bán 8 tấn cá thương phẩm.",
        "Nước hồ thay đổi thất thường cuối mùa mưa.",
    ),
    Plan(
        "Trang trại lợn đen bản địa Phù Yên", K.HOUSEHOLD, S.LIVESTOCK, "phu-yen", ("khoa",),
        D(2020, 1, 20), 3, 900_000_000,
        "Nuôi 150 con lợn đen bản địa theo hướng an toàn sinh học.",
        (YEAR_2025,),
        "Không để xảy ra dịch bệnh trong năm.",
        "Giá thức ăn chăn nuôi tăng.",
    ),
    Plan(
        "Cửa hàng nông sản sạch Phù Yên", K.HOUSEHOLD, S.TRADE, "phu-yen", ("hang-phu-yen", "mai"),
        D(2023, 5, 1), 2, 420_000_000,
        "Bán nông sản, đặc sản của thanh niên các bản trong xã.",
        months(9, 10),
        "Liên kết tiêu thụ sản phẩm cho 12 hộ thanh niên.",
    ),
    Plan(
        "Chè Shan tuyết cổ thụ Tà Xùa", K.HOUSEHOLD, S.PROCESSING, "bac-yen", ("senh",),
        D(2019, 4, 1), 8, 1_250_000_000,
        "Thu hái và chế biến chè Shan tuyết từ cây chè cổ thụ trên đỉnh Tà Xùa.",
        (YEAR_2025,),
        "Sản phẩm chè đạt OCOP 4 sao cấp tỉnh.",
        "",
        "Đề nghị hỗ trợ xúc tiến thương mại tại Hà Nội.",
        average_income=6_000_000,
    ),
    Plan(
        "Cơ sở chế biến táo mèo Bắc Yên", K.HOUSEHOLD, S.PROCESSING, "bac-yen", ("tien",),
        D(2022, 9, 1), 3, 380_000_000,
        "Chế biến táo mèo (sơn tra) ngâm, sấy khô và siro.",
        (YEAR_2025,),
        "",
        "Tạm dừng sản xuất do thiếu vốn lưu động và chưa đạt điều kiện an toàn thực phẩm.",
        "Đề nghị tư vấn thủ tục chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.",
        status=Venture.Status.PAUSED,
    ),
    Plan(
        "Hợp tác xã Nhãn Thanh niên Sông Mã", K.COOPERATIVE, S.CROPS, "song-ma", ("thu", "sua"),
        D(2019, 7, 1), 15, 4_600_000_000,
        "60 ha nhãn ven sông Mã, sấy long nhãn và bán nhãn tươi.",
        (YEAR_2025, *months(8)),
        "Xuất khẩu lô nhãn tươi đầu tiên sang Trung Quốc.",
        "Thiếu kho lạnh bảo quản.",
        "Đề nghị hỗ trợ vay vốn NHCSXH 2 tỷ đồng cho dự án kho lạnh.",
        tax_base="550071903",
        average_income=6_500_000,
    ),
    Plan(
        "Tổ hợp tác nuôi ong lấy mật Sốp Cộp", K.COOPERATIVE_GROUP, S.LIVESTOCK, "sop-cop", ("ngoc", "tua"),
        D(2021, 3, 15), 5, 350_000_000,
        "Nuôi 200 đàn ong nội dưới tán rừng, bán mật ong rừng.",
        (YEAR_2025,),
        "Sản lượng mật đạt 1,8 tấn.",
    ),
    Plan(
        "Cửa hàng đặc sản Tây Bắc trực tuyến của Bí thư Chi đoàn Tổ 3", K.PIONEER_SECRETARY, S.TRADE,
        "chi-doan-to-3-to-hieu", ("duc-anh",),
        D(2022, 8, 20), 3, 960_000_000,
        'Mô hình "Bí thư Chi đoàn tiên phong khởi nghiệp": bán đặc sản Sơn La qua mạng xã hội và sàn thương mại điện tử.',
        months(8, 9, 10),
        "Tổ chức 4 phiên livestream tiêu thụ nông sản cho thanh niên.",
    ),
    Plan(
        "Công ty TNHH Công nghệ Nông nghiệp Tây Bắc Xanh", K.ENTERPRISE, S.TECHNOLOGY, "to-hieu", ("tuan",),
        D(2021, 4, 12), 9, 2_800_000_000,
        "Lắp đặt hệ thống tưới nhỏ giọt và cảm biến tự động cho vườn cây ăn quả.",
        (YEAR_2025, *months(10)),
        "Lắp đặt hệ thống tưới tự động cho 35 ha cây ăn quả.",
        tax_base="550062045",
        average_income=9_000_000,
    ),
    Plan(
        "Xưởng sửa chữa máy nông nghiệp Chiềng Sinh", K.HOUSEHOLD, S.MANUFACTURING, "chieng-sinh", ("huy",),
        D(2018, 5, 5), 4, 1_350_000_000,
        "Sửa chữa, bảo dưỡng máy cày, máy tuốt lúa và máy phun thuốc.",
        (YEAR_2025,),
        "Nhận đào tạo nghề cho 3 thanh niên.",
    ),
    Plan(
        "Xà phòng thảo mộc từ lá thuốc người Thái", K.IDEA, S.HANDICRAFT, "cao-dang-son-la", ("xuan", "son"),
        D(2026, 4, 15), 0, 0,
        "Ý tưởng sản xuất xà phòng thủ công từ các loại lá thuốc của người Thái.",
        months(10),
        "Hoàn thiện công thức, làm thử 200 bánh xà phòng.",
        "Chưa có mặt bằng sản xuất.",
        "Đề nghị tư vấn đăng ký nhãn hiệu.",
        average_income=0,
    ),
    Plan(
        "Tổ hợp tác xoài tròn Yên Châu", K.COOPERATIVE_GROUP, S.CROPS, "yen-chau", ("khanh",),
        D(2019, 2, 1), 10, 1_900_000_000,
        "15 ha xoài tròn Yên Châu, sản phẩm có chỉ dẫn địa lý.",
        (YEAR_2025,),
        "Tiêu thụ 120 tấn xoài qua hệ thống siêu thị.",
        "Mưa đá đầu vụ làm giảm sản lượng.",
    ),
    Plan(
        "Câu lạc bộ Thanh niên làm kinh tế giỏi xã Yên Châu", K.YOUTH_CLUB, S.CROPS, "yen-chau", ("thanh", "khanh"),
        D(2024, 3, 26), 0, 0,
        "Câu lạc bộ 25 thanh niên trồng cây ăn quả, chia sẻ kỹ thuật và con giống.",
        months(9),
        "Sinh hoạt chuyên đề ghép cải tạo vườn xoài cho 25 thành viên.",
        average_income=0,
    ),
    Plan(
        "Nuôi cá tầm lồng hồ Quỳnh Nhai", K.HOUSEHOLD, S.LIVESTOCK, "quynh-nhai", ("duyen",),
        D(2020, 10, 10), 5, 1_700_000_000,
        "12 lồng nuôi cá tầm trên lòng hồ thủy điện Sơn La tại Quỳnh Nhai.",
        (YEAR_2025, *months(9, 10)),
        "Cá tầm Quỳnh Nhai được giới thiệu tại hội chợ nông sản tỉnh.",
        "Thiếu con giống chất lượng.",
    ),
    Plan(
        "Du lịch thuyền lòng hồ Quỳnh Nhai", K.HOUSEHOLD, S.TOURISM, "quynh-nhai", ("dung-qn",),
        D(2023, 6, 1), 4, 640_000_000,
        "Đưa khách tham quan lòng hồ, đảo và các bản tái định cư bằng thuyền.",
        months(8, 9, 10),
        "Đón 1.200 lượt khách trong 3 tháng.",
    ),
    Plan(
        "Hộ kinh doanh hoa và rau ôn đới Thảo Nguyên", K.HOUSEHOLD, S.CROPS, "thao-nguyen", ("sang",),
        D(2021, 9, 1), 6, 880_000_000,
        "Trồng hoa và rau ôn đới trong nhà lưới, cung cấp cho các nhà hàng ở Mộc Châu.",
        (YEAR_2025, *months(10)),
        "Mở rộng thêm 2.000 m² nhà lưới.",
    ),
]  # fmt: skip


def _period_revenue(plan: Plan, kind: str, number: int) -> int:
    if kind == VentureUpdate.PeriodKind.YEAR:
        return plan.annual_revenue
    # Monthly sales swing with the season (a fixed pattern, so re-runs agree).
    factor = (0.85, 0.9, 1.0, 1.05, 1.1, 0.95)[number % 6]
    return int(round(plan.annual_revenue * factor / 12, -5))


def _check_data() -> None:
    keys = [p.key for p in PEOPLE]
    if len(set(keys)) != len(keys) or len({citizen_id(p) for p in PEOPLE}) != len(PEOPLE):
        raise ValueError("demo entrepreneurs need unique keys and citizen ids")
    names = [(p.name, p.unit) for p in PLANS]
    if len(set(names)) != len(names):
        raise ValueError("demo ventures need unique names within a unit")


def load(ctx: DemoContext) -> None:
    """Register the entrepreneurs, their ventures and the ventures' recent reports."""
    _check_data()
    actor = ctx.user(ACTOR)

    ids = {p.key: citizen_id(p) for p in PEOPLE}
    existing = {e.citizen_id: e for e in Entrepreneur.objects.filter(citizen_id__in=ids.values())}
    people: dict[str, Entrepreneur] = {}
    new_people = 0
    for person in PEOPLE:
        entrepreneur = existing.get(ids[person.key])
        if entrepreneur is None:
            entrepreneur = entrepreneur_save(
                entrepreneur=Entrepreneur(
                    full_name=person.full_name,
                    date_of_birth=person.born,
                    gender=person.gender,
                    ethnicity=person.ethnicity,
                    phone=mobile(person),
                    citizen_id=ids[person.key],
                    unit=ctx.unit(person.unit),
                    address=person.address,
                    occupation=person.occupation,
                ),
                actor=actor,
            )
            new_people += 1
        people[person.key] = entrepreneur
    ctx.log(f"  thanh niên khởi nghiệp: {len(people)} ({new_people} mới)")

    ventures = {(v.name, v.unit_id): v for v in Venture.objects.filter(name__in=[plan.name for plan in PLANS])}
    reported = set(
        VentureUpdate.objects.filter(venture__in=ventures.values()).values_list(
            "venture_id", "period_kind", "year", "period_number"
        )
    )
    new_ventures = new_reports = 0
    for plan in PLANS:
        unit = ctx.unit(plan.unit)
        venture = ventures.get((plan.name, unit.pk))
        if venture is None:
            venture = venture_save(
                venture=Venture(
                    name=plan.name,
                    kind=plan.kind,
                    sector=plan.sector,
                    unit=unit,
                    founded_on=plan.founded_on,
                    address=people[plan.owners[0]].address,
                    tax_code=tax_code(plan.tax_base) if plan.tax_base else "",
                    description=plan.description,
                    employees=plan.employees,
                    annual_revenue=plan.annual_revenue,
                    status=plan.status,
                ),
                owners=[people[key] for key in plan.owners],
                actor=actor,
            )
            new_ventures += 1
        for position, (kind, year, number) in enumerate(plan.reports):
            if (venture.pk, kind, year, number) in reported:
                continue
            latest = position == len(plan.reports) - 1
            revenue = _period_revenue(plan, kind, number)
            jobs = plan.employees if latest else max(plan.employees - 1, 0)
            venture_record_update(
                update=VentureUpdate(
                    venture=venture,
                    period_kind=kind,
                    year=year,
                    period_number=number,
                    revenue=revenue,
                    profit=int(round(revenue * 0.22, -5)),
                    jobs=jobs,
                    average_income=plan.average_income if jobs else 0,
                    highlights=plan.highlights if latest else "Duy trì sản xuất, kinh doanh ổn định.",
                    difficulties=plan.difficulties if latest else "",
                    support_requested=plan.support_requested if latest else "",
                ),
                actor=actor,
            )
            new_reports += 1
    ctx.log(f"  mô hình kinh tế: {len(PLANS)} ({new_ventures} mới), báo cáo tiến độ: {new_reports} mới")
