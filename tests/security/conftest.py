"""The poisoned demo province: every free-text field of every project model holds markup and
a spreadsheet formula, then every URL of the permission matrix is opened as the roles that may.

The walk is done once per test run, on the shared demo (`demo` in tests/conftest.py): the first
test that asks for it poisons the demo inside its own test transaction (rolled back afterwards,
the demo stays as loaded), records what each page answered as plain bytes, and the other tests
read that record without touching the database.

Which fields are poisoned — `poisonable_fields(model)`:
  * CharField / TextField (and subclasses) without `choices`;
  * not EmailField, URLField, SlugField, GenericIPAddressField, FilePathField (machine-read types);
  * no validators beyond the max-length / null-character ones every text field has
    (phone numbers, citizen ids, tax codes, usernames carry format validators: the app relies on them);
  * not named `password`, `path`, `key`, `code`, `url`, `token`, `programme`, `unit_kinds`
    nor ending in `_code`, `_key`, `_token`, `_url`, `_email`, `_phone`, `_path`
    (keys, codes used in URLs and lookups, materialised tree paths, stored references to other data);
  * a field in a uniqueness rule (unique, unique_together, UniqueConstraint) gets the row's pk
    appended so rows stay distinct.
Models of simple_history (`Historical…`) and auto-created through tables are left alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.permissions.matrix import OK, ROLES
from tests.permissions.rows import all_modules
from tests.permissions.world import World
from tests.utils import close_response, project_app_labels

# What the HTML check looks for: never raw, at most as &lt;script&gt;x.
MARKER = "<script>x</script>"
ESCAPED_MARKER = "&lt;script&gt;x&lt;/script&gt;"
# Each poisoned field starts with one of the characters a spreadsheet reads as a formula.
TRIGGERS = ("=", "+", "-", "@")

MACHINE_TYPES = (
    models.EmailField,
    models.URLField,
    models.SlugField,
    models.GenericIPAddressField,
    models.FilePathField,
)
MACHINE_NAMES = {"password", "path", "key", "code", "url", "token", "programme", "unit_kinds"}
MACHINE_SUFFIXES = ("_code", "_key", "_token", "_url", "_email", "_phone", "_path")
ORDINARY_VALIDATORS = {"MaxLengthValidator", "ProhibitNullCharactersValidator"}


def poison_value(trigger: str, max_length: int | None) -> str | None:
    """Markup after a formula trigger, as long as the field allows; None if it cannot hold the marker."""
    for value in (f'{trigger}HYPERLINK("http://x"){MARKER}', f"{trigger}{MARKER}"):
        if max_length is None or len(value) <= max_length - 6:  # room for a pk suffix
            return value
    return None


def poisonable_fields(model) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if isinstance(field, MACHINE_TYPES):
            continue
        if field.name in MACHINE_NAMES or field.name.endswith(MACHINE_SUFFIXES):
            continue
        if any(type(v).__name__ not in ORDINARY_VALIDATORS for v in field.validators):
            continue
        fields.append(field)
    return fields


def project_models():
    for label in project_app_labels():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.auto_created or model.__name__.startswith("Historical") or model._meta.proxy:
                continue
            yield model


def unique_names(model) -> set[str] | None:
    """Fields that take part in a uniqueness rule; None when a rule is an expression (all are)."""
    names = {field.name for field in model._meta.concrete_fields if field.unique}
    for together in model._meta.unique_together:
        names.update(together)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            if constraint.expressions:
                return None
            names.update(constraint.fields)
    return names


def poison_everything() -> dict[str, list[str]]:
    """Update every poisonable field of every existing row; returns {model label: field names}."""
    triggers = itertools.cycle(TRIGGERS)
    poisoned: dict[str, list[str]] = {}
    for model in project_models():
        manager = model._base_manager
        if not manager.exists():
            continue
        plain, unique = {}, {}
        keyed = unique_names(model)
        for field in poisonable_fields(model):
            value = poison_value(next(triggers), getattr(field, "max_length", None))
            if value is None:
                continue
            (unique if keyed is None or field.name in keyed else plain)[field.attname] = value
        if plain:
            manager.update(**plain)
        for pk in manager.values_list("pk", flat=True) if unique else ():
            manager.filter(pk=pk).update(**{name: f"{value}{pk}" for name, value in unique.items()})
        if plain or unique:
            poisoned[model._meta.label] = sorted([*plain, *unique])
    return poisoned


@dataclass(frozen=True)
class Page:
    name: str  # URL name
    url: str
    role: str
    status: int
    content_type: str
    body: bytes  # HTML or xlsx; empty for anything else

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    def where(self) -> str:
        return f"{self.name} as {self.role} ({self.url})"


@dataclass(frozen=True)
class Walk:
    pages: list[Page]
    poisoned: dict[str, list[str]]
    errors: list[str]  # 5xx answers: the poisoned data broke a page


# Which roles open each URL: staff and the Tô Hiệu officer wherever the row lets them, anonymous
# visitors on public rows, and a judge / council member / bank liaison on rows only they may open.
MAIN_ROLES = ("staff", "officer", "anonymous")
OTHER_ROLES = ("judge", "council", "bank")

KEPT_TYPES = ("text/html", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _roles_for(row) -> list[str]:
    main = [role for role in MAIN_ROLES if row.expect.get(role) == OK]
    others = [role for role in OTHER_ROLES if row.expect.get(role) == OK and not main]
    return main + others


def _walk() -> Walk:
    world = World()
    rows = {}
    for module in all_modules():
        if hasattr(module, "prepare"):
            module.prepare(world)
        rows.update(module.ROWS)
    # URLs first: some rows find their object by a title that is about to be poisoned.
    targets = [
        (name, reverse(name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query, _roles_for(row))
        for name, row in sorted(rows.items())
    ]
    poisoned = poison_everything()

    clients = {}
    for role, username in ROLES.items():
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(User.objects.get(username=username))
        clients[role] = client

    pages, errors = [], []
    for name, url, roles in targets:
        for role in roles:
            response = clients[role].get(url)
            content_type = response.headers.get("Content-Type", "")
            if response.streaming:
                body = b"".join(response.streaming_content) if content_type.startswith(KEPT_TYPES) else b""
                close_response(response)
            else:
                body = response.content if content_type.startswith(KEPT_TYPES) else b""
            if response.status_code >= 500:
                exc = getattr(response, "exc_info", None)
                cause = f": {exc[0].__name__}: {exc[1]}" if exc else ""
                errors.append(f"{name} as {role}: status {response.status_code} ({url}){cause}")
            pages.append(Page(name, url, role, response.status_code, content_type, body))
    return Walk(pages=pages, poisoned=poisoned, errors=errors)


_RECORD: dict[str, Walk] = {}


@pytest.fixture
def poisoned_walk(demo) -> Walk:
    """Every matrix URL opened on the poisoned demo, recorded once per test run."""
    if "walk" not in _RECORD:
        _RECORD["walk"] = _walk()
    return _RECORD["walk"]
