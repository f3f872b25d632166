"""Ventures have no periodic job of their own.

The monthly progress-update reminders are sent by the daily run of `reports` from
`ventures/deadlines.py`.
"""
