"""A small load generator: a few logged-in users requesting one page over and over on
loopback, each on its own keep-alive connection, for a fixed time; or one user
requesting it a few times, each after something has been done to the server."""

import http.client
import math
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list  # seconds, one per successful request

    @property
    def rate(self):
        return self.requests / self.seconds

    def percentile(self, fraction):
        """The nearest-rank percentile."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else None

    @property
    def p50(self):
        return statistics.median(self.latencies) if self.latencies else None

    @property
    def p95(self):
        return self.percentile(0.95)


def one_at_a_time(port, path, session, runs, before_each):
    """The seconds of each of `runs` requests of `path` by one logged-in user on one
    connection (so one server worker), each request after `before_each()`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
    latencies = []
    for _run in range(runs):
        before_each()
        began = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise http.client.HTTPException(f"{path} answered {response.status}")
        latencies.append(time.perf_counter() - began)
    connection.close()
    return latencies


def hammer(port, path, sessions, seconds=10.0, warmup=2.0):
    """Request `path` from one thread per session (each a user logged in on his own) for
    `seconds` after a warm-up; time each request."""
    latencies, errors, lock = [], [0], threading.Lock()
    start_at = time.monotonic() + warmup
    stop_at = start_at + seconds

    def user(session_cookie):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={session_cookie}", "Host": "127.0.0.1"}
        mine, failed = [], 0
        while (now := time.monotonic()) < stop_at:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            took = time.perf_counter() - began
            if now >= start_at:
                if ok:
                    mine.append(took)
                else:
                    failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=user, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(len(latencies), errors[0], seconds, latencies)
