"""National benchmark: the whole Union in one deployment (make bench-national).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make bench-national
    BENCH_SCALE=0.02 DATABASE_URL=postgres://… .venv/bin/python tests/bench/national/run.py
    BENCH_SCALE=0.002 .venv/bin/python tests/bench/national/run.py      (SQLite, small scales only)

1. Seeds (seed.py) the national unit, the 34 provinces with their 3,321 communes and
   wards, 1,700 affiliated unions, 34,000 branches, 500,000 young people and ventures, 34
   contests of 1,000 entries × 5 scorecards and a national round, 300,000 loan referrals
   and a year of monthly unit reports at BENCH_SCALE=1 (default), and the same at a tenth
   of that scale (BENCH_SMALL_SCALE), each in its own database (PostgreSQL: the server of
   DATABASE_URL, databases BENCH_DB_NAME (portal_bench_national) and its `_small` twin;
   SQLite: var/bench/), reused next time while their marker matches (BENCH_FRESH=1 seeds
   again, BENCH_KEEP=0 drops them at the end).
2. In a process per database (pages.py), reads every page the roles of one province
   (staff, officer, judge) and the national staff open, one request at a time in turns
   with the everyday plain 50-row page, and counts their queries.
3. At BENCH_SCALE, times the roll-ups (rollups.py) against their budgets.
4. Prints per page the median, its ratio to the floor and the query counts at both
   scales (constant in rows when they agree), the roll-ups, and last:
   `national: worst page N.N× the everyday floor (<page>)`. Figures, not verdicts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchdb import ROOT, Database, seed_version  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SMALL_SCALE = float(os.environ.get("BENCH_SMALL_SCALE", f"{SCALE / 10:g}"))
FRESH = os.environ.get("BENCH_FRESH", "") == "1"
KEEP = os.environ.get("BENCH_KEEP", "1") != "0"
DB_NAME = os.environ.get("BENCH_DB_NAME", "portal_bench_national")
SQLITE_MAX_SCALE = 0.05
FLOOR = "floor: plain 50-row page, everyday"
BUDGET = 10.0


def database(scale: float, name: str) -> Database:
    return Database(scale=scale, name=name, prefix="national", version=seed_version(HERE / "seed.py"), fresh=FRESH)


def one_pass(db: Database, *, rollups: bool) -> dict:
    """Seed (or reuse) `db` and measure it in a process of its own; returns its figures."""
    seeded = db.seeded_plan() is not None
    if not seeded:
        db.create()
    out = Path(tempfile.mkstemp(prefix="portal-national-", suffix=".json")[1])
    env = {**os.environ, "DATABASE_URL": db.url, "BENCH_SCALE": f"{db.scale:g}", "BENCH_NATIONAL_OUT": str(out)}
    command = [sys.executable, str(HERE / "pages.py"), *([] if seeded else ["--seed"])]
    command += ["--rollups"] if rollups else []
    print(f"{'reusing' if seeded else 'seeding'} {db.vendor} {db.name} at scale {db.scale:g}…", flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    if not seeded:
        db.mark()
        print(f"  seeded in {result['seed_seconds']:.0f} s: {result['sizes']}")
    print(f"  measured in {time.perf_counter() - started - result.get('seed_seconds', 0):.0f} s", flush=True)
    return result


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}×" if floor else "–"


def pages_table(big: dict, small: dict) -> tuple[str, tuple[float, str]]:
    floor = big["medians"].get(FLOOR, 0.0)
    lines = [
        f"Pages of {big['province']} and of the national staff, read alone (median of "
        f"{os.environ.get('BENCH_ROUNDS', '7')} reads in turns); budget ≤ {BUDGET:g}× the floor, queries constant:",
        "",
        f"| page | ms | × floor | queries (scale {big['scale']:g}) | queries (scale {small['scale']:g}) |",
        "|---|---:|---:|---:|---:|",
    ]
    worst = (0.0, "")
    for label, median in big["medians"].items():
        queries, fewer = big["queries"].get(label), small["queries"].get(label, "–")
        mark = "" if queries == fewer else " ≠"
        lines.append(f"| {label} | {median:.1f} | {ratio(median, floor)} | {queries} | {fewer}{mark} |")
        if label != FLOOR and floor and median / floor > worst[0]:
            worst = (median / floor, label)
    for label, error in big["failed"].items():
        lines.append(f"| {label} | failed: {error} | – | – | – |")
    return "\n".join(lines), worst


def rollups_text(figures: dict) -> str:
    board, run, report = figures["dashboard"], figures["reminders"], figures["consolidated"]
    expected = run["units"] * run["deadlines"]
    return "\n".join(
        [
            "Roll-ups (measure / budget):",
            f"  {board['label']}: {board['ms']:.0f} ms / {board['budget_ms']} ms",
            f"  daily reminder run, {run['units']} units × {run['deadlines']} deadlines on {run['day']}: "
            f"{run['first_s']:.1f} s / 60 s; sent {run['sent']} (units × deadlines = {expected}), "
            f"logged {run['logged']}, duplicates {run['duplicates']}; run again: {run['sent_again']} sent "
            f"in {run['again_s']:.1f} s",
            f"  national consolidated report of the year, Excel + PDF: {report['seconds']:.1f} s / 60 s, "
            f"peak {report['peak_mib']:.0f} MiB / 300 MB (Excel {report['xlsx_bytes'] / 1024:.0f} KiB, "
            f"PDF {report['pdf_bytes'] / 1024:.0f} KiB)",
        ]
    )


def main() -> None:
    big_db, small_db = database(SCALE, DB_NAME), database(SMALL_SCALE, f"{DB_NAME}_small")
    if big_db.vendor == "sqlite" and SCALE > SQLITE_MAX_SCALE:
        sys.exit(
            f"BENCH_SCALE={SCALE:g} needs PostgreSQL: set DATABASE_URL=postgres://… "
            f"(SQLite is for BENCH_SCALE ≤ {SQLITE_MAX_SCALE:g}, a quick look)"
        )
    print(
        f"national benchmark: scale {SCALE:g} (queries also at {SMALL_SCALE:g}); machine: {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    try:
        small = one_pass(small_db, rollups=False)
        big = one_pass(big_db, rollups=True)
    finally:
        if not KEEP:
            small_db.drop()
            big_db.drop()
    table, (worst, page) = pages_table(big, small)
    print()
    print(table)
    print()
    print(rollups_text(big["rollups"]))
    print()
    print(f"national: worst page {worst:.1f}× the everyday floor ({page})")


if __name__ == "__main__":
    main()
