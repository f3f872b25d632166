"""Every write of the jobs app, one function per operation (see each module)."""

from .counselling import counselling_session_save
from .employers import employer_decide, employer_link_venture, employer_register, vacancy_save
from .fairs import fair_archive, fair_create, fair_save, fair_set_status
from .seekers import CheckIn, application_create, application_record_outcome, seeker_check_in, seeker_register

__all__ = [
    "CheckIn",
    "application_create",
    "application_record_outcome",
    "counselling_session_save",
    "employer_decide",
    "employer_link_venture",
    "employer_register",
    "fair_create",
    "fair_save",
    "fair_set_status",
    "fair_archive",
    "seeker_check_in",
    "seeker_register",
    "vacancy_save",
]
