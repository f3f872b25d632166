"""Reading the history rows a test's actions wrote, across every tracked model."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max


def tracked_models() -> list:
    """Every model with `HistoricalRecords`, as (model, historical model) pairs."""
    found = []
    for model in apps.get_models():
        attr = getattr(model._meta, "simple_history_manager_attribute", None)
        if attr and not model.__name__.startswith("Historical"):
            found.append((model, getattr(model, attr).model))
    return found


@dataclass(frozen=True)
class NewRow:
    model: str
    object_id: int
    history_type: str
    history_user_id: int | None


class HistoryWatch:
    """Remembers the last history id of every tracked model; `new_rows()` lists what came after."""

    def __init__(self) -> None:
        self.start = {
            historical: historical.objects.aggregate(m=Max("history_id"))["m"] or 0
            for _model, historical in tracked_models()
        }

    def new_rows(self) -> list[NewRow]:
        rows = []
        for historical, last in self.start.items():
            for object_id, kind, user_id in historical.objects.filter(history_id__gt=last).values_list(
                "id", "history_type", "history_user_id"
            ):
                rows.append(NewRow(historical.instance_type._meta.label, object_id, kind, user_id))
        return rows

    def models(self) -> set[str]:
        return {row.model for row in self.new_rows()}

    def users(self) -> set[int | None]:
        return {row.history_user_id for row in self.new_rows()}


def assert_all_by(watch: HistoryWatch, actor, *, models: set[str]) -> None:
    """Every history row since `watch` names `actor`, and the expected models were written."""
    rows = watch.new_rows()
    assert models <= {row.model for row in rows}, rows
    assert {row.history_user_id for row in rows} == {actor.pk}, rows
