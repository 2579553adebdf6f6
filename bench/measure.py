#!/usr/bin/env python3
"""Runs one load (wrk or pgbench) and prints one JSON line: throughput, latency percentiles,
failures, the CPU split between the server, the database, the load generator and everything
else (sampled from /proc every 0.5 s), the machine's load, and the server's peak RSS.

usage: measure.py LABEL SERVER_PID -- COMMAND...   (SERVER_PID 0: no server, e.g. pgbench)
"""
import glob, json, os, re, subprocess, sys, tempfile, time

HZ = os.sysconf("SC_CLK_TCK")


def proc_times():
    """{pid: (comm, utime+stime ticks)} for every process."""
    out = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            raw = open(stat).read()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        rest = raw[raw.rindex(")") + 2 :].split()
        out[int(stat.split("/")[2])] = (comm, int(rest[11]) + int(rest[12]))
    return out


def total_ticks():
    cpu = open("/proc/stat").readline().split()[1:]
    vals = [int(v) for v in cpu]
    return sum(vals), vals[3] + vals[4]  # all, idle + iowait


def group(comm, pid, server):
    if pid == server:
        return "server"
    if comm.startswith("postgres"):
        return "database"
    if comm in ("wrk", "pgbench"):
        return "load"
    if server and comm in ("node",):
        return "server"
    return "other"


def main():
    label, server = sys.argv[1], int(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1 :]
    load_before = open("/proc/loadavg").read().split()[:3]
    t0, idle0 = total_ticks()
    p0 = proc_times()
    logdir = tempfile.mkdtemp(prefix="bench-")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=logdir)
    used = {"server": 0, "database": 0, "load": 0, "other": 0}
    prev = p0
    rss_peak = 0
    while proc.poll() is None:
        time.sleep(0.5)
        now = proc_times()
        for pid, (comm, ticks) in now.items():
            before = prev.get(pid)
            # A process born during the interval counts from zero. (Not keyed by name: kernel
            # workers rename themselves.)
            delta = ticks - before[1] if before else ticks
            used[group(comm, pid, server)] += max(delta, 0)
        prev = now
        if server:
            try:
                for line in open(f"/proc/{server}/status"):
                    if line.startswith("VmHWM:"):
                        rss_peak = max(rss_peak, int(line.split()[1]))
            except OSError:
                pass
    out = proc.stdout.read()
    t1, idle1 = total_ticks()
    # /proc/stat's first line and the processes' ticks both count every CPU: the shares are
    # of the whole machine.
    all_ticks = t1 - t0
    split = {k: round(100.0 * v / max(all_ticks, 1), 1) for k, v in used.items()}
    split["idle"] = round(100.0 * (idle1 - idle0) / max(all_ticks, 1), 1)
    row = {"label": label, "load_before": load_before, "cpu": split, "rss_peak_mb": round(rss_peak / 1024, 1)}
    m = re.search(r"RESULT (.*)", out)
    if m:
        for kv in m.group(1).split():
            k, v = kv.split("=")
            row[k] = float(v)
    elif "pgbench" in cmd[0]:
        tps = re.search(r"tps = ([0-9.]+)", out)
        failed = re.search(r"number of failed transactions: (\d+)", out)
        lat = []
        for f in glob.glob(os.path.join(logdir, "pgbench_log*")):
            for line in open(f):
                parts = line.split()
                if len(parts) > 2:
                    lat.append(int(parts[2]) / 1000.0)
        lat.sort()
        pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] if lat else float("nan")
        row.update(rps=float(tps.group(1)) if tps else 0.0, p50_ms=pct(50), p90_ms=pct(90), p99_ms=pct(99),
                   failures=float(failed.group(1)) if failed else 0.0, requests=float(len(lat)))
    else:
        row["error"] = out[-2000:]
    if proc.returncode != 0:
        row["error"] = out[-2000:]
    print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
