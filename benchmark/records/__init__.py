"""Stored runs and what reads them: the store, baselines and the gate, diff, leaderboard."""
