#!/usr/bin/env python3
"""Runs the TCP/UDP validation experiment on netsim and on ns-3 and prints the side-by-side table.

Usage: tcp_validation.py NETSIM NS3_PROGRAM [--runs N] [--duration S] [--work DIR]

The experiment (issue 4, item 6): two hosts, one point-to-point link of 10 Mbit/s and 20 ms each
way with a 100-packet drop-tail queue and PPP framing, random loss on the data direction only;
TCP NewReno, SACK off, 1448-byte payloads (MSS 1460 less the 12 bytes of timestamps, which ns-3
sends), ns-3's other defaults (netsim's `ns3` preset). For each loss rate:
  bulk      a sender keeping its buffer full: goodput at the receiving application;
  messages  a 200-byte message every 10 ms over one TCP connection: latency p50/p95/p99;
  udp       the same messages as UDP datagrams: delivered fraction and latency.
Each (loss, app) is run with seeds 1..N on both sides (netsim `--seed`, ns-3 `--run`); the table
shows the mean over runs and the standard error of that mean, and the check applies to the means:
goodput within 10%, TCP message percentiles within 15%, UDP latency exactly equal and the UDP
delivered fraction equal at zero loss and within the binomial noise otherwise.
Prints a Markdown table; exits 1 if a check fails.
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys
import time

LOSSES = [0.0, 0.001, 0.01, 0.05]
APPS = ["bulk", "messages", "udp"]

SCENARIO = """name: validation-{app}
seed: 1
duration: {duration}s
nodes: {{n0: {{}}, n1: {{}}}}
links:
  p2p:
    between: [n0, n1]
    rate: 10Mbps
    delay: 20ms
    queue: 100 packets
    framing: ppp
    forward: {{loss: {loss_percent}%}}
tcp: {{preset: ns3, congestion: newreno, sack: false, mss: 1460B}}
traffic:
  flow: {flow}
reports: {{timeseries: off}}
"""

FLOWS = {
    "bulk": "{app: bulk, transport: tcp, from: n0, to: n1}",
    "messages": "{transport: tcp, from: n0, to: n1, size: 200B, interval: 10ms}",
    "udp": "{from: n0, to: n1, size: 200B, interval: 10ms}",
}


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def run_netsim(netsim, work, app, loss, seed, duration):
    scenario = os.path.join(work, f"{app}-{loss}.yaml")
    if not os.path.exists(scenario):
        with open(scenario, "w") as f:
            f.write(SCENARIO.format(app=app, duration=duration, loss_percent=f"{loss * 100:g}", flow=FLOWS[app]))
    out = os.path.join(work, f"out-{app}-{loss}-{seed}")
    start = time.perf_counter()
    subprocess.run([netsim, "run", scenario, "-o", out, "--seed", str(seed), "-q"], check=True)
    wall = time.perf_counter() - start
    summary = read_rows(os.path.join(out, "summary.csv"))[0]
    result = {"goodput_mbps": float(summary["goodput_mbps"]), "wall_s": wall}
    if app != "bulk":
        result["sent"] = int(summary["sent"])
        result["delivered"] = int(summary["delivered"])
        for q in ("p50", "p95", "p99"):
            result[f"{q}_ms"] = float(summary[f"latency_{q}_ms"])
    return result


def run_ns3(program, app, loss, seed, duration):
    text = subprocess.run([program, f"--app={app}", f"--loss={loss}", f"--run={seed}", f"--duration={duration}"],
                          check=True, capture_output=True, text=True).stdout
    row = list(csv.DictReader(io.StringIO(text)))[0]
    result = {"goodput_mbps": float(row["goodput_mbps"]), "wall_s": float(row["wall_s"])}
    if app != "bulk":
        result["sent"] = int(row["sent"])
        result["delivered"] = int(row["delivered"])
        for q in ("p50", "p95", "p99"):
            result[f"{q}_ms"] = float(row[f"{q}_ms"])
    return result


def mean_and_error(values):
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, 0.0
    var = sum((v - m) ** 2 for v in values) / (len(values) - 1)
    return m, math.sqrt(var / len(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("netsim")
    parser.add_argument("ns3")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--work", default="build/validation")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    rows = []
    failures = []
    for loss in LOSSES:
        for app in APPS:
            ours = [run_netsim(args.netsim, args.work, app, loss, s, args.duration) for s in range(1, args.runs + 1)]
            theirs = [run_ns3(args.ns3, app, loss, s, args.duration) for s in range(1, args.runs + 1)]
            metrics = ["goodput_mbps"] if app == "bulk" else ["p50_ms", "p95_ms", "p99_ms", "delivered_fraction"]
            for metric in metrics:
                if metric == "delivered_fraction":
                    a = [r["delivered"] / r["sent"] for r in ours]
                    b = [r["delivered"] / r["sent"] for r in theirs]
                else:
                    a = [r[metric] for r in ours]
                    b = [r[metric] for r in theirs]
                (ma, ea), (mb, eb) = mean_and_error(a), mean_and_error(b)
                diff = (ma - mb) / mb if mb else 0.0
                if app == "bulk":
                    ok = abs(diff) <= 0.10
                    rule = "within 10%"
                elif app == "messages" and metric != "delivered_fraction":
                    ok = abs(diff) <= 0.15
                    rule = "within 15%"
                elif app == "udp" and metric != "delivered_fraction":
                    # Every datagram takes 20 ms + 230 bytes at 10 Mbit/s: exactly 20.184 ms.
                    ok = all(abs(x - 20.184) < 1e-6 for x in a + b)
                    rule = "exact"
                elif loss == 0:
                    ok = a == b
                    rule = "exact"
                else:
                    # Binomial noise of the two means: p(1-p)/(sent·runs) each; allow 4 sigma.
                    sent = sum(r["sent"] for r in ours)
                    sigma = math.sqrt(2 * loss * (1 - loss) / sent)
                    ok = abs(ma - mb) <= 4 * sigma if app == "udp" else True
                    rule = "4σ binomial" if app == "udp" else "(TCP: all but the last)"
                if not ok:
                    failures.append(f"{app} loss {loss:g} {metric}: netsim {ma:.6g} vs ns-3 {mb:.6g}")
                rows.append((f"{loss * 100:g}%", app, metric, ma, ea, mb, eb, diff, rule, "ok" if ok else "FAIL"))
            wall_ours = mean_and_error([r["wall_s"] for r in ours])[0]
            wall_theirs = mean_and_error([r["wall_s"] for r in theirs])[0]
            print(f"{app:8} loss {loss:<6g} done ({args.runs} runs; mean wall: netsim {wall_ours:.3f} s incl. "
                  f"process start, ns-3 Run() {wall_theirs:.3f} s)", file=sys.stderr)

    print(f"| loss | app | metric | netsim (mean ± s.e., {args.runs} runs) | ns-3 3.37 | difference | rule | |")
    print("|---|---|---|---|---|---|---|---|")
    for loss, app, metric, ma, ea, mb, eb, diff, rule, verdict in rows:
        print(f"| {loss} | {app} | {metric} | {ma:.4f} ± {ea:.4f} | {mb:.4f} ± {eb:.4f} | {diff * 100:+.1f}% | {rule} | {verdict} |")
    if failures:
        print("\nFailed:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
