"""Diagnostics of footprintlab go through :mod:`logging`, never ``print`` (the commands aside).

Each module logs to ``logging.getLogger("footprintlab.<module>")`` (e.g.
``footprintlab.onprem.estimate``); nothing is shown unless the application configures logging
(``logging.basicConfig(level=logging.INFO)`` shows the INFO lines). User-facing cautions are
``warnings`` of documented categories (subclasses of ``UserWarning``: ``CarbonIntensityGapWarning``,
``PartialModelWarning``, ``UncertaintyWarning``, ``MeasureWarning``, ``CacheWarning``) that
``warnings.filterwarnings`` can silence or turn into errors.
"""
from __future__ import annotations

import logging

logging.getLogger("footprintlab").addHandler(logging.NullHandler())


def get_logger(module: str) -> logging.Logger:
    """The logger of a footprintlab module: ``get_logger(__name__)``."""
    name = module if module.startswith("footprintlab") else f"footprintlab.{module}"
    return logging.getLogger(name)
