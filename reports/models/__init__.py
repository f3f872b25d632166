"""Models of `reports`, one module per topic.

- plans.py: issued plans, their activities and targets (owned with `planning/`);
- outputs.py: consolidated reports and export files (owned with `planning/`);
- periodic.py: reporting schedules, report forms, unit reports (owned with `periodic/`);
- reminders.py: reminder offsets and the reminder log (owned with `periodic/`).
"""

from .outputs import *  # noqa: F403
from .periodic import *  # noqa: F403
from .plans import *  # noqa: F403
from .reminders import *  # noqa: F403
