"""Page/line locators: "P3倒数第五行", "第3页第5行", "59页倒3行", "附件3第2页第4行", "P61左栏倒数第五行".

:mod:`caina.core.locators.grammar` — the :class:`Locator`, its written forms (parse and render, both ways)
and the house style; :mod:`caina.core.locators.resolve` — a locator resolved to the lines of a layout, and a
span of text cited. Everything is importable from here.
"""

from caina.core.locators.grammar import (
    DIRECTION_WORDS,
    FORMS,
    LOCATOR_IN_TEXT,
    NUMERAL_STYLES,
    RANGE_WORDS,
    CountFrom,
    Form,
    Locator,
    NumeralStyle,
    SpanStyle,
    choose_direction,
    house_locator,
    parse_locator,
    render_column,
    render_locator,
    to_house_style,
)
from caina.core.locators.resolve import locate, locate_text, resolve

__all__ = [
    "CountFrom", "SpanStyle", "Form", "NumeralStyle", "Locator", "parse_locator", "render_locator", "render_column",
    "house_locator", "to_house_style", "choose_direction", "resolve", "locate", "locate_text", "LOCATOR_IN_TEXT",
    "DIRECTION_WORDS", "RANGE_WORDS", "FORMS", "NUMERAL_STYLES",
]  # fmt: skip
