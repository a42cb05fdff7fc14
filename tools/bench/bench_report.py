#!/usr/bin/env python3
"""Prints netsim-vs-ns-3 comparisons from the Google Benchmark JSON files of one bench.sh run.

Usage: bench_report.py hold NETSIM_JSON [NS3_JSON]
       bench_report.py chain NETSIM_JSON [NS3_JSON]
       bench_report.py tcp NETSIM_JSON [NS3_CSV]
       bench_report.py realtime PLAIN_AND_TUNED_TXT

realtime:
The realtime benchmark (10,000 Socket.IO clients, 10 simulated minutes) run alternately by the
plain Release build, with its raw-TCP baseline, and the build tuned for this machine
(tools/bench/tuned_build.sh): each build's wall times, min and median, the baseline's and the
ratio of the plain and baseline medians, and the geometric mean of the tuned/plain ratio over the
pairs (target for the realtime run: under 10 s). The two builds must simulate the same events.

tcp:
The 60-second bulk transfer of the TCP validation (loss 0 and 1%): netsim's wall time per run
(Google Benchmark) next to ns-3's (the median Simulator::Run() wall time of the repeated
tcp_validation_ns3 runs in NS3_CSV), with events per second on each side and the ratio of wall
times (target: >= 20). Events are not the same unit on the two sides (ns-3 schedules several per
packet and hop), so the wall-time ratio is the figure of merit; per data segment sent is also shown
because the two stacks do not send exactly as many segments under loss.

hold:
For each N, in million holds per second: netsim's engine (Simulator), its event queue alone,
a bare 4-ary heap of keys (the classic priority structure), and every ns-3 scheduler, with the
ratios the targets are stated in:
  engine / fastest ns-3 scheduler          (target at N = 10^5: >= 3)
  engine / bare structure (heap, queue)    (target: >= 0.7, i.e. within 30%)
"""
import csv
import json
import re
import statistics
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


def tcp(netsim_json, ns3_csv):
    with open(netsim_json) as f:
        ours = {}
        for b in json.load(f)["benchmarks"]:
            if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
                continue
            loss = "0" if "loss_0" in b["name"] else "0.01"
            ours[loss] = b
    theirs = {}
    if ns3_csv:
        with open(ns3_csv, newline="") as f:
            for row in csv.DictReader(f):
                theirs.setdefault(str(float(row["loss"])).rstrip("0").rstrip(".") or "0", []).append(row)
    print("\nTCP bulk transfer, 60 s simulated, 10 Mbit/s, 20 ms (wall time of one run)")
    print(f"{'loss':>5}  {'netsim ms':>9}  {'events/s':>9}  {'segments':>8}  {'ns-3 ms':>8}  {'events/s':>9}  "
          f"{'segments':>8}  {'wall ratio':>10}  {'per-segment ratio':>17}")
    for loss, b in sorted(ours.items()):
        unit = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]
        wall_ms = b["real_time"] * unit
        line = f"{loss:>5}  {wall_ms:9.1f}  {b['items_per_second'] / 1e6:8.2f}M  {b['segments']:8.0f}"
        runs = theirs.get(loss, [])
        if runs:
            wall_s = statistics.median(float(r["wall_s"]) for r in runs)
            events = float(runs[0]["events"])
            segments = float(runs[0].get("segments") or "nan")
            per_segment = (wall_s * 1e3 / segments) / (wall_ms / b["segments"]) if segments == segments else float("nan")
            line += (f"  {wall_s * 1e3:8.1f}  {events / wall_s / 1e6:8.2f}M  {segments:8.0f}  {wall_s * 1e3 / wall_ms:10.1f}"
                     f"  {per_segment:17.1f}")
        print(line)


def realtime(path):
    runs = {"plain": [], "tuned": []}
    rss_kib = {"plain": 0, "tuned": 0}
    baseline = []
    build = None
    for line in open(path):
        if line.startswith(("plain build:", "tuned build:")):
            build = line.split()[0]
        m = re.match(r"\s+wall ([0-9.]+) s, ([0-9]+) events", line)
        if m and build:
            runs[build].append((float(m.group(1)), int(m.group(2))))
        m = re.match(r"baseline .*: wall ([0-9.]+) s", line)
        if m:
            baseline.append(float(m.group(1)))
        m = re.search(r"peak RSS ([0-9]+) KiB", line)
        if m and build:
            rss_kib[build] = max(rss_kib[build], int(m.group(1)))
    events = {e for rs in runs.values() for _, e in rs}
    if len(events) != 1:
        sys.exit(f"realtime: the builds simulated different event counts: {sorted(events)}")
    print(f"realtime benchmark, {events.pop()} events per run; wall seconds (target < 10):")
    for build, rs in runs.items():
        walls = [w for w, _ in rs]
        print(f"  {build}: {' '.join(f'{w:.2f}' for w in walls)}  min {min(walls):.2f}"
              f"  median {statistics.median(walls):.2f}  peak RSS {rss_kib[build] / 1024:.0f} MiB")
    if baseline:
        plain = statistics.median(w for w, _ in runs["plain"])
        print(f"  raw-TCP baseline: min {min(baseline):.2f}  median {statistics.median(baseline):.2f}"
              f"  plain / baseline medians: {plain / statistics.median(baseline):.2f}x")
    pairs = list(zip(runs["plain"], runs["tuned"]))
    ratio = statistics.geometric_mean(t[0] / p[0] for p, t in pairs)
    print(f"  tuned / plain over {len(pairs)} alternating pairs: {ratio:.3f}")


def main():
    kind = sys.argv[1]
    if kind == "realtime":
        realtime(sys.argv[2])
        return
    if kind == "tcp":
        tcp(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
        return
    netsim = rates(sys.argv[2])
    ns3 = rates(sys.argv[3]) if len(sys.argv) > 3 else {}
    (hold if kind == "hold" else chain)(netsim, ns3)


if __name__ == "__main__":
    main()
