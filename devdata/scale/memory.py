"""Resident memory (RSS) of the processes the benchmark starts: gunicorn's workers and
the Celery workers, sampled from /proc while they work."""

import threading
import time
from pathlib import Path


class PeakRss:
    """The largest RSS among the processes `pids()` names, sampled five times a second
    while the `with` block runs. `pids` is asked at every sample, so processes started
    meanwhile (a pool's children) are counted too."""

    def __init__(self, pids):
        self.pids = pids
        self.peak_mb = 0.0

    def __enter__(self):
        self.sampling = True
        self.sampler = threading.Thread(target=self._sample)
        self.sampler.start()
        return self

    def __exit__(self, *exc):
        self.sampling = False
        self.sampler.join()

    def take(self):
        """The peak so far; the next one is counted from now."""
        peak, self.peak_mb = self.peak_mb, 0.0
        return peak

    def _sample(self):
        while self.sampling:
            for pid in self.pids():
                self.peak_mb = max(self.peak_mb, rss_mb(pid))
            time.sleep(0.2)


def children(pid):
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass  # the process has just exited
    return 0.0
