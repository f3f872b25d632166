from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .layout import portal_roles


def portal(request):
    """The portal's name, and the visitor's roles for templates that vary by role.

    The roles are lazy: most pages never ask, and the navigation bar comes cached
    from `common.layout`.
    """
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_PROVINCE": settings.PORTAL_PROVINCE,
        "portal_roles": SimpleLazyObject(lambda: portal_roles(user)),
    }
