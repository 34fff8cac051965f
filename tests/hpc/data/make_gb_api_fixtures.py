"""Write the GB Carbon Intensity API answers served by the tests' local recorded server.

The values are synthetic (a daily cycle, rounded to whole g/kWh like the API's), in exactly the
JSON shape of ``GET https://api.carbonintensity.org.uk/intensity/{from}/{to}``; the last day of
the second answer has ``"actual": null`` like periods the API has not settled yet. Run from this
folder: ``python make_gb_api_fixtures.py``.
"""

import json
import math
from datetime import datetime, timedelta, timezone

INDEX = [(100, "very low"), (180, "low"), (280, "moderate"), (380, "high")]


def index_name(value: int) -> str:
    for limit, name in INDEX:
        if value < limit:
            return name
    return "very high"


def answer(start: datetime, days: int, null_actual_from: datetime | None) -> dict:
    data = []
    for k in range(days * 48):
        a = start + timedelta(minutes=30 * k)
        b = a + timedelta(minutes=30)
        hour = a.hour + a.minute / 60
        forecast = round(200 + 80 * math.sin(2 * math.pi * (hour - 6) / 24) + 10 * (a.day % 3))
        actual = None if null_actual_from and a >= null_actual_from else forecast - 3 + k % 7
        data.append({"from": a.strftime("%Y-%m-%dT%H:%MZ"), "to": b.strftime("%Y-%m-%dT%H:%MZ"),
                     "intensity": {"forecast": forecast, "actual": actual,
                                   "index": index_name(actual or forecast)}})
    return {"data": data}


if __name__ == "__main__":
    first = datetime(2024, 1, 4, tzinfo=timezone.utc)  # 14-day chunks aligned to the epoch
    for i in range(2):
        a = first + timedelta(days=14 * i)
        b = a + timedelta(days=14)
        null_from = b - timedelta(days=1) if i == 1 else None
        name = f"{a:%Y-%m-%dT%H:%MZ}_{b:%Y-%m-%dT%H:%MZ}.json".replace(":", "")
        with open(f"gb_api/{name}", "w") as handle:
            json.dump(answer(a, 14, null_from), handle, separators=(",", ":"))
