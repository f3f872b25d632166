"""The contest in the admin: provincial staff set up contests, rounds, criteria and the panel.

Entries, scorecards and their history are here to read: every change of state goes
through `services` (from the staff pages or the admin actions), never through
a model form, so the window, quota, conflict and lock rules hold everywhere.

One module per topic (`contests`, `rounds`, `entries`, `judging`; what they share in
`base`); importing them registers their model admins.
"""

from . import contests, entries, judging, rounds

__all__ = ["contests", "entries", "judging", "rounds"]
