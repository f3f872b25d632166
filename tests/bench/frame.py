"""What the page frame (asset links, navigation bar, footer) costs, in process.

    .venv/bin/python tests/bench/frame.py
    BENCH_CACHE=file .venv/bin/python tests/bench/frame.py     (the bare-SQLite default cache)

Renders a plain staff page (the notification list, one row) and the 50-row page inside
the portal's layout through the test client, signed in as provincial staff and as a
visitor, timed in turns with the floor views (`tests/bench/urls.py`), so the ratios hold
on a shared machine. The cache is the test settings' local memory by default;
BENCH_CACHE=file uses the file cache `config.settings.base` gives a machine without
Redis (one file read per cache key), BENCH_CACHE=redis REDIS_URL=… a Redis server.
"""

from __future__ import annotations

import os
import tempfile

from django.conf import settings
from harness import database, getter, interleaved, migrate  # sets Django up

CACHE = os.environ.get("BENCH_CACHE", "locmem")
if CACHE == "file":
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tempfile.mkdtemp(prefix="portal-bench-cache-"),
        }
    }
elif CACHE == "redis":
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }

from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Membership, Unit, User  # noqa: E402
from accounts.services import membership_grant, unit_create  # noqa: E402
from common.history import system_actor  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def build() -> User:
    actor = system_actor()
    province = unit_create(actor=actor, name="Tỉnh đoàn", code="bench-frame-tinh", kind=Unit.Kind.PROVINCE)
    for n in range(50):
        unit_create(
            actor=actor, name=f"Đoàn xã {n}", code=f"bench-frame-xa-{n}", kind=Unit.Kind.COMMUNE, parent=province
        )
    staff = User.objects.create(username="bench-frame-staff", full_name="Cán bộ Tỉnh đoàn", is_staff=True)
    membership_grant(user=staff, unit=province, role=Membership.Role.STAFF)
    return staff


def main() -> None:
    migrate()
    staff_user = build()
    staff, visitor = Client(), Client()
    staff.force_login(staff_user)
    print(f"database: {database()}; cache: {type(caches['default']).__name__}; {ROUNDS} rounds in turns\n")
    pages = {
        "floor: short text": getter(staff, "/bench/text/"),
        "floor: plain 50 rows, 1 query": getter(staff, "/bench/plain/"),
        "floor: plain 50-row page, everyday": getter(staff, "/bench/everyday/"),
        "50 rows in the layout, staff": getter(staff, "/bench/layout/"),
        "staff page: notifications (frame + 1 row)": getter(staff, reverse("accounts:notification-list")),
        "visitor page: sign-in form": getter(visitor, reverse("login")),
    }
    medians = interleaved(pages, rounds=ROUNDS)
    text, plain = medians["floor: short text"], medians["floor: plain 50 rows, 1 query"]
    for label, median in medians.items():
        print(f"{label:<44} median {median:7.2f} ms   {median / text:5.2f}× text   {median / plain:5.2f}× plain")


if __name__ == "__main__":
    main()
