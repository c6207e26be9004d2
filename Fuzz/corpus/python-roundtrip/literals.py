x = 0x1F + 0o17 + 0b101 + 1_000 + 3.5e-2 + 2j
s = r"raw\n" + b"bytes".decode() + f"{x:>10}" + '''triple
line''' + "ünïcödé 中文 اردو"
assert s and x is not None, "message"
with open(__file__) as fh:
    data = [line for line in fh if line.strip() and not line.startswith("#")]
del data[0]
global_name = {k: v for k, v in zip("ab", (True, False))}
match x:
    case 1 | 2:
        pass
    case _:
        print(nonlocal_name := 3)
