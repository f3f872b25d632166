"""Extension points through which programme apps add to shared pages.

`accounts` owns the home page and `ventures` the profile pages, but what they show
comes from every programme. Apps register here in `AppConfig.ready()`, so shared
code never imports a programme app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HomePanel:
    """A block on the home page for users holding one of `roles`.

    `render(request) -> str | None` returns HTML or None to show nothing.
    """

    key: str
    roles: tuple[str, ...]
    order: int
    render: Callable


@dataclass(frozen=True)
class TodoItem:
    """One thing a user still has to do, for the home page's one "Việc cần làm" list.

    `accounts` owns the home page: it asks every `TodoSource` of the user's roles for these,
    adds the user's unread notifications, and lays them out alike, by due date. A reminder
    notification about a deadline ("reminder:<key>:<offset>") joins the line whose `key` is
    that deadline's, instead of making a second line about the same work.
    """

    key: str  # stable and unique across the portal: a deadline's key ("competitions.quota:12:34")
    title: str
    programme: str  # the programme's code ("competitions", see `programme_label`) or its label
    due: object = None  # datetime.date, or None when the work has no due date
    url: str = ""
    detail: str = ""  # what exactly: "Đoàn phường Tô Hiệu: 2/5 ý tưởng"


@dataclass(frozen=True)
class TodoSource:
    """Where to-do lines come from, for users holding one of `roles`.

    `collect(*, user, today) -> list[TodoItem]`. With `list_url_name`, the panel links to
    the source's own list (`list_label`) for users who have `list_permission`.
    """

    key: str
    roles: tuple[str, ...]
    collect: Callable
    list_label: str = ""  # lazy text
    list_url_name: str = ""
    list_permission: str = ""


@dataclass(frozen=True)
class JourneyStep:
    """One line of an entrepreneur's or venture's journey across programmes."""

    programme: str
    title: str
    date: object  # datetime.date
    status: str = ""
    url: str = ""
    # The object `url` opens; with it, the link is shown only to viewers its model's
    # `visible_to` lets see it (an entry made under a unit above the viewer's, say).
    record: object = None


@dataclass(frozen=True)
class NavItem:
    """A link in the top menu for users holding one of `roles`.

    The role "public" shows the link to visitors who are not signed in (public
    catalogues and calendars); signed-in users see the links of their roles.
    """

    key: str
    label: str  # lazy text
    url_name: str
    icon: str  # a Bootstrap Icons name, "bi-shop"
    roles: tuple[str, ...]
    order: int = 100
    group: str = ""  # "" for the top level, or one of MENU_GROUPS
    divider_before: bool = False  # a line above the link in its drop-down menu


PUBLIC = "public"
YOUTH = "youth"
PROGRAMMES = "programmes"
REPORTS = "reports"
# The drop-down menus of the top bar, in this order: key -> (label, icon).
MENU_GROUPS = {
    YOUTH: (_("Thanh niên"), "bi-people"),
    PROGRAMMES: (_("Chương trình"), "bi-grid"),
    REPORTS: (_("Báo cáo"), "bi-bar-chart-line"),
}


@dataclass(frozen=True)
class ProfileAction:
    """A button on an entrepreneur's profile that starts another programme's form for them
    ("Giới thiệu vay vốn"); shown to users who have `permission`."""

    key: str
    label: str  # lazy text
    url_name: str  # the form; the profile appends ?entrepreneur=<pk>
    icon: str
    permission: str


# The programmes' names as a line of work shows them (a deadline's or a notification's
# programme code: the app label, "competitions"); a code not listed is shown as it is.
PROGRAMME_LABELS = {
    "competitions": _("Cuộc thi"),
    "awards": _("Tuyên dương"),
    "ventures": _("Mô hình"),
    "reports": _("Báo cáo định kỳ"),
    "ocop": _("OCOP"),
    "jobs": _("Việc làm"),
    "loans": _("Vốn vay"),
    "events": _("Sự kiện"),
}


def programme_label(code: str) -> str:
    return str(PROGRAMME_LABELS.get(code, code))


_home_panels: dict[str, HomePanel] = {}
_todo_sources: dict[str, TodoSource] = {}
_profile_actions: dict[str, ProfileAction] = {}
_nav_items: dict[str, NavItem] = {}
_journey_sources: dict[str, Callable] = {}


def register_home_panel(panel: HomePanel) -> None:
    _home_panels[panel.key] = panel


def home_panels_for(roles: set[str]) -> list[HomePanel]:
    return sorted((p for p in _home_panels.values() if roles & set(p.roles)), key=lambda p: p.order)


def register_todo_source(source: TodoSource) -> None:
    _todo_sources[source.key] = source


def todo_sources_for(roles: set[str]) -> list[TodoSource]:
    return sorted((s for s in _todo_sources.values() if roles & set(s.roles)), key=lambda s: s.key)


def register_nav_item(item: NavItem) -> None:
    _nav_items[item.key] = item


def all_nav_items() -> list[NavItem]:
    return sorted(_nav_items.values(), key=lambda i: (i.order, i.key))


def nav_items_for(roles: set[str], *, signed_in: bool) -> list[NavItem]:
    wanted = roles if signed_in else {PUBLIC}
    return sorted((i for i in _nav_items.values() if wanted & set(i.roles)), key=lambda i: i.order)


def register_profile_action(action: ProfileAction) -> None:
    _profile_actions[action.key] = action


def profile_actions_for(user) -> list[ProfileAction]:
    return [action for action in _profile_actions.values() if user.has_perm(action.permission)]


def register_journey_source(key: str, source: Callable) -> None:
    """`source(*, entrepreneur=None, venture=None) -> list[JourneyStep]`."""
    _journey_sources[key] = source


def journey_for(*, entrepreneur=None, venture=None, viewer=None) -> list[JourneyStep]:
    steps: list[JourneyStep] = []
    for source in _journey_sources.values():
        steps.extend(source(entrepreneur=entrepreneur, venture=venture))
    if viewer is not None:
        steps = _links_for(viewer, steps)
    return sorted(steps, key=lambda s: s.date, reverse=True)


def _links_for(viewer, steps: list[JourneyStep]) -> list[JourneyStep]:
    """Unlink the steps whose record the viewer may not open: one query per model."""
    by_model: dict[type, set] = {}
    for step in steps:
        if step.record is not None:
            by_model.setdefault(type(step.record), set()).add(step.record.pk)
    visible = {
        model: set(model.objects.visible_to(viewer).filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in by_model.items()
    }
    return [
        replace(step, url="") if step.record is not None and step.record.pk not in visible[type(step.record)] else step
        for step in steps
    ]


# --- projects proposed for capital support ---------------------------------------------------
#
# After a contest's final, staff mark the entries proposed for capital support; the loans
# app turns each into one referral. Neither app imports the other: the programme whose
# projects are proposed (competitions) registers a `CapitalSource` in its
# `AppConfig.ready()`, and the app that refers them (loans) reads plain `CapitalProposal`
# values through the functions below and stores the proposal's `key` on its referral.

CONTEST_ENTRY = "contest-entry"  # the key prefix of contest entries: "contest-entry:123"


@dataclass(frozen=True)
class CapitalProposal:
    """A project proposed for capital support, as plain data (no model object crosses)."""

    key: str  # "<prefix>:<pk>", unique across sources; a referral stores it once
    pk: int
    code: str
    title: str
    source: str  # what proposed it: the contest's name
    year: int
    unit_id: int
    unit_name: str
    lead_id: int | None  # the ventures.Entrepreneur who would borrow (the team lead)
    lead_name: str
    venture_id: int | None
    capital_needed: int  # đồng; 0 when not stated
    summary: str
    url: str  # the proposal's page

    @property
    def label(self) -> str:
        """What a referral made from it shows: "IV-017 Tên dự án · Cuộc thi ..."."""
        return " · ".join(part for part in (f"{self.code} {self.title}".strip(), self.source) if part)


@dataclass(frozen=True)
class CapitalSource:
    """Where proposals come from.

    `proposals(*, user, pks=None) -> list[CapitalProposal]`: the proposals `user` may see
    (only those with these pks when given), referred or not;
    `link(*, pk, viewer) -> str`: the page of a proposal, or "" when `viewer` may not open it.
    """

    prefix: str
    proposals: Callable
    link: Callable


_capital_sources: dict[str, CapitalSource] = {}


def register_capital_source(source: CapitalSource) -> None:
    _capital_sources[source.prefix] = source


def capital_key(prefix: str, pk: int) -> str:
    return f"{prefix}:{pk}"


def _split_key(key: str) -> tuple[CapitalSource, int] | None:
    prefix, _sep, pk = key.partition(":")
    source = _capital_sources.get(prefix)
    return (source, int(pk)) if source is not None and pk.isdigit() else None


def capital_proposals(*, user, keys: list[str] | None = None) -> list[CapitalProposal]:
    """Every registered source's proposals `user` may see; only those named by `keys` when given."""
    if keys is None:
        return [p for source in _capital_sources.values() for p in source.proposals(user=user)]
    wanted: dict[str, set[int]] = {}
    for key in keys:
        found = _split_key(key)
        if found is not None:
            wanted.setdefault(found[0].prefix, set()).add(found[1])
    return [p for prefix, pks in wanted.items() for p in _capital_sources[prefix].proposals(user=user, pks=pks)]


def capital_proposal_link(*, key: str, viewer) -> str:
    """The page of the proposal `key` names, or "" when it is gone or `viewer` may not open it."""
    found = _split_key(key)
    return found[0].link(pk=found[1], viewer=viewer) if found is not None else ""


# The bracketed name an email's subject starts with, for a recipient user: `accounts` registers
# the one that names the recipient's union (`accounts.branding.email_prefix`); without it, the
# product's name.
_email_prefix: list[Callable] = []


def register_email_prefix(prefix: Callable) -> None:
    _email_prefix[:] = [prefix]


def email_prefix_for(user) -> str:
    from django.conf import settings

    return _email_prefix[0](user=user) if _email_prefix else f"[{settings.PORTAL_NAME}]"
