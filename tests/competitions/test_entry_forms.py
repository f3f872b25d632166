"""The entry form, its team rows and the attachment form, without the views around them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from common.forms import VndField
from competitions.forms.entries import (
    EntryAttachmentForm,
    EntryForm,
    TeamMemberForm,
    attachment_kinds_help,
    team_formset_class,
    team_initial,
)
from competitions.models import EntryAttachment
from tests import samples
from tests.competitions.factories import CategoryFactory, ContestFactory, EntryFactory
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = samples.png_bytes()


@pytest.fixture
def contest():
    return ContestFactory(max_team_size=3)


# --- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("300.000.000", 300_000_000),
        ("300 000 000 ₫", 300_000_000),
        ("1.500.000đ", 1_500_000),
        ("1.500.000 VNĐ", 1_500_000),
        ("250000", 250_000),
    ],
)
def test_vnd_field_reads_vietnamese_grouping(typed, value):
    assert VndField().clean(typed) == value


@pytest.mark.parametrize("typed", ["ba trăm triệu", "1,5"])
def test_vnd_field_refuses_what_is_not_a_whole_amount(typed):
    with pytest.raises(ValidationError, match="Nhập số tiền bằng chữ số, ví dụ 300.000.000."):
        VndField().clean(typed)


# --- the entry ------------------------------------------------------------------------


def test_entry_form_limits_categories_and_units(contest, officer, commune, branch, other_commune):
    own = CategoryFactory(contest=contest, name="Nông nghiệp")
    CategoryFactory(name="Lĩnh vực của cuộc thi khác")

    form = EntryForm(contest=contest, user=officer)

    assert list(form.fields["category"].queryset) == [own]
    assert set(form.fields["unit"].queryset) == {commune, branch}
    assert form.initial["unit"] == commune


def test_entry_form_shows_capital_grouped(contest, officer, commune):
    entry = EntryFactory(contest=contest, unit=commune, capital_needed=1_500_000)

    form = EntryForm(instance=entry, contest=contest, user=officer)

    assert 'value="1.500.000"' in str(form["capital_needed"])


def test_entry_form_refuses_negative_capital(contest, officer, commune):
    category = CategoryFactory(contest=contest)
    data = {"title": "Ý tưởng", "category": category.pk, "unit": commune.pk, "summary": "Tóm tắt"}

    form = EntryForm(data | {"capital_needed": "-5"}, contest=contest, user=officer)

    assert not form.is_valid()
    assert "capital_needed" in form.errors


# --- a team row -----------------------------------------------------------------------


def _row(data, choices=()):
    return TeamMemberForm(data, choices=list(choices))


def test_team_row_with_a_registry_person(commune):
    person = EntrepreneurFactory(unit=commune)

    form = _row({"entrepreneur": str(person.pk), "is_lead": "on", "ethnicity": "01"}, [(person.pk, "x")])

    assert form.is_valid(), form.errors
    row = form.row()
    assert (row.entrepreneur_id, row.new_person, row.is_lead) == (person.pk, None, True)


def test_team_row_with_a_new_person_normalises_phone():
    form = _row(
        {"full_name": " Lò  Thị   Mai ", "date_of_birth": "15/03/2000", "gender": "female", "phone": "+84 912.345.678"}
    )

    assert form.is_valid(), form.errors
    assert form.row().new_person == {
        "full_name": "Lò Thị Mai",
        "date_of_birth": datetime.date(2000, 3, 15),
        "gender": "female",
        "ethnicity": "01",
        "phone": "0912345678",
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"full_name": "Lò Thị Mai", "gender": "female"}, "date_of_birth", "Cần nhập với thành viên mới."),
        ({"date_of_birth": "2000-01-01", "gender": "male"}, "full_name", "Cần nhập với thành viên mới."),
        (
            {"full_name": "Lò Thị Mai", "date_of_birth": "2000-01-01", "gender": "female", "phone": "123"},
            "phone",
            "Số điện thoại không hợp lệ",
        ),
        ({"full_name": "Lò Thị Mai", "date_of_birth": "future", "gender": "female"}, "date_of_birth", "tương lai"),
        ({"responsibility": "Kế toán"}, "__all__", "Hãy chọn một người trong danh sách hoặc nhập thông tin"),
    ],
)
def test_team_row_refuses_incomplete_or_bad_new_person(data, field, message):
    if data.get("date_of_birth") == "future":
        data["date_of_birth"] = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()

    form = _row(data)

    assert not form.is_valid()
    assert any(message in error for error in form.errors[field])


def test_team_row_refuses_both_picked_and_typed(commune):
    person = EntrepreneurFactory(unit=commune)

    form = _row({"entrepreneur": str(person.pk), "full_name": "Người khác"}, [(person.pk, "x")])

    assert not form.is_valid()
    assert form.errors["__all__"] == ["Hãy chọn một người trong danh sách hoặc nhập người mới, không làm cả hai."]


# --- the team formset -----------------------------------------------------------------


def _formset_data(rows, initial=0) -> dict:
    data = {
        "team-TOTAL_FORMS": str(len(rows)),
        "team-INITIAL_FORMS": str(initial),
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "3",
    }
    for index, row in enumerate(rows):
        data.update({f"team-{index}-{key}": value for key, value in row.items()})
    return data


def test_team_formset_shows_contest_size_and_offers_only_visible_people(
    contest, officer, commune, branch, other_commune
):
    mine = EntrepreneurFactory(unit=branch, full_name="Cầm Văn Tiến")
    EntrepreneurFactory(unit=other_commune, full_name="Quàng Văn Xa")

    formset = team_formset_class(contest)(user=officer, contest=contest, prefix="team")

    assert len(formset.forms) == 3
    assert [pk for pk, _label in formset.choices] == [mine.pk]


def test_team_formset_keeps_current_member_from_another_unit_on_edit(contest, officer, commune, other_commune):
    outsider = EntrepreneurFactory(unit=other_commune)
    entry = EntryFactory(contest=contest, unit=commune, lead=outsider)

    formset = team_formset_class(contest)(
        initial=team_initial(entry), user=officer, contest=contest, entry=entry, prefix="team"
    )

    assert outsider.pk in [pk for pk, _label in formset.choices]
    assert formset.forms[0].initial == {"entrepreneur": outsider.pk, "is_lead": True, "responsibility": ""}
    assert formset.forms[0].fields["DELETE"].label == "Bỏ khỏi nhóm"


def test_team_formset_rows_skip_blank_and_removed(contest, officer, commune):
    kept, removed = EntrepreneurFactory(unit=commune), EntrepreneurFactory(unit=commune)
    data = _formset_data(
        [
            {"entrepreneur": str(kept.pk), "is_lead": "on", "ethnicity": "01"},
            {"entrepreneur": str(removed.pk), "DELETE": "on", "ethnicity": "01"},
            {"entrepreneur": "", "ethnicity": "01"},
        ],
        initial=2,
    )

    formset = team_formset_class(contest)(data, user=officer, contest=contest, prefix="team")

    assert formset.is_valid(), formset.errors
    assert [r.entrepreneur_id for r in formset.rows()] == [kept.pk]


def test_team_formset_refuses_an_empty_team(contest, officer):
    formset = team_formset_class(contest)(
        _formset_data([{"ethnicity": "01"}]), user=officer, contest=contest, prefix="team"
    )

    assert not formset.is_valid()
    assert formset.non_form_errors() == ["Nhóm cần ít nhất một thành viên."]


def test_team_formset_refuses_typing_a_registered_person(contest, officer, commune):
    EntrepreneurFactory(unit=commune, full_name="Lò Thị Hoa", date_of_birth=datetime.date(1999, 4, 2))
    data = _formset_data([{"full_name": "LÒ THỊ HOA", "date_of_birth": "02/04/1999", "gender": "female"}])

    formset = team_formset_class(contest)(data, user=officer, contest=contest, prefix="team")

    assert not formset.is_valid()
    assert "đã có trong danh sách thanh niên" in formset.non_form_errors()[0]


# --- attachments ----------------------------------------------------------------------


def _attachment_form(entry, kind, name, content):
    return EntryAttachmentForm({"kind": kind}, {"file": SimpleUploadedFile(name, content)}, entry=entry)


@pytest.mark.parametrize(
    ("kind", "name", "content", "ok"),
    [
        ("business_plan", "ke-hoach.pdf", PDF_BYTES, True),
        ("slides", "trinh-chieu.pdf", PDF_BYTES, True),
        ("image", "anh.png", PNG_BYTES, True),
        ("other", "anh.png", PNG_BYTES, True),
        ("business_plan", "anh.png", PNG_BYTES, False),
        ("image", "anh.pdf", PDF_BYTES, False),
        ("image", "anh.jpg", PNG_BYTES, False),  # a PNG named .jpg
    ],
)
def test_attachment_form_checks_the_file_against_its_kind(commune, kind, name, content, ok):
    entry = EntryFactory(unit=commune)

    form = _attachment_form(entry, kind, name, content)

    assert form.is_valid() is ok, form.errors


def test_attachment_form_names_the_accepted_files_in_its_message(commune):
    form = _attachment_form(EntryFactory(unit=commune), "slides", "anh.png", PNG_BYTES)

    assert form.errors["file"] == ["Bài trình chiếu chỉ nhận tệp PowerPoint (.pptx), PDF; tệp này không đúng loại."]


def test_attachment_kinds_help_lists_every_kind():
    assert attachment_kinds_help() == [
        ("Kế hoạch kinh doanh", "PDF, Word (.docx)"),
        ("Bài trình chiếu", "PowerPoint (.pptx), PDF"),
        ("Hình ảnh", "JPEG, PNG"),
        ("Tài liệu khác", "PDF, Word (.docx), PowerPoint (.pptx), JPEG, PNG"),
    ]
    assert len(attachment_kinds_help()) == len(EntryAttachment.Kind.choices)
