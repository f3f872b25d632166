"""The suite under a moved clock (Debian's `faketime`, as `.ci/run` uses it).

`.ci/run` runs the whole suite a second and third time with
`FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@2027-06-20 10:00:00" …`, to prove that no test
reads the real date. Two things of libfaketime 0.9.10 (Debian 12) need help, and only then:

- With the monotonic clock left real, `time.sleep` fails with "[Errno 22] Invalid argument"
  (it sleeps with an absolute `clock_nanosleep`, which the library converts wrongly), and so
  does `subprocess.run(..., timeout=…)`, which sleeps between polls. `sleep_without_nanosleep`
  waits on `select()` instead, with the same contract.
- Chromium (and Playwright's driver) run 15 to 40 times slower with the library preloaded.
  The browser is started without it (`environment_without_faketime`), and each browser context
  is given the moved date for its page scripts (`browser_follows_server_clock`).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import select
import time

FAKETIME_LIBRARY = "libfaketime"


def under_faketime() -> bool:
    return FAKETIME_LIBRARY in os.environ.get("LD_PRELOAD", "")


def sleep_without_nanosleep(seconds: float) -> None:
    """`time.sleep` through `select()` (a relative timeout, retried on signals by Python)."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


def mend_sleep() -> None:
    """Replace `time.sleep` in this process when libfaketime is preloaded; else do nothing."""
    if under_faketime() and time.sleep is not sleep_without_nanosleep:
        time.sleep = sleep_without_nanosleep


@contextlib.contextmanager
def environment_without_faketime():
    """Start child processes (the browser) on the real clock; the test process keeps its own."""
    saved = {name: os.environ[name] for name in ("LD_PRELOAD", "FAKETIME") if name in os.environ}
    kept = [lib for lib in saved.get("LD_PRELOAD", "").split() if FAKETIME_LIBRARY not in lib]
    if kept:
        os.environ["LD_PRELOAD"] = " ".join(kept)
    else:
        os.environ.pop("LD_PRELOAD", None)
    try:
        yield
    finally:
        os.environ.update(saved)


def browser_follows_server_clock(context) -> None:
    """Page scripts of a browser started on the real clock see the moved date (time then flows)."""
    if under_faketime():
        context.clock.set_system_time(datetime.datetime.now(datetime.UTC))
