"""Numbers in fields, tables and cards: as people read them, never with an exponent."""
import math

import pytest
from footprintlab.widgets.numbers import field_text, parse_number, readable


@pytest.mark.parametrize(("value", "text"), [
    (1.38e9, "1,380,000,000"), (800.0, "800"), (0.05, "0.05"), (12345.6, "12,345.6"),
    (0.1 + 0.2, "0.3"), (-38.7, "-38.7"), (1234567.891, "1,234,570"), (0.0, "0")])
def test_field_text(value, text):
    assert field_text(value) == text
    assert parse_number(text) == pytest.approx(value, rel=1e-5)  # what a field shows reads back


@pytest.mark.parametrize(("value", "text"), [
    (1.38e9, "1.38 billion"), (12345678, "12.3 million"), (2.5e12, "2.5 trillion"),
    (12345.6, "12,346"), (0.012345, "0.0123"), (800, "800"), (-38.7, "-38.7"), (0, "0")])
def test_readable(value, text):
    assert readable(value) == text


@pytest.mark.parametrize("text", ["1,5", "5 kg", "abc", "1,2345", ",500", "1.000,5"])
def test_parse_number_leaves_what_is_not_a_plain_number_to_the_model(text):
    assert parse_number(text) is None


def test_parse_number_of_an_unrepresentable_number_is_infinite():
    assert math.isinf(parse_number("1e400"))
