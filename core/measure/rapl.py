"""CPU package and DRAM energy from Linux RAPL counters (powercap sysfs tree).

Layout read (``/sys/class/powercap`` by default)::

    intel-rapl:0/            name = "package-0", energy_uj, max_energy_range_uj
    intel-rapl:0:0/          name = "core" | "uncore" | "dram" (sub-zone, also a link in the root)
    intel-rapl:1/ ...        one zone per socket
    intel-rapl:1/intel-rapl:1:0/ ...

Package zones (name ``package-N``) give CPU energy, sub-zones named ``dram`` give RAM energy;
every socket is summed. Other zones (``psys``, ``core``, ``uncore``) are left out: ``core`` and
``uncore`` are inside the package figure, and ``psys`` covers the whole platform.
Counters are in microjoules and wrap to zero after ``max_energy_range_uj``; a wrap is detected
when a reading is below the previous one, so the counters must be read at least once per wrap
period (minutes to hours), which the tracker's 1-second sampler does.
Since Linux 5.10 ``energy_uj`` is readable by root only: :meth:`RaplReader.open` then raises
:class:`RaplUnavailable` with a message saying how to grant access, and the tracker falls back
to estimates.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass

__all__ = ["RaplDomain", "RaplReader", "RaplUnavailable", "DEFAULT_POWERCAP_ROOT"]

DEFAULT_POWERCAP_ROOT = "/sys/class/powercap"
_ZONE = re.compile(r"^intel-rapl:(\d+)(?::(\d+))?$")


class RaplUnavailable(RuntimeError):
    """RAPL counters are missing or cannot be read; the message says why."""


@dataclass(frozen=True)
class RaplDomain:
    """One RAPL zone: ``kind`` is "package" or "dram"; ``path`` its ``energy_uj`` file."""

    kind: str
    socket: int
    name: str
    path: str
    max_energy_range_uj: int


def _read_text(path: str) -> str:
    with open(path, encoding="ascii") as handle:
        return handle.read().strip()


def discover_domains(root: str = DEFAULT_POWERCAP_ROOT) -> list[RaplDomain]:
    """List package and DRAM zones under ``root`` (empty if there is no RAPL tree).

    Parameters
    ----------
    root : str
        Directory laid out like ``/sys/class/powercap``.
    """
    try:
        entries = sorted(os.listdir(root))
    except OSError:
        return []
    zone_dirs: dict[str, str] = {}
    for entry in entries:
        if _ZONE.match(entry):
            zone_dirs[entry] = os.path.join(root, entry)
            # sub-zones may only exist inside their parent's directory
            try:
                for sub in os.listdir(zone_dirs[entry]):
                    if _ZONE.match(sub) and sub not in zone_dirs:
                        zone_dirs[sub] = os.path.join(zone_dirs[entry], sub)
            except OSError:
                continue
    domains: list[RaplDomain] = []
    seen: set[str] = set()
    for entry, directory in sorted(zone_dirs.items()):
        real = os.path.realpath(directory)
        if real in seen:
            continue
        seen.add(real)
        try:
            name = _read_text(os.path.join(directory, "name"))
        except OSError:
            continue
        kind = "package" if name.startswith("package") else "dram" if name == "dram" else None
        if kind is None:
            continue
        try:
            max_range = int(_read_text(os.path.join(directory, "max_energy_range_uj")))
        except (OSError, ValueError):
            max_range = 0
        socket = int(_ZONE.match(entry).group(1))  # type: ignore[union-attr]
        domains.append(
            RaplDomain(kind, socket, name, os.path.join(directory, "energy_uj"), max_range)
        )
    return domains


class RaplReader:
    """Cumulative package and DRAM energy since the reader was opened, in joules.

    Thread-safe: the sampler thread and the user's threads may call :meth:`read` at once.
    """

    def __init__(self, domains: list[RaplDomain]):
        self.domains = tuple(domains)
        self._lock = threading.Lock()
        self._last_uj = [0] * len(domains)
        self._total_uj = [0] * len(domains)
        # descriptors kept open: a pread costs a third of an open+read+close of a sysfs file
        self._fds: list[int | None] = [None] * len(domains)
        self.wraps = 0

    @classmethod
    def open(cls, root: str = DEFAULT_POWERCAP_ROOT) -> RaplReader:
        """Find the zones under ``root`` and take a first reading of each.

        Raises
        ------
        RaplUnavailable
            No package zone, or a counter cannot be read (e.g. permission denied).
        """
        domains = discover_domains(root)
        if not any(domain.kind == "package" for domain in domains):
            raise RaplUnavailable(f"no RAPL package zone under {root}")
        reader = cls(domains)
        for index, domain in enumerate(domains):
            try:
                reader._last_uj[index] = int(_read_text(domain.path))
                reader._fds[index] = os.open(domain.path, os.O_RDONLY)
            except PermissionError:
                raise RaplUnavailable(
                    f"RAPL energy counter {domain.path} is not readable by this user (Linux "
                    f">= 5.10 restricts it to root). Grant access with "
                    f"'sudo chmod a+r {root}/intel-rapl:*/energy_uj "
                    f"{root}/intel-rapl:*/intel-rapl:*/energy_uj' or run as root."
                ) from None
            except (OSError, ValueError) as error:
                raise RaplUnavailable(f"cannot read RAPL counter {domain.path}: {error}") from None
        return reader

    def close(self) -> None:
        """Close the counter files."""
        for index, fd in enumerate(self._fds):
            if fd is not None:
                os.close(fd)
                self._fds[index] = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    @property
    def has_dram(self) -> bool:
        """Whether a DRAM zone was found."""
        return any(domain.kind == "dram" for domain in self.domains)

    def read(self) -> tuple[float, float]:
        """Energy since opening: (package J, DRAM J), all sockets summed.

        A counter below its previous value has wrapped: the increment is
        ``value + max_energy_range_uj - previous`` (µJ).

        Raises
        ------
        RaplUnavailable
            A counter cannot be read now (the others are still followed). The energy of a
            counter that reads again later is not lost: its next increment spans the gap.
        """
        failure = ""
        with self._lock:
            for index, domain in enumerate(self.domains):
                try:
                    fd = self._fds[index]
                    value = int(os.pread(fd, 64, 0) if fd is not None else _read_text(domain.path))
                except (OSError, ValueError) as error:
                    failure = failure or f"RAPL counter {domain.path} unreadable: {error}"
                    continue
                delta = value - self._last_uj[index]
                if delta < 0:  # wrapped around max_energy_range_uj
                    delta += domain.max_energy_range_uj
                    self.wraps += 1
                    if delta < 0:
                        delta = 0
                self._total_uj[index] += delta
                self._last_uj[index] = value
            package = sum(
                t for t, d in zip(self._total_uj, self.domains) if d.kind == "package"
            )
            dram = sum(t for t, d in zip(self._total_uj, self.domains) if d.kind == "dram")
        if failure:
            raise RaplUnavailable(failure)
        return package * 1e-6, dram * 1e-6  # J = µJ x 1e-6
