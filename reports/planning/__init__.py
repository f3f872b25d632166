"""planning: see reports/models/__init__.py for what it owns."""


def ready() -> None:
    """Registrations (home panels, nav items) made when Django starts."""
