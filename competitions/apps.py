from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Cuộc thi khởi nghiệp")

    def ready(self) -> None:
        from common.registry import (
            CONTEST_ENTRY,
            PROGRAMMES,
            CapitalSource,
            HomePanel,
            NavItem,
            register_capital_source,
            register_home_panel,
            register_journey_source,
            register_nav_item,
        )

        from .journey import contest_steps
        from .selectors.capital import capital_proposal_link, capital_proposals
        from .views.entries import entries_home_panel
        from .views.judging import judge_home_panel

        # Open contests with each unit's quota and deadline, for staff and unit officers.
        register_home_panel(
            HomePanel(key="competitions.entries", roles=("staff", "officer"), order=20, render=entries_home_panel)
        )
        # The rounds a judge scores in, with their progress.
        register_home_panel(HomePanel(key="competitions.judging", roles=("judge",), order=5, render=judge_home_panel))
        register_journey_source("competitions", contest_steps)
        register_nav_item(
            NavItem(
                "competitions",
                _("Cuộc thi"),
                "competitions:contest-list",
                "bi-trophy",
                ("staff", "officer"),
                order=10,
                group=PROGRAMMES,
            )
        )
        # The judges' own page, a link of its own on the bar.
        register_nav_item(
            NavItem("judging", _("Chấm thi"), "competitions:judge-home", "bi-clipboard-check", ("judge",), 0)
        )
        # Entries proposed for capital support, which the loans app turns into referrals
        # (loans reads them through common.registry and never imports this app).
        register_capital_source(
            CapitalSource(prefix=CONTEST_ENTRY, proposals=capital_proposals, link=capital_proposal_link)
        )
