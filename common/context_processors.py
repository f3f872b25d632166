from django.conf import settings


def portal(request):
    """The product's name, shown in every page's frame (its short form on a phone); the union
    named beside it comes from the unit (`portal_frame.brand`, see accounts.branding)."""
    return {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_SHORT_NAME": settings.PORTAL_SHORT_NAME}
