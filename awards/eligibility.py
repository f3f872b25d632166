"""The eligibility rules of an award programme, checked against one nomination's facts.

Each programme states its rules as data (age range on a reference date, minimum
years in operation, minimum annual revenue, minimum jobs created, a declaration of
no legal violations); a rule left empty is not checked and produces no line. The
nomination form shows these checks as the officer fills it, and `nomination_submit`
refuses a nomination with a failed check unless staff accepted it as an exception.

Pure: reads only the objects it is given, so calling it costs no query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.formatting import format_date, format_vnd


@dataclass(frozen=True)
class Check:
    code: str  # "age", "years_in_operation", "annual_revenue", "jobs", "no_violations"
    label: str  # the rule, e.g. "Độ tuổi 18–35 vào ngày 30/08/2021"
    passed: bool
    reason: str  # why it failed, in Vietnamese; "" when it passed


def full_years(start: datetime.date, end: datetime.date) -> int:
    """Whole years from `start` to `end` (an age, or a venture's years in operation)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _age(programme, entrepreneur) -> Check:
    day = format_date(programme.age_reference_date)
    label = _("Độ tuổi %(min)d–%(max)d vào ngày %(day)s") % {
        "min": programme.min_age,
        "max": programme.max_age,
        "day": day,
    }
    if entrepreneur is None or entrepreneur.date_of_birth is None:
        return Check("age", label, False, _("Chưa chọn người được đề nghị."))
    age = full_years(entrepreneur.date_of_birth, programme.age_reference_date)
    if age > programme.max_age:
        reason = _("%(age)d tuổi vào ngày %(day)s, quá %(max)d.") % {"age": age, "day": day, "max": programme.max_age}
    elif age < programme.min_age:
        reason = _("%(age)d tuổi vào ngày %(day)s, chưa đủ %(min)d.") % {
            "age": age,
            "day": day,
            "min": programme.min_age,
        }
    else:
        reason = ""
    return Check("age", label, not reason, reason)


def _years_in_operation(programme, venture) -> Check:
    minimum = programme.min_years_in_operation
    day = format_date(programme.age_reference_date)
    label = _("Mô hình hoạt động từ %(years)d năm trở lên (tính đến ngày %(day)s)") % {"years": minimum, "day": day}
    if venture is None:
        return Check("years_in_operation", label, False, _("Chưa chọn mô hình kinh tế của người được đề nghị."))
    if venture.founded_on is None:
        return Check("years_in_operation", label, False, _("Mô hình chưa ghi ngày thành lập."))
    years = full_years(venture.founded_on, programme.age_reference_date)
    if years >= minimum:
        return Check("years_in_operation", label, True, "")
    return Check(
        "years_in_operation",
        label,
        False,
        _("Mô hình thành lập ngày %(founded)s, mới hoạt động %(years)d năm, chưa đủ %(minimum)d năm.")
        % {"founded": format_date(venture.founded_on), "years": max(years, 0), "minimum": minimum},
    )


def _annual_revenue(programme, annual_revenue: int) -> Check:
    minimum = programme.min_annual_revenue
    label = _("Doanh thu năm từ %(minimum)s trở lên") % {"minimum": format_vnd(minimum)}
    if (annual_revenue or 0) >= minimum:
        return Check("annual_revenue", label, True, "")
    return Check(
        "annual_revenue",
        label,
        False,
        _("Doanh thu năm %(revenue)s, thấp hơn mức %(minimum)s.")
        % {"revenue": format_vnd(annual_revenue or 0), "minimum": format_vnd(minimum)},
    )


def _jobs(programme, jobs_created: int) -> Check:
    minimum = programme.min_jobs
    label = _("Tạo việc làm cho từ %(minimum)d lao động trở lên") % {"minimum": minimum}
    if (jobs_created or 0) >= minimum:
        return Check("jobs", label, True, "")
    return Check(
        "jobs",
        label,
        False,
        _("Tạo việc làm cho %(jobs)d lao động, ít hơn %(minimum)d.") % {"jobs": jobs_created or 0, "minimum": minimum},
    )


def _no_violations(no_violations_declared: bool) -> Check:
    label = _("Cam kết chấp hành tốt pháp luật, không vi phạm")
    if no_violations_declared:
        return Check("no_violations", label, True, "")
    return Check(
        "no_violations",
        label,
        False,
        _("Đơn vị chưa xác nhận người được đề nghị chấp hành tốt chủ trương, chính sách, pháp luật."),
    )


def eligibility_checks(
    *,
    programme,
    entrepreneur,
    venture,
    no_violations_declared: bool,
    annual_revenue: int,
    jobs_created: int,
) -> list[Check]:
    """Every rule the programme sets, in a fixed order, each passed or failed with its reason.

    - age: whole years on `programme.age_reference_date`, within min_age–max_age inclusive;
    - years in operation: whole years from `venture.founded_on` to the same reference
      date, at least `min_years_in_operation`; fails when no venture or no founding date
      is given while the rule is set;
    - annual revenue and jobs created: at least the programme's minimum (inclusive);
    - no violations: the unit's declaration, when the programme requires it.

    `entrepreneur` and `venture` may be None while a form is half filled.
    """
    checks = [_age(programme, entrepreneur)]
    if programme.min_years_in_operation is not None:
        checks.append(_years_in_operation(programme, venture))
    if programme.min_annual_revenue is not None:
        checks.append(_annual_revenue(programme, annual_revenue))
    if programme.min_jobs is not None:
        checks.append(_jobs(programme, jobs_created))
    if programme.require_no_violations:
        checks.append(_no_violations(no_violations_declared))
    return checks


def nomination_checks(nomination) -> list[Check]:
    """The checks for a saved (or unsaved) nomination, from its own fields."""
    return eligibility_checks(
        programme=nomination.programme,
        entrepreneur=nomination.entrepreneur if nomination.entrepreneur_id else None,
        venture=nomination.venture if nomination.venture_id else None,
        no_violations_declared=nomination.no_violations_declared,
        annual_revenue=nomination.annual_revenue,
        jobs_created=nomination.jobs_created,
    )


def failed_checks(checks: list[Check]) -> list[Check]:
    return [check for check in checks if not check.passed]
