"""A province joins in one command: its union and its official communes, wards and special
zones from `vietnam-provinces` (accounts.official_units, `manage.py load_official_units`)."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from vietnam_provinces import Province, ProvinceCode, Ward

from accounts.demo import COMMUNES, PROVINCE_CODE
from accounts.models import Unit
from accounts.official_units import official_province_find, official_provinces, official_units_load
from common.history import system_actor
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

SON_LA = ProvinceCode.P_14


def _package_wards(code: ProvinceCode) -> dict[str, str]:
    """{official code: name} of a province's wards, read through the package's own API."""
    return {f"{ward.code:05d}": ward.name for ward in Ward.iter_by_province(code)}


def _load(code: str = "14", **kwargs):
    return official_units_load(actor=system_actor(), province_code=code, **kwargs)


def _communes_of(unit: Unit):
    return Unit.objects.filter(parent=unit, kind=Unit.Kind.COMMUNE)


def test_load_creates_the_province_and_every_official_ward():
    report = _load("14")

    province = Unit.objects.get(official_code="14")
    assert (province.name, province.code, province.kind) == ("Tỉnh đoàn Sơn La", "tinh-doan-son-la", "province")
    assert report.province_action == "add"
    wards = _package_wards(SON_LA)
    communes = _communes_of(province)
    assert {u.official_code: u.name for u in communes} == {
        code: name.replace("Phường ", "Đoàn phường ").replace("Xã ", "Đoàn xã ") for code, name in wards.items()
    }
    assert len(report.added) == len(wards) == communes.count()
    assert all(u.path == f"{province.path}{u.pk:08d}/" for u in communes)
    assert {u.active_from for u in communes} == {datetime.date(2025, 7, 1)}
    to_hieu = communes.get(official_code="03646")
    assert (to_hieu.code, to_hieu.address) == ("son-la-to-hieu", "Phường Tô Hiệu, tỉnh Sơn La")


def test_load_again_adds_nothing_in_a_few_queries(django_assert_max_num_queries):
    actor = system_actor()
    official_units_load(actor=actor, province_code="14")
    count = Unit.objects.count()

    # Two reads for the whole province (its union, its wards' unions) in a savepoint: no query per ward.
    with django_assert_max_num_queries(4):
        report = official_units_load(actor=actor, province_code="14")

    assert Unit.objects.count() == count
    assert report.province_action == "keep"
    assert report.added == report.updated == []
    assert len(report.kept) == len(_package_wards(SON_LA))


def test_load_matches_units_made_before_by_name_and_gives_them_codes(province, commune):
    report = _load("14")

    province.refresh_from_db()
    commune.refresh_from_db()
    assert (province.code, province.official_code) == ("tinh-doan", "14")
    assert (commune.code, commune.official_code) == ("to-hieu", "03646")
    assert report.province_action == "update"
    assert report.updated == ["Đoàn phường Tô Hiệu"]
    assert Unit.objects.filter(kind=Unit.Kind.PROVINCE).count() == 1
    assert not [name for name, n in Counter(Unit.objects.values_list("name", flat=True)).items() if n > 1]


def test_load_leaves_a_dissolved_unit_of_the_same_name(province):
    old = UnitFactory(
        name="Đoàn xã Mường La",
        code="xa-muong-la-cu",
        parent=province,
        active_from=datetime.date(2000, 1, 1),
        active_to=datetime.date(2025, 6, 30),
    )

    _load("14")

    old.refresh_from_db()
    assert old.official_code == ""
    assert Unit.objects.get(official_code="03808").code == "son-la-muong-la"


def test_load_gives_a_taken_code_the_official_code_as_suffix():
    UnitFactory(name="Chi đoàn khác", code="son-la-to-hieu", kind=Unit.Kind.BRANCH)

    _load("14")

    assert Unit.objects.get(official_code="03646").code == "son-la-to-hieu-03646"


def test_load_keeps_codes_unique_when_two_wards_share_a_short_name():
    """Thái Nguyên has two wards whose short code name is van_lang."""
    _load("19")

    units = Unit.objects.filter(code__startswith="thai-nguyen-van-lang")
    assert units.count() == 2
    assert len({u.code for u in units}) == 2


def test_load_places_a_city_under_the_national_unit():
    national = UnitFactory(name="Trung ương Đoàn", code="trung-uong-doan", kind=Unit.Kind.NATIONAL, active_from=None)

    _load("46", under=national)

    city = Unit.objects.get(official_code="46")
    assert (city.name, city.code, city.parent) == ("Thành đoàn Huế", "thanh-doan-hue", national)
    assert city.path == f"{national.path}{city.pk:08d}/"
    communes = _communes_of(city)
    assert communes.count() == len(_package_wards(ProvinceCode.P_46))
    assert all(u.path.startswith(city.path) and u.depth == 2 for u in communes)
    assert all(u.is_within(national) for u in communes)


def test_load_names_special_zone_unions():
    _load("22")  # Quảng Ninh has the special zones Vân Đồn and Cô Tô

    assert Unit.objects.filter(name="Đoàn đặc khu Cô Tô", kind=Unit.Kind.COMMUNE).exists()


def test_load_refuses_an_unknown_province():
    with pytest.raises(LookupError):
        _load("99")

    assert not Unit.objects.exists()


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("14", "14"),
        ("014", "14"),
        ("Sơn La", "14"),
        ("son la", "14"),
        ("SƠN LA", "14"),
        ("Tỉnh Sơn La", "14"),
        ("son_la", "14"),
        ("Hà Nội", "01"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("tp ho chi minh", "79"),
        ("Đắk Lắk", "66"),
        ("Sai Gon", None),
    ],
)
def test_official_province_find(query, code):
    province = official_province_find(query)

    assert (province.code if province else None) == code


def test_official_list_is_the_packages():
    provinces = official_provinces()

    assert [p.name for p in provinces] == [p.name for p in Province.iter_all()]
    assert sum(len(p.wards) for p in provinces) == len(list(Ward.iter_all())) == 3321
    assert [p.union_name for p in provinces if p.is_city] == [
        "Thành đoàn Hà Nội",
        "Thành đoàn Hải Phòng",
        "Thành đoàn Huế",
        "Thành đoàn Đà Nẵng",
        "Thành đoàn Hồ Chí Minh",
        "Thành đoàn Cần Thơ",
    ]


def test_command_loads_a_province_by_name_and_reports():
    out = StringIO()

    call_command("load_official_units", "--province", "son la", stdout=out)

    wards = len(_package_wards(SON_LA))
    assert f"Tỉnh đoàn Sơn La (mã 14, thêm mới): thêm {wards}, gán mã 0, giữ nguyên 0 đơn vị cấp xã." in out.getvalue()
    assert _communes_of(Unit.objects.get(official_code="14")).count() == wards


def test_command_all_dry_run_reports_the_country_without_writing(django_assert_max_num_queries):
    out = StringIO()

    # Three reads per province (its union, its wards' unions, the unit codes taken): nothing written.
    with django_assert_max_num_queries(3 * 34):
        call_command("load_official_units", "--all", "--dry-run", stdout=out)

    output = out.getvalue()
    assert "Chạy thử: không ghi gì vào cơ sở dữ liệu." in output
    assert "Tổng cộng 34 tỉnh, thành phố; 3.321 đơn vị cấp xã: thêm 3.321, gán mã 0, giữ nguyên 0." in output
    assert output.count("thêm mới") == 34
    assert not Unit.objects.exists()


def test_command_under_places_the_province_below_the_national_unit():
    national = UnitFactory(name="Trung ương Đoàn", code="trung-uong-doan", kind=Unit.Kind.NATIONAL, active_from=None)

    call_command("load_official_units", "--province", "Huế", "--under", "trung-uong-doan", stdout=StringIO())

    assert Unit.objects.get(official_code="46").parent == national


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "Sài Gòn"], "Không tìm thấy tỉnh, thành phố “Sài Gòn” trong danh mục 34 tỉnh, thành phố."),
        (["--province", "14", "--under", "khong-co"], "Không có đơn vị mã “khong-co”."),
        ([], "Hãy chọn --province <mã hoặc tên> hoặc --all."),
    ],
)
def test_command_refuses_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_official_units", *args, stdout=StringIO())

    assert not Unit.objects.exists()


def test_unit_page_shows_the_official_code(client, staff_user, commune):
    commune.official_code = "03646"
    commune.save(update_fields=["official_code"])
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-detail", args=[commune.pk]))

    assert "<code>03646</code>" in response.content.decode()


def test_admin_finds_a_unit_by_official_code(client, staff_user, commune, other_commune):
    commune.official_code = "03646"
    commune.save(update_fields=["official_code"])
    client.force_login(staff_user)

    response = client.get(reverse("admin:accounts_unit_changelist"), {"q": "03646"})

    assert [unit.code for unit in response.context["cl"].result_list] == ["to-hieu"]


# On top of the demo (shared, rolled back after each test).


def test_demo_communes_carry_the_official_names_and_codes(demo):
    wards = _package_wards(SON_LA)
    units = Unit.objects.filter(code__in=[code for code, _name, _address in COMMUNES])

    assert Unit.objects.get(code=PROVINCE_CODE).official_code == "14"
    assert len(units) == len(COMMUNES)
    for unit in units:
        assert wards[unit.official_code] == unit.name.replace("Đoàn phường", "Phường").replace("Đoàn xã", "Xã")


@pytest.mark.parametrize("codes_known", [True, False], ids=["demo-with-codes", "demo-loaded-before-codes"])
def test_load_on_the_demo_adds_only_the_missing_wards(demo, codes_known):
    province = Unit.objects.get(code=PROVINCE_CODE)
    if not codes_known:
        Unit.objects.filter(official_code__gt="").update(official_code="")
    demo_ids = dict(Unit.objects.filter(code__in=[c for c, _n, _a in COMMUNES]).values_list("code", "pk"))

    report = _load("14")

    wards = _package_wards(SON_LA)
    assert report.unit == province
    assert len(report.added) == len(wards) - len(COMMUNES)
    assert len(report.kept if codes_known else report.updated) == len(COMMUNES)
    for code, pk in demo_ids.items():
        assert Unit.objects.get(pk=pk).code == code  # same rows, same unit codes
    active = Unit.objects.active(on=datetime.date(2025, 7, 1)).filter(parent=province, kind=Unit.Kind.COMMUNE)
    assert {u.official_code for u in active} == set(wards)
    names = Counter(Unit.objects.values_list("name", flat=True))
    assert not [name for name, n in names.items() if n > 1]
