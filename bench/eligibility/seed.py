#!/usr/bin/env python3
"""Writes customers.csv (for COPY) and targets.txt (for wrk): N customers over the given
distributors, valid CPFs, statuses 60% APV / 30% PEN / 10% RPV; targets also include 10%
never-integrated documents, as checkout really sees."""
import random
import sys
import os
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cpf import cpf  # noqa: E402


def main():
    out_dir, total = sys.argv[1], int(sys.argv[2])
    distributors = sys.argv[3].split(",")
    keys = sys.argv[4].split(",")
    rng = random.Random(42)
    with open(f"{out_dir}/customers.csv", "w") as customers, open(f"{out_dir}/targets.txt", "w") as targets:
        for i in range(total):
            d = i % len(distributors)
            doc = cpf(100000000 + i * 7)
            r = rng.random()
            status = "APV" if r < 0.6 else ("PEN" if r < 0.9 else "RPV")
            customers.write(f"{uuid.uuid4()},{distributors[d]},{doc},CPF,{status},2026-01-01T00:00:00Z\n")
            targets.write(f"{distributors[d]} {keys[d]} {doc}\n")
            if i % 10 == 0:
                targets.write(f"{distributors[d]} {keys[d]} {cpf(900000000 + i)}\n")

main()
