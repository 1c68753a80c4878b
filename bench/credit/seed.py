#!/usr/bin/env python3
"""Writes the credit benchmark's seed: ACCOUNTS APV customers of one distributor, each with an
OPEN credit account (limit 1,000,000.00, tolerance 0.10), HOLDS open holds (expiring in 7 days) and
one OPEN invoice due in 20 days; plus targets.txt for wrk: "<document> <accountId>" per line.
CSV files are for COPY into customer, credit_account, credit_hold, credit_invoice."""
import random
import sys
import os
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cpf import cpf  # noqa: E402


def main():
    out_dir, distributor, accounts, holds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(7)
    with open(f"{out_dir}/customers.csv", "w") as customers, \
         open(f"{out_dir}/accounts.csv", "w") as accts, \
         open(f"{out_dir}/holds.csv", "w") as hs, \
         open(f"{out_dir}/invoices.csv", "w") as invs, \
         open(f"{out_dir}/targets.txt", "w") as targets:
        for i in range(accounts):
            doc = cpf(200000000 + i * 13)
            account = uuid.uuid4()
            customers.write(f"{uuid.uuid4()},{distributor},{doc},CPF,APV\n")
            reserved = 0
            for h in range(holds):
                amount = rng.randint(100, 5000)
                reserved += amount
                hs.write(f"{uuid.uuid4()},{account},order-{i}-{h},{amount}.00,ACTIVE\n")
            hold = uuid.uuid4()
            hs.write(f"{hold},{account},order-{i}-captured,1000.00,CAPTURED\n")
            invs.write(f"{uuid.uuid4()},{account},{hold},order-{i}-captured,1000.00\n")
            accts.write(f"{account},{distributor},{doc},compras-{i}@cliente.com.br,1000.00\n")
            targets.write(f"{doc} {account}\n")

main()
