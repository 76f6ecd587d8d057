#!/usr/bin/env python3
"""Throughput of `gluteus batch` on an archive of one-hour FIT runs made by `gluteus simulate`.

    python3 scripts/batch-bench.py              # 2,000 runs (about a minute to make)
    python3 scripts/batch-bench.py --runs 10000 # the archive issue's figure

Makes the archive once in target/batch-bench/ (kept for the next run: the same runs each time),
then, median of 3 each: the analysis alone (`gluteus analyze` of the same files, text thrown
away) and `gluteus batch` into a fresh database, with 1 and with 2 threads; prints runs per second,
what storing adds to the analysis alone, the speed-up from 1 to 2 threads and the peak memory
(max RSS) of each. Figures, not pass/fail: the machine decides.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.path.join(ROOT, 'target', 'release', 'gluteus')
DAY = 86400
START = 1767596400  # 2026-01-05T07:00:00Z


def make(folder, runs):
    os.makedirs(folder, exist_ok=True)
    have = {f for f in os.listdir(folder) if f.endswith('.fit')}

    def one(k):
        name = f'run-{k:05d}.fit'
        if name in have:
            return
        stamp = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(START + k * DAY // 2))
        subprocess.run([EXE, 'simulate', '--course', 'easy-flat', '--device', 'baro', '--seed', str(k + 1),
                        '--start', stamp, '-o', os.path.join(folder, name)], check=True, stdout=subprocess.DEVNULL)
        for side in ('.truth.json', '.surfaces.geojson'):
            os.remove(os.path.join(folder, f'run-{k:05d}{side}'))
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(one, range(runs)))
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith('.fit'))[:runs]


def timed(args):
    """(wall seconds, peak RSS in MiB) of one command."""
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f'{args[1]} failed with {status}')
    return wall, usage.ru_maxrss / 1024


def median(values):
    return sorted(values)[len(values) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', type=int, default=2000)
    ap.add_argument('--repeat', type=int, default=3)
    a = ap.parse_args()
    subprocess.run(['cargo', 'build', '--release', '--locked', '--quiet'], cwd=ROOT, check=True)
    folder = os.path.join(ROOT, 'target', 'batch-bench', 'runs')
    t0 = time.perf_counter()
    files = make(folder, a.runs)
    print(f'{len(files)} one-hour FIT runs in {folder} (made or found in {time.perf_counter() - t0:.0f} s)')
    work = tempfile.mkdtemp(prefix='batch-bench-')
    try:
        results = {}
        for threads in (1, 2):
            analysis = [timed([EXE, 'analyze', '--threads', str(threads)] + files) for _ in range(a.repeat)]
            batch = []
            for k in range(a.repeat):
                db = os.path.join(work, f'runs-{threads}-{k}.sqlite')
                batch.append(timed([EXE, 'batch', folder, '--db', db, '--threads', str(threads), '--quiet']))
            results[threads] = (median([w for w, _ in analysis]), median([w for w, _ in batch]),
                                max(m for _, m in batch))
            an, ba, mem = results[threads]
            print(f'{threads} thread{"s" if threads > 1 else ""}: analysis alone {len(files) / an:,.0f} runs/s ({an:.2f} s), '
                  f'batch into SQLite {len(files) / ba:,.0f} runs/s ({ba:.2f} s), storing adds {100 * (ba - an) / an:+.0f} %, '
                  f'peak {mem:.0f} MiB')
        print(f'1 to 2 threads: batch {results[1][1] / results[2][1]:.2f}x, analysis alone {results[1][0] / results[2][0]:.2f}x')
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
