"""Actuals for the progress tests: hand-made registry functions instead of the domain apps' figures."""

from decimal import Decimal

import pytest

from plan import registry
from plan.plan_data import read_plan_data

# The targets of the 2007 plan, as its data file lists them.
CODES_2007 = [target["code"] for target in read_plan_data(2007)["targets"]]


class FakeActuals:
    """{code: {year: {month: value}}} served through the registry, as a domain app would serve it.

    Each function reads `self.data` when called, so a test can revise a figure and ask again.
    """

    def __init__(self):
        self.data: dict[str, dict[int, dict[int, Decimal]]] = {}
        self.sample: set[str] = set()
        self.summaries: dict[str, list[tuple[str, int]]] = {}

    def set(self, code, year, values):
        self.data.setdefault(code, {})[year] = {month: Decimal(str(v)) for month, v in values.items()}

    def func(self, code):
        def actuals(year):
            return registry.Actuals(
                values=dict(self.data.get(code, {}).get(year, {})), sample=code in self.sample
            )

        return actuals


@pytest.fixture
def actuals(monkeypatch):
    """Swap the registry's functions for fakes of the 2007 targets; the real ones come back after the test."""
    fake = FakeActuals()
    monkeypatch.setattr(registry.actuals, "_actuals", {code: fake.func(code) for code in CODES_2007})
    monkeypatch.setattr(registry.summaries, "_summaries", {})
    return fake


def seed_2006_2007(fake: FakeActuals) -> None:
    """A plausible 2006 and 1–9月 2007, January and February released together, worked out for September:

    export 39800 / 52000 = 76.54 % ≥ 75, 同比 39800 / 33600 = +18.5 %                 → green
    import 23000 / 35000 = 65.71 % < 67.5                                             → red
    trade_total 62800 / 87000 = 72.18 %: below 75 but ≥ 67.5; 同比 62800 / 56100 = +11.9 %,
      below 16 − 3                                                                    → red
    share 28.5 %: ≥ 27, < 30                                                          → yellow
    retail 2850000 / 4000000 = 71.25 % ≥ 67.5, 同比 2850000 / 2500000 = +14.0 % ≥ 12  → yellow
    village stores 160 / 200 = 80 %                                                   → green
    overseas projects 1 / 2 = 50 %                                                    → red
    """
    spread = {2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12}

    def series(total_at_9, upto):
        return {m: (Decimal(total_at_9) * Decimal(m) / 9).quantize(Decimal("1")) for m in spread if m <= upto}

    export_2006 = series(33600, 12)
    import_2006 = series(22500, 12)
    export_2007 = series(39800, 9)
    import_2007 = series(23000, 9)
    fake.set("export", 2006, export_2006)
    fake.set("import", 2006, import_2006)
    fake.set("trade_total", 2006, {m: export_2006[m] + import_2006[m] for m in export_2006})
    fake.set("export", 2007, export_2007)
    fake.set("import", 2007, import_2007)
    fake.set("trade_total", 2007, {m: export_2007[m] + import_2007[m] for m in export_2007})
    fake.set("export_hitech_mech_share", 2007, dict.fromkeys(range(2, 10), "28.5"))
    fake.set("export_hitech_mech_share", 2006, dict.fromkeys(range(2, 13), "27.1"))
    fake.set("retail_sales", 2006, {m: 2500000 * m // 9 for m in range(1, 13)})
    fake.set("retail_sales", 2007, {m: 2850000 * m // 9 for m in range(1, 10)})
    fake.set("village_stores", 2007, {m: min(200, max(0, (m - 2) * 23)) for m in range(1, 13)} | {9: 160})
    fake.set("overseas_projects", 2007, {m: 1 if m >= 6 else 0 for m in range(1, 13)})
    fake.sample.update({"retail_sales"})
