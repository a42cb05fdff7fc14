#!/usr/bin/env python3
"""Prints the hold-model comparison from Google Benchmark JSON files of one bench.sh run.

Usage: hold_report.py NETSIM_JSON [NS3_JSON]

For each N, in million holds per second: netsim's engine (Simulator), its event queue alone,
a bare 4-ary heap of keys (the classic priority structure), and every ns-3 scheduler, with the
ratios the targets are stated in:
  engine / fastest ns-3 scheduler          (target at N = 10^5: >= 3)
  engine / bare structure (heap, queue)    (target: >= 0.7, i.e. within 30%)
"""
import json
import re
import sys


def rates(path):
    """benchmark name -> items per second (the median aggregate if repetitions were run)."""
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = re.sub(r"_median$", "", b.get("run_name", b["name"]))
        out[name] = b["items_per_second"]
    return out


def main():
    netsim = rates(sys.argv[1])
    ns3 = rates(sys.argv[2]) if len(sys.argv) > 2 else {}
    for family, ns3_family in (("hold", "ns3_hold"), ("hold_const", "ns3_hold_const")):
        sizes = sorted({int(k.split("/")[-1]) for k in netsim if k.startswith(f"engine_{family}/")})
        if not sizes:
            continue
        title = "exponential delays" if family == "hold" else "one constant delay (shared timestamps)"
        print(f"\nHold model, {title}: million holds per second")
        print(f"{'N':>9}  {'engine':>7}  {'queue':>7}  {'bare heap':>9}  {'eng/queue':>9}  "
              f"{'eng/heap':>8}  {'best ns-3':>22}  {'eng/ns-3':>8}")
        for n in sizes:
            engine = netsim[f"engine_{family}/{n}"]
            queue = netsim.get(f"queue_{family}/{n}", float("nan"))
            heap = netsim.get(f"bare_heap_{family}/{n}", float("nan"))
            theirs = {k.split("/")[1]: v for k, v in ns3.items()
                      if k.startswith(f"{ns3_family}/") and k.endswith(f"/{n}")}
            best = max(theirs.items(), key=lambda kv: kv[1]) if theirs else None
            best_text = f"{best[1] / 1e6:.2f} ({best[0]})" if best else "-"
            ratio_text = f"{engine / best[1]:.1f}" if best else "-"
            print(f"{n:>9}  {engine / 1e6:7.2f}  {queue / 1e6:7.2f}  {heap / 1e6:9.2f}  "
                  f"{engine / queue:9.2f}  {engine / heap:8.2f}  {best_text:>22}  {ratio_text:>8}")
            for scheduler, rate in sorted(theirs.items()):
                print(' ' * 63 + f'{rate / 1e6:.2f} {scheduler}')

if __name__ == "__main__":
    main()
