"""Starter models: ``fl.templates.names()`` and ``fl.templates.load(name)``.

Four documented digital services to start from and adapt, built by code from cited values (every
input carries a ``Source`` with a name and a link; DATA_SOURCES.md, section "Templates", lists them):

- ``video_platform``: a video platform on a cloud server with a ``VideoStreaming`` service, an upload
  job and weighted journeys (casual viewers 0.8, binge viewers 0.2), laptops and smartphones;
- ``ecommerce``: an online shop (product pages, search, checkout) on cloud web and database servers,
  mobile and desktop shoppers with weighted journeys (browse 0.9, buy 0.1);
- ``ai_assistant``: a chat assistant whose answers come from a GenAI API (openai/gpt-4o-mini through
  EcoLogits: needs ``pip install 'footprintlab[genai]'``) behind a small web back end;
- ``saas_app``: a business web application (a generic ``Service`` on an application server, API
  calls, a database) used by office workers on weekdays, laptops with an external screen.

Hardware comes from the shipped archetypes (ADEME Base Empreinte devices, Traficom networks, SSD
embodied carbon from Tannu & Nair), Cloud Carbon Footprint's instance tables (``Server.cloud``), the
country table (Our World in Data via CodeCarbon) and e-footprint 27's published video defaults; page
weights from the HTTP Archive Web Almanac 2024. Usage volumes, times and per-request needs are the
templates' own hypotheses (``TEMPLATE_HYPOTHESIS``, marked ``hypothesis=True``): replace them with
your service's figures.
"""
from __future__ import annotations

from footprintlab.engine import Source, SourceValue, u

__all__ = ["TEMPLATE_HYPOTHESIS", "WEB_ALMANAC_2024", "describe", "load", "names"]

TEMPLATE_HYPOTHESIS = Source(
    "footprintlab starter-template hypothesis (a round figure to replace with your own; DATA_SOURCES.md, "
    "section Templates)", "DATA_SOURCES.md#templates", hypothesis=True)
WEB_ALMANAC_2024 = Source(
    "HTTP Archive, Web Almanac 2024, Page Weight chapter: median page weight October 2024 "
    "(2,311 KB mobile, 2,652 KB desktop)", "https://almanac.httparchive.org/en/2024/page-weight")
START = "2025-01-01"
HOURS = 365 * 24


def _h(value):
    return SourceValue(value, TEMPLATE_HYPOTHESIS)


def _starts(peak_per_hour: float, hours: int, growth: float = 1.5, office: bool = False):
    """Hourly journey starts: linear growth from ``peak`` to ``peak × growth`` over the period × a
    daily cycle (quietest at 4 am); ``office``: weekdays 8 am – 6 pm only."""
    import numpy as np
    from footprintlab.model import builders

    series = builders.linear_growth(peak_per_hour, peak_per_hour * growth, hours, START) * builders.daily_fluctuation(
        0.8, 4, hours, START)
    if office:
        week = np.zeros(168)
        for day in range(5):  # 2025-01-01 is a Wednesday: the typical week starts on Monday
            week[day * 24 + 8: day * 24 + 18] = peak_per_hour
        series = builders.from_typical_week(week, hours, START)
    return SourceValue(series, TEMPLATE_HYPOTHESIS)


def _server(instance: str, storage, **overrides):
    import footprintlab as fl

    inputs = dict(base_ram_consumption=_h(1 * u.GB), base_compute_consumption=_h(0.1 * u.cpu_core),
                  utilization_rate=None)
    inputs.update(overrides)
    inputs = {key: value for key, value in inputs.items() if value is not None}
    return fl.Server.cloud("aws", instance, region="eu-west-3", name=instance, storage=storage, **inputs)


def _storage(name: str, stored_years: float = 2):
    import footprintlab as fl

    return fl.Storage.ssd(name, data_replication_factor=_h(3), data_storage_duration=_h(stored_years * u.year),
                          base_storage_need=_h(1 * u.TB), power_usage_effectiveness=_h(1.2),
                          average_carbon_intensity=fl.Countries.FRANCE().average_carbon_intensity)


def _job(name, server, upload, download, stored, duration, cores, ram, *, cls=None, download_source=None, **more):
    import footprintlab as fl

    cls = cls or fl.Job
    download_value = (SourceValue(download, download_source) if download_source is not None else _h(download))
    return cls(name, **({"server": server} if server is not None else {}), data_upload=_h(upload),
               data_download=download_value, data_stored=_h(stored), request_duration=_h(duration),
               compute_needed=_h(cores), ram_needed=_h(ram), **more)


def _step(name, minutes, jobs):
    import footprintlab as fl

    return fl.UsageJourneyStep(name, user_time_spent=_h(minutes * u.min), jobs=jobs)


# --- the templates -------------------------------------------------------------------------------
def video_platform(hours: int = HOURS):
    import footprintlab as fl

    server = _server("m5.2xlarge", _storage("video storage", 5))
    video = fl.VideoStreaming("video streaming", server=server,  # e-footprint 27's published defaults
                              base_compute_consumption=_h(0 * u.cpu_core))
    hd = fl.VideoStreamingJob("1080p episode", service=video, video_duration=_h(20 * u.min), data_upload=_h(0 * u.MB))
    uhd = fl.VideoStreamingJob("4K film", service=video, resolution="4K (3840 x 2160)",
                               video_duration=_h(100 * u.min), data_upload=_h(0 * u.MB))
    upload = _job("creator upload", server, 500 * u.MB, 0 * u.MB, 500 * u.MB, 30 * u.s, 2 * u.cpu_core, 1 * u.GB)
    home = _job("catalogue page", server, 0.01 * u.MB, 2.311 * u.MB, 0 * u.MB, 0.5 * u.s, 0.1 * u.cpu_core,
                100 * u.MB, download_source=WEB_ALMANAC_2024)
    browse = _step("browse the catalogue", 3, [home, home])
    casual = fl.UsageJourney("casual viewer", steps=[browse, _step("watch an episode", 20, [hd])])
    binge = fl.UsageJourney("binge viewer", steps=[browse, _step("watch a film", 100, [uhd]),
                                                   _step("upload a clip", 2, [upload])])
    viewers = fl.UsagePattern("viewers in France", usage_journeys={casual: 0.8, binge: 0.2},
                              devices=[fl.Device.laptop(), fl.Device.smartphone()], network=fl.Network.wifi(),
                              country=fl.Countries.FRANCE(), hourly_usage_journey_starts=_starts(20_000, hours))
    return fl.System("Video platform (template)", usage_patterns=[viewers])


def ecommerce(hours: int = HOURS):
    import footprintlab as fl

    database_storage = _storage("orders database storage", 5)
    web = _server("m5.large", _storage("web cache storage", 0.1))
    database = _server("r5.xlarge", database_storage, base_ram_consumption=_h(8 * u.GB))
    product = _job("product page", web, 0.01 * u.MB, 2.311 * u.MB, 0 * u.MB, 0.4 * u.s, 0.1 * u.cpu_core,
                   100 * u.MB, download_source=WEB_ALMANAC_2024)
    search = _job("search query", database, 0.005 * u.MB, 0.05 * u.MB, 0 * u.MB, 0.2 * u.s, 0.5 * u.cpu_core,
                  500 * u.MB)
    order = _job("checkout", database, 0.02 * u.MB, 0.5 * u.MB, 0.05 * u.MB, 1 * u.s, 0.5 * u.cpu_core, 200 * u.MB)
    browse = fl.UsageJourney("browse", steps=[_step("search", 1, [search, product]),
                                              _step("compare products", 4, [product, product, product])])
    buy = fl.UsageJourney("buy", steps=[_step("search", 1, [search, product]), _step("basket and pay", 3, [order])])
    mobile = fl.UsagePattern("mobile shoppers", usage_journeys={browse: 0.9, buy: 0.1},
                             devices=[fl.Device.smartphone()], network=fl.Network.mobile(),
                             country=fl.Countries.FRANCE(), hourly_usage_journey_starts=_starts(3_000, hours))
    desktop = fl.UsagePattern("desktop shoppers", usage_journeys={browse: 0.85, buy: 0.15},
                              devices=[fl.Device.laptop()], network=fl.Network.wifi(),
                              country=fl.Countries.FRANCE(), hourly_usage_journey_starts=_starts(1_500, hours))
    return fl.System("E-commerce site (template)", usage_patterns=[mobile, desktop])


def ai_assistant(hours: int = HOURS):
    import footprintlab as fl

    backend = _server("m5.large", _storage("conversation storage", 1))
    api = fl.GenAIExternalAPI("LLM API", provider="openai", model="gpt-4o-mini")
    answer = fl.GenAIJob("answer", api=api, output_tokens=_h(400), data_upload=_h(0 * u.MB))
    request = _job("chat request", backend, 0.01 * u.MB, 0.05 * u.MB, 0.02 * u.MB, 0.2 * u.s, 0.05 * u.cpu_core,
                   50 * u.MB)
    session = fl.UsageJourney("chat session", steps=[_step("ask and read", 2, [request, answer]),
                                                     _step("follow-up", 2, [request, answer])])
    users = fl.UsagePattern("assistant users", usage_journeys=[session], devices=[fl.Device.smartphone()],
                            network=fl.Network.mobile(), country=fl.Countries.FRANCE(),
                            hourly_usage_journey_starts=_starts(2_000, hours, growth=2))
    return fl.System("AI assistant (template)", usage_patterns=[users])


def saas_app(hours: int = HOURS):
    import footprintlab as fl

    app = _server("c5.xlarge", _storage("application storage", 0.5))
    database = _server("r5.large", _storage("tenant database storage", 5), base_ram_consumption=_h(4 * u.GB))
    web_app = fl.Service("web application", server=app, base_ram_consumption=_h(2 * u.GB),
                         base_compute_consumption=_h(0.5 * u.cpu_core))
    page = _job("dashboard page", None, 0.01 * u.MB, 2.652 * u.MB, 0 * u.MB, 0.5 * u.s, 0.2 * u.cpu_core,
                200 * u.MB, cls=fl.ServiceJob, service=web_app, download_source=WEB_ALMANAC_2024)
    api = _job("API call", None, 0.01 * u.MB, 0.1 * u.MB, 0.01 * u.MB, 0.1 * u.s, 0.05 * u.cpu_core, 50 * u.MB,
               cls=fl.ServiceJob, service=web_app)
    query = _job("database query", database, 0.001 * u.MB, 0.01 * u.MB, 0.005 * u.MB, 0.05 * u.s,
                 0.1 * u.cpu_core, 100 * u.MB)
    work = fl.UsageJourney("working session", steps=[_step("open the dashboard", 2, [page, query]),
                                                      _step("edit records", 25, [api] * 10 + [query] * 10),
                                                      _step("export a report", 3, [page, query, query])])
    office = fl.UsagePattern("office workers", usage_journeys=[work],
                             devices=[fl.Device.laptop(), fl.Device.screen()], network=fl.Network.wifi(),
                             country=fl.Countries.FRANCE(), hourly_usage_journey_starts=_starts(500, hours, office=True))
    return fl.System("SaaS web application (template)", usage_patterns=[office])


_TEMPLATES = {
    "video_platform": (video_platform, "video platform: VideoStreaming service, weighted casual/binge journeys"),
    "ecommerce": (ecommerce, "e-commerce site: product pages, search, checkout; mobile and desktop shoppers"),
    "ai_assistant": (ai_assistant, "AI assistant: answers from a GenAI API (EcoLogits; footprintlab[genai])"),
    "saas_app": (saas_app, "SaaS web application: a web service, API calls and a database, office hours"),
}


def names() -> list[str]:
    """The templates' names."""
    return list(_TEMPLATES)


def describe() -> dict[str, str]:
    """Each template's name and a one-line description."""
    return {name: text for name, (_, text) in _TEMPLATES.items()}


def load(name: str, *, hours: int = HOURS):
    """A new ``System`` built from the template ``name`` over ``hours`` hours from 2025-01-01."""
    if name not in _TEMPLATES:
        import difflib

        near = difflib.get_close_matches(str(name), list(_TEMPLATES), n=2)
        raise KeyError(f"no template {name!r}; templates: {', '.join(_TEMPLATES)}"
                       + (f" (did you mean {' or '.join(near)}?)" if near else ""))
    return _TEMPLATES[name][0](hours)
