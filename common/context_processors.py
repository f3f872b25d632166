from django.conf import settings


def portal(request):
    """The portal's name and province, shown in every page's frame."""
    return {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_PROVINCE": settings.PORTAL_PROVINCE}
