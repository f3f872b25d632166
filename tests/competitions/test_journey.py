import pytest
from django.urls import reverse

from competitions.models import Entry
from tests.competitions.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_entrepreneur_profile_shows_submitted_contest_entries(client, officer, commune):
    entry = EntryFactory(unit=commune, status=Entry.Status.SUBMITTED, title="Sấy mận hậu Mộc Châu")
    EntryFactory(unit=commune, title="Bản nháp chưa nộp")
    lead = entry.team.get().entrepreneur
    client.force_login(officer)

    content = client.get(reverse("ventures:entrepreneur-detail", args=[lead.pk])).content.decode()

    assert "Sấy mận hậu Mộc Châu" in content
    assert "Đã nộp, chờ thẩm định" in content
    assert "Bản nháp chưa nộp" not in content


def test_staff_pages_link_to_every_export(client, staff_user):
    entry = EntryFactory(status=Entry.Status.SUBMITTED)
    client.force_login(staff_user)

    content = client.get(reverse("competitions:contest-detail", args=[entry.contest_id])).content.decode()

    assert reverse("competitions:contest-entries-export", kwargs={"contest_pk": entry.contest_id}) in content
    assert reverse("competitions:prize-assign", kwargs={"contest_pk": entry.contest_id}) in content
