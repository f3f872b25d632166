"""The extension points through which programme apps add to shared pages."""

import datetime

import pytest

from common import registry
from common.registry import HomePanel, JourneyStep, home_panels_for, journey_for

pytestmark = pytest.mark.django_db


def test_home_panels_for_roles_from_the_installed_apps():
    officer_panels = home_panels_for({"officer"})

    assert "ventures.registry" in [p.key for p in officer_panels]
    assert all("officer" in panel.roles for panel in officer_panels)
    assert {"ventures.registry", "competitions.entries"} <= {p.key for p in home_panels_for({"staff"})}
    council_panels = [p.key for p in home_panels_for({"council"})]
    assert "awards.council" in council_panels
    assert "ventures.registry" not in council_panels
    assert home_panels_for(set()) == []


def test_home_panels_for_sorts_by_order(monkeypatch):
    monkeypatch.setattr(registry, "_home_panels", {})
    registry.register_home_panel(HomePanel(key="b", roles=("judge",), order=20, render=lambda request: "B"))
    registry.register_home_panel(HomePanel(key="a", roles=("judge", "council"), order=10, render=lambda request: "A"))
    registry.register_home_panel(HomePanel(key="c", roles=("officer",), order=5, render=lambda request: "C"))

    assert [panel.key for panel in home_panels_for({"judge"})] == ["a", "b"]
    assert [panel.key for panel in home_panels_for({"council", "officer"})] == ["c", "a"]


def test_register_home_panel_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(registry, "_home_panels", {})
    for order in (10, 30):
        registry.register_home_panel(HomePanel(key="x", roles=("judge",), order=order, render=lambda request: ""))

    assert [panel.order for panel in home_panels_for({"judge"})] == [30]


def test_journey_for_merges_sources_newest_first(monkeypatch):
    monkeypatch.setattr(registry, "_journey_sources", {})

    def contest_steps(*, entrepreneur=None, venture=None):
        return [JourneyStep(programme="Cuộc thi", title="Giải Nhì", date=datetime.date(2021, 10, 15))]

    def loan_steps(*, entrepreneur=None, venture=None):
        return [
            JourneyStep(programme="Vay vốn", title="Giải ngân", date=datetime.date(2022, 3, 1)),
            JourneyStep(programme="Vay vốn", title="Giới thiệu", date=datetime.date(2021, 12, 1)),
        ]

    registry.register_journey_source("competitions", contest_steps)
    registry.register_journey_source("loans", loan_steps)

    steps = journey_for(entrepreneur=object())

    assert [step.title for step in steps] == ["Giải ngân", "Giới thiệu", "Giải Nhì"]


def test_journey_for_passes_the_subject_to_every_source(monkeypatch):
    monkeypatch.setattr(registry, "_journey_sources", {})
    seen = []
    registry.register_journey_source("a", lambda **kwargs: seen.append(kwargs) or [])
    venture = object()

    assert journey_for(venture=venture) == []
    assert seen == [{"entrepreneur": None, "venture": venture}]


def test_nav_items_show_public_links_to_visitors_and_role_links_to_signed_in_users(monkeypatch):
    monkeypatch.setattr(registry, "_nav_items", {})
    registry.register_nav_item(registry.NavItem("catalogue", "Sản phẩm OCOP", "home", "bi-star", ("public",), 30))
    registry.register_nav_item(registry.NavItem("loans", "Vay vốn", "home", "bi-bank", ("staff", "officer"), 20))

    assert [i.key for i in registry.nav_items_for(set(), signed_in=False)] == ["catalogue"]
    assert [i.key for i in registry.nav_items_for({"officer"}, signed_in=True)] == ["loans"]
    assert registry.nav_items_for({"judge"}, signed_in=True) == []


def test_navbar_renders_registered_links_for_anonymous_visitors(client, monkeypatch):
    monkeypatch.setattr(registry, "_nav_items", {})
    registry.register_nav_item(registry.NavItem("catalogue", "Sản phẩm OCOP", "home", "bi-star", ("public",), 30))

    html = client.get("/accounts/login/").content.decode()

    assert "Sản phẩm OCOP" in html


def test_signed_in_staff_see_the_programmes_in_one_menu(client, staff_user, judge):
    client.force_login(staff_user)
    html = client.get("/").content.decode()
    menu = html.split("Chương trình</a>", 1)[1].split("</ul>", 1)[0]
    for label in ("Cuộc thi", "Tuyên dương", "OCOP", "Việc làm", "Sự kiện"):
        assert label in menu

    client.force_login(judge)
    html = client.get("/").content.decode()
    assert "Chương trình</a>" not in html
    assert "Chấm thi" in html


def test_todo_sources_for_roles_from_the_installed_apps():
    for role in ("staff", "officer", "judge", "council", "bank_liaison"):
        assert [s.key for s in registry.todo_sources_for({role})] == ["reports.owed"]
    assert registry.todo_sources_for(set()) == []


@pytest.mark.parametrize(
    ("code", "label"), [("competitions", "Cuộc thi"), ("reports", "Báo cáo định kỳ"), ("Vay vốn", "Vay vốn")]
)
def test_programme_label_names_a_programme_code_and_keeps_a_label(code, label):
    assert registry.programme_label(code) == label
