"""Celery discovers `reports.tasks`; the tasks live with their topic."""

from .periodic.tasks import *  # noqa: F403
from .planning.tasks import *  # noqa: F403
