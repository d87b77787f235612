from tests.plan.fakes import actuals  # noqa: F401  (the fixture)
