"""@track on functions, generators, async functions and async generators: the run is the work."""

from __future__ import annotations

import asyncio
import time

import pytest
from footprintlab.measure import track

OPTIONS = dict(country="FRA", rapl_root="/nonexistent", gpu=False)


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def _covers(measurement, work: dict) -> None:
    """The run began before the body's first line and ended after its last one."""
    assert measurement.started_at <= work["start"]
    assert measurement.ended_at >= work["end"]
    assert measurement.duration_s >= work["end"] - work["start"]
    assert not measurement.interrupted


def test_function_run_covers_the_call():
    work = {}

    @track("function", **OPTIONS)
    def compute(n):
        work["start"] = time.time()
        _spin(0.05)
        work["end"] = time.time()
        return n * 2

    assert compute(21) == 42
    _covers(compute.tracker.last, work)


def test_generator_run_covers_the_iteration_not_just_the_creation():
    # the defect: the wrapper returned the generator object at once, recording 0 s
    work = {}

    @track("generator", **OPTIONS)
    def produce(n):
        work["start"] = time.time()
        for i in range(n):
            _spin(0.02)
            yield i
        work["end"] = time.time()
        return "done"

    items = produce(3)
    assert produce.tracker.measurements == []  # nothing ran yet
    assert list(items) == [0, 1, 2]
    (m,) = produce.tracker.measurements
    _covers(m, work)
    assert m.cpu_energy_kwh > 0


def test_generator_send_return_value_early_close_and_errors():
    @track("echo", **OPTIONS)
    def echo():
        received = yield "ready"
        while received != "stop":
            received = yield received.upper()
        return "finished"

    def drive():
        result = yield from echo()
        return result

    driver = drive()
    assert next(driver) == "ready"
    assert driver.send("a") == "A"
    with pytest.raises(StopIteration) as stop:
        driver.send("stop")
    assert stop.value.value == "finished"
    assert len(echo.tracker.measurements) == 1

    partial = echo()
    next(partial)
    partial.close()  # the consumer stops early: the run ends, it is not an interruption
    assert len(echo.tracker.measurements) == 2
    assert not echo.tracker.last.interrupted

    @track("failing", **OPTIONS)
    def failing():
        yield 1
        raise ValueError("bad item")

    with pytest.raises(ValueError, match="bad item"):
        list(failing())
    assert len(failing.tracker.measurements) == 1


def test_async_function_run_covers_the_awaited_work():
    work = {}

    @track("async", **OPTIONS)
    async def coro():
        work["start"] = time.time()
        await asyncio.sleep(0.02)
        _spin(0.02)
        work["end"] = time.time()
        return 7

    assert asyncio.run(coro()) == 7
    _covers(coro.tracker.last, work)


def test_async_generator_run_covers_the_iteration():
    work = {}

    @track("async generator", **OPTIONS)
    async def stream(n):
        work["start"] = time.time()
        for i in range(n):
            await asyncio.sleep(0.01)
            yield i
        work["end"] = time.time()

    async def consume():
        return [item async for item in stream(3)]

    assert asyncio.run(consume()) == [0, 1, 2]
    (m,) = stream.tracker.measurements
    _covers(m, work)


def test_async_generator_early_exit_asend_and_thrown_errors():
    @track("async echo", **OPTIONS)
    async def echo():
        received = yield "ready"
        while True:
            try:
                received = yield received.upper()
            except KeyError:
                received = "recovered"

    async def scenario():
        agen = echo()
        assert await agen.asend(None) == "ready"
        assert await agen.asend("a") == "A"
        assert await agen.athrow(KeyError("x")) == "RECOVERED"
        await agen.aclose()
        async for item in echo():  # break: aclose through the event loop
            assert item == "ready"
            break

    asyncio.run(scenario())
    assert len(echo.tracker.measurements) == 2
    assert all(not m.interrupted for m in echo.tracker.measurements)
