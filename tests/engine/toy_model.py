"""A tiny model written with the engine only, for the engine's tests and benchmark."""
from __future__ import annotations

import numpy as np
from footprintlab.engine import (
    Hourly,
    Input,
    ModelError,
    ModelObject,
    Reference,
    ReferenceList,
    ReverseLink,
    calculated,
    u,
)

CALLS: list[tuple[str, str]] = []


class Machine(ModelObject):
    power = Input(u.W, min=0)
    capacity = Input(u.cpu_core, 10 * u.cpu_core, min=0)
    tasks = ReverseLink("Task", "machine")

    @calculated(u.cpu_core, "Σ tasks' hourly load", "loads=tasks[].load")
    def total_load(self, loads):
        CALLS.append((self.name, "total_load"))
        total = Hourly.zeros("2025-01-01", 0, u.cpu_core)
        for load in loads:
            total = total + load
        return total

    @calculated(u.kWh, "total_load / capacity × power × 1 h", "load=total_load", "capacity", "power")
    def energy(self, load, capacity, power):
        CALLS.append((self.name, "energy"))
        if len(load) and load.values.max() > capacity.magnitude:
            raise ModelError(f"load {load.values.max()} exceeds capacity {capacity}")
        return load / capacity * power * (1 * u.h)

    @calculated(u.kWh, "Σ hours of energy", "energy")
    def total_energy(self, energy):
        CALLS.append((self.name, "total_energy"))
        return energy.sum()


class Task(ModelObject):
    machine = Reference("Machine", reverse="tasks")
    cores = Input(u.cpu_core, min=0)
    starts = Input(u.occurrence, hourly=True)
    groups = ReverseLink("Group", "tasks")

    @calculated(u.cpu_core, "starts × cores", "starts", "cores")
    def load(self, starts, cores):
        CALLS.append((self.name, "load"))
        return starts * cores / (1 * u.occurrence)


class Group(ModelObject):
    tasks = ReferenceList("Task", reverse="groups")

    @calculated(u.kWh, "Σ machines' total energy of the group's tasks", "energies=tasks[].machine.total_energy")
    def energy(self, energies):
        CALLS.append((self.name, "energy"))
        total = 0 * u.kWh
        for energy in energies:
            total = total + energy
        return total


def make(n_machines=2, tasks_per_machine=3, hours=24, seed=0):
    rng = np.random.default_rng(seed)
    capacity = max(10, 3 * tasks_per_machine) * u.cpu_core
    machines = [Machine(f"m{i}", power=f"{100 + i} W", capacity=capacity) for i in range(n_machines)]
    tasks = [
        Task(f"t{i}-{j}", machine=m, cores=1 * u.cpu_core,
             starts=Hourly(rng.uniform(0, 2, hours), "2025-01-01", u.occurrence))
        for i, m in enumerate(machines) for j in range(tasks_per_machine)
    ]
    group = Group("all", tasks=tasks)
    return machines, tasks, group
