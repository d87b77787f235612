"""The Chinese of this branch's new msgids (locale/new/everyone.json, filled into the catalogue at the merge):
the words the users asked for, so the tests that read pages in Chinese hold once the catalogue has them."""

import json
from pathlib import Path

NEW = json.loads((Path(__file__).parents[1] / "locale/new/everyone.json").read_text(encoding="utf-8"))


def test_account_states_and_the_404_page_in_plain_chinese():
    assert NEW["Normal"] == "正常"  # the account state; 已停用 and 已锁定 are in the catalogue already
    assert NEW["Page not found"] == "页面不存在"


def test_every_new_msgid_has_chinese_and_keeps_its_placeholders():
    import re

    for msgid, chinese in NEW.items():
        forms = chinese if isinstance(chinese, list) else [chinese]
        for form in forms:
            assert form and re.search(r"[\u4e00-\u9fff]", form), msgid
            assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(re.findall(r"%\(\w+\)[sd]", form)), (
                msgid
            )
