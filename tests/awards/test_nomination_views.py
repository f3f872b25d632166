"""A unit's side of an award programme through the test client: the programme pages, the
nomination form with its evidence and live eligibility panel, submit and withdraw, staff
exceptions and field verification, and what other units and roles must not reach."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from awards.models import AwardProgramme, FieldVerification, Nomination, NominationEvidence
from tests import samples
from tests.awards.factories import (
    AwardCategoryFactory,
    AwardProgrammeFactory,
    FieldVerificationFactory,
    NominationEvidenceFactory,
    NominationFactory,
)
from tests.factories import UnitFactory, user_with_role
from tests.utils import close_response
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = samples.png_bytes()
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def programme():
    return AwardProgrammeFactory(
        name="Tuyên dương Thanh niên làm kinh tế giỏi 2026",
        quota_per_unit=3,
        min_age=18,
        max_age=35,
        age_reference_date=datetime.date(2026, 8, 31),
        min_jobs=5,
        require_no_violations=True,
    )


@pytest.fixture
def category(programme):
    return AwardCategoryFactory(programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi")


@pytest.fixture
def person(commune):
    return EntrepreneurFactory(full_name="Lò Thị Hoa", unit=commune, date_of_birth=datetime.date(1998, 5, 20))


@pytest.fixture
def old_person(commune):
    """41 on the programme's reference date (31/08/2026)."""
    return EntrepreneurFactory(full_name="Cầm Văn Già", unit=commune, date_of_birth=datetime.date(1985, 1, 10))


@pytest.fixture
def venture(commune, person):
    return VentureFactory(name="HTX chè Tô Hiệu", unit=commune, owners=[person], founded_on=datetime.date(2020, 3, 1))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def nomination_post(*, person, category, unit, venture=None, action="draft", evidence=(), **overrides) -> dict:
    """What the nomination form posts, with its evidence formset (prefix "evidence")."""
    data = {
        "entrepreneur": person.pk,
        "venture": venture.pk if venture else "",
        "category": category.pk,
        "unit": unit.pk,
        "annual_revenue": "1.200.000.000",
        "annual_profit": "300.000.000",
        "jobs_created": "12",
        "average_wage": "6.500.000",
        "scale": "20 ha chè",
        "technology": "Tưới nhỏ giọt",
        "social_contributions": "Hỗ trợ giống cho 30 hộ nghèo",
        "previous_commendations": "",
        "story": "Từ bỏ công việc ở Hà Nội về quê trồng chè.",
        "no_violations_declared": "on",
        "endorsement": "Đoàn phường đề nghị.",
        "action": action,
        "evidence-TOTAL_FORMS": str(max(len(evidence), 1)),
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "10",
    }
    for index, (title, upload) in enumerate(evidence):
        data[f"evidence-{index}-title"] = title
        data[f"evidence-{index}-file"] = upload
    data.update(overrides)
    return data


def _create_url(programme) -> str:
    return reverse("awards:nomination-create", args=[programme.pk])


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the officer's happy path -----------------------------------------------------------


def test_officer_saves_a_draft_with_evidence_then_submits(
    officer_client, officer, programme, category, commune, person, venture
):
    # Arrange
    pdf = SimpleUploadedFile("giay-phep.pdf", PDF_BYTES, content_type="application/pdf")
    data = nomination_post(
        person=person, category=category, unit=commune, venture=venture, evidence=[("Giấy phép kinh doanh", pdf)]
    )

    # Act: save a draft
    response = officer_client.post(_create_url(programme), data, follow=True)

    # Assert: a draft with its achievements and evidence, counted by nobody yet
    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.DRAFT
    assert (nomination.entrepreneur, nomination.venture, nomination.unit) == (person, venture, commune)
    assert nomination.annual_revenue == 1_200_000_000
    assert nomination.average_wage == 6_500_000
    assert nomination.created_by == officer
    assert list(nomination.evidence.values_list("title", flat=True)) == ["Giấy phép kinh doanh"]
    assert _messages(response) == ["Đã lưu bản nháp hồ sơ đề nghị tuyên dương Lò Thị Hoa."]
    assert response.context["nomination"] == nomination

    # Act: send it from its page
    response = officer_client.post(reverse("awards:nomination-submit", args=[nomination.pk]), follow=True)

    # Assert
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.submitted_at is not None
    assert _messages(response) == ["Đã gửi hồ sơ đề nghị tuyên dương Lò Thị Hoa."]
    assert f'data-quota="{commune.pk}">1/3 hồ sơ' in _text(officer_client.get(programme.get_absolute_url()))


def test_save_and_send_in_one_step(officer_client, programme, category, commune, person):
    response = officer_client.post(
        _create_url(programme), nomination_post(person=person, category=category, unit=commune, action="submit")
    )

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert nomination.status == Nomination.Status.SUBMITTED


def test_form_page_shows_the_rules_and_the_live_panel(officer_client, programme, category, person, other_officer):
    response = officer_client.get(_create_url(programme))

    html = _text(response)
    assert response.status_code == 200
    assert 'id="eligibility-panel"' in html
    assert f'hx-post="{reverse("awards:nomination-eligibility", args=[programme.pk])}"' in html
    assert 'hx-trigger="change"' in html
    assert "Độ tuổi 18–35 vào ngày 31/08/2026" in html
    # The unit is one of the officer's own units only.
    assert list(response.context["form"].fields["unit"].queryset) == [person.unit]


def test_draft_is_edited_through_the_form(officer_client, programme, category, commune, person):
    nomination = NominationFactory(programme=programme, category=category, unit=commune, entrepreneur=person)
    url = reverse("awards:nomination-update", args=[nomination.pk])

    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url, nomination_post(person=person, category=category, unit=commune, jobs_created="20")
    )

    nomination.refresh_from_db()
    assert response.status_code == 302
    assert nomination.jobs_created == 20


def test_sent_nomination_is_not_edited_but_can_be_withdrawn(officer_client, programme, category, commune, person):
    nomination = NominationFactory(
        programme=programme, category=category, unit=commune, entrepreneur=person, status=Nomination.Status.SUBMITTED
    )

    edit = officer_client.get(reverse("awards:nomination-update", args=[nomination.pk]), follow=True)
    withdraw = officer_client.post(reverse("awards:nomination-withdraw", args=[nomination.pk]), follow=True)

    assert _messages(edit) == ["Hồ sơ đã gửi không sửa được; hãy rút hồ sơ nếu cần sửa."]
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
    assert "Đã rút hồ sơ" in _messages(withdraw)[0]


def test_form_refuses_a_venture_the_nominee_does_not_own(officer_client, programme, category, commune, person):
    stranger = EntrepreneurFactory(unit=commune, full_name="Hà Văn Khác")
    theirs = VentureFactory(unit=commune, owners=[stranger])

    response = officer_client.post(
        _create_url(programme), nomination_post(person=person, category=category, unit=commune, venture=theirs)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["venture"] == ["Mô hình này không do người được đề nghị làm chủ."]
    assert not Nomination.objects.exists()


def test_second_nomination_of_the_same_person_is_refused(officer_client, programme, category, commune, person):
    NominationFactory(programme=programme, category=category, unit=commune, entrepreneur=person)

    response = officer_client.post(
        _create_url(programme), nomination_post(person=person, category=category, unit=commune)
    )

    assert response.status_code == 200
    assert "đã có hồ sơ đề nghị trong chương trình này" in response.context["form"].errors["entrepreneur"][0]
    assert Nomination.objects.count() == 1


def test_form_after_the_window_redirects_with_the_deadline(officer_client, programme):
    programme.nomination_opens_at = timezone.now() - datetime.timedelta(days=30)
    programme.nomination_closes_at = timezone.now() - datetime.timedelta(days=1)
    programme.save()

    response = officer_client.get(_create_url(programme), follow=True)

    assert response.redirect_chain[-1][0] == programme.get_absolute_url()
    assert _messages(response)[0].startswith("Đã hết hạn gửi hồ sơ")


# --- eligibility ------------------------------------------------------------------------


def test_eligibility_endpoint_reports_an_over_age_nominee_with_the_reason(officer_client, programme, old_person):
    response = officer_client.post(
        reverse("awards:nomination-eligibility", args=[programme.pk]),
        {"entrepreneur": old_person.pk, "annual_revenue": "500.000.000", "jobs_created": "8"},
        **HTMX,
    )

    html = _text(response)
    assert response.status_code == 200
    assert "<html" not in html  # a partial for the panel
    assert 'data-check="age" data-passed="no"' in html
    assert "41 tuổi vào ngày 31/08/2026, quá 35." in html
    assert 'data-check="jobs" data-passed="yes"' in html
    # The declaration box was not ticked.
    assert 'data-check="no_violations" data-passed="no"' in html


def test_eligibility_endpoint_passes_a_nominee_within_the_rules(officer_client, programme, person):
    response = officer_client.post(
        reverse("awards:nomination-eligibility", args=[programme.pk]),
        {"entrepreneur": person.pk, "jobs_created": "8", "no_violations_declared": "on"},
        **HTMX,
    )

    checks = response.context["eligibility"]["checks"]
    assert [(c.code, c.passed) for c in checks] == [("age", True), ("jobs", True), ("no_violations", True)]


def test_eligibility_endpoint_ignores_a_person_the_officer_cannot_see(officer_client, programme, other_commune):
    stranger = EntrepreneurFactory(unit=other_commune)

    response = officer_client.post(
        reverse("awards:nomination-eligibility", args=[programme.pk]), {"entrepreneur": stranger.pk}, **HTMX
    )

    assert response.context["eligibility"]["checks"] is None
    assert stranger.full_name not in _text(response)


def test_over_age_nominee_cannot_be_sent(officer_client, programme, category, commune, old_person):
    response = officer_client.post(
        _create_url(programme),
        nomination_post(person=old_person, category=category, unit=commune, action="submit"),
        follow=True,
    )

    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.DRAFT
    (message,) = _messages(response)
    assert message.startswith("Đã lưu bản nháp nhưng chưa gửi được: Hồ sơ chưa đủ điều kiện tuyên dương:")
    assert "41 tuổi vào ngày 31/08/2026, quá 35." in message
    # The nomination's page lists the failing check.
    assert "data-ineligible" in _text(response)
    assert [c.code for c in response.context["failed"]] == ["age"]


def test_staff_override_lets_the_unit_send(officer_client, staff_user, programme, category, commune, old_person):
    nomination = NominationFactory(programme=programme, category=category, unit=commune, entrepreneur=old_person)
    submit_url = reverse("awards:nomination-submit", args=[nomination.pk])
    refused = officer_client.post(submit_url, follow=True)
    assert "quá 35" in _messages(refused)[0]

    staff = Client()
    staff.force_login(staff_user)
    override_url = reverse("awards:nomination-override", args=[nomination.pk])
    page = staff.get(nomination.get_absolute_url())
    assert "data-override-form" in _text(page)
    staff.post(override_url, {"reason": "Quá tuổi 6 tháng, mô hình tiêu biểu của tỉnh."})

    response = officer_client.post(submit_url, follow=True)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.eligibility_overridden_by == staff_user
    assert "Quá tuổi 6 tháng" in _text(response)


def test_override_needs_a_reason(staff_client, programme, category, commune, old_person):
    nomination = NominationFactory(programme=programme, category=category, unit=commune, entrepreneur=old_person)

    response = staff_client.post(
        reverse("awards:nomination-override", args=[nomination.pk]), {"reason": ""}, follow=True
    )

    nomination.refresh_from_db()
    assert nomination.eligibility_override_reason == ""
    assert _messages(response) == ["Trường này là bắt buộc."]


# --- evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all"), ("anh.exe", PNG_BYTES), ("bao-cao.pdf", PNG_BYTES)],
)
def test_evidence_of_a_wrong_type_is_refused_and_nothing_saved(
    officer_client, programme, category, commune, person, name, content
):
    upload = SimpleUploadedFile(name, content)

    response = officer_client.post(
        _create_url(programme),
        nomination_post(person=person, category=category, unit=commune, evidence=[("Báo cáo", upload)]),
    )

    assert response.status_code == 200
    (row,) = response.context["evidence_formset"].forms
    assert row.errors["file"] == ["Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), JPEG, PNG."]
    assert not Nomination.objects.exists()
    assert not NominationEvidence.objects.exists()


def test_portrait_of_a_wrong_type_is_refused(officer_client, programme, category, commune, person):
    data = nomination_post(person=person, category=category, unit=commune)
    data["photo"] = SimpleUploadedFile("chan-dung.png", PDF_BYTES)

    response = officer_client.post(_create_url(programme), data)

    assert "photo" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_evidence_download_for_the_unit_and_404_for_another(officer_client, client, other_officer, commune):
    evidence = NominationEvidenceFactory(nomination=NominationFactory(unit=commune))
    url = reverse("awards:nomination-evidence-download", args=[evidence.pk])

    own = officer_client.get(url)
    close_response(own)
    client.force_login(other_officer)

    assert own.status_code == 200
    assert client.get(url).status_code == 404


# --- other units and other roles ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("awards:nomination-detail", "get"),
        ("awards:nomination-update", "get"),
        ("awards:nomination-submit", "post"),
        ("awards:nomination-withdraw", "post"),
        ("awards:nomination-photo", "get"),
    ],
)
def test_another_units_officer_gets_404(client, other_officer, programme, category, commune, name, method):
    nomination = NominationFactory(programme=programme, category=category, unit=commune)
    client.force_login(other_officer)

    response = getattr(client, method)(reverse(name, args=[nomination.pk]))

    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DRAFT


def test_another_units_officer_does_not_see_the_nomination_on_the_programme(
    client, other_officer, programme, category, commune
):
    NominationFactory(programme=programme, category=category, unit=commune)
    client.force_login(other_officer)

    response = client.get(programme.get_absolute_url())

    assert response.context["rows"] == []


@pytest.mark.parametrize("role", ["officer", "judge"])
@pytest.mark.parametrize(
    ("name", "method"),
    [("awards:nomination-override", "post"), ("awards:verification-assign", "get")],
)
def test_officers_and_judges_get_403_on_staff_pages(client, request, role, name, method, programme, category, commune):
    nomination = NominationFactory(
        programme=programme, category=category, unit=commune, status=Nomination.Status.SUBMITTED
    )
    client.force_login(request.getfixturevalue(role))

    response = getattr(client, method)(reverse(name, args=[nomination.pk]), {"reason": "x"})

    assert response.status_code == 403


def test_judge_gets_403_on_the_programme_pages(client, judge, programme):
    client.force_login(judge)

    assert client.get(reverse("awards:programme-list")).status_code == 403
    assert client.get(programme.get_absolute_url()).status_code == 403


def test_officers_do_not_see_draft_programmes(officer_client):
    draft = AwardProgrammeFactory(status=AwardProgramme.Status.DRAFT, name="Chương trình đang soạn")

    assert officer_client.get(draft.get_absolute_url()).status_code == 404


# --- the programme pages ------------------------------------------------------------------


def test_programme_detail_for_an_officer_shows_quota_window_rules_and_guideline(
    officer_client, programme, category, commune, branch
):
    programme.guideline_document.save("huong-dan.pdf", SimpleUploadedFile("huong-dan.pdf", PDF_BYTES))
    for status in (Nomination.Status.SUBMITTED, Nomination.Status.SUBMITTED, Nomination.Status.DRAFT):
        NominationFactory(programme=programme, category=category, unit=commune, status=status)

    response = officer_client.get(programme.get_absolute_url())

    html = _text(response)
    assert f'data-quota="{commune.pk}">2/3 hồ sơ' in html
    assert "1 bản nháp" in html
    assert "Độ tuổi 18–35 vào ngày 31/08/2026" in html
    assert "Tạo việc làm cho từ 5 lao động trở lên" in html
    assert "Cam kết chấp hành tốt pháp luật, không vi phạm" in html
    assert category.name in html
    assert reverse("awards:programme-guideline", args=[programme.pk]) in html
    assert response.context["can_add"] is True
    assert len(response.context["rows"]) == 3
    download = officer_client.get(reverse("awards:programme-guideline", args=[programme.pk]))
    close_response(download)
    assert download.status_code == 200


def test_programme_detail_for_staff_lists_every_nomination_with_flags(
    staff_client, programme, category, commune, other_commune, old_person
):
    too_old = NominationFactory(programme=programme, category=category, unit=commune, entrepreneur=old_person)
    fine = NominationFactory(programme=programme, category=category, unit=other_commune, status="submitted")
    FieldVerificationFactory(nomination=fine, visited_on=datetime.date(2026, 9, 1), findings="Đúng", confirmed=True)

    response = staff_client.get(programme.get_absolute_url())

    rows = {row["nomination"].pk: row for row in response.context["rows"]}
    assert [c.code for c in rows[too_old.pk]["failed"]] == ["age"]
    assert rows[fine.pk]["failed"] == []
    assert rows[fine.pk]["verification"].confirmed is True
    html = _text(response)
    assert "41 tuổi vào ngày 31/08/2026, quá 35." in html
    assert reverse("awards:council-open", args=[programme.pk]) in html
    assert reverse("awards:verification-assign", args=[fine.pk]) not in html  # already verified
    submitted = staff_client.get(programme.get_absolute_url() + "?status=submitted")
    assert [r["nomination"] for r in submitted.context["rows"]] == [fine]


def test_programme_list_and_home_panel_for_an_officer(officer_client, programme, category, commune):
    NominationFactory(programme=programme, category=category, unit=commune, status=Nomination.Status.SUBMITTED)

    listing = _text(officer_client.get(reverse("awards:programme-list")))
    home = _text(officer_client.get(reverse("home")))

    assert programme.name in listing
    assert f'data-quota="{commune.pk}">1/3 hồ sơ' in listing
    assert 'data-panel="award-nominations"' in home
    assert reverse("awards:nomination-create", args=[programme.pk]) in home
    assert reverse("awards:programme-list") in home  # the navbar item and the panel


# --- field verification -------------------------------------------------------------------


def test_staff_assign_and_the_officer_records_the_visit(
    client, staff_client, programme, category, commune, other_commune
):
    nomination = NominationFactory(
        programme=programme, category=category, unit=commune, status=Nomination.Status.SUBMITTED
    )
    verifier = user_with_role(Membership.Role.OFFICER, other_commune, username="tham-dinh")

    staff_client.post(reverse("awards:verification-assign", args=[nomination.pk]), {"officer": verifier.pk})

    verification = FieldVerification.objects.get()
    assert verification.officer == verifier
    client.force_login(verifier)
    url = reverse("awards:verification-record", args=[verification.pk])
    assert client.get(nomination.get_absolute_url()).status_code == 200  # the verifier reads the nomination
    response = client.post(
        url,
        {
            "visited_on": timezone.localdate().isoformat(),
            "findings": "20 ha chè đúng như hồ sơ.",
            "confirmed": "yes",
            "photos": [SimpleUploadedFile("vuon-che.png", PNG_BYTES), SimpleUploadedFile("xuong.png", PNG_BYTES)],
        },
        follow=True,
    )
    verification.refresh_from_db()
    assert verification.is_done
    assert verification.confirmed is True
    assert verification.photos.count() == 2
    assert "20 ha chè đúng như hồ sơ." in _text(response)


def test_verification_photos_must_be_images(client, programme, category, commune, officer):
    verification = FieldVerificationFactory(
        nomination=NominationFactory(programme=programme, category=category, unit=commune, status="submitted"),
        officer=officer,
    )
    client.force_login(officer)

    response = client.post(
        reverse("awards:verification-record", args=[verification.pk]),
        {
            "visited_on": timezone.localdate().isoformat(),
            "findings": "Đúng",
            "confirmed": "yes",
            "photos": [SimpleUploadedFile("anh.png", PDF_BYTES)],
        },
    )

    verification.refresh_from_db()
    assert "photos" in response.context["form"].errors
    assert not verification.is_done


def test_an_officer_not_assigned_cannot_record(client, programme, category, commune, other_commune, officer):
    verifier = user_with_role(Membership.Role.OFFICER, other_commune, username="tham-dinh")
    verification = FieldVerificationFactory(
        nomination=NominationFactory(programme=programme, category=category, unit=commune, status="submitted"),
        officer=verifier,
    )
    client.force_login(officer)  # the unit's officer sees the page but may not record
    url = reverse("awards:verification-record", args=[verification.pk])

    page = client.get(url)
    post = client.post(url, {"visited_on": "2026-09-01", "findings": "x", "confirmed": "yes"})

    assert page.status_code == 200
    assert page.context["can_record"] is False
    assert post.status_code == 403
    stranger = user_with_role(Membership.Role.OFFICER, UnitFactory(code="xa-xa"), username="la")
    client.force_login(stranger)
    assert client.get(url).status_code == 404


# --- query counts -------------------------------------------------------------------------


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _nominate_many(programme, category, units, count):
    for n in range(count):
        unit = units[n % len(units)]
        nomination = NominationFactory(
            programme=programme,
            category=category,
            unit=unit,
            venture=VentureFactory(unit=unit),
            status=Nomination.Status.SUBMITTED if n % 3 else Nomination.Status.DRAFT,
        )
        if nomination.status == Nomination.Status.SUBMITTED and n % 2:
            FieldVerificationFactory(nomination=nomination)


@pytest.mark.parametrize("who", ["officer", "staff_user"])
def test_programme_detail_costs_fixed_queries(
    client, request, who, programme, category, commune, branch, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(who))
    url = programme.get_absolute_url()
    _nominate_many(programme, category, [commune], 1)
    _queries_for(client, url)  # warm-up
    one = _queries_for(client, url)
    _nominate_many(programme, category, [commune, branch], 14)

    with django_assert_max_num_queries(one):
        response = client.get(url)

    assert len(response.context["rows"]) == 15


def test_nomination_form_costs_fixed_queries(
    officer_client, programme, category, commune, django_assert_max_num_queries
):
    url = _create_url(programme)
    VentureFactory(unit=commune, owners=[EntrepreneurFactory(unit=commune)])
    _queries_for(officer_client, url)
    one = _queries_for(officer_client, url)
    for _n in range(15):
        VentureFactory(unit=commune, owners=[EntrepreneurFactory(unit=commune)])

    with django_assert_max_num_queries(one):
        officer_client.get(url)


# --- every page renders for the roles that use it -----------------------------------------


def test_staff_pages_render(staff_client, programme, category, commune, old_person):
    nomination = NominationFactory(
        programme=programme, category=category, unit=commune, status=Nomination.Status.SUBMITTED
    )
    draft = NominationFactory(programme=programme, category=category, unit=commune, entrepreneur=old_person)
    urls = [
        reverse("awards:programme-list"),
        programme.get_absolute_url(),
        nomination.get_absolute_url(),
        draft.get_absolute_url(),
        reverse("awards:verification-assign", args=[nomination.pk]),
        reverse("home"),
    ]

    responses = [staff_client.get(url) for url in urls]

    assert [r.status_code for r in responses] == [200] * len(urls)
    assert 'data-panel="award-nominations"' in _text(responses[-1])
    assert responses[3].context["can_override"] is True
    assert responses[2].context["can_assign"] is True


@pytest.mark.parametrize("who", ["officer", "staff_user"])
def test_programme_list_costs_fixed_queries(client, request, who, programme, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(who))
    url = reverse("awards:programme-list")
    _queries_for(client, url)
    one = _queries_for(client, url)
    AwardProgrammeFactory.create_batch(6)

    with django_assert_max_num_queries(one):
        response = client.get(url)

    assert len(response.context["rows"]) == 7


@pytest.fixture
def commended_model(commune, person, venture, province):
    from tests.programmes.factories import ModelProgrammeFactory, ProgrammeParticipantFactory
    from tests.ventures.factories import VentureUpdateFactory

    VentureUpdateFactory(
        venture=venture,
        period_kind="year",
        year=2025,
        period_number=1,
        revenue=900_000_000,
        profit=210_000_000,
        jobs=12,
    )
    return ProgrammeParticipantFactory(
        programme=ModelProgrammeFactory(owner=province),
        venture=venture,
        unit=commune,
        status="selected",
        is_successful=True,
        to_commend=True,
        evaluation_note="Mô hình chè sạch tiêu biểu, tạo việc làm cho 12 đoàn viên.",
    )


def test_a_model_proposed_to_commend_is_offered_and_prefills_the_nomination(
    officer_client, programme, category, commended_model, other_officer
):
    page = _text(officer_client.get(reverse("awards:programme-detail", args=[programme.pk])))
    assert "Mô hình được đề nghị tuyên dương" in page
    link = f"{_create_url(programme)}?model={commended_model.pk}"
    assert link.replace("&", "&amp;") in page or link in page

    form = officer_client.get(link).context["form"]
    assert form.initial["entrepreneur"] == commended_model.venture.owners.get().pk
    assert form.initial["venture"] == commended_model.venture_id
    assert form.initial["annual_revenue"] == 900_000_000
    assert form.initial["jobs_created"] == 12
    assert "chè sạch tiêu biểu" in form.initial["story"]

    other = Client()
    other.force_login(other_officer)
    assert other.get(link).status_code == 404


def test_a_nominated_model_is_no_longer_offered(officer_client, programme, category, commended_model, person, venture):
    NominationFactory(programme=programme, category=category, entrepreneur=person, venture=venture, unit=person.unit)

    page = _text(officer_client.get(reverse("awards:programme-detail", args=[programme.pk])))

    assert "Mô hình được đề nghị tuyên dương" not in page
