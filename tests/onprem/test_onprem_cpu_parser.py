"""CPU description parser: real descriptions (as /proc/cpuinfo, lscpu, dmidecode and inventories
write them) -> processor family; CCF's parser is reproduced exactly and extended."""

from __future__ import annotations

import pytest
from footprintlab.onprem.cpu import ccf_series_key, match_cpu
from footprintlab.onprem.tables import series_to_family

# (description, family found by footprintlab, family found by CCF's parser); None = not found
REAL_DESCRIPTIONS = [
    ('Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz', 'Cascade Lake', 'Cascade Lake'),
    ('Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', 'Cascade Lake', 'Cascade Lake'),
    ('Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz', 'Cascade Lake', 'Cascade Lake'),
    ('Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz', 'Cascade Lake', None),
    ('Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz', None, None),
    ('Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz', 'Cascade Lake', 'Cascade Lake'),
    ('Intel(R) Xeon(R) Bronze 3106 CPU @ 1.70GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz', 'Cascade Lake', 'Cascade Lake'),
    ('Intel(R) Xeon(R) CPU E5-2667 v3 @ 3.20GHz', 'Haswell', 'Haswell'),
    ('Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', 'Broadwell', 'Broadwell'),
    ('Intel(R) Xeon(R) CPU E5-2690 v2 @ 3.00GHz', 'Ivy Bridge', 'Ivy Bridge'),
    ('Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz', 'Sandy Bridge', 'Sandy Bridge'),
    ('Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz', 'Sandy Bridge', 'Sandy Bridge'),
    ('Intel(R) Xeon(R) CPU E5-2630 v3 @ 2.40GHz', 'Haswell', 'Haswell'),
    ('Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz', None, None),
    ('Intel(R) Xeon(R) CPU E5-2699 v4 @ 2.20GHz', 'Broadwell', 'Broadwell'),
    ('Intel(R) Xeon(R) CPU E3-1230 V2 @ 3.30GHz', 'Ivy Bridge', None),
    ('Intel(R) Xeon(R) CPU E3-1270 v6 @ 3.80GHz', None, None),
    ('Intel(R) Xeon(R) CPU E7-8890 v3 @ 2.50GHz', 'Haswell', 'Haswell'),
    ('Intel(R) Xeon(R) E-2176G CPU @ 3.70GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Xeon(R) E-2288G CPU @ 3.70GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Xeon(R) W-2133 CPU @ 3.60GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Xeon(R) W-3175X CPU @ 3.10GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Xeon(R) CPU D-1541 @ 2.10GHz', 'Broadwell', 'Broadwell'),
    ('Intel(R) Xeon(R) D-2141I CPU @ 2.20GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Xeon(R) CPU X5650 @ 2.67GHz', None, None),
    ('Intel(R) Core(TM) i5-7500 CPU @ 3.40GHz', None, None),
    ('Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Core(TM) i9-9900K CPU @ 3.60GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Core(TM) i5-8400 CPU @ 2.80GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Core(TM) i3-8100 CPU @ 3.60GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz', 'Haswell', 'Haswell'),
    ('Intel(R) Core(TM) i5-4590 CPU @ 3.30GHz', 'Haswell', 'Haswell'),
    ('Intel(R) Core(TM) i7-3770 CPU @ 3.40GHz', 'Ivy Bridge', 'Ivy Bridge'),
    ('Intel(R) Core(TM) i5-3470 CPU @ 3.20GHz', 'Ivy Bridge', 'Ivy Bridge'),
    ('Intel(R) Core(TM) i7-2600 CPU @ 3.40GHz', 'Sandy Bridge', 'Sandy Bridge'),
    ('Intel(R) Core(TM) i5-2400 CPU @ 3.10GHz', 'Sandy Bridge', 'Sandy Bridge'),
    ('Intel(R) Core(TM) i7-6700 CPU @ 3.40GHz', 'Skylake', 'Skylake'),
    ('Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz', None, None),
    ('Intel(R) Core(TM) i7-8565U CPU @ 1.80GHz', None, None),
    ('Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz', None, None),
    ('Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz', 'Haswell', 'Haswell'),
    ('Intel(R) Core(TM) i7-3520M CPU @ 2.90GHz', 'Ivy Bridge', 'Ivy Bridge'),
    ('Intel(R) Core(TM) i5-2520M CPU @ 2.50GHz', 'Sandy Bridge', 'Sandy Bridge'),
    ('Intel(R) Core(TM) i7-8700 CPU', 'Coffee Lake', None),
    ('11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz', None, None),
    ('12th Gen Intel(R) Core(TM) i7-1265U', None, None),
    ('Intel(R) Core(TM) i9-8950HK CPU @ 2.90GHz', 'Coffee Lake', 'Coffee Lake'),
    ('Intel(R) Pentium(R) CPU G4560 @ 3.50GHz', None, None),
    ('Intel(R) Celeron(R) CPU G3900 @ 2.80GHz', None, None),
    ('Intel(R) Pentium(R) CPU G2020 @ 2.90GHz', 'Ivy Bridge', 'Ivy Bridge'),
    ('Intel(R) Core(TM) m3-6Y30 CPU @ 0.90GHz', 'Skylake', 'Skylake'),
    ('Intel Xeon Gold 6248 2.5GHz', 'Cascade Lake', None),
    ('Intel Xeon E5-2690v4', 'Broadwell', None),
    ('Xeon Gold 6148', 'Skylake', None),
    ('AMD EPYC 7262 8-Core Processor', 'AMD EPYC 2nd Gen', 'AMD EPYC 2nd Gen'),
    ('AMD EPYC 7402P 24-Core Processor', 'AMD EPYC 2nd Gen', 'AMD EPYC 2nd Gen'),
    ('AMD EPYC 7742 64-Core Processor', 'AMD EPYC 2nd Gen', 'AMD EPYC 2nd Gen'),
    ('AMD EPYC 7551P 32-Core Processor', 'AMD EPYC 1st Gen', 'AMD EPYC 1st Gen'),
    ('AMD EPYC 7601 32-Core Processor', 'AMD EPYC 1st Gen', 'AMD EPYC 1st Gen'),
    ('AMD EPYC 7763 64-Core Processor', 'AMD EPYC 3rd Gen', 'AMD EPYC 3rd Gen'),
    ('AMD EPYC 7R32', None, None),
    ('AMD EPYC 7B12', None, None),
    ('AMD EPYC 9654 96-Core Processor', None, None),
    ('AMD Ryzen 7 5800X 8-Core Processor', None, None),
    ('AMD Ryzen 9 5950X 16-Core Processor', None, None),
    ('AMD Ryzen 5 3600 6-Core Processor', None, None),
    ('AMD Ryzen Threadripper 3970X 32-Core Processor', None, None),
    ('AMD PRO A8-8600B R6, 10 Compute Cores 4C+6G', None, None),
    ('AMD A10-7850K Radeon R7, 12 Compute Cores 4C+8G', None, None),
    ('AMD Opteron(tm) Processor 6276', None, None),
    ('Apple M1', None, None),
    ('ARM Cortex-A72', None, None),
    ('Neoverse-N1', None, None),
]


def test_at_least_fifty_real_descriptions():
    assert len(REAL_DESCRIPTIONS) >= 50


@pytest.mark.parametrize("description, family, ccf_family", REAL_DESCRIPTIONS,
                         ids=[d[0] for d in REAL_DESCRIPTIONS])
def test_real_descriptions(description, family, ccf_family):
    assert match_cpu(description).family == family
    assert match_cpu(description, "ccf").family == ccf_family
    if ccf_family is not None:  # footprintlab finds every family CCF finds, the same one
        assert family == ccf_family


@pytest.mark.parametrize("description, key", [
    ("Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz", "Silver 4114"),
    ("Intel(R) Xeon(R) CPU E5-2667 v3 @ 3.20GHz", "E5-2667 v3"),
    ("Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz", "E5-2680 0"),
    ("Intel(R) Core(TM) i7-8700 CPU", "Core(TM)"),  # no " @": JS substring(start, -1) swaps
    ("Intel Xeon Gold 6248 2.5GHz", "I"),  # no ")": start 1
    ("AMD EPYC 7262 8-Core Processor", "7262"),
    ("AMD EPYC", None),
    ("Apple M1", None),
])
def test_ccf_series_key_reproduces_javascript_substring(description, key):
    assert ccf_series_key(description) == key


def test_every_table_series_is_found_in_a_typical_description():
    for series, family in series_to_family().items():
        if series[0].isdigit() and len(series) <= 5:
            description = f"AMD EPYC {series} 16-Core Processor"
        else:
            description = f"Intel(R) Xeon(R) CPU {series} @ 2.00GHz"
        ccf = match_cpu(description, "ccf")
        assert (ccf.series, ccf.family) == (series, family), description
        loose = description.replace("(R)", "").replace(" @ 2.00GHz", "").replace("CPU ", "")
        assert match_cpu(loose).family == family, loose


def test_version_suffix_is_not_dropped():
    # E3-1270 v6 is Kaby Lake (not in CCF's table), not the Sandy Bridge E3-1270
    assert match_cpu("Intel(R) Xeon(R) CPU E3-1270 v6 @ 3.80GHz").family is None
    assert match_cpu("Intel(R) Xeon(R) CPU E3-1270 @ 3.40GHz").family == "Sandy Bridge"
    assert match_cpu("Intel Xeon E5-2690V4").series == "E5-2690 v4"


def test_unknown_parser_name_is_rejected():
    with pytest.raises(ValueError, match="'cleaned' or 'ccf'"):
        match_cpu("Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz", "fuzzy")
