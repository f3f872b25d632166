"""Sign-in, language, the home page, the union tree and notifications."""

from ..matrix import NOBODY, OFFICERS, OK, PUBLIC, SIGNED_IN, Row, expect, post_only

TO_HIEU = {"code": "to-hieu"}

ROWS = {
    "home": Row(SIGNED_IN),
    # The load balancer's check: no login, no private data.
    "healthz": Row(PUBLIC),
    "login": Row(PUBLIC),
    "logout": Row(post_only(SIGNED_IN)),
    "password_change": Row(SIGNED_IN),
    "password_change_done": Row(SIGNED_IN),
    "password_reset": Row(PUBLIC),
    "password_reset_done": Row(PUBLIC),
    # A made-up token: the page itself says the link is invalid, for everyone.
    "password_reset_confirm": Row(PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Row(PUBLIC),
    "accounts:language": Row(PUBLIC),
    "accounts:unit-list": Row(OFFICERS),
    # Any signed-in user may search; the results are only units they see (tests/accounts).
    "accounts:unit-pick": Row(SIGNED_IN),
    "accounts:unit-detail": Row(
        expect(OFFICERS, other="deny"), kwargs=lambda w: {"pk": w.pk("accounts.Unit", **TO_HIEU)}
    ),
    "accounts:notification-list": Row(SIGNED_IN),
    # Someone else's notification: nobody opens it but its recipient (the officer).
    "accounts:notification-open": Row(
        post_only(expect(NOBODY, officer=OK)),
        kwargs=lambda w: {"pk": w.made["notification"]},
    ),
    "accounts:notification-read-all": Row(post_only(SIGNED_IN)),
}


def prepare(world) -> None:
    from accounts.models import User
    from common.models import Notification

    officer = User.objects.get(username="tohieu")
    world.made["notification"] = Notification.objects.create(
        recipient=officer, key="matrix", title="Hạn nộp báo cáo quý", url="/"
    ).pk
