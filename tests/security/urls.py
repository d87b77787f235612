"""Every URL pattern of the URLconf, with its full name (namespaces included) and its route."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "plan:document"; None for an unnamed pattern
    route: str  # "plan/<int:year>/"
    params: tuple = ()  # the names of its arguments, of every level: ("year",)

    @property
    def key(self) -> str:
        """How the permission matrix names the pattern: its name, or its route when it has none."""
        return self.name or self.route


def _params(pattern) -> tuple:
    """Named groups by name; unnamed (positional) groups as "#1", "#2", ..."""
    named = tuple(pattern.regex.groupindex)
    return named or tuple(f"#{i}" for i in range(1, pattern.regex.groups + 1))


def all_patterns(patterns=None, prefix="", namespaces=(), params=()) -> list[Pattern]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            more = (*namespaces, entry.namespace) if entry.namespace else namespaces
            found += all_patterns(
                entry.url_patterns, prefix + str(entry.pattern), more, params + _params(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            found.append(Pattern(name, prefix + str(entry.pattern), params + _params(entry.pattern)))
    return found
