#!/usr/bin/env python3
"""Writes the status-batch bodies for statuses.lua: PAIRS pairs of lines, each pair the same 1,000
documents (valid CPFs, none shared with another pair or with the other seeds), APV then RPV."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cpf import cpf  # noqa: E402

path, pairs = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for p in range(pairs):
        documents = [cpf(300000000 + p * 1000 + i) for i in range(1000)]
        for status in ("APV", "RPV"):
            items = [{"document": d, "status": status, "reason": "bench"} for d in documents]
            out.write(json.dumps({"items": items}, separators=(",", ":")) + "\n")
