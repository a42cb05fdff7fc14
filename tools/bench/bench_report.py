#!/usr/bin/env python3
"""Prints netsim-vs-ns-3 comparisons from the Google Benchmark JSON files of one bench.sh run.

Usage: bench_report.py hold NETSIM_JSON [NS3_JSON]
       bench_report.py chain NETSIM_JSON [NS3_JSON]

hold:
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
    """benchmark name -> items per second (the median aggregate if repetitions were run).

    Reads the items_per_second counter whether Google Benchmark computed it (SetItemsProcessed)
    or the program set it from its own timing."""
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = re.sub(r"_median$", "", b.get("run_name", b["name"]))
        out[name] = b["items_per_second"]
    return out


def chain(netsim, ns3):
    """10-router UDP chain: hop-forwardings per second, netsim vs each ns-3 scheduler."""
    print("\nUDP across 10 routers: hop-forwardings per second (wall time of the run)")
    for name, rate in sorted(netsim.items()):
        n = name.split("/")[-1]
        theirs = {k: v for k, v in ns3.items() if k.endswith(f"/{n}")}
        print(f"  {name}: {rate / 1e6:.2f} M/s")
        for k, v in sorted(theirs.items()):
            print(f"    {k}: {v / 1e3:.1f} k/s  -> netsim is {rate / v:.0f}x")


def hold(netsim, ns3):
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


def main():
    kind = sys.argv[1]
    netsim = rates(sys.argv[2])
    ns3 = rates(sys.argv[3]) if len(sys.argv) > 3 else {}
    (hold if kind == "hold" else chain)(netsim, ns3)


if __name__ == "__main__":
    main()
