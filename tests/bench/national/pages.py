"""One pass of the national benchmark on one database (run by run.py in its own process).

    DATABASE_URL=… BENCH_SCALE=… BENCH_NATIONAL_OUT=out.json python tests/bench/national/pages.py [--seed] [--rollups]

Migrates, seeds when asked (seed.py), then reads every page a role opens, one request at
a time through Django's client, in turns with the everyday plain 50-row page
(`harness.interleaved`, BENCH_ROUNDS rounds), and counts each page's queries; with
--rollups, times the roll-ups too (rollups.py). Writes the figures as JSON for run.py.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH_DIR))

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from harness import analyze, getter, interleaved, migrate, query_count  # noqa: E402  (sets Django up)

from accounts.models import Membership, Unit, User  # noqa: E402
from competitions.models import Contest, Judge  # noqa: E402
from tests.bench.national import seed  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def today() -> datetime.date:
    """The benchmark's day: BENCH_TODAY (YYYY-MM-DD) or the real one (pages judge lights by it)."""
    given = os.environ.get("BENCH_TODAY")
    return datetime.date.fromisoformat(given) if given else timezone.localdate()


def clients() -> tuple[dict[str, Client], dict]:
    """Signed-in clients of one province's staff, officer and judge, and of the national staff."""
    province = Unit.objects.filter(kind=Unit.Kind.PROVINCE).order_by("path").first()
    contest = Contest.objects.get(slug=f"nb-{province.code}")
    national_contest = Contest.objects.get(slug="nb-toan-quoc")
    officer = (
        Membership.objects.filter(role=Membership.Role.OFFICER, unit__parent=province, unit__kind=Unit.Kind.COMMUNE)
        .order_by("unit__path")
        .first()
        .user
    )
    users = {
        "staff": User.objects.get(username=seed.province_staff_name(province)),
        "officer": officer,
        "judge": Judge.objects.filter(contest=contest).order_by("pk").first().user,
        "national": User.objects.get(username=seed.NATIONAL_STAFF),
    }
    signed = {}
    for role, user in users.items():
        signed[role] = Client()
        signed[role].force_login(user)
    ids = {
        "round": contest.rounds.get(order=1).pk,
        "national_round": national_contest.rounds.get(order=1).pk,
        "province": province.name,
    }
    return signed, ids


def page_list(ids: dict) -> list[tuple[str, str, str]]:
    """(label, role, URL) of every page a role opens."""
    staff_pages = [
        ("home", reverse("home")),
        ("unit reports (Báo cáo đơn vị)", reverse("reports:periodic-list")),
        ("registry, entrepreneurs", reverse("ventures:entrepreneur-list")),
        ("loan referrals", reverse("loans:referral-list")),
        ("contest list", reverse("competitions:contest-list")),
        ("plan dashboard", reverse("reports:dashboard")),
        ("deadlines", reverse("reports:periodic-deadlines")),
        ("late units", reverse("reports:periodic-late")),
    ]
    return [
        ("floor: plain 50-row page, everyday", "staff", "/bench/everyday/"),
        *((f"staff: {label}", "staff", url) for label, url in staff_pages),
        ("staff: round ranking", "staff", reverse("competitions:round-detail", kwargs={"pk": ids["round"]})),
        ("officer: home", "officer", reverse("home")),
        ("officer: contest list", "officer", reverse("competitions:contest-list")),
        ("officer: registry, entrepreneurs", "officer", reverse("ventures:entrepreneur-list")),
        ("officer: unit reports", "officer", reverse("reports:periodic-list")),
        ("judge: my rounds", "judge", reverse("competitions:judge-home")),
        (
            "judge: round, my scorecards",
            "judge",
            reverse("competitions:judge-round", kwargs={"round_pk": ids["round"]}),
        ),
        *((f"national staff: {label}", "national", url) for label, url in staff_pages),
        (
            "national staff: national round ranking",
            "national",
            reverse("competitions:round-detail", kwargs={"pk": ids["national_round"]}),
        ),
    ]


def measure_pages() -> dict:
    signed, ids = clients()
    pages, queries, failed = {}, {}, {}
    for label, role, url in page_list(ids):
        get = getter(signed[role], url)
        try:
            queries[label] = query_count(get)  # the first read also fills the caches
        except Exception as error:  # noqa: BLE001  (a page under construction is a note, not a stop)
            failed[label] = f"{type(error).__name__}: {error}"
            continue
        pages[label] = get
    medians = interleaved(pages, rounds=ROUNDS)
    return {"province": ids["province"], "medians": medians, "queries": queries, "failed": failed}


def main() -> None:
    scale = float(os.environ["BENCH_SCALE"])
    out = Path(os.environ["BENCH_NATIONAL_OUT"])
    day = today()
    migrate()
    result: dict = {"scale": scale}
    if "--seed" in sys.argv:
        started = time.perf_counter()
        result["sizes"] = seed.seed(scale, today=day)
        analyze()
        result["seed_seconds"] = time.perf_counter() - started
    result.update(measure_pages())
    if "--rollups" in sys.argv:
        from tests.bench.national import rollups

        result["rollups"] = rollups.measure_all(today=day)
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
