"""Country table: average grid carbon intensity, year, source and main time zone.

The table ships as ``footprintlab/model/data/countries.csv``. Its intensities are the life-cycle
carbon intensity of electricity generation (gCO2e/kWh) from Ember and Our World in Data
(https://ourworldindata.org/grapher/carbon-intensity-electricity, CC BY 4.0), as compiled in
CodeCarbon 3.3.2's ``codecarbon/data/private_infra/global_energy_mix.json`` (MIT). Each row
records its own year (2021-2023) and source. Time zones are the capital's IANA zone (tz
database, public domain). See DATA_SOURCES.md, section "Country grid carbon intensity".

Pure standard library: the CSV is read once, on first use, and cached.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

__all__ = ["CountryRecord", "UnknownCountryError", "all_countries", "constant_name", "find_country"]

_COLUMNS = (
    "iso3",
    "iso2",
    "name",
    "carbon_intensity_g_per_kwh",
    "year",
    "source",
    "source_url",
    "licence",
    "timezone",
)

# Other names people use for a country (normalised on load), mapped to its ISO-3 code.
# ISO 3166 short and long names where they differ from our common English name, plus
# colloquial names and abbreviations.
_ALIASES: dict[str, str] = {
    "United States of America": "USA", "America": "USA", "U.S.A.": "USA", "U.S.": "USA",
    "UK": "GBR", "U.K.": "GBR", "Great Britain": "GBR", "Britain": "GBR", "England": "GBR",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "Russian Federation": "RUS",
    "Korea": "KOR", "Republic of Korea": "KOR", "Korea, Republic of": "KOR", "ROK": "KOR",
    "Democratic People's Republic of Korea": "PRK", "Korea, Democratic People's Republic of": "PRK",
    "DPRK": "PRK",
    "Czech Republic": "CZE",
    "Ivory Coast": "CIV",
    "Viet Nam": "VNM",
    "Türkiye": "TUR", "Republic of Türkiye": "TUR",
    "Holland": "NLD", "The Netherlands": "NLD", "Kingdom of the Netherlands": "NLD",
    "People's Republic of China": "CHN", "PRC": "CHN", "Mainland China": "CHN",
    "UAE": "ARE", "Emirates": "ARE",
    "Iran, Islamic Republic of": "IRN", "Islamic Republic of Iran": "IRN", "Persia": "IRN",
    "Syrian Arab Republic": "SYR",
    "Lao People's Democratic Republic": "LAO", "Lao PDR": "LAO",
    "Brunei Darussalam": "BRN",
    "Bolivia, Plurinational State of": "BOL", "Plurinational State of Bolivia": "BOL",
    "Venezuela, Bolivarian Republic of": "VEN", "Bolivarian Republic of Venezuela": "VEN",
    "Tanzania, United Republic of": "TZA", "United Republic of Tanzania": "TZA",
    "Moldova, Republic of": "MDA", "Republic of Moldova": "MDA",
    "Congo, The Democratic Republic of the": "COD", "DR Congo": "COD", "DRC": "COD",
    "Congo-Kinshasa": "COD", "Democratic Republic of Congo": "COD",
    "Republic of the Congo": "COG", "Congo-Brazzaville": "COG", "Congo Republic": "COG",
    "Cabo Verde": "CPV",
    "Timor-Leste": "TLS", "Democratic Republic of Timor-Leste": "TLS",
    "Swaziland": "SWZ",
    "Macedonia": "MKD", "Republic of North Macedonia": "MKD",
    "Burma": "MMR",
    "Palestine, State of": "PSE", "State of Palestine": "PSE",
    "Taiwan, Province of China": "TWN",
    "Hong Kong SAR": "HKG", "Macau": "MAC",
    "Falkland Islands (Malvinas)": "FLK",
    "Virgin Islands, British": "VGB",
    "US Virgin Islands": "VIR", "Virgin Islands, U.S.": "VIR",
    "Virgin Islands of the United States": "VIR",
    "Slovak Republic": "SVK", "Kyrgyz Republic": "KGZ",
    "The Bahamas": "BHS", "The Gambia": "GMB",
    "Swiss Confederation": "CHE", "Federal Republic of Germany": "DEU",
    "French Republic": "FRA", "Hellenic Republic": "GRC",
}


@dataclass(frozen=True)
class CountryRecord:
    """One row of the country table.

    Attributes
    ----------
    iso3, iso2 : str
        ISO 3166-1 alpha-3 and alpha-2 codes (upper case).
    name : str
        Common English name.
    carbon_intensity_g_per_kwh : float
        Average life-cycle carbon intensity of electricity generation, gCO2e/kWh.
    year : int
        Year the intensity is for.
    source, source_url, licence : str
        Where the intensity comes from and under which licence it is shipped.
    timezone : str
        IANA time zone of the capital, e.g. ``"Europe/Paris"``.
    """

    iso3: str
    iso2: str
    name: str
    carbon_intensity_g_per_kwh: float
    year: int
    source: str
    source_url: str
    licence: str
    timezone: str


class UnknownCountryError(KeyError):
    """Raised by :func:`find_country` for a key that names no country in the table."""

    def __str__(self) -> str:  # KeyError would show the message inside quotes
        return str(self.args[0]) if self.args else ""


def _normalise(text: str) -> str:
    """Lower-case ``text`` and drop accents, punctuation and spaces.

    ``"Côte d'Ivoire"`` becomes ``"cotedivoire"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    return "".join(ch for ch in decomposed if ch.isalnum()).lower()


def constant_name(record: CountryRecord) -> str:
    """Upper-snake-case identifier of a country, as used by ``Countries.<NAME>()``.

    Parameters
    ----------
    record : CountryRecord
        A row of the table.

    Returns
    -------
    str
        E.g. ``"FRANCE"``, ``"UNITED_STATES"``, ``"COTE_D_IVOIRE"``; unique across the table
        and a valid Python identifier.
    """
    ascii_name = unicodedata.normalize("NFKD", record.name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").upper()


def _parse_row(row: dict[str, str], line: int) -> CountryRecord:
    try:
        intensity = float(row["carbon_intensity_g_per_kwh"])
        year = int(row["year"])
    except ValueError as error:
        raise ValueError(
            f"countries.csv line {line} ({row.get('iso3')!r}): expected a number in "
            f"'carbon_intensity_g_per_kwh' and an integer in 'year' ({error})"
        ) from None
    return CountryRecord(
        iso3=row["iso3"],
        iso2=row["iso2"],
        name=row["name"],
        carbon_intensity_g_per_kwh=intensity,
        year=year,
        source=row["source"],
        source_url=row["source_url"],
        licence=row["licence"],
        timezone=row["timezone"],
    )


@functools.lru_cache(maxsize=1)
def _table() -> tuple[tuple[CountryRecord, ...], dict[str, CountryRecord]]:
    """Read countries.csv once: (records sorted by name, normalised key -> record)."""
    text = resources.files("footprintlab.model.data").joinpath("countries.csv").read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise ValueError(
            f"countries.csv: expected columns {', '.join(_COLUMNS)}; got {reader.fieldnames}"
        )
    records = [_parse_row(row, line) for line, row in enumerate(reader, start=2)]
    records.sort(key=lambda r: _normalise(r.name))
    by_iso3 = {r.iso3: r for r in records}
    index: dict[str, CountryRecord] = {}
    for record in records:
        for key in (record.iso3, record.iso2, record.name, constant_name(record)):
            index[_normalise(key)] = record
    for alias, iso3 in _ALIASES.items():
        if iso3 in by_iso3:
            index.setdefault(_normalise(alias), by_iso3[iso3])
    return tuple(records), index


def all_countries() -> tuple[CountryRecord, ...]:
    """All countries of the table, sorted by name.

    Returns
    -------
    tuple of CountryRecord
    """
    return _table()[0]


def find_country(key: str) -> CountryRecord:
    """Look a country up by ISO-3 code, ISO-2 code, English name or a common alias.

    Case, accents, spaces and punctuation are ignored: ``"fra"``, ``"FR"``, ``"france"``,
    ``"Cote d'Ivoire"``, ``"Ivory Coast"``, ``"UK"`` and ``"United States of America"`` all work.

    Parameters
    ----------
    key : str
        Country name, ISO 3166-1 alpha-2 or alpha-3 code.

    Returns
    -------
    CountryRecord

    Raises
    ------
    UnknownCountryError
        (a ``KeyError``) naming the key and suggesting close matches.
    TypeError
        If ``key`` is not a string.
    """
    if not isinstance(key, str):
        raise TypeError(
            f"find_country expects a country name, ISO-2 or ISO-3 code as a str; "
            f"got {type(key).__name__} {key!r}"
        )
    records, index = _table()
    record = index.get(_normalise(key))
    if record is not None:
        return record
    raise UnknownCountryError(_unknown_message(key, index))


def _unknown_message(key: str, index: dict[str, CountryRecord]) -> str:
    message = f"Unknown country {key!r}: expected a country name, ISO-2 or ISO-3 code"
    candidates = difflib.get_close_matches(_normalise(key), list(index), n=6, cutoff=0.6)
    suggestions: list[str] = []
    for candidate in candidates:
        label = f"{index[candidate].name} ({index[candidate].iso3})"
        if label not in suggestions:
            suggestions.append(label)
    if suggestions:
        return f"{message}; did you mean {' or '.join(suggestions[:3])}?"
    return f"{message}; see footprintlab.model.country_data.all_countries() for the list."
