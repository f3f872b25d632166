"""Writes of young people's own ideas: their account, their draft, sending it to a unit,
and the unit's answer (endorse, counting in its quota, or return with a comment).

An applicant signs up with an email address and proves it with a six-digit code sent there.
The portal has no SMS gateway, so a phone number is only kept for the union to call; the
account is verified by email only, and the page says so.

Until the unit endorses it, the idea's team is kept as the rows the applicant typed
(`Entry.applicant_team`): the applicant may not look into the registry. On endorsement the
officer's registry is searched for each person (`ventures.selectors.entrepreneur_matches`)
and a known person is reused, a new one added under the unit, so nobody is recorded twice.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
from accounts.scoping import require_reach
from common.history import records_actor, records_public_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create
from common.text import fold
from ventures import services as registry
from ventures.models import Entrepreneur
from ventures.selectors import entrepreneur_matches

from ..models import Applicant, Contest, Entry, TeamMember
from ..selectors.apply import stored_team_rows, units_open_to_applicants
from .contests import _require_window_open
from .entries import TeamMemberInput, TeamRow, _next_code, _notify_unit_officers, _validate_team

CODE_VALID_FOR = datetime.timedelta(minutes=30)
CODE_MAX_ATTEMPTS = 5


# --- the account ----------------------------------------------------------------------


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _send_code(*, applicant: Applicant, now: datetime.datetime) -> None:
    code = _new_code()
    applicant.code_hash = make_password(code)
    applicant.code_sent_at = now
    applicant.code_attempts = 0
    applicant.save(update_fields=["code_hash", "code_sent_at", "code_attempts", "updated_at"])
    email = applicant.user.email
    subject = _("Mã xác thực tài khoản gửi ý tưởng khởi nghiệp")
    body = _(
        "Mã xác thực của bạn là %(code)s. Mã có hiệu lực trong %(minutes)d phút. "
        "Nếu bạn không đăng ký, hãy bỏ qua thư này."
    ) % {"code": code, "minutes": CODE_VALID_FOR.seconds // 60}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


@records_public_actor
@transaction.atomic
def applicant_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    date_of_birth: datetime.date,
    gender: str,
    phone: str,
    consent_text: str,
    actor: User | None = None,
    now: datetime.datetime | None = None,
) -> Applicant:
    """An inactive account and the person's details with their consent; a code goes by email.

    The account signs in only once the code is entered (`applicant_verify`)."""
    now = now or timezone.now()
    email = email.strip().lower()
    if not consent_text:
        raise ValidationError(_("Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký."))
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Email này đã có tài khoản; hãy đăng nhập hoặc dùng email khác.")})
    user = User(username=email, email=email, full_name=full_name, phone=phone, is_active=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    applicant = Applicant(
        user=user,
        full_name=full_name,
        date_of_birth=date_of_birth,
        gender=gender,
        phone=phone,
        consent_text=str(consent_text),
        consented_at=now,
    )
    applicant.full_clean()
    applicant.save()
    _send_code(applicant=applicant, now=now)
    return applicant


@records_public_actor
@transaction.atomic
def applicant_verify(
    *, email: str, code: str, actor: User | None = None, now: datetime.datetime | None = None
) -> User:
    """Activate the account whose emailed code this is; five wrong tries or 30 minutes end a code."""
    now = now or timezone.now()
    applicant = (
        Applicant.objects.select_for_update()
        .select_related("user")
        .filter(user__email__iexact=email.strip(), verified_at__isnull=True)
        .first()
    )
    refused = ValidationError({"code": _("Mã xác thực không đúng hoặc đã hết hạn.")})
    if applicant is None or not applicant.code_hash:
        raise refused
    if applicant.code_attempts >= CODE_MAX_ATTEMPTS or now > applicant.code_sent_at + CODE_VALID_FOR:
        raise ValidationError({"code": _("Mã xác thực đã hết hạn; hãy bấm “Gửi lại mã”.")})
    if not check_password(code.strip(), applicant.code_hash):
        Applicant.objects.filter(pk=applicant.pk).update(code_attempts=applicant.code_attempts + 1)
        raise refused
    applicant.verified_at = now
    applicant.code_hash = ""
    applicant.save(update_fields=["verified_at", "code_hash", "updated_at"])
    applicant.user.is_active = True
    applicant.user.save(update_fields=["is_active"])
    return applicant.user


@records_public_actor
@transaction.atomic
def applicant_resend_code(*, email: str, actor: User | None = None, now: datetime.datetime | None = None) -> None:
    """A new code for an account not yet verified; says nothing about an unknown email."""
    now = now or timezone.now()
    applicant = (
        Applicant.objects.select_for_update()
        .select_related("user")
        .filter(user__email__iexact=email.strip(), verified_at__isnull=True)
        .first()
    )
    if applicant is None:
        return
    if applicant.code_sent_at and now < applicant.code_sent_at + datetime.timedelta(minutes=1):
        raise ValidationError(_("Mã vừa được gửi; hãy chờ một phút rồi thử lại."))
    _send_code(applicant=applicant, now=now)


# --- the idea -------------------------------------------------------------------------


def _row_person(row: TeamRow, unit: Unit) -> Entrepreneur:
    return Entrepreneur(unit=unit, **row.new_person)


def _stored_rows(rows: list[TeamRow]) -> list[dict]:
    return [
        {
            **row.new_person,
            "date_of_birth": row.new_person["date_of_birth"].isoformat(),
            "is_lead": row.is_lead,
            "responsibility": row.responsibility,
        }
        for row in rows
    ]


def _validate_application_team(*, contest: Contest, unit: Unit, rows: list[TeamRow]) -> None:
    if any(r.entrepreneur_id for r in rows):
        raise ValidationError(_("Người gửi ý tưởng chỉ nhập thông tin thành viên, không chọn trong danh sách."))
    team = [
        TeamMemberInput(_row_person(r, unit), TeamMember.Role.LEAD if r.is_lead else TeamMember.Role.MEMBER)
        for r in rows
    ]
    _validate_team(contest=contest, team=team)
    keys = [(fold(r.new_person["full_name"]), r.new_person["date_of_birth"]) for r in rows]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Một người được ghi hai lần trong nhóm."))


def _refuse_same_idea(entry: Entry) -> None:
    title = fold(" ".join(entry.title.split()))
    others = (
        Entry.objects.filter(contest=entry.contest_id, applicant=entry.applicant_id)
        .exclude(pk=entry.pk)
        .exclude(status=Entry.Status.WITHDRAWN)
        .values_list("title", flat=True)
    )
    if any(fold(" ".join(other.split())) == title for other in others):
        raise ValidationError(
            {
                "title": _("Bạn đã gửi ý tưởng “%(title)s” vào cuộc thi này; không gửi lần thứ hai.")
                % {"title": entry.title}
            }
        )


@records_actor
@transaction.atomic
def application_save_draft(
    *, entry: Entry, rows: list[TeamRow], actor: User, now: datetime.datetime | None = None
) -> Entry:
    """Create or update a young person's own idea while it is a draft or was returned to them."""
    now = now or timezone.now()
    if entry.pk is None:
        entry.applicant = actor
        entry.created_by = actor
        entry.status = Entry.Status.DRAFT
    elif entry.applicant_id != actor.pk:
        raise ValidationError(_("Đây không phải ý tưởng của bạn."))
    if entry.status not in (Entry.Status.DRAFT, Entry.Status.RETURNED):
        raise ValidationError(_("Ý tưởng đã gửi đơn vị không sửa được nữa."))
    _require_window_open(contest=entry.contest, unit=entry.unit, now=now)
    if not units_open_to_applicants(entry.contest).filter(pk=entry.unit_id).exists():
        raise ValidationError({"unit": _("Đơn vị này không thuộc cuộc thi; hãy chọn một đơn vị trong danh sách.")})
    if entry.category.contest_id != entry.contest_id:
        raise ValidationError({"category": _("Lĩnh vực không thuộc cuộc thi này.")})
    _validate_application_team(contest=entry.contest, unit=entry.unit, rows=rows)
    _refuse_same_idea(entry)
    entry.applicant_team = _stored_rows(rows)
    entry.full_clean()
    entry.save()
    return entry


@records_actor
@transaction.atomic
def application_send(*, entry: Entry, actor: User, now: datetime.datetime | None = None) -> Entry:
    """Send the idea to the unit the applicant chose; its officers are told."""
    now = now or timezone.now()
    entry = Entry.objects.select_for_update().select_related("contest", "unit").get(pk=entry.pk)
    if entry.applicant_id != actor.pk:
        raise ValidationError(_("Đây không phải ý tưởng của bạn."))
    if entry.status == Entry.Status.SENT_TO_UNIT:
        raise ValidationError(_("Ý tưởng này đã được gửi đơn vị."))
    if entry.status not in (Entry.Status.DRAFT, Entry.Status.RETURNED):
        raise ValidationError(_("Ý tưởng này đã được đơn vị xác nhận."))
    _require_window_open(contest=entry.contest, unit=entry.unit, now=now)
    _validate_application_team(contest=entry.contest, unit=entry.unit, rows=stored_team_rows(entry))
    _refuse_same_idea(entry)
    entry.status = Entry.Status.SENT_TO_UNIT
    entry.sent_to_unit_at = now
    entry.save(update_fields=["status", "sent_to_unit_at", "updated_at"])
    _notify_unit_officers(
        unit=entry.unit,
        key=f"competitions.application-sent:{entry.pk}:{now.timestamp():.0f}",
        title=translated(gettext_lazy("Ý tưởng “%(title)s” gửi đơn vị xác nhận"), title=entry.title),
        body="",
        url=entry.get_absolute_url(),
        level=Notification.Level.INFO,
    )
    return entry


def _tell_applicant(*, entry: Entry, key: str, title, level: str) -> None:
    from django.urls import reverse

    notification_create(
        recipient=entry.applicant,
        key=key,
        title=title,
        body=entry.unit_comment,
        url=reverse("competitions:application-detail", kwargs={"pk": entry.pk}),
        level=level,
        send_email=True,
    )


@records_actor
@transaction.atomic
def application_endorse(*, entry: Entry, actor: User, now: datetime.datetime | None = None) -> Entry:
    """The unit takes the idea as one of its entries: submitted to the organisers, counted in
    its quota (refused above the contest's maximum), its team found or added in the registry.

    Serialised on the contest row as `entry_submit` is, so two officers cannot both take the
    unit's last place."""
    now = now or timezone.now()
    Contest.objects.select_for_update().filter(pk=entry.contest_id).first()
    entry = Entry.objects.select_related("contest", "unit", "applicant").get(pk=entry.pk)
    require_reach(actor=actor, unit=entry.unit)
    if entry.status != Entry.Status.SENT_TO_UNIT:
        raise ValidationError(_("Chỉ xác nhận được ý tưởng đang chờ đơn vị."))
    contest = entry.contest
    _require_window_open(contest=contest, unit=entry.unit, now=now)
    if contest.max_entries_per_unit is not None:
        taken = Entry.objects.filter(contest=contest, unit=entry.unit).counting_for_quota().count()
        if taken >= contest.max_entries_per_unit:
            raise ValidationError(
                _("Đơn vị đã có %(taken)d/%(max)d ý tưởng, mức tối đa của cuộc thi; không xác nhận thêm được.")
                % {"taken": taken, "max": contest.max_entries_per_unit}
            )
    rows = stored_team_rows(entry)
    _validate_application_team(contest=contest, unit=entry.unit, rows=rows)
    typed = [_row_person(r, entry.unit) for r in rows]
    members = []
    for row, person, matches in zip(rows, typed, entrepreneur_matches(user=actor, people=typed), strict=True):
        if matches:
            person = matches[0].person
        else:
            person = registry.entrepreneur_save(
                entrepreneur=person,
                actor=actor,
                today=contest.age_reference_date,
                age_range=(contest.min_age, contest.max_age),
            )
        role = TeamMember.Role.LEAD if row.is_lead else TeamMember.Role.MEMBER
        members.append(TeamMember(entry=entry, entrepreneur=person, role=role, responsibility=row.responsibility))
    if len({m.entrepreneur.pk for m in members}) != len(members):
        raise ValidationError(_("Hai thành viên trong nhóm trùng một người trong danh sách thanh niên."))
    entry.team.all().delete()
    TeamMember.objects.bulk_create(members)
    entry.code = entry.code or _next_code(contest)
    entry.status = Entry.Status.SUBMITTED
    entry.submitted_at = now
    entry.unit_decided_by = actor
    entry.unit_decided_at = now
    entry.unit_comment = ""
    entry.save()
    _tell_applicant(
        entry=entry,
        key=f"competitions.application-endorsed:{entry.pk}",
        title=translated(gettext_lazy("Đơn vị đã xác nhận ý tưởng “%(title)s”"), title=entry.title),
        level=Notification.Level.INFO,
    )
    return entry


@records_actor
@transaction.atomic
def application_return(*, entry: Entry, comment: str, actor: User, now: datetime.datetime | None = None) -> Entry:
    """The unit sends the idea back to its author with what to change."""
    now = now or timezone.now()
    entry = Entry.objects.select_for_update(of=("self",)).select_related("unit", "applicant").get(pk=entry.pk)
    require_reach(actor=actor, unit=entry.unit)
    if entry.status != Entry.Status.SENT_TO_UNIT:
        raise ValidationError(_("Chỉ trả lại được ý tưởng đang chờ đơn vị."))
    if not comment.strip():
        raise ValidationError({"comment": _("Cần ghi ý kiến để người gửi biết cần sửa gì.")})
    entry.status = Entry.Status.RETURNED
    entry.unit_comment = comment.strip()
    entry.unit_decided_by = actor
    entry.unit_decided_at = now
    entry.save(update_fields=["status", "unit_comment", "unit_decided_by", "unit_decided_at", "updated_at"])
    _tell_applicant(
        entry=entry,
        key=f"competitions.application-returned:{entry.pk}:{now.timestamp():.0f}",
        title=translated(gettext_lazy("Đơn vị trả lại ý tưởng “%(title)s”"), title=entry.title),
        level=Notification.Level.WARNING,
    )
    return entry
