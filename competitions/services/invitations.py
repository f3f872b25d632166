"""Judges invited, not created by hand: staff invite a judge or mentor by email; the invitee
sets a password from the emailed link; a judge accepts the confidentiality pledge and
declares their conflicts of interest before any work."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.branding import email_prefix
from accounts.models import Membership, Unit, User
from accounts.scoping import require_runs
from accounts.services import membership_grant, user_sync_admin_access
from common.history import record_updates, records_actor
from common.i18n import in_language_of, translated
from common.models import Notification
from common.services import notification_create
from ventures.models import Entrepreneur

from ..models import Assignment, Conflict, Contest, Entry, Judge, JudgeInvitation, Round
from ..selectors.invitations import invitation_token, pledge_text
from ..selectors.judging import conflict_entry_pairs

# How long the link to set a password stays valid; a resend gives a new link for as long.
INVITATION_VALID_DAYS = 14


def _invitation_expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=INVITATION_VALID_DAYS)


def _normalised_email(email: str) -> str:
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError(
            {"email": _("Địa chỉ email “%(email)s” không hợp lệ.") % {"email": email.strip()}}
        ) from error
    return address


def _check_rounds(*, contest: Contest, rounds: Iterable[Round], role: str) -> list[Round]:
    rounds = list(rounds)
    if not rounds:
        raise ValidationError({"rounds": _("Chọn ít nhất một vòng thi.")})
    if any(r.contest_id != contest.pk for r in rounds):
        raise ValidationError({"rounds": _("Vòng thi không thuộc cuộc thi này.")})
    if role == JudgeInvitation.Role.JUDGE and any(not r.is_scoring for r in rounds):
        raise ValidationError({"rounds": _("Giám khảo chỉ chấm vòng chấm điểm; bỏ chọn vòng tư vấn.")})
    if role == JudgeInvitation.Role.MENTOR and any(r.is_scoring for r in rounds):
        raise ValidationError({"rounds": _("Chuyên gia tư vấn chỉ tham gia vòng tư vấn, hoàn thiện.")})
    if any(r.decided_at is not None for r in rounds):
        raise ValidationError({"rounds": _("Không mời thêm người cho vòng đã chốt kết quả.")})
    return rounds


def _unique_username(email: str) -> str:
    base = email[:140]
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def _account_for(*, email: str, full_name: str) -> tuple[User, bool]:
    """The one active account with this email, or a new one with no usable password."""
    accounts = list(User.objects.filter(email__iexact=email)[:2])
    if len(accounts) > 1:
        raise ValidationError(
            {
                "email": _("Có nhiều tài khoản dùng email %(email)s; hãy nhờ quản trị hệ thống gộp lại trước khi mời.")
                % {"email": email}
            }
        )
    if accounts:
        account = accounts[0]
        if not account.is_active:
            raise ValidationError({"email": _("Tài khoản dùng email %(email)s đang bị khoá.") % {"email": email}})
        return account, False
    account = User(username=_unique_username(email), email=email, full_name=full_name.strip())
    account.set_unusable_password()
    account.full_clean()
    account.save()
    return account, True


@records_actor
@transaction.atomic
def judge_invite(
    *,
    contest: Contest,
    email: str,
    full_name: str,
    rounds: Iterable[Round],
    role: str = JudgeInvitation.Role.JUDGE,
    title: str = "",
    affiliation: Unit | None = None,
    actor: User,
    now: datetime.datetime | None = None,
) -> JudgeInvitation:
    """Invite someone by email to judge (or mentor) rounds of the contest; only its staff may.

    An address with no account gets a new one (no usable password, no admin access), the
    role, and an email with a link to set a password that expires after
    INVITATION_VALID_DAYS: the invitation is `sent` until then. An address with an account
    keeps it, gets the role and an email (and a notification) saying so: the invitation is
    `accepted` at once. A judge is put on the panel of the chosen scoring rounds (and given
    the judge role at the contest's unit); a mentor joins the chosen coaching rounds. Refused,
    with nothing saved: a malformed address, an address already a judge of the contest (or
    already mentoring a chosen round, or invited and not yet answered), a finished contest.
    """
    now = now or timezone.now()
    require_runs(actor=actor, owner=contest.owner)
    if contest.status == Contest.Status.FINISHED:
        raise ValidationError(_("Cuộc thi đã kết thúc; không mời thêm giám khảo."))
    if role not in JudgeInvitation.Role.values:
        raise ValidationError({"role": _("Chọn vai trò: giám khảo hoặc chuyên gia tư vấn.")})
    address = _normalised_email(email)
    if not full_name.strip():
        raise ValidationError({"full_name": _("Nhập họ và tên người được mời.")})
    rounds = _check_rounds(contest=contest, rounds=rounds, role=role)
    if JudgeInvitation.objects.filter(contest=contest, email=address, role=role, status="sent").exists():
        raise ValidationError(
            {"email": _("%(email)s đã được mời và chưa nhận lời; hãy gửi lại lời mời cũ.") % {"email": address}}
        )
    user, created = _account_for(email=address, full_name=full_name)
    judge = None
    if role == JudgeInvitation.Role.JUDGE:
        if Judge.objects.filter(contest=contest, user=user).exists():
            raise ValidationError({"email": _("%(email)s đã là giám khảo của cuộc thi này.") % {"email": address}})
        judge = Judge(contest=contest, user=user, affiliation=affiliation, title=title.strip())
        judge.full_clean()
        judge.save()
        judge.rounds.set(rounds)
        membership_grant(user=user, unit=contest.owner, role=Membership.Role.JUDGE, title=title.strip())
    else:
        already = [r.name for r in rounds if r.mentors.filter(pk=user.pk).exists()]
        if already:
            raise ValidationError(
                {
                    "email": _("%(email)s đã là chuyên gia tư vấn của %(rounds)s.")
                    % {"email": address, "rounds": ", ".join(already)}
                }
            )
        for r in rounds:
            r.mentors.add(user)
    invitation = JudgeInvitation(
        contest=contest,
        email=address,
        full_name=full_name.strip(),
        title=title.strip(),
        affiliation=affiliation,
        role=role,
        user=user,
        judge=judge,
        created_account=created,
        status=JudgeInvitation.Status.SENT if created else JudgeInvitation.Status.ACCEPTED,
        nonce=secrets.token_urlsafe(24) if created else "",
        sent_at=now,
        expires_at=_invitation_expiry(now) if created else None,
        accepted_at=None if created else now,
        invited_by=actor,
    )
    invitation.full_clean(exclude=["rounds"])
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:  # the same address invited twice at once (a double click)
        raise ValidationError(
            {"email": _("%(email)s đã được mời và chưa nhận lời; hãy gửi lại lời mời cũ.") % {"email": address}}
        ) from error
    invitation.rounds.set(rounds)
    if created:
        _send_link(invitation)
    else:
        _notify_existing_account(invitation)
    return invitation


def _landing_url(invitation: JudgeInvitation) -> str:
    """Where the invitee starts: their contest page (a judge) or the first coaching round (a mentor)."""
    if invitation.role == JudgeInvitation.Role.JUDGE:
        return reverse("competitions:judge-contest", kwargs={"contest_pk": invitation.contest_id})
    first = invitation.rounds.order_by("order").first()
    return reverse("competitions:mentor-round", kwargs={"pk": first.pk}) if first else reverse("home")


def _send_link(invitation: JudgeInvitation) -> None:
    """Email the link to set a password, after commit, in the invitee's language. The link is
    not kept anywhere else (no notification holds it)."""
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "competitions:judge-invitation-accept", kwargs={"token": invitation_token(invitation)}
    )
    user = invitation.user
    with in_language_of(user):
        subject = f"{email_prefix(unit=invitation.contest.owner)} " + _("Thư mời tham gia %(contest)s") % {
            "contest": invitation.contest.name
        }
        message = render_to_string(
            "competitions/invitations/email_new_account.txt",
            {
                "invitation": invitation,
                "role": invitation.get_role_display(),
                "rounds": ", ".join(r.name for r in invitation.rounds.order_by("order")),
                "link": link,
                "username": user.get_username(),
                "expires": timezone.localtime(invitation.expires_at).strftime("%H:%M %d/%m/%Y"),
            },
        )
    address = invitation.email
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=message, from_email=None, recipient_list=[address])
    )


def _notify_existing_account(invitation: JudgeInvitation) -> None:
    """Tell an existing account it got the role: a notification with its email."""
    rounds = ", ".join(r.name for r in invitation.rounds.order_by("order"))
    notification_create(
        recipient=invitation.user,
        key=f"competitions.invited:{invitation.pk}",
        title=translated(
            gettext_lazy("Bạn được mời làm %(role)s %(contest)s"),
            role=JudgeInvitation.Role(invitation.role).label,
            contest=invitation.contest.name,
        ),
        body=translated(
            gettext_lazy(
                "Bạn được thêm vào %(rounds)s bằng tài khoản hiện có (%(username)s). Đăng nhập như thường lệ; "
                "giám khảo chấp nhận cam kết bảo mật và khai báo xung đột lợi ích trước khi chấm."
            ),
            rounds=rounds,
            username=invitation.user.get_username(),
        ),
        url=_landing_url(invitation),
        level=Notification.Level.TODO,
        send_email=True,
    )


def _require_open(invitation: JudgeInvitation, *, refusal: str) -> JudgeInvitation:
    """The invitation, locked, if still sent (expired or not); else `refusal` (with its %(state)s)."""
    invitation = (
        JudgeInvitation.objects.select_for_update(of=("self",))
        .select_related("contest__owner", "user")
        .get(pk=invitation.pk)
    )
    if invitation.status != JudgeInvitation.Status.SENT:
        raise ValidationError(refusal % {"state": invitation.get_status_display()})
    return invitation


@records_actor
@transaction.atomic
def judge_invitation_resend(
    *, invitation: JudgeInvitation, actor: User, now: datetime.datetime | None = None
) -> JudgeInvitation:
    """Send a new link (the old one dies) valid for INVITATION_VALID_DAYS from now, to an
    invitation not yet accepted, expired or not."""
    now = now or timezone.now()
    require_runs(actor=actor, owner=invitation.contest.owner)
    invitation = _require_open(
        invitation, refusal=_("Lời mời đang ở trạng thái “%(state)s”; chỉ gửi lại được lời mời chưa được nhận.")
    )
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.sent_at = now
    invitation.expires_at = _invitation_expiry(now)
    invitation.send_count += 1
    invitation.save()
    _send_link(invitation)
    return invitation


@records_actor
@transaction.atomic
def judge_invitation_revoke(
    *, invitation: JudgeInvitation, actor: User, now: datetime.datetime | None = None
) -> JudgeInvitation:
    """Withdraw an invitation not yet accepted: its link dies and the role it gave goes (the
    judge leaves the panel, the mentor the rounds). Refused once the judge has been given
    entries: staff take those back first. The account stays (it has no usable password)."""
    now = now or timezone.now()
    require_runs(actor=actor, owner=invitation.contest.owner)
    invitation = _require_open(
        invitation, refusal=_("Lời mời đang ở trạng thái “%(state)s”; chỉ thu hồi được lời mời chưa được nhận.")
    )
    if invitation.judge_id is not None:
        judge = Judge.objects.select_for_update().get(pk=invitation.judge_id)
        if judge.assignments.exists():
            raise ValidationError(
                _("Giám khảo đã được phân công chấm; hãy rút các phân công trước khi thu hồi lời mời.")
            )
        invitation.judge = None
        judge.delete()
        other_panels = Judge.objects.filter(user=invitation.user, contest__owner=invitation.contest.owner)
        if not other_panels.exists():
            Membership.objects.filter(
                user=invitation.user, unit=invitation.contest.owner, role=Membership.Role.JUDGE
            ).delete()
            user_sync_admin_access(user=invitation.user)
    else:
        for r in invitation.rounds.all():
            r.mentors.remove(invitation.user)
    invitation.status = JudgeInvitation.Status.REVOKED
    invitation.nonce = ""
    invitation.revoked_at = now
    invitation.revoked_by = actor
    invitation.save()
    return invitation


@records_actor
@transaction.atomic
def judge_invitation_accept(
    *, invitation: JudgeInvitation, password: str, actor: User, now: datetime.datetime | None = None
) -> JudgeInvitation:
    """The invitee sets their password from the link (`password` already validated by the
    password form): the invitation is accepted and its link dies. Refused if the link was
    revoked, replaced, used or has expired meanwhile."""
    now = now or timezone.now()
    invitation = _require_open(
        invitation, refusal=_("Lời mời đang ở trạng thái “%(state)s”; đường liên kết không dùng được nữa.")
    )
    if invitation.state_at(now) == JudgeInvitation.EXPIRED:
        raise ValidationError(_("Lời mời đã hết hạn. Hãy đề nghị ban tổ chức gửi lại lời mời."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.status = JudgeInvitation.Status.ACCEPTED
    invitation.accepted_at = now
    invitation.nonce = ""
    invitation.save()
    return invitation


# --- the judge before work: the pledge and the conflicts ------------------------------


@records_actor
@transaction.atomic
def judge_pledge_accept(*, judge: Judge, actor: User, now: datetime.datetime | None = None) -> Judge:
    """The judge accepts the contest's confidentiality pledge: when, and the text they read,
    are kept. Accepting again changes nothing."""
    now = now or timezone.now()
    judge = Judge.objects.select_for_update(of=("self",)).select_related("contest__owner").get(pk=judge.pk)
    if judge.pledged_at is not None:
        return judge
    judge.pledged_at = now
    judge.pledge_text = pledge_text(contest=judge.contest)
    judge.save()
    return judge


def _require_pledged(judge: Judge) -> Judge:
    judge = Judge.objects.select_for_update(of=("self",)).select_related("contest__owner").get(pk=judge.pk)
    if judge.pledged_at is None:
        raise ValidationError(_("Hãy chấp nhận cam kết bảo mật trước khi khai báo xung đột lợi ích."))
    return judge


@records_actor
@transaction.atomic
def judge_conflict_declare(
    *,
    judge: Judge,
    reason: str,
    unit: Unit | None = None,
    entrepreneur: Entrepreneur | None = None,
    entry: Entry | None = None,
    actor: User,
    now: datetime.datetime | None = None,
) -> Conflict:
    """The judge declares a conflict of interest with one unit (and the units below it), one
    person of the registry or one entry, with a reason; the declaration step is then done.

    Automatic and manual assignment never give the judge an entry it covers. An entry it
    covers that the judge was given and has not started is taken off their list (marked
    "Không chấm" with the reason), so the next assignment gives it to someone else. Refused,
    with nothing saved, when the judge has started scoring an entry it covers: that
    scorecard is withdrawn or voided only by the organisers.
    """
    now = now or timezone.now()
    judge = _require_pledged(judge)
    targets = [t for t in (unit, entrepreneur, entry) if t is not None]
    if len(targets) != 1:
        raise ValidationError(_("Chọn đúng một: đơn vị, người trong danh sách hoặc bài dự thi."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do xung đột lợi ích.")})
    if entry is not None and entry.contest_id != judge.contest_id:
        raise ValidationError({"entry": _("Bài không thuộc cuộc thi này.")})
    conflict = Conflict(judge=judge, unit=unit, entrepreneur=entrepreneur, entry=entry, reason=reason.strip()[:255])
    if Conflict.objects.filter(judge=judge, unit=unit, entrepreneur=entrepreneur, entry=entry).exists():
        raise ValidationError(_("Bạn đã khai báo xung đột này."))
    row = (
        judge.pk,
        entry.pk if entry else None,
        unit.path if unit else None,
        entrepreneur.pk if entrepreneur else None,
    )
    covered = {entry_id for _judge_id, entry_id in conflict_entry_pairs([row], contest_id=judge.contest_id)}
    given = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(judge=judge, entry_id__in=covered)
        .exclude(status=Assignment.Status.ABSTAINED)
        .select_related("entry", "round")
    )
    started = [a for a in given if a.status != Assignment.Status.PENDING]
    if started:
        raise ValidationError(
            _(
                "Bạn đã bắt đầu chấm bài %(entries)s nên không tự khai báo xung đột với bài này được. "
                "Hãy báo Ban Tổ chức: chỉ Ban Tổ chức mới rút hoặc huỷ phiếu chấm đó."
            )
            % {"entries": ", ".join(sorted(a.entry.code or a.entry.title for a in started))}
        )
    conflict.full_clean()
    conflict.save()
    # Entries given and not started, in rounds not yet decided, leave the judge's list.
    waiting = [a.pk for a in given if a.round.decided_at is None]
    if waiting:
        Assignment.objects.filter(pk__in=waiting, status=Assignment.Status.PENDING).update(
            status=Assignment.Status.ABSTAINED,
            abstain_reason=(_("Xung đột lợi ích: %(reason)s") % {"reason": conflict.reason})[:255],
            total=None,
            submitted_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
        record_updates(list(Assignment.objects.filter(pk__in=waiting)), actor=actor, when=now)
    if judge.conflicts_declared_at is None:
        judge.conflicts_declared_at = now
        judge.save()
    return conflict


@records_actor
@transaction.atomic
def judge_conflicts_declare_none(*, judge: Judge, actor: User, now: datetime.datetime | None = None) -> Judge:
    """The judge declares "Tôi không có xung đột": the declaration step is done (they may
    still declare a conflict later, before scoring the entry it covers)."""
    now = now or timezone.now()
    judge = _require_pledged(judge)
    if judge.conflicts_declared_at is None:
        judge.conflicts_declared_at = now
        judge.save()
    return judge
