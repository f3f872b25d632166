"""Demo data: the Youth Union of Sơn La province, before and after 1 July 2025, and its users;
the national union above it and a second province, Lai Châu, beside it.

In 2021 (plan-son-la-2021) the province had Thành đoàn Sơn La, Thị đoàn Mộc Châu and
ten huyện đoàn. They were dissolved with the districts on 1 July 2025 and are kept as
inactive units whose successor is the commune or ward union at their old seat; the
commune and ward unions now sit directly under the provincial union, beside the
directly affiliated unions.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from common.demo import DemoContext
from common.history import system_actor

from .models import Membership, Unit, User
from .official_units import ADD, official_province_find, official_units_load
from .services import membership_grant, unit_create, unit_update

NATIONAL_CODE = "trung-uong-doan"
PROVINCE_CODE = "tinh-doan-son-la"
PROVINCE_OFFICIAL_CODE = "14"  # Sơn La in the statistics office's list
# The second province joins as any province does (`official_units_load`): its union and every
# commune and ward union of the official list, under the national unit.
LAI_CHAU_CODE = "tinh-doan-lai-chau"
LAI_CHAU_OFFICIAL_CODE = "12"
LAI_CHAU_WARD_CODE = "lai-chau-tan-phong"  # Đoàn phường Tân Phong, in the provincial capital
EMAIL_DOMAIN = "sonla.demo"

REFORM_DAY = datetime.date(2025, 7, 1)  # two-level local government takes effect
DISSOLVED_ON = REFORM_DAY - datetime.timedelta(days=1)
OLD_UNITS_FROM = datetime.date(2000, 1, 1)


class UnitRow(NamedTuple):
    code: str
    name: str
    kind: str
    parent: str | None = None
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    successor: str | None = None
    address: str = ""
    official_code: str = ""


# Commune and ward unions since 1 July 2025, under the province, named as in the official
# list (`vietnam-provinces`), from which they take their official codes; the other wards
# of the province come with `manage.py load_official_units --province "Sơn La"`. Parents
# and successors must appear before the units that name them.
COMMUNES: list[tuple[str, str, str]] = [
    ("to-hieu", "Đoàn phường Tô Hiệu", "Phường Tô Hiệu, tỉnh Sơn La"),
    ("chieng-an", "Đoàn phường Chiềng An", "Phường Chiềng An, tỉnh Sơn La"),
    ("chieng-coi", "Đoàn phường Chiềng Cơi", "Phường Chiềng Cơi, tỉnh Sơn La"),
    ("chieng-sinh", "Đoàn phường Chiềng Sinh", "Phường Chiềng Sinh, tỉnh Sơn La"),
    ("moc-chau", "Đoàn phường Mộc Châu", "Phường Mộc Châu, tỉnh Sơn La"),
    ("thao-nguyen", "Đoàn phường Thảo Nguyên", "Phường Thảo Nguyên, tỉnh Sơn La"),
    ("mai-son", "Đoàn xã Mai Sơn", "Xã Mai Sơn, tỉnh Sơn La"),
    ("thuan-chau", "Đoàn xã Thuận Châu", "Xã Thuận Châu, tỉnh Sơn La"),
    ("quynh-nhai", "Đoàn xã Quỳnh Nhai", "Xã Quỳnh Nhai, tỉnh Sơn La"),
    ("muong-la", "Đoàn xã Mường La", "Xã Mường La, tỉnh Sơn La"),
    ("bac-yen", "Đoàn xã Bắc Yên", "Xã Bắc Yên, tỉnh Sơn La"),
    ("phu-yen", "Đoàn xã Phù Yên", "Xã Phù Yên, tỉnh Sơn La"),
    ("yen-chau", "Đoàn xã Yên Châu", "Xã Yên Châu, tỉnh Sơn La"),
    ("song-ma", "Đoàn xã Sông Mã", "Xã Sông Mã, tỉnh Sơn La"),
    ("sop-cop", "Đoàn xã Sốp Cộp", "Xã Sốp Cộp, tỉnh Sơn La"),
    ("van-ho", "Đoàn xã Vân Hồ", "Xã Vân Hồ, tỉnh Sơn La"),
]

# Directly affiliated unions (no dates: they carried on through the reform).
AFFILIATED: list[tuple[str, str, str, str]] = [
    ("dai-hoc-tay-bac", "Đoàn trường Đại học Tây Bắc", Unit.Kind.SCHOOL, "Phường Chiềng Sinh, tỉnh Sơn La"),
    ("cao-dang-son-la", "Đoàn trường Cao đẳng Sơn La", Unit.Kind.SCHOOL, "Phường Chiềng Sinh, tỉnh Sơn La"),
    (
        "doan-khoi-co-quan-doanh-nghiep",
        "Đoàn Khối các cơ quan và doanh nghiệp tỉnh",
        Unit.Kind.BLOC,
        "Phường Tô Hiệu, tỉnh Sơn La",
    ),
    ("cong-an-tinh", "Đoàn Thanh niên Công an tỉnh", Unit.Kind.AFFILIATED, "Phường Tô Hiệu, tỉnh Sơn La"),
]

# The twelve district-level unions of 2021: (code, name, founded, successor code).
# Thành phố Sơn La dates from Decree 98/2008/NĐ-CP, Sốp Cộp district from Decree
# 148/2003/NĐ-CP, Vân Hồ district from Resolution 72/NQ-CP of 2013; Mộc Châu became a
# town (thị xã) on 1 December 2020, hence "Thị đoàn" in 2021.
DISTRICTS: list[tuple[str, str, datetime.date, str]] = [
    ("thanh-doan-son-la", "Thành đoàn Sơn La", datetime.date(2008, 9, 3), "to-hieu"),
    ("huyen-doan-quynh-nhai", "Huyện đoàn Quỳnh Nhai", OLD_UNITS_FROM, "quynh-nhai"),
    ("huyen-doan-thuan-chau", "Huyện đoàn Thuận Châu", OLD_UNITS_FROM, "thuan-chau"),
    ("huyen-doan-muong-la", "Huyện đoàn Mường La", OLD_UNITS_FROM, "muong-la"),
    ("huyen-doan-bac-yen", "Huyện đoàn Bắc Yên", OLD_UNITS_FROM, "bac-yen"),
    ("huyen-doan-phu-yen", "Huyện đoàn Phù Yên", OLD_UNITS_FROM, "phu-yen"),
    ("thi-doan-moc-chau", "Thị đoàn Mộc Châu", OLD_UNITS_FROM, "moc-chau"),
    ("huyen-doan-yen-chau", "Huyện đoàn Yên Châu", OLD_UNITS_FROM, "yen-chau"),
    ("huyen-doan-mai-son", "Huyện đoàn Mai Sơn", OLD_UNITS_FROM, "mai-son"),
    ("huyen-doan-song-ma", "Huyện đoàn Sông Mã", OLD_UNITS_FROM, "song-ma"),
    ("huyen-doan-sop-cop", "Huyện đoàn Sốp Cộp", datetime.date(2003, 12, 2), "sop-cop"),
    ("huyen-doan-van-ho", "Huyện đoàn Vân Hồ", datetime.date(2013, 6, 10), "van-ho"),
]

# Commune-level unions of the district era, dissolved with their districts.
OLD_COMMUNES: list[tuple[str, str, str, str]] = [
    ("thi-tran-hat-lot", "Đoàn thị trấn Hát Lót", "huyen-doan-mai-son", "mai-son"),
    ("thi-tran-thuan-chau", "Đoàn thị trấn Thuận Châu", "huyen-doan-thuan-chau", "thuan-chau"),
    ("thi-tran-it-ong", "Đoàn thị trấn Ít Ong", "huyen-doan-muong-la", "muong-la"),
]

# Branches (chi đoàn) today.
BRANCHES: list[tuple[str, str, str]] = [
    ("chi-doan-to-3-to-hieu", "Chi đoàn Tổ 3", "to-hieu"),
    ("chi-doan-ban-hin-mai-son", "Chi đoàn bản Hìn", "mai-son"),
    ("chi-doan-ban-na-tre-mai-son", "Chi đoàn bản Nà Tre", "mai-son"),
    ("chi-doan-k64-kinh-te-nong-nghiep", "Chi đoàn K64 Kinh tế nông nghiệp", "dai-hoc-tay-bac"),
]


def unit_rows() -> list[UnitRow]:
    """Every demo unit, parents and successors first; the province and its communes and
    wards with their official codes (a name missing from the official list fails here)."""
    son_la = official_province_find(PROVINCE_OFFICIAL_CODE)
    ward_codes = {ward.union_name: ward.code for ward in son_la.wards}
    rows = [
        UnitRow(
            NATIONAL_CODE,
            "Trung ương Đoàn TNCS Hồ Chí Minh",
            Unit.Kind.NATIONAL,
            address="Số 60 Bà Triệu, phường Hoàn Kiếm, thành phố Hà Nội",
        ),
        UnitRow(
            PROVINCE_CODE,
            son_la.union_name,
            Unit.Kind.PROVINCE,
            NATIONAL_CODE,
            address="Phường Tô Hiệu, tỉnh Sơn La",
            official_code=son_la.code,
        ),
    ]
    rows += [
        UnitRow(
            code, name, Unit.Kind.COMMUNE, PROVINCE_CODE, REFORM_DAY, address=address, official_code=ward_codes[name]
        )
        for code, name, address in COMMUNES
    ]
    rows += [UnitRow(code, name, kind, PROVINCE_CODE, address=address) for code, name, kind, address in AFFILIATED]
    rows += [
        UnitRow(code, name, Unit.Kind.DISTRICT, PROVINCE_CODE, since, DISSOLVED_ON, successor)
        for code, name, since, successor in DISTRICTS
    ]
    rows += [
        UnitRow(code, name, Unit.Kind.COMMUNE, parent, OLD_UNITS_FROM, DISSOLVED_ON, successor)
        for code, name, parent, successor in OLD_COMMUNES
    ]
    rows += [UnitRow(code, name, Unit.Kind.BRANCH, parent, REFORM_DAY) for code, name, parent in BRANCHES]
    return rows


class UserRow(NamedTuple):
    username: str
    full_name: str
    phone: str
    role_label: str
    sees: str
    unit: str | None = None
    role: str | None = None
    title: str = ""
    superuser: bool = False


USERS: list[UserRow] = [
    UserRow(
        "admin",
        "Quản trị hệ thống",
        "",
        "Quản trị hệ thống",
        "Toàn bộ hệ thống, trang quản trị /admin/",
        superuser=True,
    ),
    UserRow(
        "tinhdoan",
        "Lường Thị Thu Hà",
        "0912345671",
        "Cán bộ Tỉnh đoàn",
        "Toàn tỉnh: kế hoạch, cuộc thi, tuyên dương, báo cáo, quản trị",
        PROVINCE_CODE,
        Membership.Role.STAFF,
        "Cán bộ Ban Phong trào",
    ),
    UserRow(
        "tohieu",
        "Lò Thị Ngọc Ánh",
        "0983214567",
        "Cán bộ đơn vị",
        "Đoàn phường Tô Hiệu và các chi đoàn trực thuộc",
        "to-hieu",
        Membership.Role.OFFICER,
        "Bí thư Đoàn phường",
    ),
    UserRow(
        "maison",
        "Cầm Văn Tuấn",
        "0357812496",
        "Cán bộ đơn vị",
        "Đoàn xã Mai Sơn và các chi đoàn trực thuộc",
        "mai-son",
        Membership.Role.OFFICER,
        "Phó Bí thư Đoàn xã",
    ),
    UserRow(
        "dhtaybac",
        "Trần Minh Đức",
        "0868123459",
        "Cán bộ đơn vị",
        "Đoàn trường Đại học Tây Bắc và các chi đoàn sinh viên",
        "dai-hoc-tay-bac",
        Membership.Role.OFFICER,
        "Phó Bí thư Đoàn trường",
    ),
    UserRow(
        "giamkhao",
        "Hoàng Văn Thái",
        "0975432168",
        "Giám khảo",
        "Chỉ các bài dự thi được phân công chấm",
        PROVINCE_CODE,
        Membership.Role.JUDGE,
        "Giảng viên Khoa Kinh tế, Trường Đại học Tây Bắc",
    ),
    UserRow(
        "hoidong",
        "Đinh Thị Lan",
        "0944216835",
        "Hội đồng xét chọn",
        "Hồ sơ đề cử tuyên dương thanh niên làm kinh tế giỏi; bỏ phiếu",
        PROVINCE_CODE,
        Membership.Role.COUNCIL,
        "Ủy viên Hội đồng xét chọn",
    ),
    UserRow(
        "nhcsxh",
        "Vì Văn Long",
        "0388546217",
        "Cán bộ Ngân hàng CSXH",
        "Hồ sơ giới thiệu vay vốn gửi NHCSXH; cập nhật thẩm định, giải ngân",
        PROVINCE_CODE,
        Membership.Role.BANK_LIAISON,
        "Cán bộ NHCSXH tỉnh Sơn La",
    ),
    UserRow(
        "laichau",
        "Lò Văn Phương",
        "0914267358",
        "Cán bộ Tỉnh đoàn Lai Châu",
        "Chương trình của Tỉnh đoàn Lai Châu và các đơn vị trong tỉnh; không thấy gì của Sơn La",
        LAI_CHAU_CODE,
        Membership.Role.STAFF,
        "Cán bộ Ban Thanh niên nông thôn",
    ),
    UserRow(
        "tanphong",
        "Vàng Thị Dung",
        "0387654921",
        "Cán bộ đơn vị",
        "Đoàn phường Tân Phong (Lai Châu); chương trình của Tỉnh đoàn Lai Châu",
        LAI_CHAU_WARD_CODE,
        Membership.Role.OFFICER,
        "Bí thư Đoàn phường",
    ),
    UserRow(
        "trunguong",
        "Nguyễn Minh Khoa",
        "0904518273",
        "Cán bộ Trung ương Đoàn",
        "Mọi tỉnh: xem chương trình của các tỉnh (chỉ xem), điều hành chương trình toàn quốc",
        NATIONAL_CODE,
        Membership.Role.STAFF,
        "Chuyên viên Ban Thanh niên nông thôn Trung ương Đoàn",
    ),
]


def ensure_user(ctx: DemoContext, username: str, *, full_name: str, phone: str = "", superuser: bool = False) -> User:
    """The demo user `username`, created with the run's password if missing.

    An existing user keeps their password unless the operator asked for a reset.
    Programme apps may call this for extra demo accounts.
    """
    user = User.objects.filter(username=username).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            password=ctx.password,
            full_name=full_name,
            phone=phone,
        )
    elif ctx.reset_passwords and not user.check_password(ctx.password):
        user.set_password(ctx.password)
        user.save(update_fields=["password"])
    ctx.users[username] = user
    return user


def ensure_unit(*, code: str, actor: User, **values) -> tuple[Unit, bool]:
    """The unit `code`, created or brought in line with `values` through the services,
    which keep the tree's paths; a re-run that changes nothing writes nothing."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return unit_create(actor=actor, code=code, **values), True
    if changes := {name: value for name, value in values.items() if getattr(unit, name) != value}:
        unit = unit_update(unit=unit, actor=actor, **changes)
    return unit, False


def _load_lai_chau(ctx: DemoContext, *, actor: User) -> int:
    """Lai Châu's union and its official communes and wards, under the national unit, through
    the service a province joins by; their units go into `ctx.units`. Returns how many are new."""
    national = ctx.unit(NATIONAL_CODE)
    report = official_units_load(actor=actor, province_code=LAI_CHAU_OFFICIAL_CODE, under=national)
    province = report.unit
    if province.parent_id != national.pk:  # joined earlier as a root of its own
        province = unit_update(unit=province, actor=actor, parent=national)
    ctx.units.update({unit.code: unit for unit in Unit.objects.subtree_of(province)})
    return len(report.added) + (report.province_action == ADD)


def load(ctx: DemoContext) -> None:
    """Create the national unit, the Sơn La and Lai Châu unit trees and one user per role."""
    created_units = 0
    actor = system_actor()
    for row in unit_rows():
        values = {
            "name": row.name,
            "kind": row.kind,
            "parent": ctx.units[row.parent] if row.parent else None,
            "active_from": row.active_from,
            "active_to": row.active_to,
            "successor": ctx.units[row.successor] if row.successor else None,
            "address": row.address,
            "official_code": row.official_code,
        }
        unit, created = ensure_unit(code=row.code, actor=actor, **values)
        ctx.units[row.code] = unit
        created_units += created
    created_units += _load_lai_chau(ctx, actor=actor)
    ctx.log(f"  đơn vị: {len(ctx.units)} ({created_units} mới)")

    for row in USERS:
        user = ensure_user(ctx, row.username, full_name=row.full_name, phone=row.phone, superuser=row.superuser)
        if row.role:
            membership_grant(user=user, unit=ctx.units[row.unit], role=row.role, title=row.title)
        role_label = row.role_label
        if row.role == Membership.Role.OFFICER:
            role_label = f"{role_label} ({ctx.units[row.unit].name})"
        ctx.add_login(role=role_label, username=row.username, sees=row.sees)
    ctx.log(f"  người dùng: {len(USERS)}")
