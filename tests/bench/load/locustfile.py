"""The load: judges scoring, unit officers browsing and sending drafts, staff on their
dashboards, and the two floor views, all against one server on 127.0.0.1.

Run by `run.py`, which seeds the database, starts gunicorn and writes the plan this file
reads (BENCH_PLAN: users, password, ids and the URLs that answered). Every user signs in
through the real login form and posts the real forms with their CSRF token.

Besides locust's CSV, every response time is kept exactly (locust rounds its
percentiles) and written to BENCH_SAMPLES when the run stops; samples taken while
users are still being spawned are dropped.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8")) if os.environ.get("BENCH_PLAN") else {}
WAIT = float(os.environ.get("BENCH_WAIT", "1.0"))

# --- exact samples --------------------------------------------------------------------

SAMPLES: dict[str, list[float]] = defaultdict(list)
FAILURES: dict[str, int] = defaultdict(int)
WINDOW = {"start": time.monotonic()}


@events.request.add_listener
def _sample(request_type, name, response_time, response_length, exception=None, **kwargs):
    if exception is not None:
        FAILURES[name] += 1
    else:
        SAMPLES[name].append(response_time)


@events.spawning_complete.add_listener
def _spawned(user_count, **kwargs):
    SAMPLES.clear()
    FAILURES.clear()
    WINDOW["start"] = time.monotonic()


@events.test_stop.add_listener
def _write(environment, **kwargs):
    target = os.environ.get("BENCH_SAMPLES")
    if not target:
        return
    payload = {
        "seconds": time.monotonic() - WINDOW["start"],
        "samples": SAMPLES,
        "failures": FAILURES,
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(payload, out)


# --- forms ----------------------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: action, fields in order (name, value) and each select's options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    @property
    def _form(self) -> dict:
        if not self.forms:
            self.forms.append({"action": "", "fields": [], "options": {}})
        return self.forms[-1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": [], "options": {}})
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["options"][self._select] = []
            self._form["fields"].append((self._select, ""))
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._form["options"][self._select].append(value)
            if "selected" in a:
                self._set(self._select, value)
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea, "".join(self._text).strip()))
            self._textarea = None

    def _set(self, name: str, value: str) -> None:
        fields = self._form["fields"]
        for n, (key, _old) in enumerate(fields):
            if key == name:
                fields[n] = (name, value)

    def having(self, field: str) -> dict | None:
        return next((f for f in self.forms if any(name == field for name, _v in f["fields"])), None)


def form_having(html: str, field: str) -> dict | None:
    parser = Forms()
    parser.feed(html)
    return parser.having(field)


# --- users ----------------------------------------------------------------------------


class Portal(HttpUser):
    abstract = True
    wait_time = between(WAIT * 0.5, WAIT * 1.5)
    accounts: list[str] = []
    _counters: dict[str, itertools.count] = {}

    def on_start(self):
        if not self.accounts:
            return
        counter = Portal._counters.setdefault(type(self).__name__, itertools.count())
        self.username = self.accounts[next(counter) % len(self.accounts)]
        page = self.client.get("/accounts/login/", name="sign-in form")
        form = form_having(page.text, "csrfmiddlewaretoken")
        data = {"csrfmiddlewaretoken": dict(form["fields"])["csrfmiddlewaretoken"] if form else ""}
        data.update(username=self.username, password=PLAN["password"], next="")
        with self.client.post(
            "/accounts/login/", data=data, name="sign-in (POST)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.username} answered {response.status_code}")

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def post_form(self, url: str, data, name: str, *, expect=(302,)):
        with self.client.post(url, data=data, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code}")
            return response


class Judge(Portal):
    """Opens their round's list of pending scorecards, then scores one and saves it as a draft."""

    weight = 3
    accounts = PLAN.get("judges", [])

    def on_start(self):
        super().on_start()
        self.pending: list[str] = []

    @task(1)
    def home(self):
        self.page(PLAN["urls"]["judge-home"], "judge: my rounds")

    @task(2)
    def round_list(self):
        response = self.page(PLAN["urls"]["judge-round"] + "?only=pending", "judge: round, pending scorecards")
        self.pending = sorted(set(re.findall(r"/contests/judging/assignments/\d+/", response.text or "")))

    @task(4)
    def score(self):
        if not self.pending:
            self.round_list()
        if not self.pending:
            return
        url = random.choice(self.pending)
        response = self.page(url, "judge: scorecard page")
        form = form_having(response.text or "", "version")
        if form is None:
            return
        data = []
        for name, value in form["fields"]:
            if name.startswith("points_"):
                value = str(random.randint(5, 20))
            elif name.startswith("comment_"):
                value = "Ý tưởng khả thi, cần làm rõ thị trường."
            data.append((name, value))
        data.append(("action", "save"))
        self.post_form(url, data, "judge: save scorecard (POST)")


class Officer(Portal):
    """A unit officer: home, the registry filtered, the contest, and a new draft entry now and then."""

    weight = 3
    accounts = PLAN.get("officers", [])

    @task(2)
    def home(self):
        self.page("/", "officer: home")

    @task(3)
    def registry(self):
        query = random.choice(["?gender=female", "?q=L%C3%B2+V%C4%83n+1", "?gender=male&q=V%C4%83n", ""])
        self.page(PLAN["urls"]["entrepreneur-list"] + query, "officer: entrepreneurs, filtered")

    @task(2)
    def contest(self):
        self.page(PLAN["urls"]["contest-detail"], "officer: contest page with the unit's entries")

    @task(1)
    def contests(self):
        self.page(PLAN["urls"]["contest-list"], "officer: contest list")

    @task(1)
    def new_entry(self):
        url = PLAN["urls"]["entry-create"]
        response = self.page(url, "officer: new entry form")
        form = form_having(response.text or "", "title")
        if form is None:
            return
        options = form["options"]
        people = [v for v in options.get("team-0-entrepreneur", []) if v]
        if not people:
            return
        filled = {
            "title": f"{PLAN['draft_title']} {random.randint(1, 10**9)}",
            "category": next((v for v in options.get("category", []) if v), ""),
            "summary": "Trồng rau an toàn theo chuỗi, bán cho bếp ăn trường học.",
            "problem": "Thiếu rau sạch ổn định.",
            "solution": "Nhà lưới, truy xuất nguồn gốc.",
            "market": "Trường học, bếp ăn tập thể.",
            "business_model": "Hợp đồng bao tiêu theo mùa.",
            "team-0-entrepreneur": random.choice(people),
            "team-0-is_lead": "on",
        }
        data = []
        for name, value in form["fields"]:
            if name in filled:
                value = filled.pop(name)
            elif name == "unit" and not value:
                value = next((v for v in options.get("unit", []) if v), "")
            data.append((name, value))
        data.extend(filled.items())
        self.post_form(url, data, "officer: save draft entry (POST)")


class Staff(Portal):
    """Provincial staff: home, the round's ranking, screening, the registry, and the dashboards that exist."""

    weight = 2
    accounts = PLAN.get("staff", [])

    @task
    def dashboards(self):
        label, url = random.choice(PLAN["staff_pages"])
        self.page(url, label)


class Floor(HttpUser):
    """The two floor views, on the same server under the same load; no sign-in."""

    weight = 1
    wait_time = between(WAIT * 0.5, WAIT * 1.5)

    @task
    def text(self):
        self.client.get("/bench/text/", name="floor: short text")

    @task
    def rows(self):
        self.client.get("/bench/plain/", name="floor: plain 50 rows, 1 query")
