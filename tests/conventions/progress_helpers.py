"""Helpers of the progress tests: a big on-premise inventory, commands run in a real pty."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import footprintlab as fl

COMMAND = [sys.executable, "-m", "footprintlab.cli"]


def big_inventory(folder: Path, rows: int) -> Path:
    """The shipped fleet's rows repeated to ``rows`` rows."""
    lines = fl.examples.path("fleet.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], [line for line in lines[1:] if line.strip()]
    path = folder / f"fleet-{rows}.csv"
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header + "\n")
        block = "\n".join(body) + "\n"
        for _ in range(rows // len(body)):
            handle.write(block)
    return path


def environment(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTPRINTLAB_PROGRESS")}
    env.update(extra)
    return env


def run_in_pty(args: list[str], cwd: Path, env: dict, interrupt_when=None,
               timeout: float = 240) -> tuple[int, str, bytes]:
    """Run the command with stderr on a pseudo-terminal (stdout to a pipe).

    ``interrupt_when(stderr_so_far)``: send SIGINT once it returns True. Returns (exit code,
    stderr text as the terminal got it, stdout bytes).
    """
    master, slave = pty.openpty()
    # a terminal of 120 columns (a new pty has 0 columns, in which tqdm draws nothing)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    process = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks, interrupted, deadline = [], False, time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    data = b""
                if not data and process.poll() is not None:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
            text = b"".join(chunks).decode("utf-8", "replace")
            if interrupt_when is not None and not interrupted and interrupt_when(text):
                process.send_signal(signal.SIGINT)
                interrupted = True
        else:
            process.kill()
            raise AssertionError("the command did not finish in time")
        stdout = process.stdout.read()
        code = process.wait(timeout=30)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return code, b"".join(chunks).decode("utf-8", "replace"), stdout
