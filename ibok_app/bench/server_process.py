"""The portal's server processes seen from outside, through /proc (Linux): which
processes serve a port, their CPU time and their memory. The benchmark reports what
the server took while it ran, not what the generator thinks it cost."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                inodes.add(inode)
    return inodes


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def server_pids(port: int) -> list[int]:
    """Every process holding the listening socket of `port` (Granian's main process
    and its workers), with their descendants."""
    targets = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    holders = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in targets:
                    holders.add(int(proc.name))
                    break
        except OSError:
            continue
    todo, seen = list(holders), set()
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo += _children(pid)
    return sorted(seen)


@dataclass(frozen=True)
class Usage:
    cpu_seconds: float  # user + system, summed over the processes
    rss_bytes: int

    def __sub__(self, other: Usage) -> Usage:
        return Usage(self.cpu_seconds - other.cpu_seconds, self.rss_bytes - other.rss_bytes)


def usage(pids: list[int]) -> Usage:
    cpu, rss = 0.0, 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            cpu += (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue  # a worker that ended meanwhile
    return Usage(cpu, rss)
