"""For the migrations that give existing programme objects an owner."""

from __future__ import annotations


def fill_owner(apps, schema_editor, *, app_label: str, model_name: str, field: str = "owner") -> None:
    """Give every row without an owner the first root of the union tree (the one province a
    deployment had before programmes had owners). A database with rows but no unit cannot be
    migrated: the message says what to do."""
    model = apps.get_model(app_label, model_name)
    rows = model.objects.using(schema_editor.connection.alias).filter(**{f"{field}__isnull": True})
    if not rows.exists():
        return
    unit_model = apps.get_model("accounts", "Unit")
    units = unit_model.objects.using(schema_editor.connection.alias)
    root = units.filter(parent__isnull=True, kind="province").order_by("path").first()
    root = root or units.filter(parent__isnull=True).order_by("path").first()
    if root is None:
        raise RuntimeError(
            f"{app_label}.{model_name}: rows need an owner unit, and there is no unit. "
            "Create the province's unit first (manage.py load_official_units or the admin)."
        )
    rows.update(**{field: root})
