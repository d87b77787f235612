"""One date format per place, from one helper (plan.formatting): a sentence writes 2007年10月18日, a table
2007-10-18; a time is shown at its local date (Asia/Shanghai), never its UTC one."""

import datetime

from django.utils import translation

from plan import formatting


def test_dates_in_tables_and_in_sentences():
    day = datetime.date(2007, 10, 18)
    # 16:30 UTC on the 17th is 00:30 on the 18th in Hohhot.
    late_evening_utc = datetime.datetime(2007, 10, 17, 16, 30, tzinfo=datetime.UTC)
    assert formatting.date_cell(day) == formatting.date_cell(late_evening_utc) == "2007-10-18"
    assert formatting.date_cell(None) == "—"
    with translation.override("zh-hans"):
        assert formatting.date_text(day) == formatting.date_text(late_evening_utc) == "2007年10月18日"


def test_a_register_record_writes_its_dates_as_tables_do():
    from registers.views import display

    class Record:
        class _meta:
            @staticmethod
            def get_field(name):
                class Field:
                    choices = None

                return Field()

        accepted_on = datetime.date(2007, 10, 18)

    assert display(Record(), "accepted_on") == "2007-10-18"
