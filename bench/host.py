"""How fast this host is right now, so that figures taken minutes or days apart can be
compared: the same fixed single-threaded work (Python arithmetic and dictionaries, an
in-memory SQLite insert, zlib) timed three times, the best kept. On a shared host the
figure moves with the neighbours' load; a benchmark prints it beside its own."""

from __future__ import annotations

import sqlite3
import time
import zlib


def _work() -> None:
    table = {}
    for i in range(600_000):
        table[i % 5003] = table.get(i % 5003, 0) + i * 3 // 7
    db = sqlite3.connect(":memory:")
    db.execute("create table t (a integer primary key, b text, c real)")
    db.execute("create index t_b on t (b)")
    db.executemany(
        "insert into t values (?, ?, ?)",
        ((i, f"n{i * 7919 % 100003}", i / 3) for i in range(150_000)),
    )
    db.close()
    data = b"".join(str(i).encode() for i in range(300_000))
    zlib.decompress(zlib.compress(data, 6))


def host_seconds(repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        _work()
        best = min(best, time.perf_counter() - t)
    return best


def describe() -> str:
    return f"host speed: the reference work took {host_seconds():.2f} s (less is faster)"


if __name__ == "__main__":
    print(describe())
