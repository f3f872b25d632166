from django.conf import settings

from accounts.scoping import access_of


def portal(request):
    user = getattr(request, "user", None)
    context = {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_PROVINCE": settings.PORTAL_PROVINCE}
    if user is not None and user.is_authenticated:
        access = access_of(user)
        context["portal_roles"] = access.roles | ({"staff"} if access.is_superuser else set())
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    return context
