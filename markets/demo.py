"""Sample data of markets for `manage.py demo` (the registers; figures join here when they land)."""

from .demo_registers import load_registers


def load(stdout) -> None:
    load_registers(stdout)
