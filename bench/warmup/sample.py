#!/usr/bin/env python3
"""Samples a running Aval once a second while a load runs: the eligibility calls it has answered
(the sum of http_server_requests_seconds_count over the eligibility URI, from /q/metrics) and its
resident memory (VmRSS of /proc/PID/status). Prints one line per second: "second calls rss_kib",
second 0 being the sampler's start (the shell starts wrk right after it); ends after SECONDS.
    sample.py PID PORT SECONDS"""
import re
import sys
import time
import urllib.request

pid, port, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
LINE = re.compile(r'^http_server_requests_seconds_count\{[^}]*uri="[^"]*/eligibility"[^}]*\} ([0-9.eE+]+)$', re.M)


def calls():
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/q/metrics", timeout=5) as answer:
        return int(sum(float(v) for v in LINE.findall(answer.read().decode())))


def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmRSS:")))


start = time.monotonic()
for second in range(seconds + 1):
    time.sleep(max(0.0, start + second - time.monotonic()))
    print(second, calls(), rss_kib(), flush=True)
