"""Judges invited, not created by hand: staff invite by email, the invitee sets a password from
the emailed link; refusals; who must not see the invitations."""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.models import Membership, User
from competitions import services
from competitions.models import Judge, JudgeInvitation, Round
from competitions.selectors.invitations import invitation_token
from tests.competitions.factories import AssignmentFactory, ContestFactory, JudgeFactory, RoundFactory, days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(?P<path>/contests/judging/invitation/[^/\s]+/)")
NEW_PASSWORD = "Giam-khao-Moc-Chau-2026"
# The same for 1 and 12 invitations: the session's user, the contest (seen, then run), the
# round tabs, the units and rounds the form offers, the invitations with their judges, their rounds.
INVITATIONS_PAGE_QUERIES = 9


@pytest.fixture
def contest(province):
    return ContestFactory(owner=province, name="Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026")


@pytest.fixture
def preliminary(contest):
    return RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển")


@pytest.fixture
def final(contest):
    return RoundFactory(contest=contest, order=3, name="Vòng chung kết")


@pytest.fixture
def coaching(contest):
    return RoundFactory(contest=contest, order=2, name="Tư vấn, hoàn thiện", kind=Round.Kind.COACHING)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def invite_url(contest):
    return reverse("competitions:judge-invite", kwargs={"contest_pk": contest.pk})


def invite_data(rounds, **overrides):
    data = {
        "email": "Lan.Nguyen@Example.vn ",
        "full_name": "Nguyễn Thị Lan",
        "title": "Giảng viên Đại học Tây Bắc",
        "affiliation": "",
        "role": "judge",
        "rounds": [r.pk for r in rounds],
    }
    return {**data, **overrides}


def invite(contest, rounds, actor, **overrides):
    data = {
        "email": "lan.nguyen@example.vn",
        "full_name": "Nguyễn Thị Lan",
        "title": "Giảng viên",
        "role": JudgeInvitation.Role.JUDGE,
        "rounds": rounds,
        **overrides,
    }
    return services.judge_invite(contest=contest, actor=actor, **data)


def link_in(mail) -> str:
    """The path of the invitation link an email carries."""
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group("path")


# --- inviting -------------------------------------------------------------------------------


def test_invitation_creates_the_account_and_emails_a_link(
    staff_client, contest, preliminary, final, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(invite_url(contest), invite_data([preliminary]))

    assert response.status_code == 302
    user = User.objects.get(email="lan.nguyen@example.vn")
    judge = Judge.objects.get(contest=contest, user=user)
    invitation = JudgeInvitation.objects.get()
    assert (user.username, user.full_name, user.has_usable_password(), user.is_staff, user.is_active) == (
        "lan.nguyen@example.vn",
        "Nguyễn Thị Lan",
        False,
        False,
        True,
    )
    assert (judge.title, list(judge.rounds.all()), judge.pledged_at, judge.conflicts_declared_at) == (
        "Giảng viên Đại học Tây Bắc",
        [preliminary],
        None,
        None,
    )
    assert user.memberships.get().role == Membership.Role.JUDGE
    assert (invitation.status, invitation.created_account, invitation.judge, invitation.invited_by) == (
        JudgeInvitation.Status.SENT,
        True,
        judge,
        response.wsgi_request.user,
    )
    assert invitation.expires_at == invitation.sent_at + days(14)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["lan.nguyen@example.vn"]
    assert mail.subject == "[Tỉnh đoàn Sơn La] Thư mời tham gia Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026"
    assert "Tỉnh đoàn Sơn La trân trọng mời bạn làm Giám khảo" in mail.body
    assert "Vòng thi: Vòng sơ tuyển." in mail.body
    assert "tên đăng nhập: lan.nguyen@example.vn" in mail.body
    # The link opens the page where the invitee sets a password.
    page = staff_client.get(link_in(mail))
    assertContains(page, "Đặt mật khẩu và nhận lời")
    # The staff page lists it as sent, with the judge's steps still owed.
    listing = staff_client.get(invite_url(contest))
    assertContains(listing, 'data-state="sent"')
    assertContains(listing, "Chưa cam kết")


def test_an_existing_account_is_reused_gets_the_role_and_an_email(
    staff_user, contest, preliminary, mailoutbox, django_capture_on_commit_callbacks
):
    known = UserFactory(username="lanpt", email="Lan.Nguyen@example.vn", full_name="Phạm Thị Lan")
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(contest, [preliminary], staff_user)

    assert User.objects.count() == users_before
    assert known.check_password("mat-khau-Thu-nghiem-1")  # their password is theirs
    assert Judge.objects.get(contest=contest).user == known
    assert (invitation.user, invitation.created_account, invitation.status, invitation.nonce) == (
        known,
        False,
        JudgeInvitation.Status.ACCEPTED,
        "",
    )
    assert [m.to for m in mailoutbox] == [["Lan.Nguyen@example.vn"]]
    assert "Bạn được mời làm Giám khảo Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026" in mailoutbox[0].subject
    assert "bằng tài khoản hiện có (lanpt)" in mailoutbox[0].body
    assert reverse("competitions:judge-contest", kwargs={"contest_pk": contest.pk}) in mailoutbox[0].body
    assert "/judging/invitation/" not in mailoutbox[0].body


def test_a_mentor_joins_the_coaching_rounds_chosen(staff_user, contest, coaching, mailoutbox):
    invitation = invite(contest, [coaching], staff_user, role=JudgeInvitation.Role.MENTOR)

    assert list(coaching.mentors.all()) == [invitation.user]
    assert not Judge.objects.filter(contest=contest).exists()


# --- accepting --------------------------------------------------------------------------------


def test_accepting_sets_the_password_signs_in_and_leads_to_the_pledge(
    client, staff_user, contest, preliminary, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(contest, [preliminary], staff_user)
    url = link_in(mailoutbox[0])

    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)

    invitation.refresh_from_db()
    invitation.user.refresh_from_db()
    assert invitation.user.check_password(NEW_PASSWORD)
    assert (invitation.status, invitation.nonce) == (JudgeInvitation.Status.ACCEPTED, "")
    assert invitation.accepted_at is not None
    assert response.wsgi_request.user == invitation.user
    assert response.redirect_chain[-1][0] == reverse("competitions:judge-pledge", kwargs={"contest_pk": contest.pk})
    assertContains(response, "Cam kết bảo mật")
    # The link is spent.
    client.logout()
    again = client.get(url)
    assertContains(again, "Lời mời này đã được dùng để đặt mật khẩu", status_code=400)


def test_a_weak_password_is_refused_and_nothing_is_accepted(client, staff_user, contest, preliminary, mailoutbox):
    invitation = invite(contest, [preliminary], staff_user)
    url = accept_url(services_token(invitation))

    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})

    invitation.refresh_from_db()
    assertContains(response, "Mật khẩu này quá phổ biến")
    assert invitation.status == JudgeInvitation.Status.SENT
    assert not invitation.user.has_usable_password()


def services_token(invitation) -> str:
    return invitation_token(invitation)


def accept_url(token: str) -> str:
    return reverse("competitions:judge-invitation-accept", kwargs={"token": token})


def test_an_expired_link_is_refused(client, staff_user, contest, preliminary):
    invitation = invite(contest, [preliminary], staff_user)

    with time_machine.travel(invitation.expires_at + datetime.timedelta(minutes=1), tick=False):
        response = client.post(
            accept_url(services_token(invitation)), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )

    assertContains(response, "Lời mời đã hết hạn lúc", status_code=400)
    invitation.refresh_from_db()
    assert invitation.status == JudgeInvitation.Status.SENT
    assert not invitation.user.has_usable_password()


def test_a_forged_link_is_refused(client, staff_user, contest, preliminary):
    invitation = invite(contest, [preliminary], staff_user)
    token = services_token(invitation)
    forged = signing.dumps([invitation.pk, "doan-mo"], salt="competitions.judge-invitation", key="not-the-secret")

    for bad in (token[:-2] + "xx", forged, "khong-phai-loi-moi"):
        response = client.get(accept_url(bad))
        assertContains(response, "Đường liên kết mời không hợp lệ", status_code=400)


def test_a_resend_replaces_the_link_and_extends_it(
    staff_client, staff_user, contest, preliminary, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(contest, [preliminary], staff_user)
    old_link = link_in(mailoutbox[0])
    later = invitation.sent_at + days(20)  # the first link has expired

    with time_machine.travel(later, tick=False):
        staff_client.force_login(staff_user)  # a session of three weeks ago has ended
        assertContains(staff_client.get(invite_url(contest)), 'data-state="expired"')
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(reverse("competitions:judge-invitation-resend", kwargs={"pk": invitation.pk}))
        invitation.refresh_from_db()
        assert (invitation.send_count, invitation.expires_at) == (2, later + days(14))
        assert len(mailoutbox) == 2
        assertContains(staff_client.get(old_link), "đã được thay bằng lời mời gửi lại", status_code=400)
        assertContains(staff_client.get(link_in(mailoutbox[1])), "Đặt mật khẩu và nhận lời")


def test_a_revoked_invitation_takes_the_role_back_and_its_link_dies(staff_client, staff_user, contest, preliminary):
    invitation = invite(contest, [preliminary], staff_user)
    token = services_token(invitation)

    staff_client.post(reverse("competitions:judge-invitation-revoke", kwargs={"pk": invitation.pk}))

    invitation.refresh_from_db()
    assert (invitation.status, invitation.revoked_by, invitation.judge) == (
        JudgeInvitation.Status.REVOKED,
        staff_user,
        None,
    )
    assert not Judge.objects.filter(contest=contest).exists()
    assert not invitation.user.memberships.exists()
    assertContains(staff_client.get(accept_url(token)), "Lời mời này đã bị ban tổ chức thu hồi", status_code=400)


def test_revoking_a_judge_already_given_entries_is_refused(staff_user, contest, preliminary):
    invitation = invite(contest, [preliminary], staff_user)
    AssignmentFactory(round=preliminary, judge=invitation.judge)

    with pytest.raises(ValidationError, match="hãy rút các phân công trước"):
        services.judge_invitation_revoke(invitation=invitation, actor=staff_user)

    invitation.refresh_from_db()
    assert invitation.status == JudgeInvitation.Status.SENT


# --- refusals ---------------------------------------------------------------------------------


def test_an_address_already_a_judge_of_the_contest_is_refused(staff_client, contest, preliminary, mailoutbox):
    JudgeFactory(contest=contest, user=UserFactory(email="lan.nguyen@example.vn"))
    invitations_before = JudgeInvitation.objects.count()

    response = staff_client.post(invite_url(contest), invite_data([preliminary]))

    assertContains(response, "lan.nguyen@example.vn đã là giám khảo của cuộc thi này.")
    assert JudgeInvitation.objects.count() == invitations_before
    assert Judge.objects.filter(contest=contest).count() == 1
    assert mailoutbox == []


def test_an_address_invited_and_not_yet_answered_is_refused(staff_user, contest, preliminary):
    invite(contest, [preliminary], staff_user)

    with pytest.raises(ValidationError, match="đã được mời và chưa nhận lời"):
        invite(contest, [preliminary], staff_user, email="LAN.NGUYEN@example.vn")

    assert JudgeInvitation.objects.count() == 1


@pytest.mark.parametrize("address", ["lan.nguyen@", "lan nguyen@example.vn", "example.vn"])
def test_a_malformed_address_is_refused_with_nothing_saved(staff_client, contest, preliminary, address, mailoutbox):
    users_before = User.objects.count()

    response = staff_client.post(invite_url(contest), invite_data([preliminary], email=address))

    assertContains(response, "Địa chỉ email không hợp lệ")
    assert (User.objects.count(), JudgeInvitation.objects.count(), mailoutbox) == (users_before, 0, [])


def test_the_service_refuses_a_malformed_address_too(staff_user, contest, preliminary):
    with pytest.raises(ValidationError, match="không hợp lệ"):
        invite(contest, [preliminary], staff_user, email="lan.nguyen@@example.vn")

    assert not User.objects.filter(full_name="Nguyễn Thị Lan").exists()


def test_a_judge_is_not_invited_to_a_coaching_round(staff_client, contest, coaching):
    response = staff_client.post(invite_url(contest), invite_data([coaching]))

    assertContains(response, "Giám khảo chỉ chấm vòng chấm điểm")
    assert JudgeInvitation.objects.count() == 0


def test_another_units_staff_cannot_invite(client, school_staff, contest, preliminary):
    client.force_login(school_staff)

    response = client.post(invite_url(contest), invite_data([preliminary]))

    assert response.status_code == 403
    assert (JudgeInvitation.objects.count(), Judge.objects.count()) == (0, 0)
    with pytest.raises(PermissionDenied, match="Chương trình này do Tỉnh đoàn Sơn La điều hành"):
        invite(contest, [preliminary], school_staff)
    assert not User.objects.filter(email="lan.nguyen@example.vn").exists()


# --- who must not see the invitations ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("officer", 403), ("lai_chau_staff", 404), ("judge", 403), ("school_staff", 403)]
)
def test_roles_that_must_not_see_the_invitations(request, client, staff_user, contest, preliminary, role, status):
    invitation = invite(contest, [preliminary], staff_user)
    user = request.getfixturevalue(role)
    if role == "judge":
        JudgeFactory(contest=contest, user=user)  # another judge of the same contest
    client.force_login(user)

    listing = client.get(invite_url(contest))
    resend = client.post(reverse("competitions:judge-invitation-resend", kwargs={"pk": invitation.pk}))
    revoke = client.post(reverse("competitions:judge-invitation-revoke", kwargs={"pk": invitation.pk}))

    assert listing.status_code == status
    assert "lan.nguyen@example.vn" not in listing.content.decode()
    assert resend.status_code in (403, 404)
    assert revoke.status_code in (403, 404)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.send_count) == (JudgeInvitation.Status.SENT, 1)


def test_invitations_are_visible_only_to_the_contests_staff(staff_user, lai_chau_staff, officer, contest, preliminary):
    invitation = invite(contest, [preliminary], staff_user)

    assert list(JudgeInvitation.objects.visible_to(staff_user)) == [invitation]
    assert list(JudgeInvitation.objects.visible_to(lai_chau_staff)) == []
    assert list(JudgeInvitation.objects.visible_to(officer)) == []
    assert list(JudgeInvitation.objects.visible_to(invitation.user)) == []


@pytest.mark.parametrize("count", [1, 12])
def test_the_invitations_page_costs_fixed_queries(
    staff_client, staff_user, contest, preliminary, final, count, django_assert_num_queries
):
    for n in range(count):
        invite(contest, [preliminary, final], staff_user, email=f"giamkhao{n}@example.vn", full_name=f"Giám khảo {n}")
    staff_client.get(invite_url(contest))  # the page frame is cached after the first view

    with django_assert_num_queries(INVITATIONS_PAGE_QUERIES):
        response = staff_client.get(invite_url(contest))

    assert response.content.decode().count("data-invitation=") == count


def test_the_invitation_keeps_who_invited_in_its_history(staff_user, contest, preliminary):
    invitation = invite(contest, [preliminary], staff_user)

    assert invitation.history.get().history_user == staff_user
    assert invitation.judge.history.get().history_user == staff_user
    assert invitation.expires_at > timezone.now()


def test_an_accepted_invitation_is_neither_resent_nor_revoked(staff_client, staff_user, contest, preliminary):
    UserFactory(username="lanpt", email="lan.nguyen@example.vn")
    invitation = invite(contest, [preliminary], staff_user)  # an existing account: accepted at once

    resend = staff_client.post(
        reverse("competitions:judge-invitation-resend", kwargs={"pk": invitation.pk}), follow=True
    )
    revoke = staff_client.post(
        reverse("competitions:judge-invitation-revoke", kwargs={"pk": invitation.pk}), follow=True
    )

    assertContains(resend, "Lời mời đang ở trạng thái “Đã nhận lời”; chỉ gửi lại được lời mời chưa được nhận.")
    assertContains(revoke, "Lời mời đang ở trạng thái “Đã nhận lời”; chỉ thu hồi được lời mời chưa được nhận.")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.send_count) == (JudgeInvitation.Status.ACCEPTED, 1)
    assert Judge.objects.filter(contest=contest, user=invitation.user).exists()
