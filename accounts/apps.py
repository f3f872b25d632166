from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tổ chức Đoàn và người dùng")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from common.layout import forget_frame
        from common.middleware import register_role_kind
        from common.registry import register_email_prefix

        from .branding import UNION_KINDS, email_prefix
        from .layout import register_menu_items
        from .models import Membership, Unit
        from .scoping import role_kind

        register_menu_items()
        register_email_prefix(email_prefix)
        register_role_kind(role_kind)

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

        # A unit renamed or moved changes the union the frames of its people name, and a new
        # root may change the visitors' default (accounts.branding): their stamps are renewed.
        def unit_changed(sender, instance, created=False, raw=False, **kwargs):
            if raw:
                return
            may_be_default = instance.kind in UNION_KINDS
            if created or not instance.path:
                forget_frame(public=may_be_default and instance.parent_id is None)
                return
            holders = (
                Membership.objects.filter(unit__path__startswith=instance.path)
                .values_list("user_id", flat=True)
                .distinct()
            )
            forget_frame(*holders, public=may_be_default)

        post_save.connect(unit_changed, sender=Unit, weak=False, dispatch_uid="accounts-frame-unit-save")
