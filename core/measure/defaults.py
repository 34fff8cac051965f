"""Default power figures used when a component cannot be measured, each with its source.

See DATA_SOURCES.md, section "Measuring a running program".
"""

from __future__ import annotations

# RAM power per GB of memory, W/GB: 3 W for every 8 GB of DDR3 or DDR4 memory.
# Source: Crucial, "How much power does memory use?",
# https://www.crucial.com/support/articles-faq-memory/how-much-power-does-memory-use, the
# heuristic CodeCarbon used before version 3 (codecarbon/external/ram.py in CodeCarbon 3.3.2,
# MIT licence, which cites the same page).
RAM_WATTS_PER_GB = 3.0 / 8.0
RAM_WATTS_PER_GB_SOURCE = "3 W per 8 GB of DDR3/DDR4 (Crucial; CodeCarbon < 3 heuristic, MIT)"

# Power per hardware thread of a CPU missing from the TDP table, W.
# Source: CodeCarbon 3.3.2, codecarbon/core/cpu.py, DEFAULT_POWER_PER_CORE = 4 ("default W value
# per core for a CPU if no model is found in the ref csv", applied per thread), MIT licence.
UNKNOWN_CPU_WATTS_PER_THREAD = 4.0
UNKNOWN_CPU_SOURCE = "4 W per thread for a CPU not in the table (CodeCarbon 3.3.2 default, MIT)"
