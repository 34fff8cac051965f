"""System: the whole digital service; footprint totals by category and phase."""
from __future__ import annotations

from footprintlab.engine import ModelObject, ReferenceList, calculated, u
from footprintlab.engine.graph import unique_objects
from footprintlab.engine.html import category_table
from footprintlab.model.timeseries import sum_series

_HOSTS = "usage_patterns[].usage_journeys[].steps[].jobs[].server"  # servers and external APIs
_SERVERS = _HOSTS
_STORAGE = _HOSTS + ".storage"
# category -> (fabrication attribute, energy attribute) of System; the network has no fabrication
CATEGORY_ATTRIBUTES = {
    "Devices": ("devices_fabrication_footprint", "devices_energy_footprint"),
    "Network": (None, "network_energy_footprint"),
    "Servers": ("servers_fabrication_footprint", "servers_energy_footprint"),
    "Storage": ("storage_fabrication_footprint", "storage_energy_footprint"),
}
CATEGORIES = tuple(CATEGORY_ATTRIBUTES)
# the row a model with calls to external (GenAI) APIs gains (see ``category_attributes``)
EXTERNAL_APIS = "External APIs"
EXTERNAL_API_ATTRIBUTES = ("external_apis_fabrication_footprint", "external_apis_energy_footprint")
_PARTS = tuple(name for pair in CATEGORY_ATTRIBUTES.values() for name in pair if name) + EXTERNAL_API_ATTRIBUTES


def category_attributes(system) -> dict:
    """``CATEGORY_ATTRIBUTES``, plus the External APIs row when ``system`` calls such APIs."""
    if system.external_apis():
        return {**CATEGORY_ATTRIBUTES, EXTERNAL_APIS: EXTERNAL_API_ATTRIBUTES}
    return CATEGORY_ATTRIBUTES


def _total(series):
    return sum_series(series, u.kg)


def _is_server(host) -> bool:
    from footprintlab.model.hardware import Server

    return isinstance(host, Server)


def _of_hosts(hosts, parts, servers: bool):
    """The parts of the servers (or of the external APIs) among ``hosts``.

    ``hosts`` has one entry per job (a link read); ``parts`` one per distinct host, in the order
    they are first reached (the engine counts an object reached through several holders once)."""
    hosts = unique_objects(hosts)
    return [part for host, part in zip(hosts, parts, strict=True) if _is_server(host) == servers]


class System(ModelObject):
    """A digital service: its usage patterns and, through them, everything it runs on."""

    usage_patterns = ReferenceList("UsagePattern", reverse="systems")
    # every calculated attribute of a system's objects is computed as soon as the system is
    # created or re-linked, so that an invalid change is refused when made (engine.graph)
    _fl_complete = True

    @calculated(u.kg, "Σ servers' energy footprint", "hosts=" + _HOSTS, "parts=" + _HOSTS + ".energy_footprint")
    def servers_energy_footprint(self, hosts, parts):
        return _total(_of_hosts(hosts, parts, True))

    @calculated(u.kg, "Σ servers' fabrication footprint", "hosts=" + _HOSTS,
                "parts=" + _HOSTS + ".instances_fabrication_footprint")
    def servers_fabrication_footprint(self, hosts, parts):
        return _total(_of_hosts(hosts, parts, True))

    @calculated(u.kg, "Σ external APIs' energy footprint (per-request usage footprints × calls)",
                "hosts=" + _HOSTS, "parts=" + _HOSTS + ".energy_footprint")
    def external_apis_energy_footprint(self, hosts, parts):
        return _total(_of_hosts(hosts, parts, False))

    @calculated(u.kg, "Σ external APIs' fabrication footprint (per-request embodied footprints × calls)",
                "hosts=" + _HOSTS, "parts=" + _HOSTS + ".instances_fabrication_footprint")
    def external_apis_fabrication_footprint(self, hosts, parts):
        return _total(_of_hosts(hosts, parts, False))

    @calculated(u.kg, "Σ storages' energy footprint", "parts=" + _STORAGE + ".energy_footprint")
    def storage_energy_footprint(self, parts):
        return _total(parts)

    @calculated(u.kg, "Σ storages' fabrication footprint", "parts=" + _STORAGE + ".instances_fabrication_footprint")
    def storage_fabrication_footprint(self, parts):
        return _total(parts)

    @calculated(u.kg, "Σ networks' energy footprint", "parts=usage_patterns[].network.energy_footprint")
    def network_energy_footprint(self, parts):
        return _total(parts)

    @calculated(u.kg, "Σ devices' energy footprint", "parts=usage_patterns[].devices[].energy_footprint")
    def devices_energy_footprint(self, parts):
        return _total(parts)

    @calculated(u.kg, "Σ devices' fabrication footprint",
                "parts=usage_patterns[].devices[].instances_fabrication_footprint")
    def devices_fabrication_footprint(self, parts):
        return _total(parts)

    @calculated(u.kg, "servers + storage + network + devices + external APIs footprints (energy and "
                "fabrication)", *_PARTS, lazy=True)
    def hourly_total_footprint(self, *parts):
        return _total(parts)

    @calculated(u.kg, "Σ hours of servers + storage + network + devices + external APIs footprints",
                *_PARTS)
    def total_footprint(self, *parts):
        # kg = Σ_parts Σ_hours part(h); reads the parts so that the hourly total is only computed
        # when someone reads or observes it
        return sum((part.sum() for part in parts), 0 * u.kg)

    # structure -----------------------------------------------------------------------------------
    def servers(self) -> list:
        return unique_objects(job.server for job in self.jobs() if _is_server(job.server))

    def external_apis(self) -> list:
        """The external (GenAI) APIs the system's jobs call."""
        return unique_objects(job.server for job in self.jobs()
                              if job.server is not None and not _is_server(job.server))

    def services(self) -> list:
        return unique_objects(service for server in self.servers() for service in server.services)

    def storages(self) -> list:
        return unique_objects(server.storage for server in self.servers())

    def networks(self) -> list:
        return unique_objects(pattern.network for pattern in self.usage_patterns)

    def devices(self) -> list:
        return unique_objects(device for pattern in self.usage_patterns for device in pattern.devices)

    def jobs(self) -> list:
        return unique_objects(job for pattern in self.usage_patterns for job in pattern.jobs())

    def all_objects(self) -> list:
        """Every object of the system, patterns first, then journeys, steps, jobs and hardware."""
        patterns = list(self.usage_patterns)
        journeys = unique_objects(j for p in patterns for j in p.usage_journeys)
        steps = unique_objects(s for j in journeys for s in j.steps)
        countries = unique_objects(p.country for p in patterns)
        return unique_objects([*patterns, *journeys, *steps, *self.jobs(), *self.services(), *self.servers(),
                               *self.external_apis(), *self.storages(), *self.networks(), *self.devices(),
                               *countries])

    # results (see footprintlab.model.results) ----------------------------------------------------
    def _html_summary(self) -> str:
        """A notebook display's summary (``ModelObject._repr_html_``): total, category × phase."""
        rows = {category: (getattr(self, fab) if fab else None, getattr(self, energy))
                for category, (fab, energy) in category_attributes(self).items()}
        return category_table(rows, self.total_footprint, objects=len(self.all_objects()))

    def footprints_by_category(self):
        from footprintlab.model import results

        return results.by_category(self)

    def footprints_by_object(self):
        from footprintlab.model import results

        return results.by_object(self)

    def hourly_footprints(self):
        from footprintlab.model import results

        return results.hourly(self)

    def footprints_by_job(self, by: str | None = None):
        """Footprint per job (kg); ``by="source"``: a row per (job, shared object: server, storage,
        network, external API), split with the repartition weights of efootprint 27 (see
        ``attribution.by_job_and_source``)."""
        from footprintlab.model import attribution

        if by is None:
            return attribution.by_job(self)
        if by != "source":
            raise ValueError(f"footprints_by_job(by=...) expects None or 'source', got {by!r}")
        return attribution.by_job_and_source(self)

    def footprints_by_usage_pattern(self):
        from footprintlab.model import attribution

        return attribution.by_usage_pattern(self)

    def __init__(self, name: str, **inputs):
        super().__init__(name, **inputs)
        self.change_log()  # diff() works from the start, without set-up

    def change_log(self):
        """The system's change log (snapshots after each change), started with the system."""
        log = self.__dict__.get("_fl_change_log")
        if log is None:
            from footprintlab.model.diff import ChangeLog

            log = self._fl_change_log = ChangeLog(self)
        return log

    def track_changes(self) -> System:
        """Kept for older notebooks: the change log starts with the system; returns the system."""
        self.change_log()
        return self

    def diff_snapshots(self, since: str = "last"):
        """``(label, before, after)`` footprint snapshots without pandas (for live widgets)."""
        from footprintlab.model import diff

        return diff.diff_snapshots(self, since)

    def uncertainty(self, n: int = 1000, seed: int = 0, engine: str = "local"):
        """Monte Carlo over the uncertain inputs (see ``footprintlab.model.uncertainty``):
        quantiles by category, samples, hourly bands and a sensitivity ranking. Same seed, same
        numbers; ``engine="dask"`` runs chunks of samples on the current Dask scheduler."""
        from footprintlab.model.uncertainty_result import UncertaintyResult

        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"uncertainty(n={n!r}): expected a whole number of samples >= 1")
        return UncertaintyResult(self, n, seed, engine)

    def diff(self, since: str = "last"):
        from footprintlab.model import diff

        return diff.system_diff(self, since)

    def to_json(self, path=None, *, overwrite: bool = False):
        from footprintlab.model import serialization

        return serialization.save(self, path, overwrite=overwrite)

    def to_efootprint_json(self, path=None, *, overwrite: bool = False):
        """Write an efootprint 27 file (``footprintlab.model.efootprint_write``); no path: the JSON text."""
        from footprintlab.model import efootprint_write

        return efootprint_write.write(self, path, overwrite=overwrite)

    def to_excel(self, path, *, overwrite: bool = False):
        """Results and inputs with units and sources in an Excel workbook (``footprintlab.model.excel``)."""
        from footprintlab.model import excel

        return excel.write(self, path, overwrite=overwrite)
