"""Trade records: the plan's fairs are there after loadplan; an event's enterprises are counted from its list."""

from decimal import Decimal

from django.urls import reverse

from trade.models import TradeEvent


def test_the_plan_s_fairs_are_there_linked_to_their_measures(plan_2007):
    fairs = {event.name: event.measure.code for event in TradeEvent.objects.select_related("measure")}
    assert fairs == {"中国民族商品交易会": "3.1.5", "第七届昭君文化节经贸活动": "3.1.6"}


def test_trade_staff_record_a_fair_s_enterprises_and_deals(client, plan_2007, trade_staff):
    fair = TradeEvent.objects.get(name="中国民族商品交易会")
    client.force_login(trade_staff)
    response = client.post(
        reverse("registers:edit", args=["trade-events", fair.pk]),
        {
            "version": TradeEvent.objects.get(pk=fair.pk).version,
            "name": fair.name,
            "status": "held",
            "starts_on": "2007-07-25",
            "ends_on": "2007-07-29",
            "enterprises": "伊利集团\n\n 蒙牛乳业 \n鄂尔多斯羊绒\n",
            "enterprise_count": "0",
            "deals": "1,250",
        },
    )
    assert response.status_code == 200  # "1,250" is not a number on the form: refused, typed text kept
    assert 'value="1,250"' in response.content.decode()
    response = client.post(
        reverse("registers:edit", args=["trade-events", fair.pk]),
        {
            "version": TradeEvent.objects.get(pk=fair.pk).version,
            "name": fair.name,
            "status": "held",
            "starts_on": "2007-07-25",
            "ends_on": "2007-07-29",
            "enterprises": "伊利集团\n\n 蒙牛乳业 \n鄂尔多斯羊绒\n",
            "enterprise_count": "0",
            "deals": "1250",
        },
    )
    assert response.status_code == 302
    fair.refresh_from_db()
    # Three enterprises once the blank line and spaces are dropped; deals in 万美元.
    assert (fair.enterprise_count, fair.deals) == (3, Decimal("1250"))
    assert fair.enterprises == "伊利集团\n蒙牛乳业\n鄂尔多斯羊绒"


def test_an_event_cannot_end_before_it_starts(client, plan_2007, trade_staff):
    client.force_login(trade_staff)
    response = client.post(
        reverse("registers:create", args=["trade-events"]),
        {"name": "某洽谈会", "status": "preparing", "starts_on": "2007-05-02", "ends_on": "2007-05-01",
         "enterprise_count": "0"},
    )  # fmt: skip
    assert "ends_on" in response.context["form"].errors
    assert not TradeEvent.objects.filter(name="某洽谈会").exists()
