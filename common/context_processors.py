from django.conf import settings

from accounts.scoping import access_of

from .registry import MENU_GROUPS, nav_items_for


def portal(request):
    user = getattr(request, "user", None)
    context = {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_PROVINCE": settings.PORTAL_PROVINCE}
    roles: set[str] = set()
    signed_in = bool(user is not None and user.is_authenticated)
    if user is not None and user.is_authenticated:
        access = access_of(user)
        roles = set(access.roles | ({"staff"} if access.is_superuser else set()))
        context["portal_roles"] = roles
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    items = nav_items_for(roles, signed_in=signed_in)
    context["portal_nav"] = [item for item in items if not item.group]
    context["portal_nav_groups"] = [
        (label, icon, grouped)
        for key, (label, icon) in MENU_GROUPS.items()
        if (grouped := [item for item in items if item.group == key])
    ]
    return context
