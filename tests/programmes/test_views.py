"""Model programme pages through the test client: who sees what, registration by web
form, selection by the higher unit, the dashboard, exports and query counts."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programmes.models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingAttendance
from tests.programmes.factories import (
    ModelProgrammeFactory,
    PioneerVentureFactory,
    ProgrammeParticipantFactory,
    SupportRecordFactory,
    TrainingSessionFactory,
    participant_post,
)
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur, Venture

pytestmark = pytest.mark.django_db

Status = ProgrammeParticipant.Status
TODAY = timezone.localdate()


@pytest.fixture
def programme(province):
    return ModelProgrammeFactory(owner=province, name="Bí thư Chi đoàn tiên phong khởi nghiệp 2026–2027")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def participant(programme, commune, person):
    venture = PioneerVentureFactory(unit=commune, name="Vườn chanh leo Tô Hiệu", owners=[person])
    return ProgrammeParticipantFactory(programme=programme, venture=venture, unit=commune)


@pytest.fixture
def other_participant(programme, other_commune, other_person):
    venture = PioneerVentureFactory(unit=other_commune, name="Trại dê Mường La", owners=[other_person])
    return ProgrammeParticipantFactory(programme=programme, venture=venture, unit=other_commune)


# Pages under a programme take its id as programme_pk; the others take their own pk.
UNDER_PROGRAMME = {
    "participant-list",
    "participant-create",
    "participant-export",
    "participant-import",
    "participant-import-template",
    "support-list",
    "training-create",
}


def _url(name, pk) -> str:
    return reverse(f"programmes:{name}", kwargs={"programme_pk" if name in UNDER_PROGRAMME else "pk": pk})


# --- Who sees what -----------------------------------------------------------------


def test_programme_list_shows_published_programmes_above_the_officer(officer_client, province, other_commune):
    ModelProgrammeFactory(owner=province, name="Chương trình của Tỉnh")
    ModelProgrammeFactory(owner=province, name="Dự thảo của Tỉnh", status=ModelProgramme.Status.DRAFT)
    ModelProgrammeFactory(owner=other_commune, name="Chương trình của xã khác")

    response = officer_client.get(reverse("programmes:programme-list"))

    assert [p.name for p in response.context["programmes"]] == ["Chương trình của Tỉnh"]


def test_programme_of_another_commune_is_404(officer_client, other_commune):
    programme = ModelProgrammeFactory(owner=other_commune)

    assert officer_client.get(_url("programme-detail", programme.pk)).status_code == 404
    assert officer_client.get(_url("participant-list", programme.pk)).status_code == 404


def test_participant_of_another_commune_is_404(officer_client, other_participant):
    pages = ["participant-detail", "participant-evaluate", "support-create"]

    statuses = {name: officer_client.get(_url(name, other_participant.pk)).status_code for name in pages}

    assert statuses == dict.fromkeys(pages, 404)


def test_participant_list_shows_the_officer_subtree_only(officer_client, programme, participant, other_participant):
    response = officer_client.get(_url("participant-list", programme.pk))

    content = response.content.decode()
    assert "Vườn chanh leo Tô Hiệu" in content
    assert "Trại dê Mường La" not in content
    assert "Xét chọn" not in content  # the registering commune does not select


def test_participant_list_filters_by_htmx(staff_client, programme, participant, other_participant):
    response = staff_client.get(_url("participant-list", programme.pk), {"q": "Mường"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "Trại dê Mường La" in content
    assert "Vườn chanh leo Tô Hiệu" not in content
    assert "<html" not in content


# --- Registration by web form ------------------------------------------------------


def test_register_existing_venture_by_web_form(officer_client, officer, programme, commune, branch):
    venture = PioneerVentureFactory(unit=branch, sector=Venture.Sector.TRADE)

    response = officer_client.post(
        _url("participant-create", programme.pk),
        {"unit": commune.pk, "venture": venture.pk, "branch_name": "Chi đoàn Tổ 5", "owner_ethnicity": "01"},
    )

    participant = ProgrammeParticipant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()
    assert (participant.venture, participant.unit, participant.sector, participant.registered_by) == (
        venture,
        commune,
        Venture.Sector.TRADE,
        officer,
    )
    assert participant.history.get().history_user == officer


def test_register_new_venture_and_owner_by_web_form(officer_client, officer, programme, commune):
    response = officer_client.post(_url("participant-create", programme.pk), participant_post(commune))

    participant = ProgrammeParticipant.objects.select_related("venture").get()
    owner = Entrepreneur.objects.get()
    assert response.status_code == 302
    assert (participant.venture.name, participant.venture.kind, participant.venture.unit) == (
        "Trang trại gà đồi của Bí thư Chi đoàn thôn 3",
        Venture.Kind.PIONEER_SECRETARY,
        commune,
    )
    assert list(participant.venture.owners.all()) == [owner]
    assert (owner.full_name, owner.phone, owner.created_by) == ("Lê Văn Quý", "0912000333", officer)
    assert participant.support_needs == "Vay vốn 50 triệu đồng làm chuồng trại."


def test_register_with_an_existing_owner_and_a_new_venture(officer_client, programme, commune, person):
    data = participant_post(commune, owner=person.pk, owner_full_name="", owner_citizen_id="")

    officer_client.post(_url("participant-create", programme.pk), data)

    assert list(ProgrammeParticipant.objects.get().venture.owners.all()) == [person]
    assert Entrepreneur.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"venture_name": ""}, "venture", "Chọn mô hình đã có, hoặc ghi tên mô hình mới"),
        ({"owner_full_name": ""}, "owner", "Chọn chủ mô hình đã có"),
        ({"owner_citizen_id": "12345"}, "owner_citizen_id", "12 chữ số"),
        ({"sector": ""}, "sector", "Chọn nhóm ngành nghề"),
    ],
)
def test_register_form_rejects_bad_input_and_saves_nothing(
    officer_client, programme, commune, overrides, field, message
):
    response = officer_client.post(_url("participant-create", programme.pk), participant_post(commune, **overrides))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert (ProgrammeParticipant.objects.count(), Venture.objects.count(), Entrepreneur.objects.count()) == (0, 0, 0)


def test_register_after_the_deadline_shows_why_and_saves_nothing(officer_client, province, commune):
    programme = ModelProgrammeFactory(owner=province, registration_deadline=TODAY - datetime.timedelta(days=1))

    page = officer_client.get(_url("participant-create", programme.pk))
    response = officer_client.post(_url("participant-create", programme.pk), participant_post(commune))

    assert "Đã hết hạn đăng ký" in page.content.decode()
    assert "Đã hết hạn đăng ký" in str(response.context["form"].non_field_errors())
    assert (ProgrammeParticipant.objects.count(), Venture.objects.count()) == (0, 0)


def test_register_the_same_venture_twice_is_refused_on_the_form(officer_client, programme, participant, commune):
    response = officer_client.post(
        _url("participant-create", programme.pk),
        {"unit": commune.pk, "venture": participant.venture.pk, "owner_ethnicity": "01"},
    )

    # Already registered ventures are not even offered.
    assert "venture" in response.context["form"].errors
    assert ProgrammeParticipant.objects.count() == 1


# --- Selection by the higher unit --------------------------------------------------


def test_staff_select_by_htmx_swaps_the_row(staff_client, staff_user, participant):
    response = staff_client.post(
        _url("participant-select", participant.pk),
        {"decision": "selected", "sector": "processing"},
        HTTP_HX_REQUEST="true",
    )

    participant.refresh_from_db()
    content = response.content.decode()
    assert (participant.status, participant.sector, participant.selected_by) == (
        Status.SELECTED,
        "processing",
        staff_user,
    )
    assert content.strip().startswith(f'<tr data-participant="{participant.pk}">')
    assert 'data-status="selected"' in content


def test_registering_commune_cannot_select(officer_client, participant):
    response = officer_client.post(_url("participant-select", participant.pk), {"decision": "selected"})

    participant.refresh_from_db()
    assert response.status_code == 403
    assert participant.status == Status.REGISTERED


def test_select_without_htmx_redirects_back(staff_client, participant):
    response = staff_client.post(
        _url("participant-select", participant.pk), {"decision": "not_selected", "next": "/ventures/"}
    )

    participant.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/ventures/")
    assert participant.status == Status.NOT_SELECTED


def test_withdraw_by_the_registering_commune(officer_client, participant):
    response = officer_client.post(_url("participant-withdraw", participant.pk))

    participant.refresh_from_db()
    assert response.status_code == 302
    assert participant.status == Status.WITHDRAWN


# --- Evaluation, support, training -------------------------------------------------


def test_evaluate_by_staff(staff_client, participant):
    ProgrammeParticipant.objects.filter(pk=participant.pk).update(status=Status.SELECTED)

    response = staff_client.post(
        _url("participant-evaluate", participant.pk),
        {"is_successful": "on", "to_commend": "on", "evaluation_note": "Doanh thu tăng, tạo việc làm cho 5 đoàn viên"},
    )

    participant.refresh_from_db()
    assert response.status_code == 302
    assert (participant.is_successful, participant.to_commend, participant.to_replicate) == (True, True, False)


def test_evaluate_commend_without_success_is_refused(staff_client, participant):
    ProgrammeParticipant.objects.filter(pk=participant.pk).update(status=Status.SELECTED)

    response = staff_client.post(_url("participant-evaluate", participant.pk), {"to_commend": "on"})

    participant.refresh_from_db()
    assert response.status_code == 200
    assert "Chỉ đề nghị tuyên dương, nhân rộng mô hình đã xây dựng thành công." in response.content.decode()
    assert not participant.to_commend


def test_registering_commune_cannot_evaluate(officer_client, participant):
    response = officer_client.get(_url("participant-evaluate", participant.pk))

    assert response.status_code == 403


def test_support_recorded_by_the_commune_shows_on_the_participant(officer_client, participant):
    response = officer_client.post(
        _url("support-create", participant.pk),
        {"kind": "loan_vbsp", "date": TODAY.isoformat(), "amount": "50000000", "provider": "NHCSXH huyện"},
        follow=True,
    )

    assert SupportRecord.objects.get().amount == 50_000_000
    assert "50.000.000\u00a0₫" in response.content.decode()


def test_training_created_and_attendance_taken_by_staff(staff_client, programme, participant, other_participant):
    response = staff_client.post(
        _url("training-create", programme.pk),
        {"title": "Lớp tập huấn khởi nghiệp", "date": TODAY.isoformat(), "place": "Hội trường Tỉnh đoàn"},
    )
    session = programme.training_sessions.get()
    staff_client.post(session.get_absolute_url(), {"attended": [participant.pk]})

    assert response["Location"] == session.get_absolute_url()
    assert dict(TrainingAttendance.objects.values_list("participant_id", "attended")) == {
        participant.pk: True,
        other_participant.pk: False,
    }


def test_officer_sees_attendance_but_cannot_take_it(officer_client, programme, participant):
    session = TrainingSessionFactory(programme=programme)

    page = officer_client.get(session.get_absolute_url())
    post = officer_client.post(session.get_absolute_url(), {"attended": [participant.pk]})

    assert page.status_code == 200
    assert post.status_code == 403
    assert not TrainingAttendance.objects.exists()


def test_programme_created_by_staff(staff_client, province):
    response = staff_client.post(
        reverse("programmes:programme-create"),
        {
            "name": "Bí thư Chi đoàn tiên phong khởi nghiệp 2017–2018",
            "owner": province.pk,
            "status": "active",
            "start_date": "2017-06-01",
            "end_date": "2018-12-31",
            "registration_deadline": "2017-06-22",
            "target_models": "10",
            "reports_monthly": "on",
            "reports_half_yearly": "on",
            "reports_yearly": "on",
            "eligible_kinds": ["pioneer_secretary"],
        },
    )

    programme = ModelProgramme.objects.get()
    assert response["Location"] == programme.get_absolute_url()
    assert (programme.eligible_kinds, programme.report_kinds) == (
        ["pioneer_secretary"],
        ["month", "half_year", "year"],
    )


def test_programme_form_rejects_a_deadline_outside_the_programme(staff_client, province):
    response = staff_client.post(
        reverse("programmes:programme-create"),
        {
            "name": "Chương trình",
            "owner": province.pk,
            "status": "active",
            "start_date": "2017-06-01",
            "end_date": "2018-12-31",
            "registration_deadline": "2019-01-10",
            "target_models": "10",
        },
    )

    errors = response.context["form"].errors
    assert errors["registration_deadline"] == ["Hạn đăng ký phải nằm trong thời gian của chương trình."]
    assert "Chọn ít nhất một kỳ báo cáo" in errors["reports_monthly"][0]
    assert not ModelProgramme.objects.exists()


# --- Dashboard and overdue list ----------------------------------------------------


def test_programme_detail_shows_exact_figures_and_overdue_reports(staff_client, province, commune, settings):
    settings.VENTURE_UPDATE_DUE_DAY = 5
    last_year = TODAY.year - 1
    programme = ModelProgrammeFactory(
        owner=province,
        start_date=datetime.date(last_year, 1, 1),
        end_date=datetime.date(TODAY.year + 1, 12, 31),
        registration_deadline=datetime.date(last_year, 1, 31),
        reporting_from=datetime.date(last_year, 12, 1),
        reports_monthly=False,
        reports_half_yearly=False,
        target_models=4,
    )
    for status, successful in [(Status.SELECTED, True), (Status.SELECTED, False), (Status.REGISTERED, False)]:
        ProgrammeParticipantFactory(programme=programme, unit=commune, status=status, is_successful=successful)

    response = staff_client.get(programme.get_absolute_url())

    content = response.content.decode()
    figures = dict(re.findall(r'data-figure="(\w+)">(\d+)', content))
    assert figures == {"registered": "3", "selected": "2", "active": "2", "successful": "1"}
    assert 'data-row="total"><td>Cộng</td><td class="text-end">3</td>' in content
    # Both selected models owe last year's yearly report (due 5 January).
    assert content.count("data-overdue=") == 2
    assert f"Năm {last_year}" in content
    assert response.context["chart"]["labels"] == ["Đoàn phường Tô Hiệu"]


# --- Export ------------------------------------------------------------------------


def _rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def test_export_lists_visible_participants_with_support_and_evaluation(
    officer_client, participant, other_participant, person
):
    SupportRecordFactory(participant=participant, amount=50_000_000)
    SupportRecordFactory(participant=participant, kind=SupportRecord.Kind.TRADE_FAIR, amount=None)
    ProgrammeParticipant.objects.filter(pk=participant.pk).update(
        status=Status.SELECTED, is_successful=True, to_commend=True, branch_name="=HYPERLINK(1)"
    )

    response = officer_client.get(_url("participant-export", participant.programme.pk))

    header, *rows = _rows(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert header[:3] == ("STT", "Chủ mô hình", "Ngày sinh")
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Chủ mô hình"], row["Tên mô hình"], row["Đơn vị đăng ký"]) == (
        "Lò Thị Hoa",
        "Vườn chanh leo Tô Hiệu",
        "Đoàn phường Tô Hiệu",
    )
    assert (row["Số lượt hỗ trợ"], row["Tổng vốn vay (đồng)"]) == (2, 50_000_000)
    assert (row["Trạng thái tham gia"], row["Xây dựng thành công"], row["Đề nghị tuyên dương"]) == (
        "Được lựa chọn",
        "Có",
        "Có",
    )
    assert row["Chi đoàn"] == "'=HYPERLINK(1)"


def test_export_applies_the_filters(staff_client, programme, participant, other_participant):
    response = staff_client.get(_url("participant-export", programme.pk), {"q": "Mường"})

    assert [r[8] for r in _rows(response)[1:]] == ["Trại dê Mường La"]


# --- Query counts ------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _fill(programme, unit, count):
    for n in range(count):
        owner = EntrepreneurFactory(unit=unit)
        venture = PioneerVentureFactory(unit=unit, owners=[owner], founded_on=datetime.date(2020, 1, 1))
        participant = ProgrammeParticipantFactory(
            programme=programme, venture=venture, unit=unit, status=Status.SELECTED, is_successful=n % 2 == 0
        )
        SupportRecordFactory(participant=participant)


# Session, user, memberships and the unread-notification badge are four of each.
PAGES = {
    "programme-detail": 11,  # + programme, by unit, by sector, overdue (2), support, trainings
    "participant-list": 9,  # + programme, count, rows, owners, filter units
    "support-list": 8,  # + programme, count, rows, summary
    "participant-export": 6,  # session, user, memberships, programme, rows, owners
}


@pytest.mark.parametrize("page", list(PAGES))
def test_programme_pages_cost_the_same_queries_for_1_and_20_participants(
    staff_client, province, commune, branch, page, django_assert_max_num_queries
):
    programme = ModelProgrammeFactory(
        owner=province,
        start_date=datetime.date(TODAY.year - 1, 1, 1),
        registration_deadline=datetime.date(TODAY.year - 1, 1, 31),
        reporting_from=datetime.date(TODAY.year - 1, 1, 1),
    )
    TrainingSessionFactory(programme=programme)
    url = _url(page, programme.pk)
    _fill(programme, commune, 1)
    staff_client.get(url)  # warm-up (session, caches)
    one = _queries(staff_client, url)
    _fill(programme, commune, 10)
    _fill(programme, branch, 9)

    with django_assert_max_num_queries(PAGES[page]):
        twenty = _queries(staff_client, url)

    assert twenty == one


def test_select_refusal_by_htmx_shows_the_message_in_the_row(staff_client, participant):
    ProgrammeParticipant.objects.filter(pk=participant.pk).update(status=Status.WITHDRAWN)

    response = staff_client.post(
        _url("participant-select", participant.pk), {"decision": "selected"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "Mô hình đã rút khỏi chương trình." in response.content.decode()


def test_every_programme_page_renders_for_staff(staff_client, programme, participant):
    ProgrammeParticipant.objects.filter(pk=participant.pk).update(
        status=Status.SELECTED,
        is_successful=True,
        to_replicate=True,
        evaluation_note="Nhân rộng cho 5 đoàn viên",
        evaluated_at=timezone.now(),
    )
    session = TrainingSessionFactory(programme=programme)
    TrainingAttendance.objects.create(session=session, participant=participant)
    SupportRecordFactory(participant=participant)
    urls = [
        reverse("programmes:programme-list"),
        reverse("programmes:programme-create"),
        _url("programme-update", programme.pk),
        _url("programme-detail", programme.pk),
        _url("participant-list", programme.pk),
        _url("participant-create", programme.pk),
        _url("participant-import", programme.pk),
        _url("support-list", programme.pk),
        _url("training-create", programme.pk),
        _url("participant-detail", participant.pk),
        _url("participant-evaluate", participant.pk),
        _url("support-create", participant.pk),
        session.get_absolute_url(),
    ]

    statuses = {url: staff_client.get(url).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)
    detail = staff_client.get(_url("participant-detail", participant.pk)).content.decode()
    assert "Xét chọn và phân loại" in detail
    assert "Nhân rộng cho 5 đoàn viên" in detail
