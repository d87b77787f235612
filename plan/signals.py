"""Signals of the plan app, so domain apps can add their reference data without plan importing them."""

from django.dispatch import Signal

# Sent by plan.loader.load_plan after a plan is loaded, with `plan` and `result` (a LoadResult whose
# `count(kind, created)` receivers may call). Receivers must be idempotent: loadplan runs again and again.
plan_loaded = Signal()
