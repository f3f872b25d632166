from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tổ chức Đoàn và người dùng")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from common.layout import forget_frame

        from .layout import register_menu_items
        from .models import Membership

        register_menu_items()

        # A role granted or taken away by a row saved outside the services (the admin's
        # inline, a shell) renews the holder's navigation bar; the services renew it
        # themselves (`user_sync_admin_access`), bulk changes included.
        def membership_changed(sender, instance, **kwargs):
            forget_frame(instance.user_id)

        post_save.connect(
            membership_changed, sender=Membership, weak=False, dispatch_uid="accounts-frame-membership-save"
        )
        post_delete.connect(
            membership_changed, sender=Membership, weak=False, dispatch_uid="accounts-frame-membership-delete"
        )
