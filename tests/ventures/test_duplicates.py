"""One person, one record: registering or importing someone probably in the registry already
(the same citizen id, the same phone, or the same name and date of birth) shows the match
first, among the records the officer sees only, and lets them pick it or say it is someone
else. "Today" is 7/12/2026."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from accounts.scoping import access_of
from tests.ventures.factories import EntrepreneurFactory, entrepreneur_post
from ventures import imports, selectors
from ventures.models import Entrepreneur, Venture

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
CREATE_URL = reverse("ventures:entrepreneur-create")
IMPORT_URL = reverse("ventures:entrepreneur-import")
BORN = datetime.date(1998, 5, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def hoa(commune):
    """Registered under the officer's commune."""
    return EntrepreneurFactory(
        full_name="Lò Thị Hoa", date_of_birth=BORN, phone="0911222333", citizen_id="014098000001", unit=commune
    )


@pytest.fixture
def hidden(other_commune):
    """Registered under the commune beside the officer's: they never see her."""
    return EntrepreneurFactory(
        full_name="Quàng Thị Ẩn", date_of_birth=BORN, phone="0977888999", citizen_id="014098000999", unit=other_commune
    )


def _post(commune, **overrides) -> dict:
    return entrepreneur_post(commune, **{"date_of_birth": "1998-05-20", "citizen_id": "", "phone": "", **overrides})


# --- The registration form -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ({"full_name": "LÒ  THI HOA"}, "trùng họ tên và ngày sinh"),
        ({"full_name": "Lường Thị Mai", "phone": "0911 222 333"}, "trùng số điện thoại"),
        ({"full_name": "Lường Thị Mai", "citizen_id": "014098000001"}, "trùng số CCCD"),
    ],
)
def test_register_shows_the_likely_match_first(officer_client, commune, hoa, typed, reason):
    response = officer_client.post(CREATE_URL, _post(commune, **typed))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="likely-matches"' in body
    assert f'data-match="{hoa.pk}"' in body
    assert reason in body
    assert hoa.get_absolute_url() in body  # "Chọn người này" opens the existing record
    assert list(Entrepreneur.objects.all()) == [hoa]


def test_register_someone_else_after_seeing_the_match(officer_client, commune, hoa):
    data = _post(commune, full_name="Lò Thị Hoa", phone="0911000000")
    first = officer_client.post(CREATE_URL, data)
    assert 'name="different_from"' in first.content.decode()
    assert "Đây là người khác, vẫn đăng ký" in first.content.decode()

    response = officer_client.post(CREATE_URL, {**data, "different_from": [str(hoa.pk)]})

    created = Entrepreneur.objects.exclude(pk=hoa.pk).get()
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert (created.full_name, created.date_of_birth) == ("Lò Thị Hoa", BORN)


def test_register_asks_again_when_a_new_match_appears(officer_client, commune, hoa):
    """Saying "someone else" covers the records shown, not one registered since."""
    data = _post(commune, full_name="Lò Thị Hoa", phone="0911000000")
    newcomer = EntrepreneurFactory(full_name="Lo Thi Hoa", date_of_birth=BORN, unit=commune)

    response = officer_client.post(CREATE_URL, {**data, "different_from": [str(hoa.pk)]})

    assert f'data-match="{newcomer.pk}"' in response.content.decode()
    assert Entrepreneur.objects.count() == 2


def test_register_same_citizen_id_cannot_be_registered_again(officer_client, commune, hoa):
    data = _post(commune, full_name="Lường Thị Mai", citizen_id="014098000001")

    response = officer_client.post(CREATE_URL, {**data, "different_from": [str(hoa.pk)]})

    body = response.content.decode()
    assert f'data-match="{hoa.pk}"' in body
    assert 'name="different_from"' not in body
    assert "Số CCCD này đã có trong danh sách thanh niên." in body
    assert list(Entrepreneur.objects.all()) == [hoa]


@pytest.mark.parametrize(
    "typed",
    [
        {"full_name": "Quàng Thị Ẩn"},  # name and date of birth
        {"full_name": "Lường Thị Mai", "phone": "0977888999"},
    ],
)
def test_register_never_shows_a_record_the_officer_cannot_see(officer_client, commune, hidden, typed):
    response = officer_client.post(CREATE_URL, _post(commune, **typed))

    # Registered at once: no match shown, nothing said about the other commune's record.
    assert response.status_code == 302
    assert Entrepreneur.objects.count() == 2


def test_register_hidden_citizen_id_is_refused_without_naming_the_record(officer_client, commune, hidden):
    response = officer_client.post(CREATE_URL, _post(commune, full_name="Lường Thị Mai", citizen_id="014098000999"))

    body = response.content.decode()
    assert "Số CCCD này đã có trong danh sách thanh niên." in body
    assert 'id="likely-matches"' not in body
    assert "Quàng Thị Ẩn" not in body
    assert "Đoàn xã Mường La" not in body
    assert Entrepreneur.objects.count() == 1


def test_staff_above_both_communes_see_the_match(client, staff_user, commune, hidden):
    client.force_login(staff_user)

    response = client.post(CREATE_URL, _post(commune, full_name="Quàng Thị Ẩn"))

    assert f'data-match="{hidden.pk}"' in response.content.decode()


# --- The look-up -------------------------------------------------------------------------


def test_matches_cost_one_query_for_one_person_or_many(officer, commune, hoa):
    EntrepreneurFactory.create_batch(20, unit=commune, date_of_birth=BORN)
    one = [Entrepreneur(full_name="Lò Thị Hoa", date_of_birth=BORN)]
    many = [
        Entrepreneur(
            full_name=f"Người {n}", date_of_birth=BORN, phone=f"09000000{n:02d}", citizen_id=f"0140990000{n:02d}"
        )
        for n in range(50)
    ] + one
    access_of(officer)  # the officer's reach, read once per request

    with CaptureQueriesContext(connection) as for_one:
        found_one = selectors.entrepreneur_matches(user=officer, people=one)
    with CaptureQueriesContext(connection) as for_many:
        found_many = selectors.entrepreneur_matches(user=officer, people=many)

    assert (len(for_one), len(for_many)) == (1, 1)
    assert [m.person for m in found_one[0]] == [hoa]
    assert [m.person for m in found_many[-1]] == [hoa]
    assert found_many[0] == []


def test_matches_put_the_surest_first(officer, commune, hoa):
    namesake = EntrepreneurFactory(full_name="Lò Thị Hoa", date_of_birth=BORN, unit=commune, phone="")
    typed = Entrepreneur(full_name="lò thị hoa", date_of_birth=BORN, phone="0911222333", citizen_id="014098000001")

    (found,) = selectors.entrepreneur_matches(user=officer, people=[typed])

    assert [(m.person, m.reasons) for m in found] == [
        (hoa, ("citizen_id", "phone", "name_birth")),
        (namesake, ("name_birth",)),
    ]


# --- The Excel import ------------------------------------------------------------------

HEADERS = [str(c) for c in imports.COLUMNS]


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for name, born, phone, citizen_id, venture in rows:
        sheet.append(
            [
                name,
                born,
                "Nữ",
                "Thái",
                phone,
                "",
                citizen_id,
                "to-hieu",
                "",
                "",
                venture,
                "Hộ kinh doanh",
                "Trồng trọt",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


ROWS = [
    ("Lường Thị Mai", "15/03/2000", "0912345678", "", None),  # 2: new
    ("LO THI HOA", "20/05/1998", "", "", "Hộ nuôi ong Bản Hìn"),  # 3: probably Hoa
    ("Quàng Thị Ẩn", "20/05/1998", "0977888999", "", None),  # 4: hidden's twin, but hidden
]


def test_import_preview_lists_the_rows_that_match(officer_client, hoa, hidden):
    response = officer_client.post(IMPORT_URL, {"file": _xlsx(ROWS)})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-matches"' in body
    assert 'data-row="3"' in body
    assert f'value="{hoa.pk}"' in body
    assert 'value="new"' in body
    assert 'data-row="4"' not in body
    assert 'data-row="2"' not in body
    assert "Đoàn xã Mường La" not in body
    assert Entrepreneur.objects.count() == 2  # nothing saved yet


def _token(response) -> str:
    body = response.content.decode()
    start = body.index('name="upload" value="') + len('name="upload" value="')
    return body[start : body.index('"', start)]


def test_import_row_linked_to_the_existing_person(officer_client, hoa, hidden):
    preview = officer_client.post(IMPORT_URL, {"file": _xlsx(ROWS)})

    response = officer_client.post(IMPORT_URL, {"upload": _token(preview), "row-3": str(hoa.pk)})

    assert response.status_code == 302
    assert Entrepreneur.objects.count() == 4  # Mai and the third row's Quàng Thị Ẩn are new
    assert list(Venture.objects.get(name="Hộ nuôi ong Bản Hìn").owners.all()) == [hoa]
    assert not Entrepreneur.objects.filter(full_name="LO THI HOA").exists()
    assert hoa.history.count() == 1  # the existing person is not changed


def test_import_row_confirmed_as_someone_else(officer_client, hoa):
    preview = officer_client.post(IMPORT_URL, {"file": _xlsx(ROWS[:2])})

    officer_client.post(IMPORT_URL, {"upload": _token(preview), "row-3": imports.NEW_PERSON})

    twin = Entrepreneur.objects.get(full_name="LO THI HOA")
    assert list(twin.ventures.all()) == list(Venture.objects.all())
    assert Entrepreneur.objects.count() == 3


def test_import_row_with_the_same_citizen_id_can_only_be_linked(officer_client, hoa):
    rows = [("Lò Thị Hoa", "20/05/1998", "", "014098000001", None)]
    preview = officer_client.post(IMPORT_URL, {"file": _xlsx(rows)})
    assert 'value="new"' not in preview.content.decode()

    response = officer_client.post(IMPORT_URL, {"upload": _token(preview), "row-2": imports.NEW_PERSON})

    assert response.status_code == 200
    assert "Hãy chọn cho mỗi dòng" in response.content.decode()
    assert list(Entrepreneur.objects.all()) == [hoa]


def test_import_choice_must_name_one_of_the_rows_matches(officer_client, hoa, hidden):
    preview = officer_client.post(IMPORT_URL, {"file": _xlsx(ROWS[:2])})

    response = officer_client.post(IMPORT_URL, {"upload": _token(preview), "row-3": str(hidden.pk)})

    assert 'id="import-matches"' in response.content.decode()
    assert not hidden.ventures.exists()
    assert Entrepreneur.objects.count() == 2


def test_import_upload_kept_for_its_user_only(officer_client, client, hoa, commune):
    from accounts.models import Membership
    from tests.factories import user_with_role

    preview = officer_client.post(IMPORT_URL, {"file": _xlsx(ROWS[:2])})
    client.force_login(user_with_role(Membership.Role.OFFICER, commune, username="officer-2"))

    response = client.post(IMPORT_URL, {"upload": _token(preview), "row-3": str(hoa.pk)})

    assert response.status_code == 400
    assert "hãy tải tệp lên lại" in response.content.decode()
    assert Entrepreneur.objects.count() == 1


def test_import_expired_upload_asks_for_the_file_again(officer_client, hoa):
    preview = officer_client.post(IMPORT_URL, {"file": _xlsx(ROWS[:2])})
    cache.clear()

    response = officer_client.post(IMPORT_URL, {"upload": _token(preview), "row-3": str(hoa.pk)})

    assert response.status_code == 400
    assert Entrepreneur.objects.count() == 1


def test_import_hidden_citizen_id_stays_an_error_naming_nobody(officer_client, hidden):
    rows = [("Lường Thị Mai", "15/03/2000", "", "014098000999", None)]

    response = officer_client.post(IMPORT_URL, {"file": _xlsx(rows)})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Số CCCD này đã có trong danh sách thanh niên." in body
    assert "Quàng Thị Ẩn" not in body
    assert Entrepreneur.objects.count() == 1


def test_import_service_matches_cost_no_query_per_row(officer, commune, hoa):
    def cost(count: int) -> int:
        rows = [(f"Lò Văn {count}-{n}", "20/05/1998", "", "", None) for n in range(count)] + [ROWS[1]]
        with CaptureQueriesContext(connection) as captured:
            report = imports.import_entrepreneurs(uploaded=_xlsx(rows), actor=officer)
        assert report.awaiting_choice
        assert [m.row for m in report.matches] == [count + 2]
        return len(captured)

    access_of(officer)  # the officer's reach, read once per request
    assert cost(5) == cost(100) == 2  # the units, then the likely matches
