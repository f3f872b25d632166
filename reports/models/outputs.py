"""See reports/models/__init__.py."""

__all__: list[str] = []
