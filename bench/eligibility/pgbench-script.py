#!/usr/bin/env python3
"""Writes a pgbench script running the service's own eligibility SQL (read from
EligibilityQuery.java) for a random seeded (distributor, document): the database's ceiling."""
import re
import sys

source, out = sys.argv[1], sys.argv[2]
sql = re.search(r'SQL = """\n(.*?)"""', open(source).read(), re.S).group(1)
sql = " ".join(sql.replace("$1", "(select distributor_id from bench_targets where i = :i)")
                  .replace("$2", "(select document from bench_targets where i = :i)").split())
with open(out, "w") as f:
    f.write("\\set i random(1, 20000)\n" + sql + ";\n")
