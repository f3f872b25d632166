"""Savings-and-loan groups and their yearly grade."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.history import records_actor

from ..models import GroupGrade, SavingsGroup
from .referrals import check_branch_serves


@records_actor
def group_save(*, group: SavingsGroup, actor: User) -> SavingsGroup:
    """Create or update a group; the model refuses a size outside 5–60 and overdue above outstanding."""
    if group.pk is None:
        group.created_by = actor
    if group.unit_id:
        check_branch_serves(group.branch, group.unit)
    group.full_clean()
    group.save()
    return group


@records_actor
def group_grade_record(
    *, group: SavingsGroup, year: int, grade: str, graded_on: datetime.date, note: str = "", actor: User
) -> GroupGrade:
    """Record the group's grade for a year; a second grade for the same year is refused."""
    today = timezone.localdate()
    if graded_on > today:
        raise ValidationError({"graded_on": _("Ngày xếp loại không được ở tương lai.")})
    if graded_on.year < year:
        raise ValidationError({"graded_on": _("Ngày xếp loại phải trong hoặc sau năm được xếp loại.")})
    if year > today.year:
        raise ValidationError({"year": _("Chưa thể xếp loại cho năm chưa đến.")})
    if GroupGrade.objects.filter(group=group, year=year).exists():
        raise ValidationError(
            {"year": _("Tổ %(group)s đã được xếp loại năm %(year)s.") % {"group": group.name, "year": year}}
        )
    grade_row = GroupGrade(group=group, year=year, grade=grade, graded_on=graded_on, note=note, recorded_by=actor)
    grade_row.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            grade_row.save()
    except IntegrityError:  # a double click that passed the check above at the same moment
        raise ValidationError(
            {"year": _("Tổ %(group)s đã được xếp loại năm %(year)s.") % {"group": group.name, "year": year}}
        ) from None
    return grade_row
