"""The apps' import graph, read from the source (ast), so a cycle cannot creep back in
through an import inside a function."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Programme apps see each other only through `ventures` (the registry of young
# entrepreneurs and ventures) and the extension points of `common.registry`.
PROGRAMME_APPS = ("awards", "competitions", "events", "jobs", "loans", "ocop", "programmes", "ventures")
SHARED_PROGRAMME_APP = "ventures"
# A programme that needs another's data reads it through that app's selectors, or through
# the extension points of `common.registry` (loans reads the contest's capital proposals
# that way, so the two never import each other). The reads across programmes, written
# down; a new one fails the test. Migrations are history and may name where a moved
# callable lives now, so they are not walked.
SELECTOR_READS = {("awards", "programmes.selectors")}  # successful models pre-fill nominations


def _imported_apps(app: str) -> dict[str, set[str]]:
    """file (relative to the root) -> the modules it imports, anywhere in it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def test_common_imports_nothing_from_accounts():
    offenders = sorted(
        path for path, modules in _imported_apps("common").items() if "accounts" in {_top(m) for m in modules}
    )

    assert offenders == []


@pytest.mark.parametrize("app", [app for app in PROGRAMME_APPS if (ROOT / app).is_dir()])
def test_programme_apps_import_no_other_programme_but_ventures(app):
    others = set(PROGRAMME_APPS) - {app, SHARED_PROGRAMME_APP}
    offenders = sorted(
        f"{path}: {module}"
        for path, modules in _imported_apps(app).items()
        for module in modules
        if _top(module) in others and (app, module) not in SELECTOR_READS
    )

    assert offenders == []


def test_the_walk_sees_imports_inside_functions(tmp_path, monkeypatch):
    package = tmp_path / "common"
    package.mkdir()
    (package / "late.py").write_text("def f():\n    from accounts.models import User\n    return User\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    assert _imported_apps("common") == {"common/late.py": {"accounts.models"}}
