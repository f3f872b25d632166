"""Referring a young person for a loan and recording each step of the entrusted procedure.

A referral may also start from a project another programme proposed for capital support
(a contest entry after the final). That programme is never imported here: its proposals
arrive as plain `common.registry.CapitalProposal` values and the referral keeps the
proposal's key, unique, so each proposal is referred once.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Unit, User
from common.formatting import format_date, format_vnd
from common.history import records_actor
from common.i18n import translated
from common.registry import CapitalProposal
from common.services import notification_create
from ventures.models import Entrepreneur, Venture

from .. import workflow
from ..models import BankBranch, LoanProgramme, Referral, ReferralStep, SavingsGroup

S = Referral.Status
ALREADY_REFERRED = gettext_lazy("Bài dự thi này đã được chuyển thành hồ sơ vay vốn.")


def branches_serving(unit: Unit):
    """The branches and offices of the unit's province serving the unit or a unit above it: the
    only places its loan files may be sent to (their liaisons read what is sent)."""
    ids = [*unit.ancestor_ids, unit.pk]
    return BankBranch.objects.filter(units__in=ids, province_id__in=ids).distinct()


def check_branch_serves(branch: BankBranch | None, unit: Unit) -> None:
    if branch is not None and not branches_serving(unit).filter(pk=branch.pk).exists():
        raise ValidationError(
            {
                "branch": _("%(branch)s không phục vụ %(unit)s; hãy chọn nơi phục vụ đơn vị.")
                % {"branch": branch, "unit": unit}
            }
        )


def branch_for_unit(unit: Unit) -> BankBranch | None:
    """The branch serving the unit, or failing that the nearest unit above it; offices before branches."""
    ids = [*unit.ancestor_ids, unit.pk]
    branches = list(branches_serving(unit).prefetch_related("units"))
    best, best_depth = None, -1
    for branch in branches:
        depth = max(ids.index(u.pk) for u in branch.units.all() if u.pk in ids)
        rank = (depth, branch.kind == BankBranch.Kind.OFFICE)
        if best is None or rank > best_depth:
            best, best_depth = branch, rank
    return best


def _validate_programme_for(*, programme: LoanProgramme, unit: Unit) -> None:
    """A unit refers young people to the programmes of its own union or of a union above it."""
    if not LoanProgramme.objects.for_unit(unit).filter(pk=programme.pk).exists():
        raise ValidationError(
            {
                "programme": _("Chương trình %(name)s không áp dụng cho %(unit)s.")
                % {"name": programme.name, "unit": unit.name}
            }
        )


def _validate_terms(*, programme: LoanProgramme, borrower_kind: str, amount: int, term_months: int) -> None:
    errors = {}
    if not programme.is_active:
        errors["programme"] = _("Chương trình %(name)s không còn áp dụng.") % {"name": programme.name}
    limit = programme.limit_for(borrower_kind)
    if amount > limit:
        errors["amount"] = _("Số tiền vay %(amount)s vượt mức tối đa %(limit)s của chương trình %(name)s.") % {
            "amount": format_vnd(amount),
            "limit": format_vnd(limit),
            "name": programme.name,
        }
    if term_months > programme.max_term_months:
        errors["term_months"] = _(
            "Thời hạn vay %(term)s tháng vượt thời hạn tối đa %(max)s tháng của chương trình."
        ) % {
            "term": term_months,
            "max": programme.max_term_months,
        }
    if borrower_kind == Referral.BorrowerKind.BUSINESS and not programme.max_per_project:
        errors["borrower_kind"] = _("Chương trình này không cho vay theo dự án của cơ sở sản xuất kinh doanh.")
    if errors:
        raise ValidationError(errors)


def _validate_links(
    *,
    unit: Unit,
    entrepreneur: Entrepreneur,
    venture: Venture | None,
    group: SavingsGroup | None,
    check_person_unit: bool = True,
):
    errors = {}
    # A contest entry's team was accepted under the entry's unit, which may have been
    # reorganised since; its lead is referred under that unit whatever their unit now.
    if check_person_unit and not entrepreneur.unit.is_within(unit) and not unit.is_within(entrepreneur.unit):
        errors["entrepreneur"] = _("%(name)s không thuộc đơn vị %(unit)s.") % {
            "name": entrepreneur.full_name,
            "unit": unit.name,
        }
    if group is not None and not group.unit.is_within(unit) and not unit.is_within(group.unit):
        errors["group"] = _("Tổ %(group)s không thuộc đơn vị %(unit)s.") % {"group": group.name, "unit": unit.name}
    if group is not None and not group.is_active:
        errors["group"] = _("Tổ %(group)s đã ngừng hoạt động.") % {"group": group.name}
    if venture is not None and not venture.owners.filter(pk=entrepreneur.pk).exists():
        errors["venture"] = _("%(name)s không phải chủ mô hình %(venture)s.") % {
            "name": entrepreneur.full_name,
            "venture": venture.name,
        }
    if errors:
        raise ValidationError(errors)


def _validate_day(day: datetime.date, *, after: datetime.date | None, field: str = "on") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được ở tương lai.")})
    if after is not None and day < after:
        raise ValidationError(
            {field: _("Ngày không được trước ngày của bước trước (%(day)s).") % {"day": format_date(after)}}
        )


@records_actor
@transaction.atomic
def referral_create(
    *,
    unit: Unit,
    entrepreneur: Entrepreneur,
    programme: LoanProgramme,
    amount: int,
    term_months: int,
    purpose: str,
    borrower_kind: str = Referral.BorrowerKind.INDIVIDUAL,
    venture: Venture | None = None,
    group: SavingsGroup | None = None,
    source_key: str = "",
    source_label: str = "",
    jobs_created: int = 0,
    submitted_on: datetime.date | None = None,
    actor: User,
) -> Referral:
    """Refer a young person: the referral starts at "submitted to the group", with its first step.

    Refuses a programme not of the unit's union or a union above it, an amount above the
    programme's maximum for the kind of borrower, a term above its maximum term, a person,
    group or venture outside the unit, and a date in the future. `source_key`/`source_label`
    name the proposal it was made from, if any (see `referral_create_from_proposal`); a
    proposal already referred is refused.
    """
    submitted_on = submitted_on or timezone.localdate()
    _validate_day(submitted_on, after=None, field="submitted_on")
    _validate_programme_for(programme=programme, unit=unit)
    _validate_terms(programme=programme, borrower_kind=borrower_kind, amount=amount, term_months=term_months)
    _validate_links(
        unit=unit, entrepreneur=entrepreneur, venture=venture, group=group, check_person_unit=not source_key
    )
    referral = Referral(
        unit=unit,
        entrepreneur=entrepreneur,
        programme=programme,
        borrower_kind=borrower_kind,
        amount=amount,
        term_months=term_months,
        purpose=purpose,
        venture=venture,
        group=group,
        source_key=source_key,
        source_label=source_label,
        jobs_created=jobs_created,
        status=S.SUBMITTED,
        status_on=submitted_on,
        submitted_on=submitted_on,
        branch=group.branch if group is not None and group.branch_id else None,
        created_by=actor,
    )
    referral.full_clean(validate_constraints=False)
    open_one = _("%(name)s đã có hồ sơ đang xử lý trong chương trình %(programme)s.") % {
        "name": entrepreneur.full_name,
        "programme": programme.name,
    }
    if source_key and Referral.objects.filter(source_key=source_key).exists():
        raise ValidationError(ALREADY_REFERRED)
    if Referral.objects.open().filter(entrepreneur=entrepreneur, programme=programme).exists():
        raise ValidationError({"entrepreneur": open_one})
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:  # a double click or another request got there first
        if source_key and Referral.objects.filter(source_key=source_key).exists():
            raise ValidationError(ALREADY_REFERRED) from None
        raise ValidationError({"entrepreneur": open_one}) from None
    ReferralStep.objects.create(
        referral=referral, from_status="", to_status=S.SUBMITTED, on=submitted_on, recorded_by=actor
    )
    return referral


@records_actor
@transaction.atomic
def referral_update(*, referral: Referral, actor: User, **fields) -> Referral:
    """Change what was asked for while the union still holds the file (before it goes to the bank)."""
    referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if referral.status in Referral.BANK_STATUSES:
        raise ValidationError(_("Hồ sơ đã gửi ngân hàng, không sửa được nội dung đề nghị."))
    for name, value in fields.items():
        setattr(referral, name, value)
    _validate_programme_for(programme=referral.programme, unit=referral.unit)
    _validate_terms(
        programme=referral.programme,
        borrower_kind=referral.borrower_kind,
        amount=referral.amount,
        term_months=referral.term_months,
    )
    _validate_links(
        unit=referral.unit, entrepreneur=referral.entrepreneur, venture=referral.venture, group=referral.group
    )
    referral.full_clean(validate_constraints=False)
    referral.save()
    return referral


@records_actor
@transaction.atomic
def referral_create_from_proposal(
    *,
    source_key: str,
    source_label: str,
    unit: Unit,
    entrepreneur: Entrepreneur,
    venture: Venture | None,
    amount: int,
    purpose: str,
    programme: LoanProgramme | None = None,
    on: datetime.date | None = None,
    actor: User,
) -> Referral:
    """Refer a project another programme proposed for capital support, from plain values.

    The proposer (`entrepreneur`, the team lead of a contest entry) borrows for `venture`
    (a project loan when the venture is a business and the programme lends by project;
    dropped if they do not own it) under `unit`, or its successor when the unit was
    dissolved since; the amount is the capital asked for (`amount`, 0 when not stated),
    capped at the programme's maximum; the programme defaults to the first active one
    of the unit's union (or a union above it) that takes contest projects. Each `source_key` is
    referred once.
    """
    if Referral.objects.filter(source_key=source_key).exists():
        raise ValidationError(ALREADY_REFERRED)
    on = on or timezone.localdate()
    if not unit.is_active_on(on) and unit.successor_id:
        unit = unit.successor  # a unit dissolved since the contest: its successor refers
    if programme is None:
        takes_projects = LoanProgramme.objects.for_unit(unit).filter(is_active=True, takes_contest_entries=True)
        programme = takes_projects.order_by("pk").first()
    if programme is None:
        raise ValidationError(_("Chưa có chương trình vay nào nhận dự án sau cuộc thi."))
    if venture is not None and not venture.owners.filter(pk=entrepreneur.pk).exists():
        venture = None
    business = venture is not None and venture.kind not in (Venture.Kind.IDEA, Venture.Kind.HOUSEHOLD)
    borrower_kind = (
        Referral.BorrowerKind.BUSINESS if business and programme.max_per_project else Referral.BorrowerKind.INDIVIDUAL
    )
    limit = programme.limit_for(borrower_kind)
    return referral_create(
        unit=unit,
        entrepreneur=entrepreneur,
        programme=programme,
        borrower_kind=borrower_kind,
        amount=min(amount or limit, limit),
        term_months=min(60, programme.max_term_months),
        purpose=purpose.strip(),
        venture=venture,
        source_key=source_key,
        source_label=source_label,
        submitted_on=on,
        actor=actor,
    )


@records_actor
def capital_proposal_refer(
    *,
    proposal: CapitalProposal,
    actor: User,
    programme: LoanProgramme | None = None,
    on: datetime.date | None = None,
) -> Referral:
    """One click on the list of proposals: the proposal's ids become the people and the
    venture of `referral_create_from_proposal` (its side effects are that service's)."""
    if proposal.lead_id is None:
        raise ValidationError(_("Bài dự thi chưa có trưởng nhóm để đứng tên vay."))
    purpose = _("Đầu tư dự án dự thi %(title)s. %(summary)s") % {"title": proposal.title, "summary": proposal.summary}
    return referral_create_from_proposal(
        source_key=proposal.key,
        source_label=proposal.label,
        unit=Unit.objects.get(pk=proposal.unit_id),
        entrepreneur=Entrepreneur.objects.select_related("unit").get(pk=proposal.lead_id),
        venture=Venture.objects.filter(pk=proposal.venture_id).first() if proposal.venture_id else None,
        amount=proposal.capital_needed,
        purpose=purpose,
        programme=programme,
        on=on,
        actor=actor,
    )


def may_record(actor: User, referral: Referral, side: str) -> bool:
    """The transition table's sides: union steps by staff or the unit's officers, bank steps by
    staff or the liaisons of the referral's branch."""
    if side == workflow.UNION:
        return actor.has_perm("loans.record_union_step", referral)
    return actor.has_perm("loans.record_bank_step", referral)


@records_actor
@transaction.atomic
def referral_record_step(
    *,
    referral: Referral,
    to_status: str,
    on: datetime.date,
    actor: User,
    note: str = "",
    amount: int | None = None,
    term_months: int | None = None,
    branch: BankBranch | None = None,
) -> Referral:
    """Move a referral one step along the transition table and log the step.

    - sent to the bank: records the branch (default: the group's, else the one serving the unit)
      and tells its liaisons;
    - approved: amount and term, at most the programme's maxima (and the amount asked for);
    - rejected: the reason (in `note`) is required;
    - disbursed: amount at most the approved one, dated no earlier than the approval;
    - the bank's decision and the disbursement are told to the unit's officers.

    The step's date cannot be before the previous step's nor in the future; a step out
    of order, or by someone whose side it is not, is refused.
    """
    referral = Referral.objects.select_for_update(of=("self",)).select_related("programme", "unit").get(pk=referral.pk)
    if referral.status == to_status and referral.status_on == on:
        return referral  # the same step twice (a double click): it is recorded once
    step = workflow.transition(referral.status, to_status)
    if step is None:
        raise ValidationError(
            {
                "to_status": _("Không thể chuyển hồ sơ từ bước “%(source)s” sang “%(target)s”.")
                % {
                    "source": referral.get_status_display(),
                    "target": S(to_status).label if to_status in S.values else to_status,
                }
            }
        )
    if not may_record(actor, referral, step.side):
        raise PermissionDenied(
            _("Bước này do cán bộ Đoàn ghi nhận.")
            if step.side == workflow.UNION
            else _("Bước này do ngân hàng ghi nhận.")
        )
    _validate_day(on, after=referral.status_on)
    programme = referral.programme
    errors: dict[str, str] = {}
    if to_status == S.SENT_TO_BANK:
        branch = branch or referral.branch or branch_for_unit(referral.unit)
        check_branch_serves(branch, referral.unit)
        if branch is None:
            errors["branch"] = _(
                "Chưa có chi nhánh, phòng giao dịch NHCSXH phục vụ đơn vị này; hãy chọn nơi nhận hồ sơ."
            )
        referral.branch = branch
    elif to_status == S.APPROVED:
        if not amount:
            errors["amount"] = _("Nhập số tiền được duyệt.")
        elif amount > programme.limit_for(referral.borrower_kind):
            errors["amount"] = _("Số tiền được duyệt vượt mức tối đa %(limit)s của chương trình.") % {
                "limit": format_vnd(programme.limit_for(referral.borrower_kind))
            }
        if not term_months:
            errors["term_months"] = _("Nhập thời hạn được duyệt.")
        elif term_months > programme.max_term_months:
            errors["term_months"] = _("Thời hạn được duyệt vượt thời hạn tối đa %(max)s tháng của chương trình.") % {
                "max": programme.max_term_months
            }
        referral.approved_amount, referral.approved_term_months, referral.approved_on = amount, term_months, on
    elif to_status == S.REJECTED:
        if not note.strip():
            errors["note"] = _("Ghi rõ lý do ngân hàng từ chối.")
        referral.rejection_reason = note.strip()
    elif to_status == S.DISBURSED:
        if not amount:
            errors["amount"] = _("Nhập số tiền giải ngân.")
        elif amount > (referral.approved_amount or 0):
            errors["amount"] = _("Số tiền giải ngân %(amount)s lớn hơn số tiền được duyệt %(approved)s.") % {
                "amount": format_vnd(amount),
                "approved": format_vnd(referral.approved_amount or 0),
            }
        if referral.approved_on and on < referral.approved_on:
            errors["on"] = _("Ngày giải ngân không được trước ngày phê duyệt (%(day)s).") % {
                "day": format_date(referral.approved_on)
            }
        referral.disbursed_amount, referral.disbursed_on = amount, on
    if errors:
        raise ValidationError(errors)
    from_status = referral.status
    referral.status, referral.status_on = to_status, on
    referral.save()
    ReferralStep.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        on=on,
        amount=amount if to_status in (S.APPROVED, S.DISBURSED) else None,
        term_months=term_months if to_status == S.APPROVED else None,
        note=note.strip(),
        recorded_by=actor,
    )
    _notify(referral, to_status)
    return referral


def _notify(referral: Referral, to_status: str) -> None:
    url = referral.get_absolute_url()
    title_args = {"name": referral.entrepreneur.full_name, "status": S(to_status).label}
    if to_status == S.SENT_TO_BANK and referral.branch_id:
        recipients = list(referral.branch.liaisons.filter(is_active=True))
        if referral.branch.parent_id:
            recipients += list(referral.branch.parent.liaisons.filter(is_active=True))
        title = translated(gettext_lazy("Hồ sơ vay vốn mới gửi ngân hàng: %(name)s"), **title_args)
    elif to_status in (S.APPROVED, S.REJECTED, S.DISBURSED):
        officer_ids = Membership.objects.filter(
            unit=referral.unit, role=Membership.Role.OFFICER, user__is_active=True
        ).values_list("user_id", flat=True)
        from accounts.models import User

        recipients = list(User.objects.filter(pk__in=list(officer_ids)))
        title = translated(gettext_lazy("Hồ sơ vay vốn của %(name)s: %(status)s"), **title_args)
    else:
        return
    for user in {u.pk: u for u in recipients}.values():
        transaction.on_commit(
            lambda user=user: notification_create(
                recipient=user, key=f"loans.referral:{referral.pk}:{to_status}", title=title, url=url
            )
        )
