#!/usr/bin/env python3
# Whole-process timing of several commands, run in turn (round after round, so that a change
# of the machine's load falls on every variant alike); prints each one's median wall time and
# CPU time. A leading VAR=value sets the environment. Runs in the current folder.
#   python3 tests/perf/interleaved.py "old/plaquette --version" "build/plaquette --version"
#   ROUNDS=100 python3 tests/perf/interleaved.py ...
import os, subprocess, sys, time, statistics, resource
rounds = int(os.environ.get("ROUNDS", "40"))
variants = sys.argv[1:]
res = {v: [] for v in variants}
cpu = {v: [] for v in variants}
for r in range(rounds + 3):
    for v in variants:
        env = dict(os.environ)
        args = v.split()
        while args and "=" in args[0]:
            k, val = args.pop(0).split("=", 1); env[k] = val
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=os.getcwd())
        dt = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r >= 3:
            res[v].append(dt * 1000)
            cpu[v].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
for v in variants:
    print("%6.2f ms median wall, %6.2f ms CPU   %s" % (statistics.median(res[v]), statistics.median(cpu[v]), v))
