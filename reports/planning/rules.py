"""Who may do what with plans, dashboards and generated reports."""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, runs_programme

# A plan is kept by the staff of the unit that owns it (its activities and targets follow it:
# views pass the plan); without a plan (list and create pages), any staff role will do.
rules.set_perm("reports.manage_plans", runs_programme)
rules.set_perm("reports.view_dashboard", is_provincial_staff | is_unit_officer)
rules.set_perm("reports.generate_reports", is_provincial_staff)
