"""A throwaway indicator, target and register kind, added the way docs/architecture.md says, to prove that
adding one touches only the files the document lists (test_adding.py runs the suite's checks with it)."""
