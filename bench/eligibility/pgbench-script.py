#!/usr/bin/env python3
"""Writes a pgbench script running the service's own eligibility SQL (read from
EligibilityQuery.java) for a random seeded (distributor, document): the database's ceiling.
The pair is read first (\\gset) so the statement itself runs with plain parameters."""
import re
import sys

source, out = sys.argv[1], sys.argv[2]
# the statement's text block, in snapshot(document), where $2 stands for the document
sql = re.search(r'String snapshot\(String document\) \{\s*return """\n(.*?)"""', open(source).read(), re.S).group(1)
sql = " ".join(sql.replace("$1", ":distributor").replace("$2", ":document").replace("$3", "now()").split())
with open(out, "w") as f:
    f.write("\\set i random(1, 20000)\n"
            "select distributor_id as distributor, document from bench_targets where i = :i \\gset\n"
            + sql + ";\n")
