"""The model programmes' tests use the registry's people, its signed-in officer and its
per-test private media folder."""

from tests.ventures.conftest import (  # noqa: F401 - fixtures shared with the registry's tests
    _private_media,
    officer_client,
    other_person,
    person,
)
