"""``check(exercise, answer, **context)``: the workshop's automatic checks, with friendly hints.

A check never raises into the learner's notebook: it prints one message, a ✅ line when the
answer is right (with a sentence on why it matters) or a 💡 line with a hint when it is not, and
returns ``None`` so that nothing else is displayed. ``evaluate`` gives ``(ok, message)`` for
tests.

Expected values are computed from footprintlab itself at check time (the shipped samples, the
quickstart model or the objects the learner passes), never typed in, so the checks follow the
product when its defaults change.
"""
from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["check", "evaluate", "exercises"]

_CHECKS: dict[str, tuple[str, Callable[..., tuple[bool, str]]]] = {}

PLACEHOLDER = "Replace the `...` with your answer, then run the cell again."


class _Hint(Exception):
    """A wrong answer: the message is the hint shown to the learner."""


def _exercise(exercise_id: str, title: str):
    def register(func):
        _CHECKS[exercise_id] = (title, func)
        return func
    return register


def exercises() -> dict[str, str]:
    """Exercise ids and their titles, in course order."""
    return {key: title for key, (title, _) in _CHECKS.items()}


def evaluate(exercise: str, answer: Any = ..., **context: Any) -> tuple[bool, str]:
    """``(ok, message)`` for an answer; the message is what ``check`` prints."""
    key = str(exercise).strip()
    if key not in _CHECKS:
        return False, (f"💡 There is no exercise {key!r}; the exercises are "
                       f"{', '.join(_CHECKS)}. Check the first argument of check(...).")
    title, func = _CHECKS[key]
    if answer is ...:
        return False, f"💡 Exercise {key} ({title}): {PLACEHOLDER}"
    try:
        praise = func(answer, **context)
    except _Hint as hint:
        return False, f"💡 Exercise {key}, not yet: {hint}"
    except Exception as exc:  # a check must never break the notebook
        return False, (f"💡 Exercise {key}: your answer could not be checked "
                       f"({type(exc).__name__}: {exc}). Is it the kind of value the question asks "
                       f"for (a number, a name, a table)?")
    return True, f"✅ Exercise {key}: well done! {praise}"


def check(exercise: str, answer: Any = ..., **context: Any) -> None:
    """Check an exercise's answer and print a friendly message (a hint when it is not right).

    Parameters
    ----------
    exercise : str
        The exercise's number, as written in the notebook, e.g. ``"1.2"``.
    answer
        Your answer; ``...`` (the placeholder) asks you to fill it in.
    **context
        Objects some exercises need (``system=system``, ``run=run``), named in the notebook.
    """
    print(evaluate(exercise, answer, **context)[1])


# ---------------------------------------------------------------------------------------------
# helpers


def _number(answer: Any, unit=None) -> float:
    """A float from a number, a numeric string, or a model value/quantity (in ``unit``)."""
    if hasattr(answer, "m_as"):
        if unit is None:
            if str(getattr(answer, "unit", "")) in ("dimensionless", "") and \
                    hasattr(answer, "magnitude"):
                return float(answer.magnitude)
            raise _Hint("give a plain number here (without a unit).")
        try:
            return float(answer.m_as(unit))
        except Exception as exc:
            raise _Hint(f"that value is not in a unit convertible to {unit}.") from exc
    if isinstance(answer, bool):
        raise _Hint("give a number, not True/False.")
    if isinstance(answer, str):
        try:
            return float(answer.replace(",", "").replace("%", "").strip())
        except ValueError:
            raise _Hint(f"give a number; {answer!r} is text.") from None
    try:
        return float(answer)
    except (TypeError, ValueError):
        raise _Hint(f"give a number; got a {type(answer).__name__}.") from None


def _close(value: float, expected: float, rel: float = 0.05, what: str = "",
           unit_hint: str = "") -> None:
    """Raise a hint unless ``value`` is within ``rel`` of ``expected``; spot unit slips."""
    if math.isclose(value, expected, rel_tol=rel, abs_tol=1e-12):
        return
    if expected and value:
        ratio = value / expected
        for factor, text in ((1000, "1,000 times too large"), (1e-3, "1,000 times too small"),
                             (1e6, "a million times too large"), (1e-6, "a million times too small"),
                             (100, "100 times too large: a fraction given as a percentage?"),
                             (0.01, "100 times too small: a percentage given as a fraction?")):
            if math.isclose(ratio, factor, rel_tol=rel):
                raise _Hint(f"your number is {text} — check the unit{unit_hint}.")
        if math.isclose(ratio, -1, rel_tol=rel):
            raise _Hint("the size is right but the sign is not.")
    direction = "too high" if value > expected else "too low"
    raise _Hint(f"{what or 'your number'} looks {direction}.{unit_hint and ' ' + unit_hint}")


def _text(answer: Any) -> str:
    if not isinstance(answer, str):
        raise _Hint(f"give a name as text in quotes, e.g. \"...\"; got a {type(answer).__name__}.")
    return answer.strip()


def _same_name(answer: Any, expected: str) -> bool:
    return _text(answer).casefold().replace("_", " ").replace("-", " ") == \
        expected.casefold().replace("_", " ").replace("-", " ")


def _u():
    from footprintlab import u

    return u


def _system(context: dict) -> Any:
    system = context.get("system")
    if system is None:
        import footprintlab as fl

        system = fl.quickstart()
    return system


# ---------------------------------------------------------------------------------------------
# Module 1: what makes the footprint of a digital service


@_exercise("1.1", "the largest category and phase")
def _check_1_1(answer, **context):
    table = _system(context).footprints_by_category().drop(index="Total")
    category = table["total"].idxmax()
    phase = "fabrication" if table.at[category, "fabrication"] >= table.at[category, "energy"] \
        else "energy"
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise _Hint('give two names in a tuple: ("Category", "phase"), e.g. ("Servers", "energy").')
    got_category, got_phase = (_text(a) for a in answer)
    if not _same_name(got_category, category):
        if got_category.casefold() not in {c.casefold() for c in table.index}:
            raise _Hint(f"the categories are {', '.join(table.index)}: pick one of them.")
        raise _Hint(f"{got_category} is not the largest. Read the 'total' column of "
                    "system.footprints_by_category() and compare the rows (numbers like 3.2e+06 "
                    "mean 3.2 million).")
    if not _same_name(got_phase, phase):
        if got_phase.casefold() not in ("fabrication", "energy"):
            raise _Hint('the phase is "fabrication" or "energy".')
        raise _Hint("right category! Now compare its 'fabrication' and 'energy' columns.")
    return (f"{category} dominate, mostly through {phase}: making a laptop emits far more than "
            "powering it, and a share of that is charged to every hour it is used.")


@_exercise("1.2", "peak number of server instances")
def _check_1_2(answer, **context):
    system = _system(context)
    instances = system.servers()[0].nb_of_instances
    peak = float(instances.max().magnitude)
    value = _number(answer)
    mean = float(instances.to_pandas().mean())
    if math.isclose(value, mean, rel_tol=0.02):
        raise _Hint("that is the average over all hours; the question asks for the busiest hour "
                    "(.max()).")
    _close(value, peak, rel=0.005, what="your peak",
           unit_hint=" Try server.nb_of_instances.max().")
    return (f"{peak:.0f} instances at the busiest hour, against {mean:.0f} on average: sizing "
            "for the peak is why an hourly model matters.")


@_exercise("1.3", "where the laptop's fabrication footprint comes from")
def _check_1_3(answer, **context):
    import footprintlab as fl

    system = context.get("system")
    device = system.devices()[0] if system is not None else fl.Device.laptop()
    source = device.carbon_footprint_fabrication.source.name
    text = _text(answer)
    if len(text) < 4:
        raise _Hint("write the name of the source (a few words), as printed in [brackets].")
    if text.casefold() in source.casefold() or source.casefold() in text.casefold():
        return (f"the laptop's {device.carbon_footprint_fabrication.value} comes from "
                f"“{source}”. Every input carries its source: ask for it before trusting a number.")
    raise _Hint("print(laptop) lists every input with its source in [brackets]; copy the "
                "source of carbon_footprint_fabrication (its first words are enough).")


@_exercise("1.4", "grams of CO2e per viewing session")
def _check_1_4(answer, **context):
    u = _u()
    system = _system(context)
    total_g = system.total_footprint.m_as(u.g)
    journeys = sum(float(p.hourly_usage_journey_starts.sum().magnitude)
                   for p in system.usage_patterns)
    expected = total_g / journeys
    value = _number(answer, u.g)
    _close(value, expected, what="your g CO2e per session",
           unit_hint=" (grams, and divide by the number of sessions, not of hours)")
    return (f"about {expected:.1f} g CO2e per session. Small per person, large times "
            f"{journeys / 1e9:.2f} billion sessions.")


# ---------------------------------------------------------------------------------------------
# Module 2: what if?


def _quickstart_total_after(change) -> tuple[float, float]:
    import footprintlab as fl

    u = _u()
    system = fl.quickstart()
    before = system.total_footprint.m_as(u.kg)
    change(system)
    return before, system.total_footprint.m_as(u.kg)


def _halve_quality(system):
    system.jobs()[0].data_download = system.jobs()[0].data_download.value / 2


def _move_to_germany(system):
    import footprintlab as fl

    germany = fl.Countries.GERMANY().average_carbon_intensity.value
    for obj in system.servers() + system.storages():
        obj.average_carbon_intensity = germany


def _double_lifespan(system):
    for device in system.devices():
        device.lifespan = device.lifespan.value * 2


LEVERS = {"quality": _halve_quality, "country": _move_to_germany, "lifespan": _double_lifespan}


def _lever_percent(name: str) -> float:
    before, after = _quickstart_total_after(LEVERS[name])
    return (after - before) / before * 100


@_exercise("2.1", "halve the video quality: % change of the total")
def _check_2_1(answer, **context):
    expected = _lever_percent("quality")
    value = _number(answer)
    if math.isclose(abs(value), abs(expected), rel_tol=0.05) and value != expected:
        return (f"{expected:.1f} % (a fall: the sign says the direction). Halving the data "
                "halves the network's energy, the largest energy item.")
    _close(value, expected, what="your percentage",
           unit_hint=" (after − before) / before × 100, with the totals in the same unit.")
    return (f"{expected:.1f} %: halving the data halves the network's energy, the largest energy "
            "item, and nothing else.")


@_exercise("2.2", "move the servers and storage to Germany")
def _check_2_2(answer, **context):
    import footprintlab as fl

    u = _u()
    system = answer
    if not hasattr(system, "servers"):
        raise _Hint("pass your system: check(\"2.2\", system).")
    germany = fl.Countries.GERMANY().average_carbon_intensity.value.m_as(u.g / u.kWh)
    for obj in system.servers() + system.storages():
        got = obj.average_carbon_intensity.value.m_as(u.g / u.kWh)
        if not math.isclose(got, germany, rel_tol=1e-6):
            raise _Hint(f"{obj.name}'s average_carbon_intensity is {got:g} g/kWh, Germany's is "
                        f"{germany:g}: set it on the server AND on the storage.")
    percent = _lever_percent("country")
    return (f"servers and storage now run on Germany's grid. The total grows by {percent:.1f} %: "
            "a lot for the servers, little for the service, because servers are a small share.")


@_exercise("2.3", "double the laptops' lifespan: % change of the Devices' fabrication")
def _check_2_3(answer, **context):
    import footprintlab as fl

    system = fl.quickstart()
    before = system.footprints_by_category().at["Devices", "fabrication"]
    _double_lifespan(system)
    after = system.footprints_by_category().at["Devices", "fabrication"]
    expected = (after - before) / before * 100
    value = _number(answer)
    if math.isclose(value, -expected, rel_tol=0.02):
        return (f"{expected:.0f} % (a fall). A laptop's fabrication is shared over its life: "
                "keep it twice as long and each hour of use carries half as much.")
    _close(value, expected, rel=0.02, what="your percentage",
           unit_hint=" Compare the Devices row's fabrication before and after.")
    return (f"{expected:.0f} %: a laptop's fabrication is shared over its life; keep it twice as "
            "long and each hour of use carries half as much.")


@_exercise("2.4", "rank the three levers")
def _check_2_4(answer, **context):
    if not isinstance(answer, (list, tuple)) or len(answer) != 3:
        raise _Hint('give a list of the three names, largest effect first, e.g. '
                    '["country", "quality", "lifespan"].')
    names = [_text(a).casefold() for a in answer]
    if sorted(names) != sorted(LEVERS):
        raise _Hint(f"use exactly these names: {', '.join(LEVERS)}.")
    effects = {name: abs(_lever_percent(name)) for name in LEVERS}
    expected = sorted(effects, key=effects.get, reverse=True)
    if names != expected:
        if names[0] != expected[0]:
            raise _Hint("the first one is not the largest. Compare the size of each change "
                        "(ignore the sign: a rise and a fall both matter).")
        raise _Hint("the first is right; compare the other two again.")
    return ("; ".join(f"{n}: {effects[n]:.1f} %" for n in expected) +
            ". Where the footprint sits (the devices) decides which levers matter.")


# ---------------------------------------------------------------------------------------------
# Module 3: measure your own code


def _run(context: dict, name: str = "run"):
    run = context.get(name)
    if run is None or not hasattr(run, "energy_kwh"):
        raise _Hint(f"this check needs your measurement: add {name}=... (a measurement, e.g. "
                    "t.last) to the check(...) call, as written in the notebook.")
    return run


@_exercise("3.1", "which version used less energy")
def _check_3_1(answer, **context):
    list_run, set_run = _run(context, "list_run"), _run(context, "set_run")
    choice = _text(answer).casefold()
    if choice not in ("list", "set"):
        raise _Hint('answer "list" or "set".')
    expected = "set" if set_run.energy_kwh <= list_run.energy_kwh else "list"
    if choice != expected:
        raise _Hint("compare the energy_wh of the two measurements (list_run.energy_wh, "
                    "set_run.energy_wh).")
    ratio = list_run.energy_kwh / set_run.energy_kwh if set_run.energy_kwh else float("inf")
    return (f"the {expected} version used about {ratio:,.0f} times less energy here. The best "
            "energy saving in code is usually the algorithm.")


@_exercise("3.2", "measured or estimated?")
def _check_3_2(answer, **context):
    run = _run(context)
    choice = _text(answer).casefold()
    if choice not in ("measured", "estimated"):
        raise _Hint('answer "measured" or "estimated".')
    expected = "estimated" if run.estimated else "measured"
    if choice != expected:
        raise _Hint("read run.methods (or the summary's 'cpu:' line): does it say 'estimated' "
                    "or 'rapl'?")
    if expected == "estimated":
        return ("no readable energy counter here, so CPU time × watts per thread was used. An "
                "estimate: good for comparing two versions of your code, rough in absolute terms.")
    return ("the CPU's own energy counters (RAPL) were readable: a measurement of the whole "
            "package, shared out to this process.")


@_exercise("3.3", "scale up: a million calls a day for a year, in Poland")
def _check_3_3(answer, **context):
    import footprintlab as fl

    u = _u()
    run = _run(context)
    poland = fl.Countries.POLAND().average_carbon_intensity.value.m_as(u.kg / u.kWh)
    expected = run.energy_kwh * 1_000_000 * 365 * poland
    value = _number(answer, u.kg)
    _close(value, expected, what="your kg CO2e",
           unit_hint=" energy per call (kWh) × calls per day × 365 × Poland's intensity (kg/kWh).")
    return (f"about {expected:,.2f} kg CO2e a year. Tiny per call, real at scale, and "
            f"{poland * 1000:.0f} g/kWh in Poland against about 56 in France.")


# ---------------------------------------------------------------------------------------------
# Module 4: an on-premise fleet


def _fleet_table(ccf_compatible: bool = True):
    import footprintlab as fl

    return fl.onprem.estimate(fl.examples.path("fleet.csv"), ccf_compatible=ccf_compatible)


@_exercise("4.1", "repair the faulty inventory")
def _check_4_1(answer, **context):
    import footprintlab as fl
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        raise _Hint("pass your corrected table (a pandas DataFrame).")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.csv"
        answer.to_csv(path, index=False)
        report = fl.onprem.validate(path)
    if not report.ok:
        first = report.problems[0]
        raise _Hint(f"{report.n_problems} problem(s) left; the first: {_problem_text(first)}")
    if len(answer) != len(pd.read_csv(fl.examples.path("fleet_with_errors.csv"))):
        raise _Hint("keep every machine: fix the cells, do not drop rows.")
    return "the inventory validates: every machine can now be estimated, none is left out."


def _problem_text(problem) -> str:
    return str(problem)  # "row 4, column 'memory': got '128 GB'; expected ..."


@_exercise("4.2", "the machine with the largest annual CO2e")
def _check_4_2(answer, **context):
    table = _fleet_table()
    expected = table.loc[table["annualCo2e"].idxmax(), "machineName"]
    if not _same_name(answer, expected):
        if _text(answer) not in set(table["machineName"]):
            raise _Hint("give a machineName from the table, e.g. \"web-01\".")
        raise _Hint("sort the table by annualCo2e (largest first) and read the machineName.")
    row = table.loc[table["annualCo2e"].idxmax()]
    return (f"{expected}: {row['annualCo2e']:.2f} t CO2e a year on {row['country']}'s grid. Not the "
            "biggest machine: the dirtiest grid and a busy CPU.")


def _embodied_share() -> float:
    table = _fleet_table(ccf_compatible=False)
    embodied = table["annualEmbodiedCo2e"].sum()
    return embodied / (embodied + table["annualCo2e"].sum()) * 100


@_exercise("4.3", "embodied share of the fleet's annual footprint")
def _check_4_3(answer, **context):
    expected = _embodied_share()
    value = _number(answer)
    _close(value, expected, rel=0.02, what="your percentage",
           unit_hint=" embodied / (embodied + operational) × 100, both in t CO2e a year; "
                     "NaN cells count as 0 (pandas' sum skips them).")
    return (f"about {expected:.0f} % of the fleet's yearly footprint is making the machines. "
            "CCF's default leaves it out.")


@_exercise("4.4", "where embodied carbon outweighs electricity")
def _check_4_4(answer, **context):
    table = _fleet_table(ccf_compatible=False)
    sums = table.groupby("country")[["annualCo2e", "annualEmbodiedCo2e"]].sum()
    expected = sorted(sums.index[sums["annualEmbodiedCo2e"] > sums["annualCo2e"]])
    given = [answer] if isinstance(answer, str) else list(answer)
    names = sorted(_text(a) for a in given)
    if [n.casefold() for n in names] != [e.casefold() for e in expected]:
        raise _Hint("group by country, sum annualCo2e and annualEmbodiedCo2e, and keep the "
                    "countries where embodied is larger (give a name, or a list of names).")
    return (f"{', '.join(expected)}: on a low-carbon grid, making the hardware is most of the "
            "footprint, so keeping machines longer matters more than saving watts.")


# ---------------------------------------------------------------------------------------------
# Module 5: HPC jobs and the grid


def _hpc_result():
    import footprintlab as fl

    ex = fl.examples
    jobs = fl.hpc.read_sacct(ex.path("sacct.txt"), timezone="Europe/London")
    power = fl.hpc.read_power_csv(ex.path("power.csv"))
    grid = fl.hpc.read_intensity_csv(ex.path("intensity.csv"))
    return fl.hpc.job_footprints(jobs, power, grid, fallback="GB"), grid


@_exercise("5.1", "the account that used the most energy")
def _check_5_1(answer, **context):
    result, _ = _hpc_result()
    by_account = result.jobs.groupby("Account")["energy_kWh"].sum()
    expected = by_account.idxmax()
    if not _same_name(answer, expected):
        if _text(answer) not in set(by_account.index):
            raise _Hint(f"the accounts are {', '.join(by_account.index)}.")
        raise _Hint("sum energy_kWh per Account (fl.hpc.summarize(result, \"Account\")) and take "
                    "the largest.")
    return f"{expected}: {by_account[expected]:.1f} kWh over the two days."


@_exercise("5.2", "the grid intensity a job saw")
def _check_5_2(answer, **context):
    result, _ = _hpc_result()
    job_id = str(context.get("job_id", "1003"))
    row = result.jobs.loc[result.jobs["JobID"].astype(str) == job_id].iloc[0]
    expected = row["co2e_kg"] / row["energy_kWh"] * 1000
    value = _number(answer)
    _close(value, expected, rel=0.01, what="your g/kWh",
           unit_hint=" co2e_kg / energy_kWh gives kg/kWh; × 1000 for g/kWh.")
    return (f"{expected:.0f} g/kWh: the energy-weighted average of the half-hours the job ran "
            "through.")


def emissions_if_started(start, duration, energy_kwh, grid) -> float:
    """kg CO2e of a job of constant power that would start at ``start`` (same computation as the
    notebook of module 5): energy spread evenly over ``duration``, each half-hour's share
    multiplied by that half-hour's intensity."""
    import pandas as pd

    start = pd.Timestamp(start)
    end = start + pd.Timedelta(duration)
    overlap = (grid["to"].clip(upper=end) - grid["from"].clip(lower=start)).dt.total_seconds()
    overlap = overlap.clip(lower=0)
    share = overlap / pd.Timedelta(duration).total_seconds()
    return float((share * energy_kwh * grid["intensity"] / 1000).sum())


def _best_start(job, grid):
    import pandas as pd

    duration = job["end"] - job["start"]
    candidates = grid["from"][grid["from"] + duration <= grid["to"].max()]
    emissions = pd.Series([emissions_if_started(s, duration, job["energy_kWh"], grid)
                           for s in candidates], index=candidates)
    return emissions.idxmin(), emissions.min(), emissions_if_started(
        job["start"], duration, job["energy_kWh"], grid)


def _longest_job(result):
    jobs = result.jobs
    return jobs.loc[(jobs["end"] - jobs["start"]).idxmax()]


@_exercise("5.3", "the start time with the least emissions")
def _check_5_3(answer, **context):
    import pandas as pd

    result, grid = _hpc_result()
    best, _, _ = _best_start(_longest_job(result), grid)
    try:
        value = pd.Timestamp(answer)
    except (TypeError, ValueError):
        raise _Hint("give a time, e.g. \"2024-10-21 03:00\" (UTC) or a Timestamp.") from None
    if value.tzinfo is None:
        value = value.tz_localize("UTC")
    if value != best:
        hours = (value - best) / pd.Timedelta("1h")
        if abs(hours) in (1, 2):  # a time-zone slip: Europe/London was UTC+1 until 27 October
            raise _Hint("close: is your time in UTC? The intensity table is in UTC.")
        raise _Hint("compute emissions_if_started(...) for every candidate start and take the "
                    "index of the smallest (Series.idxmin()).")
    return f"{best:%Y-%m-%d %H:%M} UTC, when the grid is cleanest."


@_exercise("5.4", "the saving of the best start, in %")
def _check_5_4(answer, **context):
    result, grid = _hpc_result()
    _, best, actual = _best_start(_longest_job(result), grid)
    expected = (actual - best) / actual * 100
    value = _number(answer)
    if math.isclose(value, -expected, rel_tol=0.03):
        return f"{expected:.0f} % less (a saving: the sign is a matter of wording)."
    _close(value, expected, rel=0.03, what="your saving",
           unit_hint=" (actual − best) / actual × 100.")
    return (f"{expected:.0f} % less CO2e for the same energy, just by waiting. Real grids vary "
            "more from day to day (wind, sun) than this synthetic daily cycle.")


# ---------------------------------------------------------------------------------------------
# Module 6: your own service (design A = the saas_app template, design B = two changes)

SAAS_TEMPLATE = "saas_app"
B_PAGE_MB = 0.5        # design B's dashboard page (the exercise's specification)
B_EDIT_MIN = 15        # design B's "edit records" step


def _named(system, kind: str, name: str):
    """The object of ``system`` of class ``kind`` called ``name`` (or None)."""
    for obj in system.all_objects():
        if type(obj).__name__ == kind and obj.name == name:
            return obj
    return None


def _page_mb(system) -> float | None:
    page = _named(system, "ServiceJob", "dashboard page")
    return None if page is None else float(page.data_download.value.m_as(_u().MB))


def _edit_min(system) -> float | None:
    step = _named(system, "UsageJourneyStep", "edit records")
    return None if step is None else float(step.user_time_spent.value.m_as(_u().min))


def _design_b(page: bool = True, time: bool = True):
    """The template with design B's changes (both, or one of them)."""
    import footprintlab as fl

    u = _u()
    system = fl.templates.load(SAAS_TEMPLATE)
    if page:
        _named(system, "ServiceJob", "dashboard page").data_download = B_PAGE_MB * u.MB
    if time:
        _named(system, "UsageJourneyStep", "edit records").user_time_spent = B_EDIT_MIN * u.min
    return system


@_exercise("6.1", "design B: a lighter page and a faster form")
def _check_6_1(answer, **context):
    import footprintlab as fl

    a = context.get("a")
    if not hasattr(answer, "usage_patterns"):
        raise _Hint("pass design B itself: check(\"6.1\", design_b, a=design_a).")
    if a is not None and answer is a:
        raise _Hint("design_b is design A under a second name (design_b = design_a copies nothing): "
                    "make it with design_b = fl.templates.load(\"saas_app\"), then change it.")
    template = fl.templates.load(SAAS_TEMPLATE)
    page_a, edit_a = _page_mb(template), _edit_min(template)
    page, edit = _page_mb(answer), _edit_min(answer)
    if page is None or edit is None:
        raise _Hint("design B has no \"dashboard page\" job or no \"edit records\" step: "
                    "did you start from fl.templates.load(\"saas_app\")?")
    if a is not None and hasattr(a, "usage_patterns") and (
            not math.isclose(_page_mb(a) or 0, page_a) or not math.isclose(_edit_min(a) or 0, edit_a)):
        raise _Hint("design A has changed too: only design B should. Run the cell that loads "
                    "design A again, then this one.")
    if math.isclose(page, page_a):
        raise _Hint(f"the dashboard page still downloads {page_a:g} MB; design B's weighs "
                    f"{B_PAGE_MB:g} MB: jobs_b[\"dashboard page\"].data_download = {B_PAGE_MB:g} * u.MB")
    if not math.isclose(page, B_PAGE_MB, rel_tol=1e-6):
        slip = " (check the unit: u.MB)" if math.isclose(page, B_PAGE_MB * 1000, rel_tol=1e-6) or \
            math.isclose(page, B_PAGE_MB / 1000, rel_tol=1e-6) else ""
        raise _Hint(f"design B's dashboard page should download {B_PAGE_MB:g} MB; it downloads "
                    f"{page:g} MB{slip}.")
    if math.isclose(edit, edit_a):
        raise _Hint(f"the \"edit records\" step still lasts {edit_a:g} minutes; design B's lasts "
                    f"{B_EDIT_MIN:g}: steps_b[\"edit records\"].user_time_spent = {B_EDIT_MIN:g} * u.min")
    if not math.isclose(edit, B_EDIT_MIN, rel_tol=1e-6):
        raise _Hint(f"the \"edit records\" step should last {B_EDIT_MIN:g} minutes (u.min); it lasts "
                    f"{edit:g} minutes.")
    return "design B is ready, and design A is untouched. Now compare them."


@_exercise("6.2", "the change of the total with design B, in %")
def _check_6_2(answer, **context):
    import footprintlab as fl

    a, b = context.get("a"), context.get("b")
    if not (hasattr(a, "usage_patterns") and hasattr(b, "usage_patterns")):
        raise _Hint("add a=design_a, b=design_b to the check(...) call.")
    total = fl.compare(a, b).total
    if total["relative"] is None:
        raise _Hint("design A's total is 0: reload it.")
    expected = total["relative"] * 100
    if not expected:
        raise _Hint("design B is the same as design A: do exercise 6.1 first.")
    value = _number(answer)
    for kg, what in ((total["delta"], "kg"), (total["delta"] / 1000, "t")):
        if math.isclose(abs(value), abs(kg), rel_tol=0.02):
            raise _Hint(f"that is the difference in {what} CO2e; the question asks a percentage: "
                        "comparison.total[\"relative\"] × 100.")
    if math.isclose(value, -expected, rel_tol=0.03):
        return f"{expected:+.0f} % (a fall; the sign is a matter of wording)."
    _close(value, expected, rel=0.03, what="your percentage",
           unit_hint=" (B − A) / A × 100, i.e. comparison.total[\"relative\"] × 100.")
    return f"design B emits {abs(expected):.0f} % {'less' if expected < 0 else 'more'} than design A."


_PAGE_WORDS = ("page", "data", "download", "mb", "network", "light", "weight")
_TIME_WORDS = ("time", "minute", "min", "edit", "step", "form", "faster", "device", "session", "short")


@_exercise("6.3", "which change saved more: the page or the time?")
def _check_6_3(answer, **context):
    import footprintlab as fl

    u = _u()
    text = _text(answer).casefold()
    said_page = any(word in text for word in _PAGE_WORDS)
    said_time = any(word in text for word in _TIME_WORDS)
    if said_page == said_time:
        raise _Hint("answer \"page\" (the lighter dashboard page) or \"time\" (the shorter "
                    "editing step).")
    template = fl.templates.load(SAAS_TEMPLATE).total_footprint.m_as(u.kg)
    page_saving = template - _design_b(page=True, time=False).total_footprint.m_as(u.kg)
    time_saving = template - _design_b(page=False, time=True).total_footprint.m_as(u.kg)
    expected = "page" if page_saving > time_saving else "time"
    small, large = sorted((page_saving, time_saving))
    if (said_page and expected == "time") or (said_time and expected == "page"):
        raise _Hint("look at comparison.by_object(): the network carries the page's data, the "
                    "devices are charged per minute people spend on the service. Which row "
                    "moved more?")
    times = f": {large / small:,.0f} times more" if small > 0 else ""
    return (f"the {'shorter time' if expected == 'time' else 'lighter page'} saves about "
            f"{large:,.0f} kg CO2e a year, the other about {small:,.0f} kg{times}.")
