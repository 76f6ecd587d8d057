#!/usr/bin/env python3
"""An archive analysed on a Dask cluster: `gluteus.analyze_many` mapped over partitions of about
100 files, the runs written as Parquet through dask.dataframe.

    python examples/dask_archive.py INPUT... -o OUT_DIR [--workers N] [--scheduler ADDRESS]

INPUT: files, folders (recursive) and zips. Without --scheduler, a LocalCluster of N worker
processes (one thread each: gluteus releases the GIL, but a process per core keeps the workers
apart); with it, the cluster already running there (`dask scheduler` on a machine, dask-kubernetes,
dask-jobqueue on Slurm). Every worker needs `pip install gluteus` (the wheel of this repository)
and the inputs at the same paths (a shared volume), or object storage mounted alike.

OUT_DIR/runs/ holds Parquet files with the columns of the command line's `runs` table. Runs
recorded twice in different partitions are both kept (each partition is a batch of its own):
docs/scale.md has the DuckDB query that keeps one.
"""
import argparse
import os
import sys
import time

RUN_SUFFIXES = ('.fit', '.gpx', '.tcx', '.fit.gz', '.gpx.gz', '.tcx.gz', '.zip')


def inputs(paths):
    """Every run file and zip under the given paths, in a fixed order."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                found += [os.path.join(folder, f) for f in sorted(files) if f.lower().endswith(RUN_SUFFIXES)]
        else:
            found.append(path)
    return found


def analyse(paths):
    """One partition: its files through `gluteus batch`, the runs as a pandas frame."""
    import gluteus
    return gluteus.analyze_many(paths, threads=1).runs.to_pandas()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('inputs', nargs='+', metavar='INPUT')
    parser.add_argument('-o', '--output', required=True, metavar='OUT_DIR')
    parser.add_argument('--workers', type=int, default=os.cpu_count() or 2)
    parser.add_argument('--scheduler', metavar='ADDRESS', help='a running scheduler (tcp://host:8786)')
    parser.add_argument('--partition', type=int, default=100, help='files per partition (100)')
    args = parser.parse_args(argv)

    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    files = inputs(args.inputs)
    if not files:
        sys.exit('dask_archive: no run files in ' + ' '.join(args.inputs))
    chunks = [files[k:k + args.partition] for k in range(0, len(files), args.partition)]
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        started = time.perf_counter()
        meta = analyse([])  # the columns and their types, from an empty batch
        frame = dd.from_delayed([dask.delayed(analyse)(chunk) for chunk in chunks], meta=meta)
        frame.to_parquet(os.path.join(args.output, 'runs'), write_index=False)
        print(f'{len(files)} files in {len(chunks)} partitions on {len(client.scheduler_info()["workers"])} '
              f'workers: {time.perf_counter() - started:.1f} s', file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == '__main__':
    main()
