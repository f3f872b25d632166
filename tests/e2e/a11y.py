"""axe-core in the browser journeys: WCAG 2.1 A and AA checks of the page a test has open.

axe-core is vendored from the npm registry (never a CDN: tests run offline) in
`tests/e2e/vendor/axe-core/` with its licence (MPL-2.0); its version is the first line of
`axe.min.js` and is written in that folder's VERSION file. The page's context must be
created with `bypass_csp=True`: the portal's Content-Security-Policy refuses the inline
script that carries axe into the page (`a11y_context_args`).

    violations = axe_violations(page)          # serious and critical only
    assert not violations, report(violations)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# WCAG 2.0 and 2.1, levels A and AA (what issue 21 asks for); best practices are not failed.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")

RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      summary: (n.failureSummary || "").split("\\n").slice(0, 2).join(" "),
      html: n.html.slice(0, 160),
    })),
  }));
}"""


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def a11y_context_args(context_args: dict) -> dict:
    """A browser context's arguments that let axe be injected under the portal's CSP."""
    return {**context_args, "bypass_csp": True}


def axe_violations(page: Page, *, impacts: tuple[str, ...] = FAILING) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe finds on the page as it is now, of these impacts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    return [v for v in page.evaluate(RUN, TAGS) if v["impact"] in impacts]


def report(violations: list[dict], *, where: str = "") -> str:
    """One line per rule and one per node it failed on, for a test's failure message."""
    lines = []
    for v in violations:
        lines.append(f"{where} {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes)".strip())
        lines += [f"    {n['target']}  {n['summary']}  {n['html']}" for n in v["nodes"][:8]]
        if len(v["nodes"]) > 8:
            lines.append(f"    … {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page: Page, *, where: str = "") -> None:
    """Fail listing every serious or critical WCAG 2.1 A/AA violation on the page."""
    violations = axe_violations(page)
    assert not violations, "axe-core found serious or critical violations:\n" + report(violations, where=where)
