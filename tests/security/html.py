"""What in a page or template would need 'unsafe-inline' under the Content-Security-Policy."""

import re
from html.parser import HTMLParser

# Data blocks (json_script) are not executed, so the policy allows them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.problems.append(f"line {line}: <script> without src")
        if tag == "style":
            self.problems.append(f"line {line}: <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: {name}= handler on <{tag}>")
            if name == "style":
                self.problems.append(f"line {line}: style= attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"line {line}: javascript: URL on <{tag}>")


TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)


def inline_code(html: str, *, template: bool = False) -> list[str]:
    if template:
        # Template tags inside a tag would confuse the parser; their output is checked on the rendered pages.
        html = TEMPLATE_TAG.sub(lambda m: "x" * 0 if m.group().startswith("{#") else "tag", html)
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


class _PostForms(HTMLParser):
    """Every <form method="post"> of a page that has a submit button: its action and the values it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        kind = (attributes.get("type") or "").lower()
        if tag == "form":
            if (attributes.get("method") or "").lower() == "post":
                self.form = {"action": attributes.get("action") or "", "data": {}, "submits": False}
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "button" and kind in ("", "submit") or tag == "input" and kind == "submit":
            self.form["submits"] = True
            if name:  # the first named button is the one pressed
                self.form["data"].setdefault(name, attributes.get("value") or "")
        if tag == "input" and name and kind not in ("file", "submit", "button", "reset"):
            if kind not in ("checkbox", "radio") or "checked" in attributes:
                self.form["data"].setdefault(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            if self.select not in self.form["data"] or "selected" in attributes:
                self.form["data"][self.select] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.form["data"][name] = ""

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form["data"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def post_forms(html: str) -> list[dict]:
    """The POST forms a page offers (with a submit button): [{"action": ..., "data": {name: value}}]."""
    finder = _PostForms()
    finder.feed(html)
    finder.close()
    return [form for form in finder.forms if form["submits"]]
