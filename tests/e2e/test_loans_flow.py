"""A loan referral in a real browser: a unit officer refers a young person and takes the file
through the union's steps to the bank; the bank liaison approves and records the disbursement."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from loans.imports import COLUMNS
from loans.models import Referral, SavingsGroup
from tests.common.workbooks import xls_workbook
from tests.factories import UnitFactory, user_with_role
from tests.loans.factories import BankBranchFactory, LoanProgrammeFactory, SavingsGroupFactory
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db(transaction=True)


def day(n: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def loan_setup(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn xã Mai Sơn", code="mai-son", parent=province)
    user_with_role(Membership.Role.OFFICER, commune, username="maison")
    liaison = user_with_role(Membership.Role.BANK_LIAISON, province, username="nhcsxh")
    BankBranchFactory(name="Phòng giao dịch NHCSXH Mai Sơn", units=[commune], liaisons=[liaison])
    programme = LoanProgrammeFactory(name="Cho vay hỗ trợ tạo việc làm (Nghị định 61/2015)")
    SavingsGroupFactory(unit=commune, name="Tổ TK&VV bản Hìn")
    person = EntrepreneurFactory(unit=commune, full_name="Lường Văn Chiến")
    return programme, person


def record_step(page, label: str, on: str, **fields):
    page.locator("#id_to_status").select_option(label=label)
    page.locator("#id_on").fill(on)
    for name, value in fields.items():
        page.locator(f"#id_{name}").fill(value)
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_text(f"Đã ghi nhận bước “{label}”.")).to_be_visible()


def test_officer_refers_and_bank_liaison_disburses(loan_setup, login, live_server):
    programme, person = loan_setup
    page = login("maison")

    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Chương trình").or_(page.get_by_role("link", name="Chương trình")).first.click()
    # The menu's own link, by its whole text: a page may hold other links with these words
    # ("Xếp loại tổ tiết kiệm và vay vốn năm …" on the officer's home in December).
    page.locator("#main-nav a").filter(has_text=re.compile(r"^\s*Vay vốn\s*$")).click()
    page.get_by_role("link", name=re.compile("Giới thiệu vay vốn")).click()
    page.locator("#id_entrepreneur").select_option(label="Lường Văn Chiến")
    page.locator("#id_programme").select_option(label=programme.name)
    page.locator("#id_amount").fill("150.000.000")
    page.locator("#id_term_months").fill("60")
    page.locator("#id_purpose").fill("Mở rộng diện tích trồng mía tím, thuê thêm 2 lao động.")
    page.locator("#id_group").select_option(label="Tổ TK&VV bản Hìn")
    page.locator("#id_submitted_on").fill(day(20))
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_text(re.compile("vượt mức tối đa 100.000.000"))).to_be_visible()
    page.locator("#id_amount").fill("100.000.000")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_text("Đã lập hồ sơ giới thiệu vay vốn cho Lường Văn Chiến.")).to_be_visible()

    record_step(page, "Tổ đã bình xét", day(18))
    record_step(page, "Đoàn đã thẩm định", day(16))
    record_step(page, "UBND xã đã xác nhận", day(14))
    record_step(page, "Đã gửi ngân hàng", day(12))
    expect(page.get_by_text("Hồ sơ đang chờ ngân hàng xử lý.")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.branch.name == "Phòng giao dịch NHCSXH Mai Sơn"

    page.context.clear_cookies()
    login("nhcsxh")
    expect(page.locator("[data-panel='loans-bank']").get_by_text("Lường Văn Chiến")).to_be_visible()
    page.locator("[data-panel='loans-bank']").get_by_role("link", name="Lường Văn Chiến").click()
    record_step(page, "Ngân hàng đã phê duyệt", day(6), amount="90.000.000", term_months="60")
    page.locator("#id_to_status").select_option(label="Đã giải ngân")
    page.locator("#id_on").fill(day(4))
    page.locator("#id_amount").fill("95.000.000")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_text(re.compile("lớn hơn số tiền được duyệt"))).to_be_visible()
    record_step(page, "Đã giải ngân", day(4), amount="90.000.000")
    expect(page.locator("[data-disbursed]")).to_contain_text("90.000.000")

    referral.refresh_from_db()
    assert (referral.status, referral.disbursed_amount) == (Referral.Status.DISBURSED, 90_000_000)
    assert referral.steps.get(to_status=Referral.Status.DISBURSED).recorded_by.username == "nhcsxh"


def test_officer_imports_the_groups_list_kept_as_an_old_excel_file(loan_setup, login, live_server):
    """An office keeps its groups in Excel 97-2003: the .xls goes in as it is; a .csv is
    answered with what to do, and nothing is saved from it."""
    page = login("maison")
    page.goto(f"{live_server.url}{reverse('loans:group-import')}")
    expect(page.get_by_text("Tệp .xlsx, .xls (Excel) hoặc .ods (LibreOffice Calc)")).to_be_visible()
    assert page.locator("#id_file").get_attribute("accept") == ".xlsx,.xls,.ods"

    csv = "Mã đơn vị (*),Tên tổ (*)\nmai-son,Tổ TK&VV bản Mé\n".encode()
    page.locator("#id_file").set_input_files(files=[{"name": "to.csv", "mimeType": "text/csv", "buffer": csv}])
    page.get_by_role("button", name="Nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("dạng Sổ làm việc Excel (.xlsx)")
    assert not SavingsGroup.objects.filter(name="Tổ TK&VV bản Mé").exists()

    content = xls_workbook(
        [
            [str(c) for c in COLUMNS],
            ["mai-son", "Tổ TK&VV bản Mé", "Cầm Thị Xuân", 912345678, "Bản Mé", 18, 400_000_000, 0, 12_000_000],
        ]
    )
    page.locator("#id_file").set_input_files(
        files=[{"name": "to-tiet-kiem.xls", "mimeType": "application/vnd.ms-excel", "buffer": content}]
    )
    page.get_by_role("button", name="Nhập").click()
    expect(page.get_by_text("Đã nhập 1 tổ tiết kiệm và vay vốn.")).to_be_visible()
    group = SavingsGroup.objects.get(name="Tổ TK&VV bản Mé")
    assert (group.leader_phone, group.member_count) == ("0912345678", 18)
