import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Membership, Unit
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import PDF_BYTES, VentureUpdateFactory, entrepreneur_post, update_post, venture_post
from ventures.forms import EntrepreneurForm, VentureDocumentForm, VentureForm, VentureUpdateForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["2000-03-15", "15/03/2000", "15-03-2000"])
def test_entrepreneur_form_reads_iso_and_day_first_dates(officer, commune, typed):
    form = EntrepreneurForm(data=entrepreneur_post(commune, date_of_birth=typed), user=officer)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2000, 3, 15)


def test_entrepreneur_form_renders_date_for_the_native_picker(officer, person):
    form = EntrepreneurForm(instance=person, user=officer)

    html = str(form["date_of_birth"])

    assert 'type="date"' in html
    assert 'value="1998-05-20"' in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0912 345 678", "0912345678"), ("+84 912.345.678", "0912345678"), ("0212-3852-123", "02123852123")],
)
def test_entrepreneur_form_normalises_phone(officer, commune, typed, stored):
    form = EntrepreneurForm(data=entrepreneur_post(commune, phone=typed), user=officer)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


def test_entrepreneur_form_collapses_spaces_in_name(officer, commune):
    form = EntrepreneurForm(data=entrepreneur_post(commune, full_name="  Lường   Thị  Mai "), user=officer)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "Lường Thị Mai"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("citizen_id", "01420000012", "Số CCCD phải gồm đúng 12 chữ số."),
        ("citizen_id", "0142000001AB", "Số CCCD phải gồm đúng 12 chữ số."),
        ("phone", "+1 202 555 0101", "Số điện thoại không hợp lệ"),
        ("phone", "0112345678", "Số điện thoại không hợp lệ"),
        ("date_of_birth", "31/02/2000", "Nhập một ngày hợp lệ."),
        ("email", "mai@", "Nhập địa chỉ email."),
    ],
)
def test_entrepreneur_form_rejects_bad_field_in_vietnamese(officer, commune, field, value, message):
    form = EntrepreneurForm(data=entrepreneur_post(commune, **{field: value}), user=officer)

    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_entrepreneur_form_rejects_future_birth_date(officer, commune):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    form = EntrepreneurForm(data=entrepreneur_post(commune, date_of_birth=tomorrow.isoformat()), user=officer)

    assert form.errors["date_of_birth"] == [f"Ngày sinh không hợp lệ: {tomorrow:%d/%m/%Y} là ngày trong tương lai."]


def test_entrepreneur_form_rejects_duplicate_citizen_id(officer, commune, person):
    form = EntrepreneurForm(data=entrepreneur_post(commune, citizen_id=person.citizen_id), user=officer)

    assert not form.is_valid()
    assert "Số CCCD này đã có trong danh sách thanh niên." in form.non_field_errors()


def test_entrepreneur_form_editing_keeps_own_citizen_id(officer, commune, person):
    data = entrepreneur_post(commune, citizen_id=person.citizen_id, full_name=person.full_name)

    form = EntrepreneurForm(data=data, instance=person, user=officer)

    assert form.is_valid(), form.errors


def test_entrepreneur_form_unit_choices_are_active_units_of_subtree(officer, commune, branch, other_commune):
    UnitFactory(code="chi-doan-cu", parent=commune, kind=Unit.Kind.BRANCH, active_to=datetime.date(2025, 9, 30))

    form = EntrepreneurForm(user=officer)

    assert list(form.fields["unit"].queryset) == [commune, branch]
    assert form.initial["unit"] == commune  # the officer's own unit comes first


def test_entrepreneur_form_preselects_the_only_unit(branch):
    branch_officer = user_with_role(Membership.Role.OFFICER, branch)

    form = EntrepreneurForm(user=branch_officer)

    assert form.initial["unit"] == branch


def test_entrepreneur_form_rejects_unit_of_another_commune(officer, other_commune):
    form = EntrepreneurForm(data=entrepreneur_post(other_commune), user=officer)

    assert not form.is_valid()
    assert form.errors["unit"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]


def test_venture_form_owner_choices_are_visible_entrepreneurs(officer, person, branch_person, other_person):
    form = VentureForm(user=officer)

    assert set(form.fields["owners"].queryset) == {person, branch_person}


def test_venture_form_rejects_owner_of_another_commune(officer, commune, person, other_person):
    form = VentureForm(data=venture_post(commune, [person, other_person]), user=officer)

    assert not form.is_valid()
    assert f"{other_person.pk} không phải là một trong các lựa chọn" in form.errors["owners"][0]


def test_venture_form_requires_an_owner(officer, commune):
    form = VentureForm(data=venture_post(commune, []), user=officer)

    assert form.errors["owners"] == ["Trường này là bắt buộc."]


@pytest.mark.parametrize("tax_code", ["12345", "5500123456-1", "55001234560"])
def test_venture_form_rejects_malformed_tax_code(officer, commune, person, tax_code):
    form = VentureForm(data=venture_post(commune, [person], tax_code=tax_code), user=officer)

    assert form.errors["tax_code"] == ["Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số của chi nhánh."]


def test_venture_form_rejects_future_founding_date(officer, commune, person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    form = VentureForm(data=venture_post(commune, [person], founded_on=tomorrow.strftime("%d/%m/%Y")), user=officer)

    assert form.errors["founded_on"] == ["Ngày không được ở tương lai."]


def test_venture_update_form_accepts_a_month(venture):
    form = VentureUpdateForm(data=update_post(), venture=venture)

    assert form.is_valid(), form.errors
    assert form.instance.venture == venture


def test_venture_update_form_rejects_duplicate_period(venture):
    VentureUpdateFactory(venture=venture, period_kind="month", year=2026, period_number=9)

    form = VentureUpdateForm(data=update_post(), venture=venture)

    assert not form.is_valid()
    assert form.non_field_errors() == ["Mô hình này đã có báo cáo cho kỳ đã chọn."]


def test_venture_update_form_same_period_of_another_venture_is_fine(venture, other_venture):
    VentureUpdateFactory(venture=other_venture, period_kind="month", year=2026, period_number=9)

    form = VentureUpdateForm(data=update_post(), venture=venture)

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("kind", "number", "top"), [("month", "13", 12), ("month", "0", 12), ("half_year", "3", 2), ("year", "2", 1)]
)
def test_venture_update_form_rejects_period_number_outside_kind(venture, kind, number, top):
    form = VentureUpdateForm(data=update_post(period_kind=kind, period_number=number), venture=venture)

    assert not form.is_valid()
    assert form.errors["period_number"] == [f"Số kỳ phải từ 1 đến {top} với kỳ báo cáo này."]


@pytest.mark.parametrize(
    ("year", "message"), [("1999", "lớn hơn hoặc bằng với 2000"), ("2101", "nhỏ hơn hoặc bằng với 2100")]
)
def test_venture_update_form_rejects_year_out_of_range(venture, year, message):
    form = VentureUpdateForm(data=update_post(year=year), venture=venture)

    assert message in form.errors["year"][0]


def test_venture_update_form_rejects_negative_revenue(venture):
    form = VentureUpdateForm(data=update_post(revenue="-1"), venture=venture)

    assert "revenue" in form.errors


def test_venture_update_form_rejects_future_period(venture):
    next_year = str(timezone.localdate().year + 1)

    form = VentureUpdateForm(data=update_post(year=next_year, period_number="6"), venture=venture)

    assert not form.is_valid()


def test_venture_document_form_accepts_pdf(venture):
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf")

    form = VentureDocumentForm(data={"title": "Kế hoạch"}, files={"file": upload})

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ke-hoach.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("ke-hoach.png", PDF_BYTES),  # a real PDF under an image name
        ("ke-hoach.exe", b"MZ\x90\x00\x03"),
        ("ke-hoach.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_venture_document_form_rejects_wrong_type(name, content):
    form = VentureDocumentForm(data={"title": "Kế hoạch"}, files={"file": SimpleUploadedFile(name, content)})

    assert form.errors["file"] == [
        "Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG."
    ]


def test_venture_document_form_rejects_too_large_file(settings):
    settings.UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES + b"0" * 200)

    form = VentureDocumentForm(data={"title": "Kế hoạch"}, files={"file": upload})

    assert form.errors["file"][0].startswith("Tệp quá lớn")
    assert "dung lượng tối đa là 100\xa0byte" in form.errors["file"][0]
