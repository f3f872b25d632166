"""Every write of periodic reporting: periods, drafts, submitting, review.

Keyword-only functions that validate, write in a transaction and notify on commit;
permission is checked by the caller (view, admin or command), the services still
refuse a state change that is not allowed with a Vietnamese ValidationError, and a
review by a person who does not run the report's schedule (PermissionDenied).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scoping import require_runs
from accounts.selectors import officer_ids_by_unit
from common.history import records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create

from ..models import ReportField, ReportingPeriod, ReportingSchedule, ReportValue, UnitReport, add_months

MAX_NUMBER = Decimal("9999999999999999")  # the column holds 16 digits before the point


@records_actor
def periods_ensure(*, schedule: ReportingSchedule, until: datetime.date, actor: User) -> list[ReportingPeriod]:
    """Create the schedule's periods from `active_from` to the period holding `until`.

    Idempotent: existing periods are kept (their due date is refreshed if the rule
    changed), so running it twice, or concurrently, leaves one row per period.
    """
    last_day = min(until, schedule.active_until) if schedule.active_until else until
    periods: list[ReportingPeriod] = []
    if last_day < schedule.active_from:
        return periods
    existing = {p.start: p for p in schedule.periods.all()}
    start, end = schedule.period_bounds(schedule.active_from)
    while start <= last_day:
        due = schedule.due_for(start, end)
        label = str(schedule.period_label(start))
        period = existing.get(start)
        if period is None:
            try:
                with transaction.atomic():
                    period = ReportingPeriod.objects.create(
                        schedule=schedule, start=start, end=end, due=due, label=label
                    )
            except IntegrityError:
                period = ReportingPeriod.objects.get(schedule=schedule, start=start)
        elif period.due != due or period.label != label or period.end != end:
            period.due, period.label, period.end = due, label, end
            period.save(update_fields=["due", "label", "end", "updated_at"])
        periods.append(period)
        next_year, next_month = add_months(start.year, start.month, schedule.months_per_period)
        start, end = schedule.period_bounds(datetime.date(next_year, next_month, 1))
    return periods


@records_actor
def periods_ensure_all(*, until: datetime.date, actor: User) -> int:
    """Periods of every active schedule up to `until`; returns how many exist."""
    count = 0
    for schedule in ReportingSchedule.objects.filter(is_active=True):
        count += len(periods_ensure(schedule=schedule, until=until, actor=actor))
    return count


@records_actor
def report_open(*, period: ReportingPeriod, unit, actor: User) -> UnitReport:
    """The unit's report for the period, created as a draft the first time."""
    if unit.kind not in period.schedule.unit_kinds:
        raise ValidationError(_("Đơn vị %(unit)s không thuộc diện báo cáo này.") % {"unit": unit.name})
    if period.start > timezone.localdate():
        raise ValidationError(_("Kỳ %(period)s chưa bắt đầu.") % {"period": period.label})
    report, _created = UnitReport.objects.get_or_create(period=period, unit=unit, defaults={"created_by": actor})
    return report


def clean_values(*, fields: list[ReportField], raw: dict[str, str], require: bool) -> tuple[dict, dict]:
    """Parse the typed answers; returns (values by code, errors by code)."""
    values: dict[str, Decimal | str | None] = {}
    errors: dict[str, str] = {}
    for field in fields:
        text = (raw.get(field.code) or "").strip()
        if field.is_numeric:
            if not text:
                values[field.code] = None
            else:
                normalised = text.replace(" ", "").replace("\u00a0", "")
                # Vietnamese writes 1.500 for thousands and 2,5 for decimals.
                if "," in normalised:
                    normalised = normalised.replace(".", "").replace(",", ".")
                elif normalised.count(".") > 1 or (
                    field.kind == ReportField.Kind.INTEGER and "." in normalised and len(normalised.split(".")[1]) == 3
                ):
                    normalised = normalised.replace(".", "")
                try:
                    number = Decimal(normalised)
                    if not number.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    errors[field.code] = _("“%(value)s” không phải là số.") % {"value": text[:40]}
                    continue
                if number < 0:
                    errors[field.code] = _("Số liệu không được âm.")
                    continue
                if number > MAX_NUMBER:
                    errors[field.code] = _("Số liệu quá lớn.")
                    continue
                if field.kind == ReportField.Kind.INTEGER and number != number.to_integral_value():
                    errors[field.code] = _("Chỉ tiêu này là số nguyên.")
                    continue
                if number != number.quantize(Decimal("0.01")):
                    errors[field.code] = _("Tối đa 2 chữ số thập phân.")
                    continue
                values[field.code] = number
        else:
            values[field.code] = text
        if require and field.required and values.get(field.code) in (None, ""):
            errors[field.code] = _("Chỉ tiêu bắt buộc, chưa nhập.")
    return values, errors


def _write(*, report: UnitReport, values: dict, notes: str, prefilled: dict | None = None) -> None:
    fields = {f.code: f for f in report.period.schedule.fields.all()}
    existing = {v.field_id: v for v in report.values.all()}
    for code, value in values.items():
        field = fields[code]
        row = existing.get(field.pk) or ReportValue(report=report, field=field)
        if prefilled and code in prefilled:
            row.prefilled = prefilled[code]  # what the portal held, beside what the unit typed
        if field.is_numeric:
            row.number, row.text = value, ""
        else:
            row.number, row.text = None, value or ""
        row.save()
    report.notes = notes


def _locked(report: UnitReport) -> UnitReport:
    locked = UnitReport.objects.select_for_update(of=("self",))
    return locked.select_related("period__schedule", "unit").get(pk=report.pk)


def _refuse_if_not_editable(report: UnitReport) -> None:
    if report.status == UnitReport.Status.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được Tỉnh đoàn tiếp nhận, không sửa được nữa."))
    if report.status == UnitReport.Status.SUBMITTED:
        raise ValidationError(_("Báo cáo đã gửi và đang chờ duyệt; chỉ sửa được khi Tỉnh đoàn trả lại."))


def _lock_and_write(
    *, report: UnitReport, raw: dict[str, str], notes: str, prefilled: dict | None, require: bool
) -> UnitReport:
    """The report locked, checked editable, and what the unit typed written (every required
    line filled when `require`); a line that is not a valid number refuses the whole."""
    report = _locked(report)
    _refuse_if_not_editable(report)
    fields = list(report.period.schedule.fields.all())
    values, errors = clean_values(fields=fields, raw=raw, require=require)
    if errors:
        raise ValidationError(errors)
    _write(report=report, values=values, notes=notes, prefilled=prefilled)
    return report


@records_actor
@transaction.atomic
def report_save_draft(
    *, report: UnitReport, raw: dict[str, str], notes: str = "", actor: User, prefilled: dict | None = None
) -> UnitReport:
    """Save what the unit typed so far; numbers must still be numbers, not negative."""
    report = _lock_and_write(report=report, raw=raw, notes=notes, prefilled=prefilled, require=False)
    report.save(update_fields=["notes", "updated_at"])
    return report


@records_actor
@transaction.atomic
def report_submit(
    *, report: UnitReport, raw: dict[str, str], notes: str = "", actor: User, prefilled: dict | None = None
) -> UnitReport:
    """Send the report to the province; every required line must be filled."""
    report = _lock_and_write(report=report, raw=raw, notes=notes, prefilled=prefilled, require=True)
    now = timezone.now()
    report.status = UnitReport.Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = actor
    report.submitted_late = timezone.localdate(now) > report.period.due
    report.save()
    return report


@records_actor
@transaction.atomic
def report_accept(*, report: UnitReport, actor: User, comment: str = "") -> UnitReport:
    _require_runs_schedule(actor=actor, report=report)
    report = _locked(report)
    if report.status != UnitReport.Status.SUBMITTED:
        raise ValidationError(_("Chỉ tiếp nhận được báo cáo đang chờ duyệt."))
    report.status = UnitReport.Status.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.review_comment = comment.strip()
    report.save()
    _notify_unit(report, accepted=True)
    return report


@records_actor
@transaction.atomic
def report_return(*, report: UnitReport, actor: User, comment: str) -> UnitReport:
    _require_runs_schedule(actor=actor, report=report)
    report = _locked(report)
    if report.status != UnitReport.Status.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được báo cáo đang chờ duyệt."))
    if not comment.strip():
        raise ValidationError({"comment": _("Ghi rõ lý do trả lại để đơn vị sửa.")})
    report.status = UnitReport.Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.review_comment = comment.strip()
    report.save()
    _notify_unit(report, accepted=False)
    return report


@records_actor
@transaction.atomic
def report_void(*, report: UnitReport, reason: str, actor: User, now: datetime.datetime | None = None) -> UnitReport:
    """Void a sent report with a reason: an accepted report is never deleted. It stays,
    with its figures and their history; its figures stop counting in the reported targets
    from today (periods that ended before still count them)."""
    _require_runs_schedule(actor=actor, report=report)
    report = _locked(report)
    if report.status not in UnitReport.SENT:
        raise ValidationError(_("Chỉ hủy được báo cáo đã gửi; bản nháp đơn vị tự sửa."))
    report.record_void(reason=reason, actor=actor, now=now)
    return report


def _require_runs_schedule(*, actor: User | None, report: UnitReport) -> None:
    """Reviewing is the business of the schedule's owner's staff; a task or the demo acting
    without a person (no actor, an inactive service account) is not asked."""
    require_runs(actor=actor, owner=report.period.schedule.owner)


def _notify_unit(report: UnitReport, *, accepted: bool) -> None:
    from accounts.models import User

    officer_ids = officer_ids_by_unit([report.unit_id]).get(report.unit_id, [])
    url = reverse("reports:periodic-report", kwargs={"pk": report.pk})
    stamp = report.reviewed_at.strftime("%Y%m%d%H%M%S")
    for user in User.objects.filter(pk__in=officer_ids, is_active=True):
        if accepted:
            title = translated(gettext_lazy("Tỉnh đoàn đã tiếp nhận: %(period)s"), period=report.period)
            level = Notification.Level.INFO
        else:
            title = translated(gettext_lazy("Trả lại để sửa: %(period)s"), period=report.period)
            level = Notification.Level.TODO
        notification_create(
            recipient=user,
            key=f"reports.review:{report.pk}:{stamp}",
            title=title,
            body=report.review_comment,
            url=url,
            level=level,
            due_on=None if accepted else report.period.due,
            send_email=not accepted,
        )
