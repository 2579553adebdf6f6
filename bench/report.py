#!/usr/bin/env python3
"""The table of bench/run from its JSON lines: req/s, p50, p99, failures, the CPU split and
the server's peak RSS for each run; Gongzhi's ratios to PostGraphile and to pgbench; the goals
of issue #9, each marked as met or not; a run where other work took more than 5 % of the CPU is
marked invalid (numbers here move 2x under contention)."""
import json, sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {r["label"]: r for r in rows}
print()
print(f"{'run':<40} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'fail':>5} {'RSS MB':>7}  CPU % server/db/load/other/idle  valid")
invalid = False
for r in rows:
    if "rps" not in r:
        if "seconds" in r:
            print(f"{r['label']:<40} {r['seconds']:>8.2f} s")
        else:
            print(f"{r['label']:<40} ERROR {r.get('error', '')[:200]}")
            invalid = True
        continue
    c = r["cpu"]
    ok = c["other"] <= 5.0
    invalid |= not ok
    print(f"{r['label']:<40} {r['rps']:>8.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} {int(r.get('failures', 0)):>5} "
          f"{r.get('rss_peak_mb', 0) or '':>7}  {c['server']:>5}/{c['database']:>4}/{c['load']:>4}/{c['other']:>4}/{c['idle']:>4}  "
          f"{'yes' if ok else 'NO (other > 5 %)'}")


def get(label, key="rps"):
    r = by.get(label)
    return r.get(key) if r else None


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


ga, gb = get("gongzhi (a) my items"), get("gongzhi (b) file a complaint")
pa, pb = get("postgraphile (a) items of a filer"), get("postgraphile (b) insert an item")
ba, bb = get("pgbench (a)"), get("pgbench (b)")
print()
print(f"(a) Gongzhi / PostGraphile {ratio(ga, pa)}, Gongzhi / pgbench {ratio(ga, ba)}")
print(f"(b) Gongzhi / PostGraphile {ratio(gb, pb)}, Gongzhi / pgbench {ratio(gb, bb)}")
rss = max((r.get("rss_peak_mb") or 0) for r in rows if r["label"].startswith("gongzhi"))
start = [r["seconds"] for r in rows if r["label"] == "start to ready"]
goals = [
    ("(a) >= 4x PostGraphile req/s", ga and pa and ga >= 4 * pa),
    ("(a) >= 40 % of pgbench req/s", ga and ba and ga >= 0.4 * ba),
    ("(a) p99 <= 25 ms", (get("gongzhi (a) my items", "p99_ms") or 1e9) <= 25),
    ("(b) >= 2x PostGraphile insert req/s", gb and pb and gb >= 2 * pb),
    ("(c) p99 <= 25 ms", (get("gongzhi (c) inbox, filtered", "p99_ms") or 1e9) <= 25),
    ("(d) p99 <= 300 ms", (get("gongzhi (d) district figures, year", "p99_ms") or 1e9) <= 300),
    ("server RSS under load <= 100 MB", rss and rss <= 100),
    ("start to ready <= 1 s", start and max(start) <= 1.0),
    ("no failed requests", all(not r.get("failures") for r in rows if "rps" in r)),
]
print()
for name, met in goals:
    print(f"  {'met    ' if met else 'NOT met'}  {name}")
print()
print("RUN INVALID: other work took more than 5 % of the CPU in some run" if invalid else "run valid: other work <= 5 % of the CPU in every run")
