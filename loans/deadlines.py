"""Loans' deadlines for `reports`: referrals waiting too long at a step, and the yearly grading.

- A referral waiting at a step is due `Referral.ALLOWED_DAYS[status]` days after the
  step's date; it is owed by the officers of the referring unit for the union's steps
  and by the liaisons of the branch it was sent to for the bank's steps.
- Every active savings-and-loan group is graded for the year by 31/12; the officers of
  the units whose groups are not yet graded owe it.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Case, Count, F, Min, Q, When
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.scoping import access_of, unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor

from .models import BankBranch, GroupGrade, Referral, SavingsGroup


def _due_in_window(start: datetime.date, end: datetime.date) -> Q:
    due_in_window = Q(pk__in=[])
    for status, days in Referral.ALLOWED_DAYS.items():
        shift = datetime.timedelta(days=days)
        due_in_window |= Q(status=status, status_on__range=(start - shift, end - shift))
    return due_in_window


def _liaisons_of(branch_ids) -> dict[int, set[int]]:
    """Active liaisons of each branch and of its parent branch, who owe the bank's steps."""
    liaisons: dict[int, set[int]] = defaultdict(set)
    for branch in BankBranch.objects.filter(pk__in=branch_ids).prefetch_related("liaisons", "parent__liaisons"):
        liaisons[branch.pk] = {u.pk for u in branch.liaisons.all() if u.is_active}
        if branch.parent_id:
            liaisons[branch.pk] |= {u.pk for u in branch.parent.liaisons.all() if u.is_active}
    return liaisons


def referral_summaries(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    """The staff pages' view of the same deadlines: one per unit and side (the union's steps,
    the bank's), counting its referrals due in the window, due on the earliest of them.

    Counted in the database (one row per unit, status and branch), so a national page
    does not build a quarter of a million deadlines to show fifty rows.
    """
    referrals = Referral.objects.filter(_due_in_window(start, end))
    if viewer is not None:
        referrals = referrals.filter(unit_scope_q(viewer))
    bank_turn = list(Referral.BANK_TURN)
    rows = (
        referrals.annotate(bank_branch=Case(When(status__in=bank_turn, then=F("branch_id")), default=None))
        .values("unit_id", "status", "bank_branch")
        .annotate(count=Count("pk"), first=Min("status_on"))
        .order_by()
    )
    groups: dict[tuple[int, bool], dict] = {}
    for row in rows:
        key = (row["unit_id"], row["status"] in bank_turn)
        group = groups.setdefault(key, {"count": 0, "due": None, "branches": set(), "statuses": Counter()})
        due = row["first"] + datetime.timedelta(days=Referral.ALLOWED_DAYS[row["status"]])
        group["count"] += row["count"]
        group["due"] = due if group["due"] is None else min(group["due"], due)
        group["statuses"][row["status"]] += row["count"]
        if row["bank_branch"]:
            group["branches"].add(row["bank_branch"])
    officers = officer_ids_by_unit({unit_id for unit_id, bank in groups if not bank})
    liaisons = _liaisons_of({branch for group in groups.values() for branch in group["branches"]})
    statuses = {status: str(label) for status, label in Referral.Status.choices}
    programme = _("Vay vốn")
    titles = {
        False: _("%(count)s hồ sơ vay vốn chờ Đoàn làm bước tiếp theo"),
        True: _("%(count)s hồ sơ vay vốn chờ ngân hàng làm bước tiếp theo"),
    }
    listing = reverse("loans:referral-list")
    result = []
    for (unit_id, bank), group in sorted(groups.items(), key=lambda item: (item[1]["due"], item[0])):
        if bank:
            owers = set().union(*(liaisons.get(branch, set()) for branch in group["branches"]))
        else:
            owers = set(officers.get(unit_id, []))
        detail = ", ".join(
            f"{count} {statuses.get(status, status)}" for status, count in sorted(group["statuses"].items())
        )
        result.append(
            Deadline(
                key=f"loans.referrals:{unit_id}:{'bank' if bank else 'union'}",
                programme=programme,
                title=titles[bank] % {"count": group["count"]},
                due=group["due"],
                url=f"{listing}?unit={unit_id}" + ("&bank=on" if bank else ""),
                unit_id=unit_id,
                owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in sorted(owers)),
            )
        )
    return result


def referral_deadlines(*, start: datetime.date, end: datetime.date, debtor=None, viewer=None) -> list[Deadline]:
    referrals = Referral.objects.filter(_due_in_window(start, end))
    if debtor is not None:
        # Only unit officers and bank liaisons owe a referral's step: the officers of the very
        # unit that referred it (the union's steps), the liaisons of the branch it was sent to
        # or of its parent (the bank's). Asked by their units and branches, which the indexes
        # find, not by the whole subtree a person sees.
        access = access_of(debtor)
        if not (access.roles & {Membership.Role.OFFICER, Membership.Role.BANK_LIAISON}):
            return []
        # Read first: as lists, the planner sees a handful of ids and walks the indexes.
        units = list(
            Membership.objects.filter(user=debtor, role=Membership.Role.OFFICER).values_list("unit_id", flat=True)
        )
        branches = list(BankBranch.objects.of_liaison(debtor).values_list("pk", flat=True))
        referrals = referrals.filter(
            Q(unit_id__in=units) & ~Q(status__in=list(Referral.BANK_TURN))
            | Q(branch_id__in=branches, status__in=list(Referral.BANK_TURN))
        )
    if viewer is not None:  # only the referrals of units they reach
        referrals = referrals.filter(unit_scope_q(viewer))
    # Plain values, not model rows: a province has thousands of referrals waiting.
    referrals = list(
        referrals.order_by("pk").values_list(
            "pk", "unit_id", "status", "status_on", "branch_id", "entrepreneur__full_name"
        )
    )
    bank_turn = set(Referral.BANK_TURN)
    officers = officer_ids_by_unit({unit_id for _pk, unit_id, status, *_rest in referrals if status not in bank_turn})
    branch_ids = {
        branch_id for _pk, _unit, status, _on, branch_id, _name in referrals if status in bank_turn and branch_id
    }
    liaisons = _liaisons_of(branch_ids)
    # Translated and reversed once, not per referral.
    statuses = {status: str(label) for status, label in Referral.Status.choices}
    programme = _("Vay vốn")
    title = _("Hồ sơ vay vốn của %(name)s chờ bước tiếp theo")
    url = reverse("loans:referral-detail", kwargs={"pk": 999999999})
    result = []
    for pk, unit_id, status, status_on, branch_id, name in referrals:
        owers = liaisons.get(branch_id, set()) if status in bank_turn else set(officers.get(unit_id, []))
        detail = f"{name}: {statuses.get(status, status)}"
        result.append(
            Deadline(
                key=f"loans.referral:{pk}:{status}:{status_on.isoformat()}",
                programme=programme,
                title=title % {"name": name},
                due=status_on + datetime.timedelta(days=Referral.ALLOWED_DAYS[status]),
                url=url.replace("999999999", str(pk)),
                unit_id=unit_id,
                owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in sorted(owers)),
            )
        )
    return result


def grading_deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    result = []
    groups = SavingsGroup.objects.filter(is_active=True)
    if viewer is not None:  # only the groups of units they reach
        groups = groups.filter(unit_scope_q(viewer))
    for year in range(start.year, end.year + 1):
        due = datetime.date(year, 12, 31)
        if not start <= due <= end:
            continue
        graded = GroupGrade.objects.filter(year=year).values("group_id")
        ungraded: dict[int, int] = defaultdict(int)
        for unit_id in groups.exclude(pk__in=graded).values_list("unit_id", flat=True):
            ungraded[unit_id] += 1
        officers = officer_ids_by_unit(ungraded)
        for unit_id, count in sorted(ungraded.items()):
            detail = _("%(count)s tổ chưa xếp loại năm %(year)s") % {"count": count, "year": year}
            result.append(
                Deadline(
                    key=f"loans.grading:{year}:{unit_id}",
                    programme=_("Vay vốn"),
                    title=_("Xếp loại tổ tiết kiệm và vay vốn năm %(year)s") % {"year": year},
                    due=due,
                    url=reverse("loans:group-list") + f"?year={year}",
                    unit_id=unit_id,
                    owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in officers.get(unit_id, [])),
                )
            )
    return result


def deadlines(
    *, start: datetime.date, end: datetime.date, debtor=None, viewer=None, summary: bool = False
) -> list[Deadline]:
    if summary and debtor is None:
        referrals = referral_summaries(start=start, end=end, viewer=viewer)
    else:
        referrals = referral_deadlines(start=start, end=end, debtor=debtor, viewer=viewer)
    return referrals + grading_deadlines(start=start, end=end, viewer=viewer)
