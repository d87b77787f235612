"""The targets that add up to another, as the app that answers them knows (trade: 出口 and 进口 within
外贸进出口总额): plan.progress.derived computes each part's 拉动 and 贡献率 from them."""

# Keyed by the whole's code; which targets are parts of which is never written in plan itself.
_parts: dict[str, tuple[str, ...]] = {}


def register_parts(whole: str, parts) -> None:
    parts = tuple(parts)
    if whole in _parts and _parts[whole] != parts:
        raise ValueError(f"the parts of target {whole!r} are registered twice")
    _parts[whole] = parts


def parts_of(whole: str) -> tuple[str, ...]:
    """The codes of the targets that add up to `whole`, in the order the app gives them; () when none."""
    return _parts.get(whole, ())


def whole_of(code: str) -> str | None:
    """The code of the target that `code` is a part of, or None."""
    return next((whole for whole, parts in _parts.items() if code in parts), None)
