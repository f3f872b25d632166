"""Load benchmark: the portal under gunicorn, driven by locust from a second process.

    .venv/bin/python tests/bench/load/run.py                     (or: make bench)
    BENCH_SCALE=0.05 BENCH_LOAD_SECONDS=20 .venv/bin/python tests/bench/load/run.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python tests/bench/load/run.py

1. Seeds a large province (seed.py; 200 units, 3,000 entries, 15,000 scorecards, 20,000
   entrepreneurs and ventures, 10,000 loan referrals, 2,000 unit reports at scale 1), or
   reuses the one a previous run seeded when its marker (var/bench/*.json) matches.
   PostgreSQL when DATABASE_URL names a PostgreSQL server: the runner takes only the
   server and credentials from it and works in its own database there (BENCH_DB_NAME,
   default portal_bench_load), the only one it creates and drops; the database named in
   the URL is left alone (registry.py and contest.py write into that one).
   SQLite otherwise, in var/bench/ (a DATABASE_URL naming SQLite is ignored likewise).
2. Starts gunicorn on 127.0.0.1 on a free port (BENCH_WORKERS, default 2) with
   tests/bench/load/settings.py, and waits until it answers.
3. Reads every GET page alone, one request at a time, as one judge, one officer and
   one staff user (BENCH_ALONE_REPEAT times, default 5; median): what each page costs
   on this stack when nothing waits in front of it.
   Then drives the budget pages of issue 3 and the floors one at a time with wrk, when
   it is installed, for requests per second (BENCH_WRK_SECONDS, default 8).
4. Runs locust headless (BENCH_USERS, default 20; BENCH_LOAD_SECONDS, default 60;
   BENCH_WAIT, a user's mean pause in seconds, default 1) with the mix of locustfile.py.
5. Stops gunicorn (always), and prints per page: under load, requests per second, p50
   and p95 in milliseconds and p50 as a multiple of the two floor views' p50 in the same
   run, and failed/all requests; alone, the median and its multiples of the floors'.
   When the server is saturated (queueing behind slow pages) the loaded latencies of
   every page, floors included, are mostly waiting: read the "alone" columns then.

Other knobs: BENCH_FRESH=1 seeds again; BENCH_KEEP=0 drops the PostgreSQL database
(or deletes the SQLite file) at the end. Figures, not verdicts: nothing is asserted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE.parent))

from benchdb import Database, seed_version  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_USERS", "20"))
SPAWN_RATE = float(os.environ.get("BENCH_SPAWN_RATE", str(max(1, USERS // 2))))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
FRESH = os.environ.get("BENCH_FRESH", "") == "1"
KEEP = os.environ.get("BENCH_KEEP", "1") != "0"
ALONE_REPEAT = int(os.environ.get("BENCH_ALONE_REPEAT", "5"))

TEXT_FLOOR = "floor: short text"
ROWS_FLOOR = "floor: plain 50 rows, 1 query"
LAYOUT_FLOOR = "floor: the same 50 rows in the portal's layout, signed in"
EVERYDAY_FLOOR = "floor: plain 50-row page, everyday (model objects, whole document)"
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "8"))


# --- seeding and the plan -------------------------------------------------------------


def prepare(db: Database) -> dict:
    """Seed (or reuse) the database and return the plan the locustfile reads."""
    marker = db.seeded_plan()
    if marker is None:
        db.create()
    os.environ["DATABASE_URL"] = db.url
    sys.path.insert(0, str(ROOT))
    import seed  # sets Django up (tests/bench/harness.py) on the benchmark's database
    from harness import migrate

    started = time.perf_counter()
    migrate()
    if marker is None:
        print(f"seeding at scale {SCALE:g} (migrations {time.perf_counter() - started:.0f} s)…")
        users = seed.seed(SCALE)
        db.mark()
    else:
        removed = seed.drafts_remove()
        print(f"reusing the database seeded at scale {SCALE:g} ({removed} rows of earlier drafts removed)")
        users = seed.plan_users()
    plan = {**users, "draft_title": seed.DRAFT_TITLE, "urls": urls(users)}
    plan["staff_pages"] = staff_pages(users)
    from django.db import connections

    connections.close_all()
    return plan


def urls(users: dict) -> dict:
    from django.urls import reverse

    return {
        "judge-home": reverse("competitions:judge-home"),
        "judge-round": reverse("competitions:judge-round", kwargs={"round_pk": users["round_pk"]}),
        "entrepreneur-list": reverse("ventures:entrepreneur-list"),
        "contest-list": reverse("competitions:contest-list"),
        "contest-detail": reverse("competitions:contest-detail", kwargs={"pk": users["contest_pk"]}),
        "entry-create": reverse("competitions:entry-create", kwargs={"contest_pk": users["contest_pk"]}),
    }


# The staff's pages: (label, URL name, kwargs). Those of apps not built yet are left out.
STAFF_PAGES = [
    ("staff: home", "home", {}),
    ("staff: round ranking", "competitions:round-detail", {"pk": "round_pk"}),
    ("staff: contest screening list", "competitions:screening-list", {"contest_pk": "contest_pk"}),
    ("staff: contest page", "competitions:contest-detail", {"pk": "contest_pk"}),
    ("staff: registry, entrepreneurs", "ventures:entrepreneur-list", {}),
    ("staff: registry, ventures", "ventures:venture-list", {}),
    ("staff: units", "accounts:unit-list", {}),
    ("staff: loans dashboard", "loans:dashboard", {}),
    ("staff: loan referrals", "loans:referral-list", {}),
    ("staff: unit reports", "reports:periodic-list", {}),
    ("staff: reports review queue", "reports:periodic-review", {}),
]


def staff_pages(users: dict) -> list[list[str]]:
    """The staff pages that answer 200 to a staff user (checked once with Django's client)."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=users["staff"][0]))
    pages = []
    for label, name, kwargs in STAFF_PAGES:
        try:
            url = reverse(name, kwargs={key: users[value] for key, value in kwargs.items()})
        except NoReverseMatch:
            print(f"  {label}: left out (no URL named {name})")
            continue
        try:
            status = client.get(url).status_code
        except Exception as error:  # noqa: BLE001  (an app under construction must not stop the run)
            print(f"  {label}: left out ({url} raised {type(error).__name__}: {error})")
            continue
        if status != 200:
            print(f"  {label}: left out ({url} answered {status})")
            continue
        pages.append([label, url])
    return pages


# --- the server and the load ----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable(name: str) -> str:
    candidate = BIN / name
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def start_server(db: Database, port: int, logs: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "DJANGO_SETTINGS_MODULE": "tests.bench.load.settings",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        executable("gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--timeout=120",
        "--graceful-timeout=5",
        f"--error-logfile={logs / 'gunicorn.log'}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/text/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer in time")


def warm_up(port: int) -> None:
    """One request per worker process or so, so the first measured ones pay no import."""
    for _ in range(WORKERS * 3):
        for path in ("/bench/text/", "/bench/plain/", "/accounts/login/"):
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()  # noqa: S310


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run_load(port: int, plan_path: Path, logs: Path) -> dict:
    samples = logs / "samples.json"
    env = {**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_SAMPLES": str(samples)}
    command = [
        executable("locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        f"--host=http://127.0.0.1:{port}",
        f"--users={USERS}",
        f"--spawn-rate={SPAWN_RATE:g}",
        f"--run-time={SECONDS}s",
        "--stop-timeout=5",
        f"--csv={logs / 'locust'}",
        "--only-summary",
        "--loglevel=WARNING",
        f"--logfile={logs / 'locust.log'}",
    ]
    with open(logs / "locust.out", "w", encoding="utf-8") as out:
        subprocess.run(command, cwd=HERE, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=SECONDS + 120)  # noqa: S603
    if not samples.exists():
        raise RuntimeError(f"locust wrote no samples; see {logs / 'locust.out'}")
    return json.loads(samples.read_text(encoding="utf-8"))


# --- one request at a time -------------------------------------------------------------


def signed_in(base: str, plan: dict, username: str | None):
    """A `requests` session signed in as `username` (anonymous when None)."""
    import requests  # locust's dependency

    client = requests.Session()
    if username:
        page = client.get(f"{base}/accounts/login/", timeout=120)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        client.post(
            f"{base}/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": plan["password"],
            },
            timeout=120,
        )
    return client


def alone(port: int, plan: dict) -> dict[str, list[float]]:
    """Every page read by one signed-in user, one request at a time, before the load:
    what a page costs on this stack without waiting behind others (GETs only)."""
    base = f"http://127.0.0.1:{port}"
    u = plan["urls"]

    def session(username: str | None):
        return signed_in(base, plan, username)

    judge = session(plan["judges"][0])
    pending = re.findall(
        r"/contests/judging/assignments/\d+/", judge.get(base + u["judge-round"] + "?only=pending").text
    )
    by_user = [
        (session(None), [(TEXT_FLOOR, "/bench/text/"), (ROWS_FLOOR, "/bench/plain/")]),
        (
            judge,
            [
                ("judge: my rounds", u["judge-home"]),
                ("judge: round, pending scorecards", u["judge-round"] + "?only=pending"),
                *([("judge: scorecard page", pending[0])] if pending else []),
            ],
        ),
        (
            session(plan["officers"][-1]),
            [
                ("officer: home", "/"),
                ("officer: entrepreneurs, filtered", u["entrepreneur-list"] + "?gender=female"),
                ("officer: contest page with the unit's entries", u["contest-detail"]),
                ("officer: contest list", u["contest-list"]),
                ("officer: new entry form", u["entry-create"]),
            ],
        ),
        (session(plan["staff"][0]), [tuple(page) for page in plan["staff_pages"]]),
    ]
    timings: dict[str, list[float]] = {}
    for client, pages in by_user:
        for label, url in pages:
            first = client.get(base + url, timeout=300)  # the first read of a page fills caches
            if first.status_code != 200 or first.history:
                print(f"  {label}: left out of the one-at-a-time pass ({url} answered {first.status_code})")
                continue
            for _ in range(ALONE_REPEAT):
                started = time.perf_counter()
                client.get(base + url, timeout=300)
                timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
    return timings


def throughput(port: int, plan: dict) -> list[tuple[str, float | None]]:
    """Requests per second of the issue's budget pages and the floors, each driven alone
    by wrk (4 connections, BENCH_WRK_SECONDS each): the measure of the issue's reference
    figures (a minimal view ~3,500/s, a plain 50-row page 300–380/s with 2 workers).
    Nothing when wrk is not installed (apt-get install wrk)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("throughput: wrk is not installed (apt-get install wrk); skipped")
        return []
    base = f"http://127.0.0.1:{port}"
    u = plan["urls"]
    judge = signed_in(base, plan, plan["judges"][0])
    officer = signed_in(base, plan, plan["officers"][-1])
    pending = re.findall(
        r"/contests/judging/assignments/\d+/", judge.get(base + u["judge-round"] + "?only=pending").text
    )
    pages = [
        (TEXT_FLOOR, None, "/bench/text/"),
        (ROWS_FLOOR, None, "/bench/plain/"),
        (EVERYDAY_FLOOR, None, "/bench/everyday/"),
        (LAYOUT_FLOOR, judge, "/bench/layout/"),
        ("judge: round, pending scorecards", judge, u["judge-round"] + "?only=pending"),
        *([("judge: scorecard page", judge, pending[0])] if pending else []),
        ("officer: contest page with the unit's entries", officer, u["contest-detail"]),
    ]
    results = []
    for label, client, url in pages:
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items()) if client else ""
        if client:
            client.get(base + url, timeout=300)  # fills this user's page frame in one worker
        command = [
            wrk,
            "-t1",
            "-c4",
            f"-d{WRK_SECONDS}s",
            *(["-H", f"Cookie: {cookie}"] if cookie else []),
            base + url,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603
        found = re.search(r"Requests/sec:\s+([\d.]+)", output)
        failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if failed:
            print(f"  {label}: {failed.group(1)} answers were not 200; left out")
        results.append((label, float(found.group(1)) if found and not failed else None))
    return results


def throughput_table(results: list[tuple[str, float | None]]) -> str:
    rates = dict(results)
    plain, everyday = rates.get(ROWS_FLOOR), rates.get(EVERYDAY_FLOOR)
    lines = [
        f"wrk, 4 connections, {WRK_SECONDS} s per page, {WORKERS} gunicorn workers (cost = floor's req/s ÷ page's):",
        "",
        "| page | req/s | cost × minimal plain page | cost × everyday plain page |",
        "|---|---:|---:|---:|",
    ]
    for label, rate in results:
        if rate is None:
            lines.append(f"| {label} | – | – | – |")
            continue
        cost = f"{plain / rate:.1f}×" if plain else "–"
        cost_everyday = f"{everyday / rate:.1f}×" if everyday else "–"
        lines.append(f"| {label} | {rate:.0f} | {cost} | {cost_everyday} |")
    return "\n".join(lines)


# --- the table ------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]


def table(result: dict, single: dict[str, list[float]]) -> str:
    seconds = result["seconds"]
    rows = {}
    for name, values in result["samples"].items():
        if values:
            rows[name] = (len(values) / seconds, percentile(values, 0.5), percentile(values, 0.95), len(values))
    text_p50 = rows.get(TEXT_FLOOR, (0, 0, 0, 0))[1]
    rows_p50 = rows.get(ROWS_FLOOR, (0, 0, 0, 0))[1]
    alone_p50 = {name: statistics.median(values) for name, values in single.items()}
    alone_text, alone_rows = alone_p50.get(TEXT_FLOOR, 0), alone_p50.get(ROWS_FLOOR, 0)

    def ratio(p50: float, floor: float) -> str:
        if not (floor and p50):
            return "–"
        return f"{p50 / floor:.1f}×" if p50 >= floor else f"{p50 / floor:.2f}×"

    lines = [
        "| page | req/s | p50 ms | p95 ms | × text floor | × 50-row floor | failed | alone ms | alone × text "
        "| alone × 50-row |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def order(name: str) -> tuple:
        return (0 if name.startswith("floor") else 2 if name.startswith("sign-in") else 1, name)

    for name in sorted(set(rows) | set(result["failures"]) | set(alone_p50), key=order):
        rps, p50, p95, count = rows.get(name, (0, 0, 0, 0))
        failed = result["failures"].get(name, 0)
        single = alone_p50.get(name, 0)
        loaded = f"{rps:.1f} | {p50:.0f} | {p95:.0f}" if count else "– | – | –"
        lines.append(
            f"| {name} | {loaded} | {ratio(p50, text_p50)} | {ratio(p50, rows_p50)} | {failed}/{count + failed} "
            f"| {f'{single:.1f}' if single else '–'} | {ratio(single, alone_text)} | {ratio(single, alone_rows)} |"
        )
    return "\n".join(lines)


def main() -> None:
    db = Database(
        scale=SCALE,
        name=os.environ.get("BENCH_DB_NAME", "portal_bench_load"),
        prefix="load",
        version=seed_version(HERE / "seed.py"),
        fresh=FRESH,
    )
    print(f"database: {db.vendor} ({db.name})")
    plan = prepare(db)
    logs = Path(tempfile.mkdtemp(prefix="portal-load-"))
    plan_path = logs / "plan.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    port = free_port()
    server = start_server(db, port, logs)
    try:
        wait_ready(port, server)
        warm_up(port)
        print(
            f"load: {USERS} users (judges, unit officers, staff, floors 3:3:2:1), {SECONDS} s, "
            f"gunicorn {WORKERS} workers on 127.0.0.1:{port}; logs in {logs}"
        )
        print(f"one request at a time: every page {ALONE_REPEAT} times…")
        single = alone(port, plan)
        rates = throughput(port, plan)
        load_before = os.getloadavg()[0]
        result = run_load(port, plan_path, logs)
    finally:
        stop_server(server)
        if not KEEP:
            db.drop()
    load_after = os.getloadavg()[0]
    total = sum(len(v) for v in result["samples"].values())
    print(
        f"\n{total} requests in {result['seconds']:.0f} s after spawning ({total / result['seconds']:.1f} req/s); "
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before the load, {load_after:.1f} after "
        "(other processes share the cores: read the ratios, not the milliseconds)\n"
    )
    print(table(result, single))
    if rates:
        print()
        print(throughput_table(rates))


if __name__ == "__main__":
    main()
