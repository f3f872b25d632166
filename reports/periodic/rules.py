"""Who may do what with periodic reports.

Unit officers (and staff, who reach every unit) fill the reports of the units they
manage; the staff of the unit that owns a schedule review what is sent to it; staff see
the deadlines of every app.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit, runs_programme


@rules.predicate
def manages_report_unit(user, obj) -> bool:
    if obj is None:
        return True
    unit = getattr(obj, "unit", obj)
    return manages_unit(user, unit)


@rules.predicate
def runs_schedule_of(user, obj) -> bool:
    """The user runs the schedule of this report, period or schedule (staff of its owner);
    without an object (the review queue, the admin's module check), any staff role."""
    if obj is None:
        return runs_programme(user, None)
    schedule = obj
    if hasattr(schedule, "period"):
        schedule = schedule.period
    if hasattr(schedule, "schedule"):
        schedule = schedule.schedule
    return runs_programme(user, schedule)


has_unit_role = is_provincial_staff | is_unit_officer

# The admin of `reports` is for provincial staff; set (not add) so both halves may say it.
rules.set_perm("reports", is_provincial_staff)
rules.set_perm("reports.list_unitreports", has_unit_role)
rules.set_perm("reports.fill_unitreport", has_unit_role & manages_report_unit)
rules.set_perm("reports.view_unitreport_detail", has_unit_role & manages_report_unit)
# Reviewing, voiding and exporting units' reports is the schedule's staff's business.
rules.set_perm("reports.review_unitreport", is_provincial_staff & runs_schedule_of)
rules.set_perm("reports.view_deadlines", is_provincial_staff)
