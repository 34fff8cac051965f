"""Numbers as people read them (see ``footprintlab.numbers``; kept here for the widgets' imports)."""
from footprintlab.numbers import field_text, parse_number, readable

__all__ = ["field_text", "parse_number", "readable"]
