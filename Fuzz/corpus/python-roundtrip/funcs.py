# -*- coding: utf-8 -*-
"""Docstring with ${braces} and 'quotes'."""
import os, sys
from collections import defaultdict as dd


def mean(values, *, weight=None):
    total = 0.0
    for i, v in enumerate(values):
        if v is None or not isinstance(v, (int, float)):
            continue
        total += v * (weight[i] if weight else 1)
    return total / max(len(values), 1)


class Counter(dict):
    def __missing__(self, key):
        return 0

    async def tick(self, key):
        while True:
            try:
                self[key] += 1
            except KeyError as e:
                raise ValueError(f"no {key!r}: {e}") from None
            finally:
                break
        return lambda x: x if x else None
