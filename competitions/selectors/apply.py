"""Reads of young people's own ideas: where they may send them, and the team they typed."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from accounts.models import Unit

from ..models import Contest, Entry
from ..services.entries import TeamRow


def units_open_to_applicants(contest: Contest) -> QuerySet[Unit]:
    """The units a young person may send an idea to: the active units under the contest's owner."""
    return Unit.objects.filter(path__startswith=contest.owner.path).exclude(pk=contest.owner_id).active()


def stored_team_rows(entry: Entry) -> list[TeamRow]:
    """The team an applicant typed, back as form rows."""
    rows = []
    for item in entry.applicant_team:
        person = {k: item[k] for k in ("full_name", "gender", "ethnicity", "phone")}
        person["date_of_birth"] = datetime.date.fromisoformat(item["date_of_birth"])
        rows.append(TeamRow(None, person, bool(item["is_lead"]), item.get("responsibility", "")))
    return rows
