#!/usr/bin/env python3
"""Times TA-Lib's C library (through the ta-lib Python wrapper) on the bars bench-indicators wrote.

Usage: talib_bench.py BARS_FILE N_BARS REPEATS SPEC [SPEC ...]
BARS_FILE holds N_BARS little-endian float64 values per column, columns open, high, low, close, volume.
Prints one JSON object: {spec: best nanoseconds per bar}. The Python call overhead (~1 µs per call) is
negligible at 1M bars (~0.001 ns per bar).
"""
import json
import re
import sys
import time

import numpy as np
import talib


def calls(o, h, l, c, v):
    return {
        "sma": lambda p: talib.SMA(c, timeperiod=int(p[0])),
        "ema": lambda p: talib.EMA(c, timeperiod=int(p[0])),
        "rsi": lambda p: talib.RSI(c, timeperiod=int(p[0])),
        "roc": lambda p: talib.ROC(c, timeperiod=int(p[0])),
        "macd": lambda p: talib.MACD(c, fastperiod=int(p[0]), slowperiod=int(p[1]), signalperiod=int(p[2])),
        "atr": lambda p: talib.ATR(h, l, c, timeperiod=int(p[0])),
        "adx": lambda p: talib.ADX(h, l, c, timeperiod=int(p[0])),
        "bbands": lambda p: talib.BBANDS(c, timeperiod=int(p[0]), nbdevup=p[1], nbdevdn=p[1], matype=0),
        "stoch": lambda p: talib.STOCH(h, l, c, fastk_period=int(p[0]), slowk_period=int(p[1]), slowk_matype=0,
                                       slowd_period=int(p[2]), slowd_matype=0),
        "obv": lambda p: talib.OBV(c, v),
    }


def main():
    path, n, repeats, specs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    data = np.fromfile(path, dtype="<f8")
    assert data.size == 5 * n, f"expected {5 * n} values, found {data.size}"
    o, h, l, c, v = (np.ascontiguousarray(data[i * n:(i + 1) * n]) for i in range(5))
    table = calls(o, h, l, c, v)
    result = {}
    for spec in specs:
        m = re.fullmatch(r"(\w+)\((.*)\)", spec)
        name, args = m.group(1), [float(a) for a in m.group(2).split(",") if a.strip()]
        fn = table[name]
        fn(args)  # warm-up
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter_ns()
            fn(args)
            best = min(best, time.perf_counter_ns() - start)
        result[spec] = best / n
    print(json.dumps(result))


if __name__ == "__main__":
    main()
