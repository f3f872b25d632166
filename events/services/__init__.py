"""Every write of the events app: events, registrations and attendance, clubs and spaces."""

from .clubs import club_save, space_save
from .events import (
    attendance_close,
    booth_add,
    booth_remove,
    event_cancel,
    event_save,
    event_void,
    material_add,
    material_remove,
)
from .registrations import (
    CheckIn,
    attendance_import,
    attendance_template,
    certificates_issue,
    feedback_submit,
    find_entrepreneur,
    registration_cancel,
    registration_check_in,
    registration_create,
    waiting_list_fill,
)

__all__ = [
    "CheckIn",
    "attendance_close",
    "attendance_import",
    "attendance_template",
    "booth_add",
    "booth_remove",
    "certificates_issue",
    "club_save",
    "event_cancel",
    "event_save",
    "event_void",
    "feedback_submit",
    "find_entrepreneur",
    "material_add",
    "material_remove",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "space_save",
    "waiting_list_fill",
]
