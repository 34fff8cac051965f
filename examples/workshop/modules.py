"""The six modules' cells (see make_notebooks.py): ("md", text), ("code", text),
("ex", learner_code, solution_code), ("teacher", text)."""
# ruff: noqa: E501

M1 = [
("md", """
# Module 1 — What makes the footprint of a digital service

*About 30 minutes. Run each code cell with **Shift + Enter**, read the text between them, and
answer the exercises in the cells marked **Exercise**.*

**By the end of this module you can:**
1. name the four parts of a digital service's footprint: the users' **devices**, the **network**,
   the **servers** and the **storage**;
2. tell the **fabrication** footprint (making the hardware) from the **energy** footprint
   (running it);
3. say why the model works **hour by hour**;
4. find **where a default number comes from**;
5. turn a total into **everyday equivalents** (km by car, phone charges).

We model one service: a video streaming platform used by French households for three years.
"""),
("md", """
## Two words first: CO2e and "footprint"

Greenhouse gases are many (CO2, methane, ...). Their warming effect is added up in
**kilograms of CO2-equivalent (kg CO2e)**: 1 kg CO2e warms the climate as much as 1 kg of CO2.

Every piece of hardware has two kinds of footprint:

| | what it is | example |
|---|---|---|
| **fabrication** (also called **embodied**) | the emissions of *making* the hardware: mining the metals, making the chips, assembling, shipping, and its end of life. They happen **before the device is ever switched on**. | making a laptop: about 156 kg CO2e |
| **energy** (also called **use** or **operational**) | the electricity the hardware uses while it runs, times how much CO2e the grid emits per kWh (its **carbon intensity**) | a 50 W laptop for one hour in France: 0.05 kWh × 56 g/kWh ≈ 3 g |

A service does not "own" a laptop: it uses it for some minutes. So the model charges the service
the **share** of the laptop's fabrication that matches the time it is used for the service. We
will see this below.
"""),
("code", """
import footprintlab as fl
from footprintlab import Countries, Sources, SourceValue, u
from footprintlab.model.quickstart import hourly_starts
from footprintlab.workshop import check, describe

print("footprintlab", fl.__version__)
"""),
("md", """
## Step 1 — The data centre: storage and a server

We build the model one object at a time. Each value has a **unit** (`u.kg`, `u.W`, `u.year`...),
and footprintlab refuses a value in the wrong unit. Read the comments: every input is a question
you would ask about a real data centre.

`SourceValue(value, Sources.HYPOTHESIS)` attaches a source to a value (here: "this is a
hypothesis"); a plain value like `1.3 * u.W` is recorded as a user input.

First the **storage**, the disks that keep the videos.
"""),
("code", """
storage = fl.Storage(
    "SSD storage",
    carbon_footprint_fabrication=SourceValue(160 * u.kg, Sources.HYPOTHESIS),  # making one 1 TB SSD
    power=1.3 * u.W, idle_power=0 * u.W,           # electricity of one disk, busy and idle
    lifespan=6 * u.year,                           # kept 6 years, then replaced
    storage_capacity=1 * u.TB,                     # one disk holds 1 TB
    power_usage_effectiveness=1.2,                 # PUE: the data centre uses 20 % more (cooling, ...)
    average_carbon_intensity=100 * u.g / u.kWh,    # g CO2e per kWh of the data centre's electricity
    data_replication_factor=3,                     # every video is stored 3 times (safety)
    data_storage_duration=2 * u.year,              # uploaded videos are kept 2 years
    base_storage_need=100 * u.TB,                  # the catalogue that exists from day one
)
"""),
("md", """
Then the **server**, the computer that answers requests. This one is *autoscaling*: the cloud
adds or removes server instances hour by hour to follow the number of viewers.
"""),
("code", """
server = fl.Server(
    "server", server_type="autoscaling",
    carbon_footprint_fabrication=600 * u.kg,       # making one server
    power=300 * u.W, idle_power=50 * u.W,          # electricity at full load and when idle
    lifespan=6 * u.year,
    ram=128 * u.GB, compute=24 * u.cpu_core,       # what one instance offers
    utilization_rate=0.9,                          # instances are filled up to 90 %
    base_ram_consumption=300 * u.MB, base_compute_consumption=2 * u.cpu_core,  # the operating system
    power_usage_effectiveness=1.2, average_carbon_intensity=100 * u.g / u.kWh,
    storage=storage,                               # where this server keeps its data
)
"""),
("md", """
## Step 2 — What the service does: jobs

A **job** is one piece of work the server does for a user: send a video, receive an upload.
It says how much data goes down (`data_download`) and up (`data_upload`), what is stored, and
how much CPU and memory the server needs for how long.
"""),
("code", """
streaming = fl.Job("streaming", server=server,
                   data_download=800 * u.MB,       # 20 minutes of video
                   data_upload=0.05 * u.MB, data_stored=0.05 * u.MB,
                   request_duration=4 * u.min, compute_needed=1 * u.cpu_core, ram_needed=50 * u.MB)
upload = fl.Job("video upload", server=server,
                data_download=0 * u.MB, data_upload=20 * u.MB, data_stored=20 * u.MB,
                request_duration=2 * u.s, compute_needed=1 * u.cpu_core, ram_needed=50 * u.MB)
"""),
("md", """
## Step 3 — What the user does: a journey made of steps

A **usage journey** is what one user does in one session; each **step** takes some of the user's
time and triggers jobs. Here: watch for 20 minutes, then record and upload a short video.
"""),
("code", """
watch = fl.UsageJourneyStep("20 min streaming", user_time_spent=20 * u.min, jobs=[streaming])
capture = fl.UsageJourneyStep("70 s capture and upload", user_time_spent=70 * u.s, jobs=[upload])
journey = fl.UsageJourney("Mean video consumption", steps=[watch, capture])
"""),
("md", """
## Step 4 — Who, where, how often: the usage pattern

The **usage pattern** says which **devices** people use (a laptop), over which **network**
(wifi), in which **country** (France: its grid's carbon intensity), and **how many journeys start
each hour**. That last input is a series of 26,280 hourly values (3 years × 365 days × 24 h).
"""),
("code", """
starts = hourly_starts()   # growth from 5,000 to 100,000 per hour over 3 years, seasons, and a daily rhythm
pattern = fl.UsagePattern(
    "Daily video streaming", usage_journey=journey,
    devices=[fl.Device.laptop()], network=fl.Network.wifi(), country=Countries.FRANCE(),
    hourly_usage_journey_starts=starts)
system = fl.System("Video streaming", usage_patterns=[pattern])

first_day = pattern.hourly_usage_journey_starts.to_pandas().iloc[:24]
first_day.round(0)   # journeys starting in each hour of the first day (local time)
"""),
("md", """
Read the first day: few sessions at 4 am, many in the evening. This is **why the model is
hourly**: the servers must be sized for the busiest hour, devices and network work when people
watch, and the grid's carbon intensity can change by the hour too. A yearly average would hide
all of that.

## Step 5 — The footprint

`system.total_footprint` is the whole service over the three years, in kg CO2e (printed as
`1.205e+07 kg`: 1.205 × 10⁷ kg, that is 12 million kg or 12,000 tonnes). `footprints_by_category()`
splits it into the four parts and the two phases, in kg; we divide by 1,000 to read tonnes.
"""),
("code", """
print(system.total_footprint, "=", f"{system.total_footprint.m_as(u.t):,.0f} t CO2e over 3 years")
(system.footprints_by_category() / 1000).round(1)   # tonnes CO2e
"""),
("md", """
Where is the footprint? Look at the **total** column, then at **fabrication** against
**energy** in each row. The same table as a chart (hover a bar to see its objects; in a
notebook without widgets this line just shows a text placeholder):
"""),
("code", """
from footprintlab.widgets import FootprintBreakdown, HourlyChart

FootprintBreakdown(system)
"""),
("ex", """
# Exercise 1.1 — Which category has the largest total footprint,
# and is that category's footprint mostly "fabrication" or "energy"?
# Write a tuple of two names, e.g. answer = ("Servers", "energy")
answer = ...
check("1.1", answer, system=system)
""", """
# Exercise 1.1 — Which category has the largest total footprint,
# and is that category's footprint mostly "fabrication" or "energy"?
table = system.footprints_by_category()
print(table)
answer = ("Devices", "fabrication")
check("1.1", answer, system=system)
"""),
("md", """
### Why does the laptop's *fabrication* weigh so much?

A laptop emits about 156 kg CO2e to be made, and lasts 6 years at 7 hours of use a day. The
model shares those 156 kg over all its hours of use, so each hour of use carries:
"""),
("code", """
laptop = pattern.devices[0]
hours_of_use = laptop.lifespan.value.m_as(u.day) * laptop.fraction_of_usage_time.value.m_as(u.h / u.day)
per_hour_g = laptop.carbon_footprint_fabrication.value.m_as(u.g) / hours_of_use
print(f"{hours_of_use:,.0f} hours of use in its life -> {per_hour_g:.1f} g CO2e of fabrication per hour of use")
print(f"its electricity for one hour in France: {0.05 * 56:.1f} g CO2e (50 W x 1 h x 56 g/kWh)")
"""),
("md", """
Making the laptop weighs about three times more per hour than powering it in France, where
electricity is low-carbon. This is the **embodied footprint**, and it is the reason why keeping
devices longer is one of the strongest levers (module 2).

## Why hourly, again: the servers

The server is *autoscaling*: the number of instances follows the viewers. The chart shows it
hour by hour over three years (drawn as a daily band; zoom in for hours).
"""),
("code", """
HourlyChart((server, "nb_of_instances"), title="server instances running")
"""),
("ex", """
# Exercise 1.2 — At the busiest hour of the three years, how many server instances run?
# Hint: server.nb_of_instances is an hourly value; it has .max() and .to_pandas()
answer = ...
check("1.2", answer, system=system)
""", """
# Exercise 1.2 — At the busiest hour of the three years, how many server instances run?
print(server.nb_of_instances.max())
answer = server.nb_of_instances.max().magnitude
check("1.2", answer, system=system)
"""),
("md", """
## Where do the numbers come from?

Every input carries its **source**: a user input, a hypothesis, or a published reference. The
laptop came with default values. `print(...)` lists an object's inputs with their source in
`[brackets]`, then what the model calculated from them.
"""),
("code", """
print(laptop)
"""),
("ex", """
# Exercise 1.3 — Where does the laptop's carbon_footprint_fabrication (156 kg) come from?
# Copy the name of its source (its first words are enough), as text in quotes.
answer = ...
check("1.3", answer, system=system)
""", """
# Exercise 1.3 — Where does the laptop's carbon_footprint_fabrication (156 kg) come from?
print(laptop.carbon_footprint_fabrication.source)
answer = "ADEME Base Empreinte"
check("1.3", answer, system=system)
"""),
("md", """
Every calculated value can also **explain itself**: its formula, then the values of its
parents. Here is the server's energy footprint:
"""),
("code", """
print(server.energy_footprint.explain())
"""),
("md", """
## From tonnes to something we can picture

Thousands of tonnes are hard to picture. `describe(...)` converts a footprint into everyday
equivalents; each factor has a cited source (see `footprintlab.workshop.factors()`). An
equivalent helps to picture an amount; it does not mean the two are interchangeable.
"""),
("code", """
print(describe(system.total_footprint))
"""),
("ex", """
# Exercise 1.4 — What is the footprint of ONE viewing session (one journey), in grams of CO2e?
# The number of sessions over the 3 years is the sum of the hourly starts:
sessions = pattern.hourly_usage_journey_starts.sum().magnitude
answer = ...   # in g CO2e per session
check("1.4", answer, system=system)
""", """
# Exercise 1.4 — What is the footprint of ONE viewing session (one journey), in grams of CO2e?
sessions = pattern.hourly_usage_journey_starts.sum().magnitude
answer = system.total_footprint.m_as(u.g) / sessions
print(f"{answer:.1f} g CO2e per session")
print(describe(answer / 1000))   # describe() takes kg
check("1.4", answer, system=system)
"""),
("md", """
## What to remember

- A digital service's footprint sits in **devices, network, servers and storage**.
- **Fabrication (embodied)** emissions happen before anything is switched on; the model charges
  each service its share of the hardware's life. **Energy** is kWh × the grid's g CO2e/kWh.
- The model is **hourly** because use, server sizing and grids change by the hour.
- Every number has a **source**; ask for it. Every result can **explain** itself.

Next: module 2, *What if?* — which inputs matter most.
"""),
("teacher", """
timing: 5 min on the two-words table (draw it on the board), 10 min building the model, 10
min on results and exercises, 5 min discussion. Expected answers: 1.1 ("Devices",
"fabrication"); 1.2 633; 1.3 "ADEME Base Empreinte"; 1.4 about 8.7 g. Ask the room: *"a
service does not own the laptop: is it fair to charge it a share of the laptop's fabrication?"*
"""),
]

M2 = [
("md", """
# Module 2 — What if? Which inputs matter, and why

*About 30 minutes.*

**By the end of this module you can:**
1. change an input and **read the difference** it makes (the *diff*);
2. compare three levers: **lower video quality**, **servers in another country**, **devices
   kept longer**;
3. explain *why* a lever matters or not, from **where the footprint sits**.

We start from the model of module 1; `fl.quickstart()` builds exactly that model in one line.
"""),
("code", """
import footprintlab as fl
from footprintlab import Countries, u
from footprintlab.widgets import DiffChart, Editor, FootprintBreakdown
from footprintlab.workshop import check

system = fl.quickstart()               # module 1's model: video streaming in France, 3 years
streaming = system.jobs()[0]           # the "streaming" job
server = system.servers()[0]
storage = system.storages()[0]
laptop = system.devices()[0]

before = system.total_footprint.m_as(u.kg)
print(f"total before any change: {before / 1000:,.0f} t CO2e")
"""),
("md", """
## The editor and the charts

The **Editor** is a form for one object: change a value (type it, or use the slider) and every
chart below follows. The source of each value is shown as a badge. Try a few values, then come
back to the code. (Without a live notebook frontend the widgets show as text: the code cells
still work.)
"""),
("code", """
Editor(streaming, system)
"""),
("code", """
breakdown = FootprintBreakdown(system)   # the footprint per category, fabrication and energy
diff_chart = DiffChart(system)           # the effect of the LAST change, per category
breakdown
"""),
("code", """
diff_chart
"""),
("md", """
## Lever 1 — halve the video quality

Lower quality means fewer bytes per session. We set the streaming job's download from 800 MB to
400 MB and read the **diff**: the table of each category × phase before and after the change,
and the `delta`.
"""),
("code", """
streaming.data_download = 400 * u.MB
diff = system.diff()
print(diff.attrs["label"])
diff.round(0)
"""),
("ex", """
# Exercise 2.1 — By what percentage did the TOTAL footprint change?
# (after - before) / before * 100; a fall is negative.
after = system.total_footprint.m_as(u.kg)
answer = ...
check("2.1", answer)
""", """
# Exercise 2.1 — By what percentage did the TOTAL footprint change?
after = system.total_footprint.m_as(u.kg)
answer = (after - before) / before * 100
print(f"{answer:.1f} %")
check("2.1", answer)
"""),
("md", """
Only the **network's energy** changed: the network's electricity is counted per GB carried, so
half the data is half its energy. The devices still play the video for 20 minutes, and the
servers do the same work. Put the value back before the next lever:
"""),
("code", """
streaming.data_download = 800 * u.MB
print(system.diff().attrs["label"])
"""),
("md", """
## Lever 2 — move the servers to another country

The data centre's electricity has a **carbon intensity**, in g CO2e per kWh. France's grid is
mostly nuclear and hydro (about 56 g/kWh); Germany's still burns coal and gas (about 380
g/kWh). Our model's data centre is at 100 g/kWh. What if it moved to Germany?
"""),
("code", """
germany = Countries.GERMANY().average_carbon_intensity.value
print("Germany:", germany, "| our server now:", server.average_carbon_intensity.value)
"""),
("ex", """
# Exercise 2.2 — Move the data centre to Germany: give the server AND the storage
# Germany's carbon intensity (remove the # and replace the ...).
# server.average_carbon_intensity = ...
# storage.average_carbon_intensity = ...
check("2.2", system)
system.diff().round(0)
""", """
# Exercise 2.2 — Move the data centre to Germany: give the server AND the storage
# Germany's carbon intensity.
server.average_carbon_intensity = germany
storage.average_carbon_intensity = germany
check("2.2", system)
system.diff().round(0)
"""),
("md", """
The servers' and storage's **energy** grew several times over, yet the total moved much less:
servers and storage are a small part of this service's footprint. Their **fabrication** did not
change at all: a server emits the same to be made wherever it runs. Put it back:
"""),
("code", """
server.average_carbon_intensity = 100 * u.g / u.kWh
storage.average_carbon_intensity = 100 * u.g / u.kWh
"""),
("md", """
## Lever 3 — keep the devices twice as long

In module 1 we saw that each hour of laptop use carries a share of the laptop's fabrication:
156 kg spread over its hours of use. Keep the laptop 12 years instead of 6, and each hour
carries half as much.
"""),
("code", """
devices_fabrication_before = system.footprints_by_category().at["Devices", "fabrication"]
print(f"Devices' fabrication now: {devices_fabrication_before / 1000:,.0f} t CO2e")
"""),
("ex", """
# Exercise 2.3 — Set the laptop's lifespan to 12 years (remove the # and replace the ...),
# then give the percentage change of the Devices' FABRICATION footprint.
# laptop.lifespan = ...
devices_fabrication_after = system.footprints_by_category().at["Devices", "fabrication"]
answer = ...
check("2.3", answer)
""", """
# Exercise 2.3 — Set the laptop's lifespan to 12 years,
# then give the percentage change of the Devices' FABRICATION footprint.
laptop.lifespan = 12 * u.year
devices_fabrication_after = system.footprints_by_category().at["Devices", "fabrication"]
answer = (devices_fabrication_after - devices_fabrication_before) / devices_fabrication_before * 100
print(f"{answer:.0f} %")
check("2.3", answer)
"""),
("md", """
`system.diff(since="start")` compares with the model as it was built, whatever the number of
changes since then:
"""),
("code", """
print(system.diff(since="start").attrs["label"])
system.diff(since="start").round(0)
"""),
("code", """
laptop.lifespan = 6 * u.year   # put it back
"""),
("ex", """
# Exercise 2.4 — Rank the three levers by the size of their effect on the total,
# largest first (a rise and a fall both count by their size).
# Use the names "quality", "country" and "lifespan".
answer = ...
check("2.4", answer)
""", """
# Exercise 2.4 — Rank the three levers by the size of their effect on the total, largest first.
# quality: about -13 %, country (Germany): about +7 %, lifespan: about -21 %
answer = ["lifespan", "quality", "country"]
check("2.4", answer)
"""),
("md", """
## What to remember

- A lever matters in proportion to **the share of the footprint it touches**. Here the devices
  dominate, so keeping devices longer beats moving the servers.
- The **diff** tells you *what* changed and by how much; `explain()` tells you *why*.
- These results belong to **this** service: for a data-heavy backend with few users, the
  ranking would be different. Always look at where the footprint sits first.

Discussion: which of these levers can the *service's designers* pull, and which belong to the
users?
"""),
("teacher", """
timing: 5 min editor play, 20 min levers and exercises, 5 min discussion. The percentages
(about -13 %, +7 %, -21 %) are computed by the checks from the product, so they follow any
change to the defaults. Pitfall: learners forget to put values back; if numbers look odd, run
the notebook again from the top (Kernel → Restart and run all).
"""),
]

M3 = [
("md", """
# Module 3 — Measure your own code

*About 30 minutes.*

**By the end of this module you can:**
1. measure the energy and emissions of a piece of Python code with a **tracker** and with the
   `%%footprint` cell magic;
2. tell a **measured** value (from the processor's energy counters) from an **estimated** one,
   and read which one you got;
3. compare two algorithms for the same task, and **scale** a tiny per-call number to a service.

No administrator rights are needed: when the machine's energy counters cannot be read, the
tracker estimates, and says so.
"""),
("code", """
import random

import footprintlab as fl
from footprintlab.workshop import check

random.seed(1)
a = random.sample(range(1_000_000), 4_000)   # two lists of 4,000 numbers
b = random.sample(range(1_000_000), 4_000)
"""),
("md", """
## Two ways to do the same thing

Find the numbers that are in both lists. The first version checks each number of `a` against
the whole **list** `b` (16 million comparisons). The second first turns `b` into a **set**,
where looking a number up is a single step.
"""),
("code", """
def common_with_list(a, b):
    return [x for x in a if x in b]


def common_with_set(a, b):
    b_set = set(b)
    return [x for x in a if x in b_set]


assert common_with_list(a, b) == common_with_set(a, b)   # same answer
"""),
("md", """
## Measuring with a tracker

`fl.measure.track(...)` measures what runs inside its `with` block. `country=` sets the grid's
carbon intensity used to turn energy (kWh) into emissions (g CO2e). `t.last` is the measurement.
"""),
("code", """
with fl.measure.track("list version", country="FRA") as t:
    common_with_list(a, b)
list_run = t.last

with fl.measure.track("set version", country="FRA") as t:
    common_with_set(a, b)
set_run = t.last

print(list_run.summary())
print()
print(set_run.summary())
"""),
("md", """
Read a summary from the top: duration, average power (W), energy (Wh), emissions (g CO2e), and
whether it was **[estimated]**. Then one line per component (cpu, ram, gpu) says *how* its energy
was obtained:

- **rapl**: the processor's own energy counters (Intel/AMD "RAPL"), read from Linux. A
  measurement of the whole processor, shared out to your program by its CPU time. Many Linux
  machines only let the administrator read them: then the tracker falls back to…
- **estimated**: your program's CPU time × the processor's power per thread (from a table of
  processors; 4 W per thread if the processor is not in it), and memory × 0.375 W per GB.
- **nvml**: an NVIDIA GPU's own counter, when there is one.
"""),
("ex", """
# Exercise 3.1 — Which version used less energy: "list" or "set"?
# (compare list_run.energy_wh and set_run.energy_wh)
answer = ...
check("3.1", answer, list_run=list_run, set_run=set_run)
""", """
# Exercise 3.1 — Which version used less energy: "list" or "set"?
print(list_run.energy_wh, set_run.energy_wh)
answer = "set"
check("3.1", answer, list_run=list_run, set_run=set_run)
"""),
("ex", """
# Exercise 3.2 — On this machine, was the list version's energy "measured" or "estimated"?
print(list_run.methods)
answer = ...
check("3.2", answer, run=list_run)
""", """
# Exercise 3.2 — On this machine, was the list version's energy "measured" or "estimated"?
print(list_run.methods)
answer = "estimated" if list_run.estimated else "measured"
check("3.2", answer, run=list_run)
"""),
("md", """
## The `%%footprint` cell magic

In a notebook, the quickest way: load the extension once, then start a cell with
`%%footprint`. A small live meter shows time, watts, Wh and g CO2e while the cell runs; without
a live frontend the summary is printed.
"""),
("code", """
%load_ext footprintlab
"""),
("code", """
%%footprint --country FRA --project "list version, magic"
common_with_list(a, b)
"""),
("code", """
fl.measure.runs()[["project_name", "duration", "energy_consumed", "emissions", "estimated"]]
"""),
("md", """
`fl.measure.runs()` is a table of this session's runs (energy in kWh, emissions in kg), with
CodeCarbon's column names: `fl.measure.Tracker(..., output="emissions.csv")` appends them to a
CSV file that CodeCarbon's tools can read too.

## From one call to a service

One call costs next to nothing. A service calls the same code a million times a day, every day,
on a server in some country. Multiply:
*energy per call (kWh) × calls per day × days × grid intensity (kg CO2e per kWh)*.
"""),
("code", """
poland = fl.Countries.POLAND().average_carbon_intensity.value
print("Poland:", poland, "| France:", fl.Countries.FRANCE().average_carbon_intensity.value)
print(f"list version, one call: {list_run.energy_kwh:.2e} kWh")
"""),
("ex", """
# Exercise 3.3 — The list version runs 1,000,000 times a day for 365 days on servers in Poland.
# How many kg CO2e a year? (poland.m_as(fl.u.kg / fl.u.kWh) gives kg per kWh)
answer = ...
check("3.3", answer, run=list_run)
""", """
# Exercise 3.3 — The list version runs 1,000,000 times a day for 365 days on servers in Poland.
answer = list_run.energy_kwh * 1_000_000 * 365 * poland.m_as(fl.u.kg / fl.u.kWh)
print(f"{answer:,.1f} kg CO2e a year")
check("3.3", answer, run=list_run)
"""),
("md", """
## What to remember

- Measure before optimising; **the algorithm** is usually the biggest lever in code.
- Every measurement says **how** it was made. An **estimate** is good for comparing two
  versions on the same machine; it is rough in absolute terms. A short run is noisy: measure
  several times, or a longer workload.
- The same code emits about **12 times more** on Poland's grid than on France's.
- Turning a measurement into a model job: `fl.measure.to_job(list_run, data_download="1 MB")`
  gives a `Job` for module 1's kind of model.

Discussion: what would you need to measure the *whole* cost of a web request (network, the
user's device, the database)?
"""),
("teacher", """
timing: 10 min trackers, 10 min magic and methods, 10 min scaling. Pitfall: on a shared
JupyterHub, other users' load does not enter the default `mode="process"` (only this process's
CPU time); `mode="machine"` would count it. Measurements of a 1 ms function are mostly noise:
say so. RAPL needs read access to /sys/class/powercap (root on most distributions since 2020):
in the room, most learners will see "estimated".
"""),
]

M4 = [
("md", """
# Module 4 — An on-premise fleet

*About 30 minutes.*

**By the end of this module you can:**
1. read an **inventory** of machines in Cloud Carbon Footprint's CSV format;
2. use the **validation report** to find and fix faulty cells;
3. spot the **fallbacks** (the values the method had to assume) in the result;
4. compare **embodied** and **operational** carbon, and say **where** a fleet's footprint sits.

Cloud Carbon Footprint (CCF) is an open-source tool that estimates the footprint of cloud and
on-premise machines. footprintlab reads its on-premise format and reproduces its numbers.
"""),
("code", """
import footprintlab as fl
import pandas as pd
from footprintlab.workshop import check

pd.set_option("display.max_columns", 30)
fleet_path = fl.examples.path("fleet.csv")     # a sample inventory shipped with footprintlab
pd.read_csv(fleet_path)
"""),
("md", """
Ten machines: web and database servers in France, batch servers in Germany, old servers in
Texas, two laptops in the UK and a desktop in India. The columns say what each machine is
(`cpuDescription`, `memory` in GB, `machineType`), where it runs (`country`, `region`), how busy
it is (`cpuUtilization`, %), the data centre's overhead (`powerUsageEffectiveness`, PUE) and how
many hours it is on (`dailyUptime`, ... `annualUptime`). *The same files are in the `data/`
folder next to this notebook if you copied the workshop with `footprintlab workshop`.*

## A faulty inventory: the validation report

Real inventories come from spreadsheets and have mistakes. The validation report lists every
problem at once, with its row, column, value and what was expected.
"""),
("code", """
errors_path = fl.examples.path("fleet_with_errors.csv")
print(fl.onprem.validate(errors_path).summary())
"""),
("code", """
faulty = pd.read_csv(errors_path)
faulty
"""),
("md", """
The report counts machines from 1 (the header line is not counted), pandas from 0: report
row 4 is `faulty.loc[3]`. Fix a cell with `faulty.loc[index, "column"] = value`. Because of
the faulty `128 GB`, pandas read the whole `memory` column as text: write the fixed memory as
text too, e.g. `"64"`.
"""),
("ex", """
# Exercise 4.1 — Fix the three faulty cells in `faulty`, then check.
# Sensible values: the memory as a plain number of GB; a CPU utilization between 0 and 100;
# a start date that exists (the year's first day is fine).
# faulty.loc[..., "memory"] = ...
check("4.1", faulty)
""", """
# Exercise 4.1 — Fix the three faulty cells in `faulty`, then check.
faulty.loc[3, "memory"] = "128"
faulty.loc[4, "cpuUtilization"] = 50
faulty.loc[4, "startTime"] = "2024-01-01T00:00:00Z"
check("4.1", faulty)
"""),
("md", """
## The estimate, as CCF computes it

For each machine: average power from its processor family (min and max watts, measured by
SPECpower) and its CPU utilization, plus memory, times the uptime, times the PUE: that is
**kWh**. Times the country's **emission factor**: that is **CO2e**. Careful: CCF's CO2e columns
are in **metric tonnes** (`annualCo2e` = t CO2e per year).
"""),
("code", """
table = fl.onprem.estimate(fleet_path)
table[["machineName", "country", "processorFamily", "averageWatts", "annualKilowattHours",
       "emissionFactor", "annualCo2e"]]
"""),
("ex", """
# Exercise 4.2 — Which machine emits the most CO2e per year? (its machineName)
answer = ...
check("4.2", answer)
""", """
# Exercise 4.2 — Which machine emits the most CO2e per year? (its machineName)
answer = table.sort_values("annualCo2e", ascending=False)["machineName"].iloc[0]
print(answer)
check("4.2", answer)
"""),
("md", """
## Fallbacks: what the method had to assume

Where the inventory says nothing (an empty utilization or PUE), or the processor is unknown, the
method uses a default. Every result row says which ones in `fallbacks` and `...Source` columns.
A number resting on fallbacks deserves less trust than one resting on your data.
"""),
("code", """
table[["machineName", "cpuUtilizationUsed", "cpuUtilizationSource",
       "powerUsageEffectivenessUsed", "powerUsageEffectivenessSource", "fallbacks"]]
"""),
("md", """
## Embodied carbon: making the machines

CCF's default counts electricity only. `ccf_compatible=False` adds **embodied** carbon (the
emissions of manufacturing, shared over the machine's lifespan: 4 years for a server, CCF's
figures) and uses footprintlab's national grid factors. Laptops and desktops have no cited
default here, so their embodied carbon stays empty (`NaN`) and a fallback note says so.
"""),
("code", """
full = fl.onprem.estimate(fleet_path, ccf_compatible=False)
full[["machineName", "machineType", "country", "annualCo2e", "annualEmbodiedCo2e"]]
"""),
("ex", """
# Exercise 4.3 — What percentage of the fleet's yearly footprint is embodied?
# embodied / (embodied + operational) * 100, with the sums of annualEmbodiedCo2e and annualCo2e
answer = ...
check("4.3", answer)
""", """
# Exercise 4.3 — What percentage of the fleet's yearly footprint is embodied?
embodied = full["annualEmbodiedCo2e"].sum()
operational = full["annualCo2e"].sum()
answer = embodied / (embodied + operational) * 100
print(f"{answer:.0f} %")
check("4.3", answer)
"""),
("md", """
## Where does the footprint sit?
"""),
("code", """
by_country = full.groupby("country")[["annualKilowattHours", "annualCo2e", "annualEmbodiedCo2e"]].sum()
by_country.round(3)
"""),
("ex", """
# Exercise 4.4 — In which country (or countries) does embodied carbon outweigh
# electricity (annualEmbodiedCo2e > annualCo2e)? A name, or a list of names.
answer = ...
check("4.4", answer)
""", """
# Exercise 4.4 — In which country (or countries) does embodied carbon outweigh electricity?
answer = list(by_country.index[by_country["annualEmbodiedCo2e"] > by_country["annualCo2e"]])
print(answer)
check("4.4", answer)
"""),
("md", """
## What to remember

- **Validate first**: one faulty cell can silently drop a machine, or add a thousandfold error.
- Read the **fallbacks**: they tell you which numbers rest on defaults, not on your data.
- On a **low-carbon grid** (France), making the machines is most of their footprint: buying
  fewer and keeping them longer beats saving watts. On a **coal-heavy grid**, electricity wins.
- The command line does the same on your own file: `footprintlab onprem inventory.csv`.

Discussion: your organisation's machines — which columns could you fill in today, and which
would be fallbacks?
"""),
("teacher", """
timing: 5 min reading the CSV, 10 min validation exercise, 10 min estimate and fallbacks, 5
min embodied. Pitfalls: report rows (1 = first machine) against pandas indices (0 = first
machine); the memory column read as text because of the faulty cell;
CCF's t CO2e against kg elsewhere. Answers: 4.2 batch-01 (Germany, 80 % CPU); 4.3 about 28 %;
4.4 France.
"""),
]

M5 = [
("md", """
# Module 5 — HPC jobs and the grid

*About 30 minutes.*

**By the end of this module you can:**
1. read a cluster's job list (`sacct`), its nodes' **power samples** and a half-hourly **grid
   carbon intensity**;
2. compute each job's **energy** (kWh) and **emissions** (kg CO2e) from them;
3. find **when** a job would have emitted least: **carbon-aware scheduling**.

The data are **generated** (no real cluster): 40 jobs on 4 nodes over two days, power every 2
minutes, and a daily cycle of grid intensity between about 90 and 230 g/kWh, in the range of
Great Britain's grid.
"""),
("code", """
import footprintlab as fl
import pandas as pd
from footprintlab.workshop import check

ex = fl.examples
jobs = fl.hpc.read_sacct(ex.path("sacct.txt"), timezone="Europe/London")   # Slurm's local times
power = fl.hpc.read_power_csv(ex.path("power.csv"))
grid = fl.hpc.read_intensity_csv(ex.path("intensity.csv"))
jobs[["JobID", "User", "Account", "NodeList", "AllocCPUS", "start", "end"]].head()
"""),
("code", """
print(power.head(), "\\n")
grid[["from", "to", "intensity"]].head()
"""),
("md", """
Three tables:

- **jobs**: who ran what, on which node, with how many CPUs, from when to when (converted to
  UTC: the cluster's clocks are in London time);
- **power**: each node's electricity in watts, every 2 minutes (in real life from the servers'
  management boards, through Prometheus or VictoriaMetrics);
- **grid**: the grid's g CO2e per kWh for each half-hour (in Britain, from the National Energy
  System Operator's Carbon Intensity API).

A job's **energy** is the area under its node's power curve during the job (watts × seconds =
joules), shared between jobs on the same node by allocated CPUs. Its **emissions** add up, for
each half-hour it ran, that half-hour's energy × that half-hour's intensity.
"""),
("code", """
result = fl.hpc.job_footprints(jobs, power, grid, fallback="GB")
result.jobs[["JobID", "Account", "start", "end", "energy_kWh", "co2e_kg", "intensity_g_per_kwh", "flags"]].head(10)
"""),
("md", """
Each row is one job: its energy, its emissions, and the grid intensity it saw on average. The
`flags` column warns about gaps in the power data. `summarize` adds the jobs up per account (or
per user, per partition):
"""),
("code", """
fl.hpc.summarize(result, "Account")
"""),
("ex", """
# Exercise 5.1 — Which account used the most energy over the two days?
answer = ...
check("5.1", answer)
""", """
# Exercise 5.1 — Which account used the most energy over the two days?
answer = fl.hpc.summarize(result, "Account")["energy_kWh"].idxmax()
print(answer)
check("5.1", answer)
"""),
("md", """
A job's emissions divided by its energy is the **average intensity it saw**, in kg per kWh
(× 1000 for g per kWh). A job that ran through the night saw a cleaner grid than one that ran
in the evening, for the same kWh.
"""),
("ex", """
# Exercise 5.2 — What grid intensity (g CO2e per kWh) did job 1003 see on average?
# Use its co2e_kg and energy_kWh.
job = result.jobs.set_index("JobID").loc["1003"]
answer = ...
check("5.2", answer, job_id="1003")
""", """
# Exercise 5.2 — What grid intensity (g CO2e per kWh) did job 1003 see on average?
job = result.jobs.set_index("JobID").loc["1003"]
answer = job["co2e_kg"] / job["energy_kWh"] * 1000
print(f"{answer:.0f} g/kWh")
check("5.2", answer, job_id="1003")
"""),
("md", """
## Carbon-aware scheduling: when would this job have emitted least?

The grid is cleaner at some hours than others. A job that can wait (a nightly batch, a
training run) could be started when the intensity is lowest. Take the **longest job**, assume it
uses the same energy at a steady power whenever it runs, and try every half-hour start.
"""),
("code", """
longest = result.jobs.loc[(result.jobs["end"] - result.jobs["start"]).idxmax()]
duration = longest["end"] - longest["start"]
print(f"job {longest['JobID']}: {duration}, {longest['energy_kWh']:.2f} kWh, "
      f"actually started {longest['start']:%Y-%m-%d %H:%M} UTC")


def emissions_if_started(start, duration, energy_kwh, grid):
    \"\"\"kg CO2e of a steady job started at `start`: its energy spread evenly over `duration`,
    each half-hour's share times that half-hour's intensity (g/kWh).\"\"\"
    start = pd.Timestamp(start)
    end = start + duration
    overlap = (grid["to"].clip(upper=end) - grid["from"].clip(lower=start)).dt.total_seconds().clip(lower=0)
    share = overlap / duration.total_seconds()
    return float((share * energy_kwh * grid["intensity"] / 1000).sum())


actual = emissions_if_started(longest["start"], duration, longest["energy_kWh"], grid)
print(f"at its real start: {actual:.3f} kg CO2e")
"""),
("md", """
The candidate starts are the beginnings of the half-hours, as long as the job still ends within
the intensity table.
"""),
("code", """
candidates = grid["from"][grid["from"] + duration <= grid["to"].max()]
print(len(candidates), "possible starts, from", candidates.iloc[0], "to", candidates.iloc[-1])
"""),
("ex", """
# Exercise 5.3 — Compute emissions_if_started(...) for every candidate start and find the
# start with the least emissions (a Timestamp, UTC). Hint: build a pandas Series indexed by
# start, then .idxmin()
answer = ...
check("5.3", answer)
""", """
# Exercise 5.3 — Compute emissions_if_started(...) for every candidate start and find the best.
by_start = pd.Series([emissions_if_started(s, duration, longest["energy_kWh"], grid) for s in candidates],
                     index=candidates)
answer = by_start.idxmin()
print(answer, f"{by_start.min():.3f} kg CO2e")
check("5.3", answer)
"""),
("ex", """
# Exercise 5.4 — How much less would it have emitted, in % of its actual emissions?
# (actual - best) / actual * 100
answer = ...
check("5.4", answer)
""", """
# Exercise 5.4 — How much less would it have emitted, in % of its actual emissions?
answer = (actual - by_start.min()) / actual * 100
print(f"{answer:.0f} % less")
check("5.4", answer)
"""),
("md", """
## What to remember

- Energy comes from **measured power**; emissions need **when** it was used, not just how much.
- Shifting flexible work in time changes nothing in the energy, and can cut emissions a lot
  where the grid's intensity varies (wind, sun, evening peaks).
- Limits: a job that waits delays its users; if everyone moves to the same clean hours, they
  are no longer clean; and this synthetic daily cycle is more regular than a real grid.
- On a real cluster: `footprintlab hpc sacct.txt --power http://victoria-metrics:8428 --intensity gb-api`.

Discussion: which jobs on your cluster could wait a few hours, and who would decide?
"""),
("teacher", """
timing: 10 min reading the three tables (draw a power curve and a job on the board), 10 min
footprints and exercises 5.1–5.2, 10 min carbon-aware. Pitfall: time zones — the jobs are
read in Europe/London and shown in UTC, the grid table is in UTC; answers to 5.3 in London time
are one hour off before 27 October (the check says so).
"""),
]

M6 = [
("md", """
# Module 6 — Your own service

*About 30 minutes, with 5 minutes to present.*

**By the end of this module you can:**
1. start from a **template**: a ready-made model of a typical service, with a source for every
   number;
2. make a **design B** of it and **compare** it with design A (`fl.compare`, `CompareView`);
3. say **which change** made the difference, and **why**;
4. **present** a result in three sentences, with everyday equivalents.

Two words from module 1, because everything below rests on them. Every piece of hardware has a
**fabrication** footprint (also called **embodied**: the emissions of *making* it, before it is
ever switched on) and an **energy** footprint (its electricity × the grid's g CO2e per kWh). A
service does not own its users' laptops: it is charged the **share** of their fabrication and
electricity that matches the **minutes people spend on the service**.
"""),
("md", """
## A template: a whole service in one line

Building a model object by object, as in module 1, takes an hour. A **template** is a complete
model of a typical service that you then change into yours. footprintlab ships four:
"""),
("code", """
import footprintlab as fl
from footprintlab import u
from footprintlab.widgets import CompareView
from footprintlab.workshop import check, describe, outline, sessions

for name, what in fl.templates.describe().items():
    print(f"{name:15} {what}")
"""),
("md", """
We start from `saas_app`: a business web application (think of an invoicing tool or a customer
database) that office workers use on weekdays, over one year (2025). `outline(...)` shows what
the model is made of:

- the **usage pattern**: who uses it, where (the country sets the grid's intensity), on which
  **devices** and over which **network**, and how many sessions start;
- the **journey**: what one session does, as **steps** that each last some minutes;
- the **jobs**: what each step asks of the servers, and how many MB travel over the network.
"""),
("code", """
design_a = fl.templates.load("saas_app")
print(outline(design_a))
"""),
("md", """
Each number has a **source**. Those the template had to make up (how many sessions, how many
minutes) are marked *hypothesis*: they are the ones to replace with what you know. Two examples:
"""),
("code", """
jobs_a = {job.name: job for job in design_a.jobs()}   # the jobs by name
for name in ("dashboard page", "API call"):
    download = jobs_a[name].data_download
    print(f"{name}: {download.value} downloaded; source: {download.source.name}")
"""),
("md", """
## Where does design A's footprint sit?

One row per part of the service, in kg CO2e over the year, split into fabrication and energy:
"""),
("code", """
print(f"design A: {design_a.total_footprint.m_as(u.t):,.1f} t CO2e in 2025, "
      f"{design_a.total_footprint.m_as(u.g) / sessions(design_a):.1f} g CO2e per working session")
design_a.footprints_by_category().round(0)
"""),
("md", """
Almost everything is in the **Devices**, and mostly their **fabrication**: each 30-minute
session is charged 30 minutes' share of making a laptop and its external screen. The servers
are cloud machines shared by many sessions at once, and barely show.

## Design B: a lighter application

The team proposes two changes:
1. a **lighter dashboard page** — compressed images, less JavaScript: **0.5 MB** instead of
   2.652 MB;
2. a **faster editing form** — fewer screens and clicks: editing records takes **15 minutes**
   instead of 25.

Design B is a **second copy** of the template: we change the copy and leave design A as it is.
(Careful: `design_b = design_a` copies nothing. It gives the *same* model a second name, and
changing "B" would change A too.)
"""),
("code", """
design_b = fl.templates.load("saas_app")     # a second, independent copy
jobs_b = {job.name: job for job in design_b.jobs()}
steps_b = {step.name: step for step in design_b.all_objects() if isinstance(step, fl.UsageJourneyStep)}
print("jobs:", list(jobs_b))
print("steps:", list(steps_b))
"""),
("ex", """
# Exercise 6.1 — Make the two changes in design B. Replace the ... with two lines, each with
# its unit, as in module 2 (there: streaming.data_download = 400 * u.MB):
#   jobs_b["dashboard page"] downloads 0.5 MB        (its input: data_download)
#   steps_b["edit records"] lasts 15 minutes, u.min  (its input: user_time_spent)
...
check("6.1", design_b, a=design_a)
""", """
# Exercise 6.1 — Make the two changes in design B.
jobs_b["dashboard page"].data_download = 0.5 * u.MB
steps_b["edit records"].user_time_spent = 15 * u.min
check("6.1", design_b, a=design_a)
"""),
("md", """
## Compare A and B

`fl.compare(a, b)` computes everything that differs between two models. Printed, it shows:
- first line: both totals and the difference **B − A** (negative: B emits less);
- the same split by category and phase;
- the objects whose footprint changed most;
- the **input differences**: exactly what was changed. Read them first: they tell you whether
  B differs from A in what you meant, and in nothing else.
"""),
("code", """
comparison = fl.compare(design_a, design_b)
print(comparison)
"""),
("md", """
To look rather than read, `CompareView` shows the two breakdowns side by side, B − A per
category and phase (green: B is lower), the footprint per day of both designs, and the input
differences. It is **live**: change design B in a cell and the view follows (try
`steps_b["edit records"].user_time_spent = 5 * u.min`). Without a widget frontend it shows as
text; the printed comparison above holds the same numbers.
"""),
("code", """
CompareView(design_a, design_b)
"""),
("ex", """
# Exercise 6.2 — By what percentage does design B change the total footprint, compared with A?
# comparison.total is a dict: {"a": kg, "b": kg, "delta": B − A in kg, "relative": delta / a}
print(comparison.total)
answer = ...   # in %, e.g. -12.5
check("6.2", answer, a=design_a, b=design_b)
""", """
# Exercise 6.2 — By what percentage does design B change the total footprint, compared with A?
print(comparison.total)
answer = comparison.total["relative"] * 100
print(f"{answer:.1f} %")
check("6.2", answer, a=design_a, b=design_b)
"""),
("md", """
## Which change did it?

Design B made two changes at once. The table per object tells them apart: the **network**
carries the page's megabytes; the **devices** are charged for the minutes people spend in the
application. Columns `a` and `b` are each design's kg CO2e, `delta` is B − A.
"""),
("code", """
comparison.by_object().round(0)
"""),
("ex", """
# Exercise 6.3 — Which change saved more: the lighter "page" or the shorter "time" spent editing?
answer = ...   # "page" or "time"
check("6.3", answer)
""", """
# Exercise 6.3 — Which change saved more: the lighter "page" or the shorter "time" spent editing?
answer = "time"
check("6.3", answer)
"""),
("md", """
Why? The network's electricity is counted per GB carried: two megabytes less per page, a few
times per session, is kilograms over the year, next to tonnes for the devices. The devices'
footprint is charged per minute of use: ten minutes less out of thirty is a third less of the
laptops' and screens' fabrication and electricity.

Two honest caveats to say when you present such a result:
- **Is it a real saving for the planet?** Only if the ten minutes saved mean fewer devices made
  or fewer hours switched on. If people spend them in another application, the laptop is made all
  the same: the model *attributes* less of it to this service.
- **A lighter page is not useless**: it helps people on slow connections and old devices. It is
  just not where *this* service's footprint sits. A video platform is another story: try it.

## Your turn: your own service

Pick the template closest to a service you know, or keep `saas_app`. (`ai_assistant` needs
`pip install "footprintlab[genai]"`; if `load` says so, pick another.) In the cell below:

1. in `my_service()`, change what you know better than the template: it becomes **your
   service** (design A);
2. below it, change **design B only**: the design you think is lighter;
3. run it, read the outline and the comparison, and change again.

Ideas, with the objects of the `ecommerce` template (use `print(outline(...))` to find the
names in yours):
- another country: `system.usage_patterns[0].country = fl.Countries.INDIA()`;
- other devices or network: `system.usage_patterns[0].devices = [fl.Device.laptop()]`,
  `system.usage_patterns[0].network = fl.Network.wifi()`;
- devices kept longer: `system.devices()[0].lifespan = 8 * u.year`;
- more or fewer MB, minutes, jobs: as in exercise 6.1.

Write down *why* you chose each value: those are your hypotheses.
"""),
("code", """
def my_service():
    system = fl.templates.load("ecommerce")   # or "video_platform", "saas_app", "ai_assistant"
    # make it yours here, e.g.
    # system.usage_patterns[0].country = fl.Countries.INDIA()
    return system


mine_a = my_service()   # design A: your service
mine_b = my_service()   # design B: the same service...
# ...with your lighter design: change mine_b here, e.g.
# {job.name: job for job in mine_b.jobs()}["product page"].data_download = 1 * u.MB

print(outline(mine_b))
print()
mine = fl.compare(mine_a, mine_b)
print(mine)
if not mine.input_rows():
    print("(design B is still the same as design A: change mine_b above, then run this cell again)")
"""),
("code", """
CompareView(mine_a, mine_b)
"""),
("code", """
for label, design in (("A", mine_a), ("B", mine_b)):
    print(f"design {label}: {design.total_footprint.m_as(u.t):,.1f} t CO2e a year, "
          f"{design.total_footprint.m_as(u.g) / sessions(design):.2f} g CO2e per session")
print()
print(describe(mine_a.total_footprint))
"""),
("md", """
## Present it (5 minutes for the room)

Three sentences:
1. *Our service* … emits about … g CO2e per session, … t a year: as much as … km by car.
2. Most of it is in … (devices / network / servers / storage), mostly … (fabrication / energy).
3. Design B … saves … %, because … .

Add one thing you are *not* sure about (an input you guessed), and how you would find it out.

To explore it in the full app, save it and open it in the Explorer:
`mine_b.to_json("mine_b.json")`, then in a terminal `footprintlab app mine_b.json`.
"""),
("md", """
## What to remember from the workshop

- Look at **where the footprint sits** before choosing what to change.
- **Embodied** (fabrication) emissions are often the largest part: devices kept longer, fewer
  machines and less time on screen are strong levers.
- **Energy** emissions depend on **where** and **when**: the grid's intensity.
- **Measure** your code; compare versions; scale by use.
- A template is a **starting point**, not an answer. Every number needs a **source**, and every
  model is a set of **hypotheses** to state.
"""),
("teacher", """
timing: 5 min templates and the outline, 5 min where A's footprint sits, 10 min design B,
the comparison and exercises 6.1–6.3, 5 min own service (groups of 2–3; fast groups take longer
and present), 5 min presentations (2–3 groups). Expected answers: 6.1 the two lines; 6.2 about
−33 %; 6.3 "time" (the checks compute both from the template). Pitfalls: `design_b = design_a`
(the check says so); forgetting the unit (`= 0.5` is refused by the model: the error names the
unit it wants); a comparison of two identical models (no input differences: design B was not
changed). Discuss: is a faster form a real saving, or only a smaller share attributed to the
service?
"""),
]

MODULES = {
    "01-what-makes-the-footprint": M1,
    "02-what-if": M2,
    "03-measure-your-code": M3,
    "04-on-premise-fleet": M4,
    "05-hpc-and-the-grid": M5,
    "06-your-own-service": M6,
}
