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
