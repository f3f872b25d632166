from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "loans"
    verbose_name = _("Vốn vay")

    def ready(self) -> None:
        from common.figures import watch
        from common.registry import (
            PROGRAMMES,
            HomePanel,
            NavItem,
            ProfileAction,
            register_home_panel,
            register_journey_source,
            register_nav_item,
            register_profile_action,
        )

        from .journey import referral_steps
        from .models import Referral

        # The referral list's row count is kept until a referral changes.
        watch("loans", Referral)
        from .views.referrals import liaison_home_panel, officer_home_panel

        # Staff and unit officers: in the "Chương trình" menu; the bank liaison: at the top level.
        register_nav_item(
            NavItem(
                "loans",
                _("Vay vốn"),
                "loans:referral-list",
                "bi-bank",
                roles=("staff", "officer"),
                order=60,
                group=PROGRAMMES,
            )
        )
        register_nav_item(
            NavItem(
                "loans.bank", _("Hồ sơ vay NHCSXH"), "loans:bank-queue", "bi-bank2", roles=("bank_liaison",), order=61
            )
        )
        register_profile_action(
            ProfileAction("loans.refer", _("Giới thiệu vay vốn"), "loans:referral-create", "bi-bank", "loans.refer")
        )
        # Referrals waiting for the bank at the liaison's branches.
        register_home_panel(HomePanel(key="loans.bank", roles=("bank_liaison",), order=5, render=liaison_home_panel))
        # Referrals of the officer's units that wait too long at the union's steps.
        register_home_panel(
            HomePanel(key="loans.late", roles=("staff", "officer"), order=45, render=officer_home_panel)
        )
        register_journey_source("loans", referral_steps)
