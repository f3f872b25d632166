from . import periodic, planning  # noqa: F401 - registers the model admins
