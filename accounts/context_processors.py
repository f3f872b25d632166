from django.utils.functional import SimpleLazyObject

from .layout import Frame


def frame(request):
    """The navigation bar's content (`accounts.layout.Frame`, lazy) and the visitor's roles
    for templates that vary by role (lazy too: most pages never ask)."""
    portal_frame = Frame(getattr(request, "user", None))
    return {"portal_frame": portal_frame, "portal_roles": SimpleLazyObject(lambda: portal_frame.roles)}
