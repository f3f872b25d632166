"""Pages: officers' list and form, staff review, deadlines, late units, home panel."""

import pytest
from django.urls import reverse

from common.models import Notification
from reports.models import ReminderLog, UnitReport
from reports.periodic import services
from tests.factories import UnitFactory, user_with_role
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db


def fill_url(period, unit):
    return reverse("reports:periodic-fill", args=[period.pk, unit.pk])


def test_officer_list_shows_what_is_owed_with_late_marked(client, officer, current, past, commune, other_commune):
    client.force_login(officer)
    page = client.get(reverse("reports:periodic-list")).content.decode()
    assert f'data-row="{current.pk}-{commune.pk}"' in page
    assert f'data-row="{past.pk}-{commune.pk}" data-late' in page
    assert f'data-row="{current.pk}-{commune.pk}" data-late' not in page
    assert f'data-row="{current.pk}-{other_commune.pk}"' not in page
    assert other_commune.name not in page
    assert "Trễ hạn" in page


def test_officer_saves_draft_then_submits(client, officer, current, commune):
    client.force_login(officer)
    url = fill_url(current, commune)
    assert client.get(url).status_code == 200
    response = client.post(url, {**GOOD, "action": "draft"})
    assert response.status_code == 302
    report = UnitReport.objects.get()
    assert report.status == UnitReport.Status.DRAFT
    client.post(url, {**GOOD, "action": "submit"})
    report.refresh_from_db()
    assert report.status == UnitReport.Status.SUBMITTED
    assert report.submitted_by == officer
    page = client.get(url).content.decode()
    assert "đang chờ Tỉnh đoàn duyệt" in page
    assert "Gửi báo cáo</button>" not in page


def test_bad_numbers_show_messages_and_save_nothing(client, officer, current, commune):
    client.force_login(officer)
    response = client.post(
        fill_url(current, commune), {**GOOD, "mo_hinh_moi": "-3", "von_vay": "abc", "action": "draft"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Số liệu không được âm." in page
    assert "“abc” không phải là số." in page
    assert not UnitReport.objects.filter(values__isnull=False).exists()


def test_accepted_report_cannot_be_changed_by_the_unit(client, officer, staff_user, current, commune):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    services.report_accept(report=report, actor=staff_user)
    client.force_login(officer)
    response = client.post(fill_url(current, commune), {**GOOD, "mo_hinh_moi": "99", "action": "submit"})
    assert response.status_code == 400
    assert "không sửa được nữa" in response.content.decode()


def test_other_units_report_is_404(client, other_officer, officer, current, commune):
    report = services.report_open(period=current, unit=commune, actor=officer)
    client.force_login(other_officer)
    assert client.get(fill_url(current, commune)).status_code == 404
    assert client.get(reverse("reports:periodic-report", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:periodic-report", args=[report.pk]), {"action": "accept"}).status_code == 404


def test_officer_cannot_review_or_see_staff_pages(client, officer, current, commune):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    client.force_login(officer)
    assert client.post(reverse("reports:periodic-report", args=[report.pk]), {"action": "accept"}).status_code == 403
    for name in ("periodic-review", "periodic-deadlines", "periodic-late"):
        assert client.get(reverse(f"reports:{name}")).status_code == 403


def test_staff_returns_with_comment_then_accepts(client, staff_user, officer, current, commune):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    client.force_login(staff_user)
    assert report.unit.name in client.get(reverse("reports:periodic-review")).content.decode()
    url = reverse("reports:periodic-report", args=[report.pk])
    response = client.post(url, {"action": "return", "comment": ""})
    assert response.status_code == 400
    assert "Ghi rõ lý do trả lại" in response.content.decode()
    client.post(url, {"action": "return", "comment": "Bổ sung số liệu vốn vay"})
    report.refresh_from_db()
    assert report.status == UnitReport.Status.RETURNED
    assert Notification.objects.filter(recipient=officer, title__startswith="Trả lại để sửa: ").exists()
    services.report_submit(report=report, raw=GOOD, actor=officer)
    client.post(url, {"action": "accept", "comment": ""})
    report.refresh_from_db()
    assert report.status == UnitReport.Status.ACCEPTED


def _many_units(province, n):
    for i in range(n):
        unit = UnitFactory(name=f"Đoàn xã Số {i}", code=f"so-{i}", kind="commune", parent=province)
        user_with_role("officer", unit, username=f"cb-so-{i}")


@pytest.mark.parametrize("size", [3, 15])
def test_deadline_and_late_pages_cost_fixed_queries(
    client, staff_user, province, periods, size, django_assert_max_num_queries
):
    _many_units(province, size)
    client.force_login(staff_user)
    current = periods[-1]
    ReminderLog.objects.bulk_create(
        ReminderLog(deadline_key=f"k{i}", user=staff_user, offset=-1, due=current.due, sent_on=current.due, title="x")
        for i in range(size)
    )
    with django_assert_max_num_queries(40):
        page = client.get(reverse("reports:periodic-deadlines"), {"days": "90"})
    assert page.status_code == 200
    with django_assert_max_num_queries(40):
        late = client.get(reverse("reports:periodic-late"))
    assert late.status_code == 200
    assert "Đoàn xã Số 0" in late.content.decode()
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:periodic-list")).status_code == 200


def test_home_panel_lists_what_the_user_owes(client, officer, past, commune, other_officer):
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    panel = page.split('id="todo-panel"')[1].split("</section>")[0]
    assert "Việc cần làm" in page
    assert f'data-key="reports.unit:{past.pk}:{commune.pk}"' in panel


def test_indicator_lines_are_prefilled_for_the_units_subtree(
    client, officer, current, commune, branch, other_commune, monkeypatch
):
    from common.indicators import COUNT, Indicator, Measure
    from reports.periodic import selectors

    seen = []

    def compute(period):
        seen.append(period)
        return {commune.pk: Measure(2), branch.pk: Measure(3), other_commune.pk: Measure(40)}

    fake = Indicator(code="ventures.registered", label="Mô hình", kind=COUNT, unit_label="mô hình", compute=compute)
    monkeypatch.setattr(selectors, "indicator_catalogue", lambda: {fake.code: fake})
    current.schedule.fields.filter(code="mo_hinh_moi").update(indicator_code="ventures.registered")
    client.force_login(officer)

    page = client.get(fill_url(current, commune)).content.decode()

    assert 'name="mo_hinh_moi" value="5"' in page
    assert "Cổng đã ghi nhận: 5" in page
    assert (seen[0].start, seen[0].end) == (current.start, current.end)
    client.post(fill_url(current, commune), {**GOOD, "action": "draft"})
    value = UnitReport.objects.get().values.get(field__code="mo_hinh_moi")
    assert (value.number, value.prefilled) == (3, 5)


def test_refused_first_submit_leaves_no_draft_behind(client, officer, current, commune):
    client.force_login(officer)
    response = client.post(fill_url(current, commune), {**GOOD, "mo_hinh_moi": "", "action": "submit"})
    assert response.status_code == 400
    assert "Chỉ tiêu bắt buộc, chưa nhập." in response.content.decode()
    assert not UnitReport.objects.exists()


def test_refused_draft_leaves_no_report_row(client, officer, current, commune):
    client.force_login(officer)
    response = client.post(fill_url(current, commune), {**GOOD, "von_vay": "abc", "action": "draft"})
    assert response.status_code == 400
    assert not UnitReport.objects.exists()


def test_staff_reach_schedules_and_report_forms_from_the_reports_pages(client, staff_user, current):
    client.force_login(staff_user)
    admin_url = reverse("admin:reports_reportingschedule_changelist")
    for name in ("reports:periodic-list", "reports:periodic-review", "reports:periodic-deadlines"):
        page = client.get(reverse(name)).content.decode()
        assert f'href="{admin_url}"' in page, name
    assert client.get(admin_url).status_code == 200


def test_staff_reach_deadlines_late_and_offsets_from_the_list(client, staff_user, current):
    client.force_login(staff_user)
    page = client.get(reverse("reports:periodic-list")).content.decode()
    assert reverse("reports:periodic-deadlines") in page
    assert reverse("reports:periodic-late") in page
    deadlines = client.get(reverse("reports:periodic-deadlines")).content.decode()
    assert reverse("admin:reports_reminderoffset_changelist") in deadlines


def test_officers_get_no_schedule_or_offset_admin_links(client, officer, current):
    client.force_login(officer)
    page = client.get(reverse("reports:periodic-list")).content.decode()
    assert reverse("admin:reports_reportingschedule_changelist") not in page
    assert reverse("admin:reports_reminderoffset_changelist") not in page
    assert reverse("reports:periodic-deadlines") not in page
    assert reverse("reports:periodic-late") not in page
