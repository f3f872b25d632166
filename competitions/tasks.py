"""The contest has no periodic job of its own.

Its deadline reminders (units below their quota, judges with unscored entries) are
sent by the daily run of `reports` from `competitions/deadlines.py`.
"""
