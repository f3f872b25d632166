"""Admin of schedules, unit reports and reminders."""
