"""Valid CPFs for the benchmark seeds: cpf(n) is n's 9 digits with their two check digits."""


def cpf(n):
    base = f"{n:09d}"

    def digit(digits, first_weight):
        s = sum(int(c) * (first_weight - i) for i, c in enumerate(digits))
        r = s % 11
        return 0 if r < 2 else 11 - r

    d1 = digit(base, 10)
    d2 = digit(base + str(d1), 11)
    return base + str(d1) + str(d2)
