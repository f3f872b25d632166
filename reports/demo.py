"""Demo data of `reports`: periodic reporting (`periodic/demo.py`) and plans (`planning/demo.py`).

Each half loads its own part; a half that has no loader yet is skipped.
"""

from __future__ import annotations

from importlib import import_module


def load(ctx) -> None:
    for module_name, function_name in (
        ("reports.periodic.demo", "load_periodic"),
        ("reports.planning.demo", "load_plans"),
        ("reports.planning.demo", "load_lai_chau_plan"),
    ):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        loader = getattr(module, function_name, None)
        if loader is not None:
            loader(ctx)
