"""What the trade and retail figures tell plan.registry: the actuals of the targets, in one query each."""

from decimal import Decimal as D

import pytest

from markets.models import RetailFigure
from plan.registry import actuals_for
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db


def _figure(model, code, year, month, value, **extra):
    return model.objects.create(indicator=code, year=year, month=month, cumulative=D(value), **extra)


def test_trade_total_is_export_plus_import_where_both_exist(django_assert_num_queries):
    _figure(TradeFigure, "export", 2007, 2, 8000)
    _figure(TradeFigure, "import", 2007, 2, 5500)
    _figure(TradeFigure, "export", 2007, 3, 12000)  # import of March not in yet
    _figure(TradeFigure, "import", 2006, 2, 4000)  # another year
    with django_assert_num_queries(1):  # the export and import figures of 2007
        actuals = actuals_for("trade_total", 2007)
    assert actuals.values == {2: D(13500)}
    assert actuals.sample is False


def test_export_and_import_are_their_cumulatives():
    _figure(TradeFigure, "export", 2007, 9, 37916)
    _figure(TradeFigure, "import", 2007, 9, 25518, is_sample=True)
    assert actuals_for("export", 2007).values == {9: D(37916)}
    assert actuals_for("export", 2007).sample is False
    assert actuals_for("import", 2007).values == {9: D(25518)}
    assert actuals_for("import", 2007).sample is True


def test_the_share_is_the_union_over_exports(django_assert_num_queries):
    _figure(TradeFigure, "export", 2007, 9, 40000)
    _figure(TradeFigure, "export_hitech_mech_union", 2007, 9, 12400)
    _figure(TradeFigure, "export_mech_elec", 2007, 9, 11000)
    _figure(TradeFigure, "export_hitech_mech_union", 2007, 8, 11000)  # no exports for August
    with django_assert_num_queries(1):  # exports and the union of 2007
        actuals = actuals_for("export_hitech_mech_share", 2007)
    assert actuals.values == {9: D(31)}  # 12,400 / 40,000 = 31.0 %


def test_retail_sales(django_assert_num_queries):
    _figure(RetailFigure, "retail_sales", 2007, 2, 655000)
    _figure(RetailFigure, "retail_sales", 2007, 3, 970000, is_sample=True)
    with django_assert_num_queries(1):  # the retail figures of 2007
        actuals = actuals_for("retail_sales", 2007)
    assert actuals.values == {2: D(655000), 3: D(970000)}
    assert actuals.sample is True


def test_the_database_refuses_a_second_figure_and_a_negative_one():
    from django.db import IntegrityError, transaction

    _figure(TradeFigure, "export", 2007, 9, 100)
    with pytest.raises(IntegrityError), transaction.atomic():
        _figure(TradeFigure, "export", 2007, 9, 200)
    with pytest.raises(IntegrityError), transaction.atomic():
        _figure(TradeFigure, "import", 2007, 9, -1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _figure(RetailFigure, "retail_sales", 2007, 13, 1)


def test_the_demo_figures_are_plausible_and_sample(plan_2007):
    import io

    from markets import demo as markets_demo
    from trade import demo as trade_demo

    trade_demo.load(stdout=io.StringIO())
    markets_demo.load(stdout=io.StringIO())
    total_2006 = actuals_for("trade_total", 2006)
    assert total_2006.values[12] == D(75000)  # 7.50 亿美元
    assert total_2006.sample is True
    assert actuals_for("retail_sales", 2006).values[12] == D(3478000)  # 347.8 亿元
    trade_2007 = actuals_for("trade_total", 2007).values
    assert 1 not in trade_2007 and 2 in trade_2007 and max(trade_2007) == 9  # 1–2月 combined, up to 1–9月
    august = TradeFigure.objects.get(indicator="export", year=2007, month=8)
    assert august.release == "final"
    assert [h.release for h in august.history.order_by("history_id")] == ["preliminary", "final"]
    assert 28 <= actuals_for("export_hitech_mech_share", 2007).values[9] <= 32
    # Loading again changes nothing.
    count = TradeFigure.objects.count()
    trade_demo.load(stdout=io.StringIO())
    assert TradeFigure.objects.count() == count
