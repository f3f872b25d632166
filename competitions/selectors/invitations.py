"""Invitations to a contest's panel and what a judge reads before working: the invitation
link, the confidentiality pledge, their conflicts of interest and their rounds with their load."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import Unit
from common.validators import normalize_phone
from ventures.models import Entrepreneur

from ..models import Conflict, Contest, Entry, Judge, JudgeInvitation, Round, RoundState
from .judging import SCORECARD_DONE

TOKEN_SALT = "competitions.judge-invitation"  # noqa: S105 (a signing namespace, not a secret)


def invitation_token(invitation: JudgeInvitation) -> str:
    """The secret of an invitation's link: its id and current nonce, signed with SECRET_KEY.

    A resend draws a new nonce (the old link dies), accepting or revoking empties it."""
    return signing.dumps([invitation.pk, invitation.nonce], salt=TOKEN_SALT, compress=False)


def invitation_for_token(*, token: str, now: datetime.datetime) -> JudgeInvitation:
    """The invitation a link names, if the link may still be used; otherwise a ValidationError
    saying why (forged, replaced by a resend, used, revoked, expired) and what to do."""
    forged = ValidationError(
        _(
            "Đường liên kết mời không hợp lệ. Hãy mở đúng đường liên kết trong email mời, "
            "hoặc đề nghị ban tổ chức gửi lại lời mời."
        ),
        code="forged",
    )
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as error:
        raise forged from error
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise forged
    pk, nonce = payload
    invitation = JudgeInvitation.objects.select_related("contest__owner", "user").filter(pk=pk).first()
    if invitation is None or not isinstance(nonce, str):
        raise forged
    if invitation.status == JudgeInvitation.Status.ACCEPTED:
        raise ValidationError(
            _("Lời mời này đã được dùng để đặt mật khẩu. Hãy đăng nhập bằng tài khoản %(username)s.")
            % {"username": invitation.user.get_username()},
            code="used",
        )
    if invitation.status == JudgeInvitation.Status.REVOKED:
        raise ValidationError(_("Lời mời này đã bị ban tổ chức thu hồi."), code="revoked")
    if not invitation.nonce or not constant_time_compare(nonce, invitation.nonce):
        raise ValidationError(
            _("Đường liên kết này đã được thay bằng lời mời gửi lại sau đó. Hãy mở email mời mới nhất."),
            code="replaced",
        )
    if invitation.state_at(now) == JudgeInvitation.EXPIRED:
        raise ValidationError(
            _("Lời mời đã hết hạn lúc %(when)s. Hãy đề nghị ban tổ chức gửi lại lời mời.")
            % {"when": timezone.localtime(invitation.expires_at).strftime("%H:%M %d/%m/%Y")},
            code="expired",
        )
    return invitation


def invitation_rows(*, contest: Contest, user) -> list[JudgeInvitation]:
    """The contest's invitations the user may see (its staff), newest first, with their rounds
    and the judge each made (pledge and declaration). Two queries."""
    return list(
        JudgeInvitation.objects.visible_to(user)
        .filter(contest=contest)
        .select_related("judge", "affiliation", "invited_by")
        .prefetch_related("rounds")
    )


def invitable_rounds(*, contest: Contest) -> QuerySet[Round]:
    return Round.objects.filter(contest=contest).order_by("order")


# --- the judge's side -------------------------------------------------------------------


def pledge_text(*, contest: Contest) -> str:
    """The confidentiality pledge a judge accepts, naming the contest and its organiser."""
    return _(
        "Tôi, thành viên Hội đồng giám khảo %(contest)s do %(owner)s tổ chức, cam kết: giữ bí mật "
        "nội dung các ý tưởng, dự án, tài liệu và thông tin cá nhân của thí sinh mà tôi được xem; "
        "không sao chép, sử dụng hay tiết lộ cho bất kỳ ai ngoài Ban Tổ chức; chấm điểm khách quan, "
        "công bằng theo thể lệ và tiêu chí của cuộc thi; khai báo trung thực mọi xung đột lợi ích với "
        "đơn vị, cá nhân hay bài dự thi và không chấm bài mà tôi có xung đột lợi ích."
    ) % {"contest": contest.name, "owner": contest.owner.name}


def judge_of(*, user, contest_pk: int) -> Judge | None:
    """The user's own place on a contest's panel (None: not a judge of that contest)."""
    if not user.is_authenticated:
        return None
    return Judge.objects.select_related("contest__owner").filter(user=user, contest_id=contest_pk).first()


def judgeships_of(*, user) -> list[Judge]:
    """Every contest panel the user sits on, newest contest first, with what they still owe."""
    return list(Judge.objects.filter(user=user).select_related("contest").order_by("-contest__year", "-contest_id"))


@dataclass(frozen=True)
class JudgeLoadRow:
    """A round the judge judges and their load in it: "12 bài, 5 đã chấm, còn 7"."""

    round_id: int
    name: str
    order: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    state: RoundState
    total: int
    done: int

    @property
    def remaining(self) -> int:
        return self.total - self.done


def judge_load_rows(*, judge: Judge, now: datetime.datetime) -> list[JudgeLoadRow]:
    """The scoring rounds on the judge's panel (those named for them, else all) with the number
    of entries given them in each, done and remaining. One query."""
    named = Judge.rounds.through.objects.filter(judge_id=judge.pk)
    mine = Q(assignments__judge_id=judge.pk)
    rounds = (
        Round.objects.filter(contest_id=judge.contest_id, kind=Round.Kind.SCORING)
        .filter(~Exists(named) | Exists(named.filter(round_id=OuterRef("pk"))))
        .annotate(
            load=Count("assignments", filter=mine),
            load_done=Count("assignments", filter=mine & Q(assignments__status__in=SCORECARD_DONE)),
        )
        .order_by("order")
    )
    return [
        JudgeLoadRow(
            round_id=r.pk,
            name=r.name,
            order=r.order,
            opens_at=r.opens_at,
            closes_at=r.closes_at,
            state=r.state_at(now),
            total=r.load,
            done=r.load_done,
        )
        for r in rounds
    ]


def judge_conflict_rows(*, judge: Judge) -> list[Conflict]:
    return list(
        Conflict.objects.filter(judge=judge).select_related("entry", "unit", "entrepreneur").order_by("created_at")
    )


def conflict_units(*, contest: Contest) -> QuerySet[Unit]:
    """Units a judge may name in a conflict: the contest owner's tree, active today."""
    return Unit.objects.subtree_of(contest.owner).active().order_by("path")


def conflict_entries(*, contest: Contest) -> QuerySet[Entry]:
    """Entries a judge may name in a conflict: those sent to the contest (code and title only)."""
    return (
        Entry.objects.filter(contest=contest)
        .exclude(status__in=[Entry.Status.DRAFT, Entry.Status.WITHDRAWN])
        .only("pk", "code", "title")
        .order_by("code", "pk")
    )


def registry_people_matching(*, identifier: str) -> list[Entrepreneur]:
    """People of the registry with this citizen id (12 digits) or phone number; at most two
    (more than one means the number does not tell who)."""
    value = identifier.strip()
    if value.isdigit() and len(value) == 12:
        people = Entrepreneur.objects.filter(citizen_id=value)
    else:
        phone = normalize_phone(value)
        if not phone:
            return []
        people = Entrepreneur.objects.filter(phone=phone)
    return list(people.only("pk", "full_name", "date_of_birth")[:2])
