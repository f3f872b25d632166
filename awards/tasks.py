"""The award programmes have no periodic job of their own.

Nomination-deadline reminders are sent by the daily run of `reports` from
`awards/deadlines.py`.
"""
