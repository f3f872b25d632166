"""Who may do what with plans, dashboards and generated reports."""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer

# Staff manage plans and generate reports; officers read the dashboard of their subtree.
rules.set_perm("reports.manage_plans", is_provincial_staff)
rules.set_perm("reports.view_dashboard", is_provincial_staff | is_unit_officer)
rules.set_perm("reports.generate_reports", is_provincial_staff)
