"""Admin of plans, targets and outputs."""
