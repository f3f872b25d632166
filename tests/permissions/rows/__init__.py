"""One module of rows per app; each defines `ROWS` and may define `prepare(world)`."""

from importlib import import_module

MODULES = ["core", "ventures", "programmes", "competitions", "awards", "ocop", "jobs", "events", "loans", "reports"]


def all_modules():
    return [import_module(f"{__name__}.{name}") for name in MODULES]
