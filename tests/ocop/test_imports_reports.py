import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import Membership
from common.indicators import Period
from ocop import deadlines, indicators
from ocop.imports import COLUMNS
from ocop.models import Product
from tests.common import workbooks
from tests.factories import user_with_role
from tests.ocop.factories import advance_to, make_product, make_venture

pytestmark = pytest.mark.django_db
S = Product.Stage


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(c) for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ds.xlsx", buffer.getvalue())


def _row(code, name, group, venture, owner="", initial="", target=3):
    return [code, "", name, group, venture, owner, initial, target, "0912345678", "x", "", "x", "", "", "", ""]


def test_import_template_downloads(client, officer):
    client.force_login(officer)
    response = client.get(reverse("ocop:import-template"))
    header = next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert list(header) == [str(c) for c in COLUMNS]


def test_import_adds_communes_and_products(client, candidate_list, commune, officer):
    make_venture(commune, name="HTX Chè Tô Hiệu")
    make_venture(commune, name="Hộ Lò Văn Minh")
    client.force_login(officer)
    upload = _xlsx(
        [
            _row("to-hieu", "Chè Shan tuyết", "Đồ uống", "HTX Chè Tô Hiệu", initial=3, target=4),
            _row("to-hieu", "Mận hậu sấy", "food", "Hộ Lò Văn Minh"),
        ]
    )
    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})
    assert response.status_code == 302
    products = Product.objects.order_by("name")
    assert [(p.name, p.group, p.initial_stars, p.target_stars, p.has_business_registration) for p in products] == [
        ("Chè Shan tuyết", "beverage", 3, 4, True),
        ("Mận hậu sấy", "food", None, 3, True),
    ]
    assert candidate_list.communes.count() == 1


@pytest.mark.parametrize(
    ("build", "name"), [(workbooks.xls_workbook, "ds.xls"), (workbooks.ods_workbook, "ds.ods")], ids=["xls", "ods"]
)
def test_import_reads_a_list_kept_as_xls_or_ods(client, candidate_list, commune, officer, build, name):
    make_venture(commune, name="HTX Chè Tô Hiệu")
    make_venture(commune, name="Hộ Lò Văn Minh")
    client.force_login(officer)
    content = build(
        [
            [str(c) for c in COLUMNS],
            _row("to-hieu", "Chè Shan tuyết", "Đồ uống", "HTX Chè Tô Hiệu", initial=3, target=4),
            _row("to-hieu", "Mận hậu sấy", "food", "Hộ Lò Văn Minh"),
        ]
    )

    response = client.post(
        reverse("ocop:list-import", args=[candidate_list.pk]), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 302
    products = Product.objects.order_by("name")
    assert [(p.name, p.group, p.initial_stars, p.target_stars, p.has_business_registration) for p in products] == [
        ("Chè Shan tuyết", "beverage", 3, 4, True),
        ("Mận hậu sấy", "food", None, 3, True),
    ]


def test_import_form_offers_the_three_formats(client, candidate_list, officer):
    client.force_login(officer)

    page = client.get(candidate_list.get_absolute_url()).content.decode()

    assert 'accept=".xlsx,.xls,.ods"' in page
    assert "Tệp .xlsx, .xls (Excel) hoặc .ods (LibreOffice Calc), tối đa 5 MB" in page


@pytest.mark.django_db(transaction=True)
def test_import_checks_and_locks_the_list_inside_its_transaction(
    client, candidate_list, commune, officer, monkeypatch
):
    """The draft check locks the list row (SELECT ... FOR UPDATE): outside a transaction
    PostgreSQL refuses it, and the list could be sent between the check and the writes."""
    from django.db import connection

    import ocop.imports

    seen = []
    original = ocop.imports._require_editable

    def spy(**kwargs):
        seen.append(connection.in_atomic_block)
        return original(**kwargs)

    monkeypatch.setattr(ocop.imports, "_require_editable", spy)
    make_venture(commune, name="HTX Chè Tô Hiệu")
    client.force_login(officer)
    upload = _xlsx([_row("to-hieu", "Chè Shan tuyết", "Đồ uống", "HTX Chè Tô Hiệu")])
    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})
    assert response.status_code == 302
    assert seen == [True]
    assert list(Product.objects.values_list("name", flat=True)) == ["Chè Shan tuyết"]


def test_import_with_bad_row_saves_nothing_and_names_the_row(client, candidate_list, commune, officer):
    make_venture(commune, name="HTX Chè Tô Hiệu")
    client.force_login(officer)
    upload = _xlsx(
        [
            _row("to-hieu", "Chè Shan tuyết", "Đồ uống", "HTX Chè Tô Hiệu"),
            _row("to-hieu", "Rượu ngô", "Đồ ăn nhanh", "HTX Chè Tô Hiệu"),
            _row("muong-la-khong-co", "Mật ong", "food", "Không có mô hình"),
            _row("to-hieu", "chè shan  tuyết", "beverage", "HTX Chè Tô Hiệu"),
        ]
    )
    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})
    page = response.content.decode()
    assert "Dòng 3" in page
    assert "không thuộc 6 nhóm OCOP" in page
    assert "Dòng 4" in page
    assert "Không tìm thấy mô hình" in page
    assert "Trùng sản phẩm ở dòng 2" in page
    assert not Product.objects.exists()
    assert not candidate_list.communes.exists()


def test_import_refused_after_deadline(client, candidate_list, commune, officer):
    make_venture(commune, name="HTX Chè Tô Hiệu")
    cycle = candidate_list.cycle
    cycle.list_deadline = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    client.force_login(officer)
    upload = _xlsx([_row("to-hieu", "Chè", "beverage", "HTX Chè Tô Hiệu")])
    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})
    assert response.status_code == 403 or "Đã hết hạn" in response.content.decode()
    assert not Product.objects.exists()


# --- deadlines and indicators for reports ---------------------------------------------


def test_list_deadline_owed_by_officers_of_units_without_submitted_list(
    cycle, candidate_list, entry, officer, other_officer
):
    from ocop import services

    make_product(entry=entry, actor=officer)
    services.candidate_list_submit(candidate_list=candidate_list, actor=officer)
    found = deadlines.deadlines(start=cycle.list_deadline, end=cycle.list_deadline)
    debtors = {d.user_id for dl in found for d in dl.owed_by}
    assert other_officer.pk in debtors
    assert officer.pk not in debtors


def test_certificate_expiry_deadline_goes_to_owner_unit_officers(entry, officer, staff_user):
    product = advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    expires = product.current_rating.certificate_expires_on
    found = [d for d in deadlines.deadlines(start=expires, end=expires) if d.key.startswith("ocop.certificate")]
    assert len(found) == 1
    assert [d.user_id for d in found[0].owed_by] == [officer.pk]
    assert found[0].due == expires


def test_indicators_count_per_unit(cycle, entry, other_entry, staff_user, commune, other_commune):
    make_product(entry=entry)
    advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    make_product(entry=other_entry)
    period = Period.year(cycle.year)
    by_code = {i.code: i for i in indicators.INDICATORS}
    supported = by_code["ocop.products_supported"].compute(period)
    assert supported[commune.pk].value == 2
    assert supported[other_commune.pk].value == 1
    certified = by_code["ocop.products_certified"].compute(period)
    assert certified[commune.pk].value == 1
    assert other_commune.pk not in certified
    assert by_code["ocop.youth_communes"].compute(period)[commune.pk].value == 1
    assert by_code["ocop.products_supported"].records_url(commune.pk, period).startswith("/ocop/")


def test_staff_is_not_a_list_debtor(cycle, province, staff_user):
    user_with_role(Membership.Role.OFFICER, province, username="province-officer")
    found = deadlines.deadlines(start=cycle.list_deadline, end=cycle.list_deadline)
    assert staff_user.pk not in {d.user_id for dl in found for d in dl.owed_by}


# --- refused files answer 400, as every other import does ------------------------------


def test_import_of_a_file_that_is_not_a_workbook_answers_400(client, candidate_list, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("ds.xlsx", b"Ho va ten,Ngay sinh\nHoa,1998-05-20\n")

    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})

    assert response.status_code == 400
    assert "Hãy mở tệp, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx)" in response.content.decode()
    assert not Product.objects.exists()


def test_import_without_a_file_answers_400(client, candidate_list, officer):
    client.force_login(officer)

    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {})

    assert response.status_code == 400


def test_import_with_bad_rows_answers_400(client, candidate_list, commune, officer):
    client.force_login(officer)
    upload = _xlsx([_row("muong-la-khong-co", "Mật ong", "food", "Không có mô hình")])

    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})

    assert response.status_code == 400
    assert "data-import-errors" in response.content.decode()


def test_import_of_a_blank_row_bomb_is_refused_at_once(client, candidate_list, officer):
    client.force_login(officer)
    upload = workbooks.upload(workbooks.blank_row_bomb([str(c) for c in COLUMNS]), name="ds.xlsx")
    started = time.monotonic()

    response = client.post(reverse("ocop:list-import", args=[candidate_list.pk]), {"file": upload})

    assert response.status_code == 400
    assert "Tệp Excel giải nén ra quá lớn: phần xl/worksheets/sheet1.xml chiếm 300 MB" in response.content.decode()
    assert time.monotonic() - started < 5
    assert not Product.objects.exists()
