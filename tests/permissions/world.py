"""The objects the permission matrix points its URLs at: the demo province, plus the
few files the demo does not upload (each rows module's `prepare(world)` adds them)."""

from __future__ import annotations

from django.apps import apps


class World:
    def __init__(self) -> None:
        self._pks: dict = {}
        self.made: dict[str, int] = {}

    def pk(self, label: str, /, **filters) -> int:
        """The first row of `label` ("app.Model") matching `filters`; it must exist."""
        key = (label, tuple(sorted(filters.items())))
        if key not in self._pks:
            found = (
                apps.get_model(label)
                ._default_manager.filter(**filters)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            assert found is not None, f"the demo has no {label} with {filters}"
            self._pks[key] = found
        return self._pks[key]

    def model(self, label: str, /, **filters):
        return apps.get_model(label)._default_manager.get(pk=self.pk(label, **filters))

    def lai_chau(self, label: str, /, **filters) -> int:
        """The first programme object of `label` run by Tỉnh đoàn Lai Châu, the second province."""
        return self.pk(label, owner__code="tinh-doan-lai-chau", **filters)
