"""Sample data of trade for `manage.py demo` (the records; figures join here when they land)."""

from .demo_records import load_registers


def load(stdout) -> None:
    load_registers(stdout)
