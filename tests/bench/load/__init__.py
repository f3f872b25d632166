"""Load benchmark: seeding, the locust mix and the runner (run.py)."""
