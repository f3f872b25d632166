"""URLs of the loans app, one module per audience: referrals (units, liaisons), groups (units), staff."""

from . import groups, referrals, staff

app_name = "loans"

urlpatterns = [*referrals.urlpatterns, *groups.urlpatterns, *staff.urlpatterns]
