import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from common.choices import Gender
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory, VentureFactory, VentureUpdateFactory
from ventures import services
from ventures.models import Entrepreneur, Venture, VentureDocument, VentureUpdate

pytestmark = pytest.mark.django_db


def _new_person(unit, **overrides) -> Entrepreneur:
    fields = {
        "full_name": "Lường Thị Mai",
        "date_of_birth": datetime.date(2000, 3, 15),
        "gender": Gender.FEMALE,
        "unit": unit,
    }
    fields.update(overrides)
    return Entrepreneur(**fields)


def test_entrepreneur_save_sets_created_by_on_create(officer, branch):
    # Act
    saved = services.entrepreneur_save(entrepreneur=_new_person(branch), actor=officer)

    # Assert
    saved.refresh_from_db()
    assert saved.created_by == officer
    assert saved.unit == branch


def test_entrepreneur_save_keeps_creator_on_later_edit(officer, staff_user, commune):
    person = services.entrepreneur_save(entrepreneur=_new_person(commune), actor=officer)

    person.occupation = "Nuôi ong"
    services.entrepreneur_save(entrepreneur=person, actor=staff_user)

    person.refresh_from_db()
    assert (person.created_by, person.occupation) == (officer, "Nuôi ong")


def test_entrepreneur_save_refuses_unit_outside_actor_subtree(officer, other_commune):
    with pytest.raises(PermissionDenied, match="Bạn không quản lý đơn vị Đoàn xã Mường La"):
        services.entrepreneur_save(entrepreneur=_new_person(other_commune), actor=officer)

    assert not Entrepreneur.objects.exists()


@pytest.mark.parametrize("role_user", ["judge", "council_member", "bank_liaison"])
def test_entrepreneur_save_refuses_roles_without_unit_scope(role_user, commune, request):
    with pytest.raises(PermissionDenied):
        services.entrepreneur_save(entrepreneur=_new_person(commune), actor=request.getfixturevalue(role_user))

    assert not Entrepreneur.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("citizen_id", "01409800000", "Số CCCD phải gồm đúng 12 chữ số."),
        ("phone", "+1 202 555 0101", "Số điện thoại không hợp lệ"),
        ("date_of_birth", "future", "là ngày trong tương lai."),
    ],
)
def test_entrepreneur_save_validates_before_saving(officer, commune, field, value, message):
    if value == "future":
        value = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        services.entrepreneur_save(entrepreneur=_new_person(commune, **{field: value}), actor=officer)

    assert message in caught.value.message_dict[field][0]
    assert not Entrepreneur.objects.exists()


def test_venture_save_sets_owners_and_creator(officer, branch, person, branch_person):
    venture = Venture(name="HTX chè", kind=Venture.Kind.COOPERATIVE, sector=Venture.Sector.PROCESSING, unit=branch)

    services.venture_save(venture=venture, owners=[person, branch_person], actor=officer)

    venture.refresh_from_db()
    assert set(venture.owners.all()) == {person, branch_person}
    assert venture.created_by == officer


def test_venture_save_replaces_owners_on_edit(officer, venture, person, branch_person):
    services.venture_save(venture=venture, owners=[branch_person], actor=officer)

    assert list(venture.owners.all()) == [branch_person]


def test_venture_save_refuses_unit_outside_subtree(officer, other_commune, person):
    venture = Venture(name="Lấn sân", kind=Venture.Kind.IDEA, sector=Venture.Sector.OTHER, unit=other_commune)

    with pytest.raises(PermissionDenied):
        services.venture_save(venture=venture, owners=[person], actor=officer)

    assert not Venture.objects.exists()


def test_venture_save_with_bad_tax_code_saves_nothing(officer, commune, person):
    venture = Venture(
        name="HTX", kind=Venture.Kind.COOPERATIVE, sector=Venture.Sector.CROPS, unit=commune, tax_code="12345"
    )

    with pytest.raises(ValidationError):
        services.venture_save(venture=venture, owners=[person], actor=officer)

    assert not Venture.objects.exists()


def _update(venture, **fields) -> VentureUpdate:
    defaults = {"period_kind": "month", "year": 2026, "period_number": 9, "revenue": 20_000_000, "jobs": 5}
    defaults.update(fields)
    return VentureUpdate(venture=venture, **defaults)


def test_venture_record_update_saves_and_sets_employees(officer, venture):
    # Arrange
    assert venture.employees == 3

    # Act
    update = services.venture_record_update(update=_update(venture, jobs=7), actor=officer)

    # Assert
    venture.refresh_from_db()
    assert update.submitted_by == officer
    assert venture.employees == 7
    assert venture.annual_revenue == 250_000_000  # a monthly report leaves the yearly figure alone


def test_venture_record_update_yearly_report_sets_annual_revenue(officer, venture):
    services.venture_record_update(
        update=_update(venture, period_kind="year", year=2025, period_number=1, revenue=900_000_000, jobs=9),
        actor=officer,
    )

    venture.refresh_from_db()
    assert (venture.annual_revenue, venture.employees) == (900_000_000, 9)


def test_venture_record_update_older_period_does_not_overwrite_headline(officer, venture):
    services.venture_record_update(update=_update(venture, period_number=10, jobs=8), actor=officer)

    services.venture_record_update(update=_update(venture, period_number=4, jobs=2), actor=officer)

    venture.refresh_from_db()
    assert venture.employees == 8
    assert venture.updates.count() == 2


def test_venture_record_update_yearly_report_after_monthly_ones_sets_annual_revenue(officer, venture):
    # Arrange: the usual year: monthly reports, then the yearly summary.
    VentureUpdateFactory(venture=venture, period_kind="month", year=2025, period_number=12, jobs=6)

    # Act
    services.venture_record_update(
        update=_update(venture, period_kind="year", year=2025, period_number=1, revenue=1_200_000_000, jobs=6),
        actor=officer,
    )

    # Assert
    venture.refresh_from_db()
    assert venture.annual_revenue == 1_200_000_000


def test_venture_record_update_older_yearly_report_keeps_newer_annual_revenue(officer, venture):
    services.venture_record_update(
        update=_update(venture, period_kind="year", year=2025, period_number=1, revenue=800_000_000), actor=officer
    )

    services.venture_record_update(
        update=_update(venture, period_kind="year", year=2024, period_number=1, revenue=500_000_000), actor=officer
    )

    venture.refresh_from_db()
    assert venture.annual_revenue == 800_000_000


def test_venture_record_update_second_half_year_is_newer_than_september(officer, venture):
    services.venture_record_update(update=_update(venture, period_number=9, jobs=4), actor=officer)

    services.venture_record_update(
        update=_update(venture, period_kind="half_year", period_number=2, jobs=11), actor=officer
    )

    venture.refresh_from_db()
    assert venture.employees == 11


def test_venture_record_update_first_half_year_is_older_than_september(officer, venture):
    services.venture_record_update(update=_update(venture, period_number=9, jobs=4), actor=officer)

    services.venture_record_update(
        update=_update(venture, period_kind="half_year", period_number=1, jobs=11), actor=officer
    )

    venture.refresh_from_db()
    assert venture.employees == 4


def test_venture_record_update_duplicate_period_rejected_and_headline_kept(officer, venture):
    services.venture_record_update(update=_update(venture, jobs=6), actor=officer)

    with pytest.raises(ValidationError) as caught:
        services.venture_record_update(update=_update(venture, jobs=60), actor=officer)

    venture.refresh_from_db()
    assert caught.value.messages == ["Mô hình này đã có báo cáo cho kỳ đã chọn."]
    assert (venture.updates.count(), venture.employees) == (1, 6)


def test_venture_record_update_refuses_other_commune_venture(officer, other_venture):
    with pytest.raises(PermissionDenied):
        services.venture_record_update(update=_update(other_venture), actor=officer)

    assert not VentureUpdate.objects.exists()


def test_venture_add_document_stores_file_and_uploader(officer, venture, settings):
    upload = SimpleUploadedFile("dang-ky.pdf", PDF_BYTES, content_type="application/pdf")

    document = services.venture_add_document(
        document=VentureDocument(venture=venture, title="Đăng ký", file=upload), actor=officer
    )

    document.refresh_from_db()
    assert document.uploaded_by == officer
    assert document.file.name == f"ventures/{venture.pk}/dang-ky.pdf"
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == PDF_BYTES


def test_venture_add_document_refuses_other_commune_venture(officer, other_venture):
    upload = SimpleUploadedFile("dang-ky.pdf", PDF_BYTES)

    with pytest.raises(PermissionDenied):
        services.venture_add_document(
            document=VentureDocument(venture=other_venture, title="x", file=upload), actor=officer
        )

    assert not VentureDocument.objects.exists()


def test_venture_add_document_rejects_disguised_file(officer, venture):
    upload = SimpleUploadedFile("dang-ky.pdf", b"<html><script>alert(1)</script></html>")

    with pytest.raises(ValidationError) as caught:
        services.venture_add_document(document=VentureDocument(venture=venture, title="x", file=upload), actor=officer)

    assert caught.value.message_dict["file"] == [
        "Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG."
    ]
    assert not VentureDocument.objects.exists()


def test_staff_may_save_for_any_unit(staff_user, other_commune):
    person = services.entrepreneur_save(entrepreneur=_new_person(other_commune), actor=staff_user)
    venture = services.venture_save(
        venture=VentureFactory.build(unit=other_commune), owners=[person], actor=staff_user
    )

    assert Entrepreneur.objects.get() == person
    assert list(venture.owners.all()) == [person]


def test_entrepreneur_save_checks_reach_before_touching_other_rows(officer, other_person):
    other_person.full_name = "Đổi tên trái phép"

    with pytest.raises(PermissionDenied):
        services.entrepreneur_save(entrepreneur=other_person, actor=officer)

    assert Entrepreneur.objects.get(pk=other_person.pk).full_name == "Quàng Văn Xa"


def test_entrepreneur_save_refuses_a_citizen_id_that_is_not_twelve_digits_and_saves_nothing(officer, commune):
    person = EntrepreneurFactory.build(unit=commune, citizen_id="01420000012")

    with pytest.raises(ValidationError, match="Số CCCD phải gồm đúng 12 chữ số."):
        services.entrepreneur_save(entrepreneur=person, actor=officer)

    assert not Entrepreneur.objects.exists()
