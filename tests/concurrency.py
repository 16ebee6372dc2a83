"""Real parallel calls for concurrency tests (PostgreSQL, ``django_db(transaction=True)``)."""

import threading
from collections.abc import Callable

from django.db import connection


def run_in_threads(target: Callable[[int], object], count: int, timeout: float = 60) -> list:
    """Call ``target(i)`` for i in 0..count-1 in threads released together by a barrier.

    Returns each call's result, or the exception it raised, in completion order. Every thread
    closes its own database connection, so the test database can be dropped afterwards.
    """
    results: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcome = target(index)
        except Exception as error:
            outcome = error
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"{count} threads did not finish within {timeout} s")
    return results
