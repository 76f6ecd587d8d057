#!/usr/bin/env python3
"""The scale-out figures, on the archive of one-hour FIT runs that scripts/batch-bench.py makes
(target/batch-bench/runs, made here too when missing), median of 3 each:

  - what `--parquet` adds to a batch of 10,000 runs (batch --db against batch --db --parquet,
    and the Parquet step alone: `export --format parquet` of the same database);
  - `gluteus.analyze_many` (the Python package, release build in .venv) against the CLI's
    `batch` on 2,000 files;
  - examples/dask_archive.py on 1 and 2 local workers on 2,000 files, cluster start-up excluded
    (the time the example prints).

    .venv/bin/maturin develop --release -m python/Cargo.toml
    .venv/bin/python scripts/scale-bench.py [--runs 10000] [--files 2000]

Figures, not pass/fail: the machine decides.
"""
import argparse, importlib.util, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.path.join(ROOT, 'target', 'release', 'gluteus')
spec = importlib.util.spec_from_file_location('batch_bench', os.path.join(ROOT, 'scripts', 'batch-bench.py'))
batch_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(batch_bench)


def wall(args, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if p.returncode not in (0, 1):
        sys.exit(f'{args[:3]} failed: {p.stderr[-300:]}')
    return time.perf_counter() - t0, p


def median(values):
    return sorted(values)[len(values) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', type=int, default=10000)
    ap.add_argument('--files', type=int, default=2000)
    ap.add_argument('--repeat', type=int, default=3)
    a = ap.parse_args()
    subprocess.run(['cargo', 'build', '--release', '--locked', '--quiet'], cwd=ROOT, check=True)
    folder = os.path.join(ROOT, 'target', 'batch-bench', 'runs')
    files = batch_bench.make(folder, max(a.runs, a.files))
    work = tempfile.mkdtemp(prefix='scale-bench-')
    try:
        # 1. Parquet on the whole archive (a folder of its first `runs` files).
        big = os.path.join(work, 'big')
        os.makedirs(big)
        for f in files[:a.runs]:
            os.symlink(f, os.path.join(big, os.path.basename(f)))
        plain, parquet, export = [], [], []
        for k in range(a.repeat):
            db = os.path.join(work, f'plain-{k}.sqlite')
            plain.append(wall([EXE, 'batch', big, '--db', db, '--quiet'])[0])
            pq = os.path.join(work, f'pq-{k}')
            parquet.append(wall([EXE, 'batch', big, '--db', os.path.join(work, f'pq-{k}.sqlite'), '--parquet', pq, '--quiet'])[0])
            export.append(wall([EXE, 'export', '--db', db, '--format', 'parquet', '--table',
                                'runs,segments,best_efforts,failures,skipped', '-o', os.path.join(work, f'export-{k}')])[0])
        print(f'{a.runs} runs: batch --db {median(plain):.2f} s, with --parquet {median(parquet):.2f} s '
              f'({median(parquet) - median(plain):+.2f} s); the Parquet step alone (export of the same tables) {median(export):.2f} s')
        # 2. analyze_many against the CLI on `files` files.
        small = os.path.join(work, 'small')
        os.makedirs(small)
        for f in files[:a.files]:
            os.symlink(f, os.path.join(small, os.path.basename(f)))
        cli, py = [], []
        code = f'import gluteus, time; t = time.perf_counter(); r = gluteus.analyze_many([{small!r}]); print(time.perf_counter() - t, r.runs.num_rows)'
        for k in range(a.repeat):
            cli.append(wall([EXE, 'batch', small, '--db', os.path.join(work, f'cli-{k}.sqlite'), '--quiet'])[0])
            _, p = wall([sys.executable, '-c', code])
            py.append(float(p.stdout.split()[0]))
        print(f'{a.files} files: CLI batch {a.files / median(cli):.0f} runs/s, gluteus.analyze_many '
              f'{a.files / median(py):.0f} runs/s ({100 * (median(py) / median(cli) - 1):+.0f} % time)')
        # 3. Dask on 1 and 2 workers.
        example = os.path.join(ROOT, 'examples', 'dask_archive.py')
        times = {}
        for workers in (1, 2):
            runs = []
            for k in range(a.repeat):
                out = os.path.join(work, f'dask-{workers}-{k}')
                _, p = wall([sys.executable, example, small, '-o', out, '--workers', str(workers), '--partition', '100'])
                runs.append(float(re.search(r': ([0-9.]+) s', p.stderr).group(1)))
            times[workers] = median(runs)
        print(f'Dask on {a.files} files: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s: '
              f'{times[1] / times[2]:.2f}x (cluster start-up excluded)')
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
