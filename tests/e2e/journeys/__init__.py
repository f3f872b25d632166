"""Helpers for the per-role journeys in a real browser (`tests/e2e/test_role_journeys.py`).

A `Journey` wraps one browser page of one role on one viewport. After each step it
saves a screenshot under `var/e2e-screenshots/<role>/<viewport>/<nn>-<step>.png`,
and it watches for what a user would hit as broken:

- every response the page receives from the live server (documents, htmx partials,
  scripts, styles, images) with a status of 400 or more;
- every same-origin link shown on each page reached, requested once per test with
  the page's own session: a 4xx/5xx, or a bounce to the login page, is a broken link
  (a link the page shows to this user must open for this user).

Problems are collected in `problems` and the test fails when both viewports are done,
with the whole list, so one run reports every broken link instead of the first one only.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from playwright.sync_api import Browser, Page, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.clock import browser_follows_server_clock

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e-screenshots"

VIEWPORTS = {
    "desktop": {"width": 1366, "height": 900},
    "phone": {"width": 390, "height": 844},
}

# Links not followed by the link check. PDFs are rendered by WeasyPrint (about a second
# each): the journeys open the ones that matter themselves; the Excel exports, CSV
# templates and every page link are checked.
SKIPPED_LINK = re.compile(
    r"""^/(
        accounts/logout/
      | i18n/
      | static/
    )
    | \.pdf$
    | /pdf/$
    """,
    re.VERBOSE,
)


DROPDOWN_TOGGLE = "xpath=ancestor::li[contains(@class, 'dropdown')]/a[contains(@class, 'dropdown-toggle')]"

# The portal's name in the header links to "/": for a visitor who is not signed in, the
# home page is the sign-in form, by design.
LOGIN_IS_HOME = {"/", "/accounts/login/"}


def demo_password() -> str:
    from common.demo import DEFAULT_PASSWORD

    return DEFAULT_PASSWORD


@dataclass
class LinkChecker:
    """Links already requested in this test (both viewports share it: same user, same links)."""

    checked: dict[str, int] = field(default_factory=dict)


@dataclass
class Journey:
    page: Page
    base_url: str
    role: str
    viewport: str
    links: LinkChecker
    problems: list[str] = field(default_factory=list)
    steps: int = 0

    def __post_init__(self) -> None:
        self.folder = SCREENSHOTS / self.role / self.viewport
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.on("response", self._on_response)

    # --- watching -------------------------------------------------------------------

    def _on_response(self, response: Response) -> None:
        if not response.url.startswith(self.base_url):
            return
        if response.status >= 400:
            frame = response.frame
            where = frame.url if frame else "?"
            self.problems.append(
                f"[{self.role}/{self.viewport}] {response.status} for {self._path(response.url)} "
                f"({response.request.method} {response.request.resource_type}, page {self._path(where)})"
            )

    def _path(self, url: str) -> str:
        return url[len(self.base_url) :] if url.startswith(self.base_url) else url

    def is_phone(self) -> bool:
        return self.viewport == "phone"

    # --- navigation -----------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None

    def login(self, username: str) -> None:
        self.goto("/accounts/login/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(demo_password())
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_url(self.url("/"))

    def menu(self, item: str) -> None:
        """Open a page from the top menu as this viewport shows it: collapsed behind the
        menu button on a phone, programmes grouped in the "Chương trình" dropdown."""
        nav = self.page.locator("#main-nav")
        exact = re.compile(rf"^\s*{re.escape(item)}\s*$")
        link = nav.locator("a.nav-link, a.dropdown-item").filter(has_text=exact).first
        href = link.get_attribute("href")
        # A click made while the collapsed menu is still sliding open can land beside the
        # link (seen on the phone under a slow, coverage-traced run): the page must change
        # to the link's address, and the menu is opened and clicked once more if it did not.
        for attempt in (1, 2):
            if not nav.is_visible():
                self.page.get_by_role("button", name="Mở menu").click()
                expect(nav).to_be_visible()
            if not link.is_visible():  # inside a closed dropdown ("Thanh niên", "Chương trình")
                link.locator(
                    "xpath=ancestor::li[contains(@class, 'dropdown')]/*[contains(@class, 'dropdown-toggle')]"
                ).click()
            link.click()
            try:
                self.page.wait_for_url(lambda url: url.split("?")[0].endswith(href), timeout=10_000)
                break
            except PlaywrightTimeoutError:
                if attempt == 2:
                    raise
        self.page.wait_for_load_state()

    def main(self):
        return self.page.locator("main")

    # --- steps ----------------------------------------------------------------------

    def step(self, name: str, *texts: str) -> None:
        """End of a step: the page shows these Vietnamese texts; screenshot; check its links."""
        self.page.wait_for_load_state()
        for text in texts:
            expect(self.page.get_by_text(text).filter(visible=True).first).to_be_visible()
        expect(self.page.locator("html")).to_have_attribute("lang", "vi")
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.page.screenshot(path=str(self.folder / f"{self.steps:02d}-{slug}.png"), full_page=True)
        self.check_links()

    def check_links(self) -> None:
        source = self._path(self.page.url)
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in dict.fromkeys(hrefs):
            url, _fragment = urldefrag(href)
            if not url.startswith(self.base_url + "/"):
                continue  # another site, mailto:, tel:, javascript:
            path = self._path(url)
            split = urlsplit(path)
            if SKIPPED_LINK.search(split.path) or path in self.links.checked:
                continue
            if href.endswith("#") and url == self.page.url:
                continue
            response = self.page.request.get(url)
            self.links.checked[path] = response.status
            landed = self._path(response.url)
            if response.status >= 400:
                self.problems.append(
                    f"[{self.role}/{self.viewport}] broken link {path} → {response.status} (shown on {source})"
                )
            elif landed.startswith("/accounts/login/") and split.path not in LOGIN_IS_HOME:
                self.problems.append(
                    f"[{self.role}/{self.viewport}] link {path} sends the user to the login page (shown on {source})"
                )

    def download(self, path: str, content_type: str) -> bytes:
        """A file the journey opens itself (an export, a PDF): it answers 200 with that type."""
        response = self.page.request.get(self.url(path))
        assert response.status == 200, f"{path} answered {response.status}"
        assert response.headers.get("content-type", "").startswith(content_type), response.headers
        return response.body()


def open_journey(browser: Browser, context_args: dict, *, base_url: str, role: str, viewport: str, links: LinkChecker):
    context = browser.new_context(**{**context_args, "viewport": VIEWPORTS[viewport]})
    browser_follows_server_clock(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())
    return context, Journey(page=page, base_url=base_url, role=role, viewport=viewport, links=links)
