"""gluteus in Python: the analysis of recorded runs (FIT, GPX, TCX, each also gzipped).

    import gluteus
    run = gluteus.analyze("run.fit")                 # the JSON of `gluteus analyze --json`, as a dict
    run = gluteus.analyze(open("run.fit", "rb").read())
    runs, segments = gluteus.analyze_many(["a.fit", "archive.zip", "folder/"], threads=4)

`analyze_many` is `gluteus batch` (folders, zips, each activity once, failures recorded and the
rest analysed) with the runs and segments tables returned as pyarrow tables, columns as in the
command line's database. Rust does the work with the GIL released, so threads and Dask workers
run in parallel. A file that cannot be analysed raises `GluteusError`, whose `.kind` is the
error's kind (`invalid_input`, `unsupported_format`, `corrupt`, ...).
"""
import io
import json
import os

import pyarrow.parquet as _pq

from . import _native
from ._native import GluteusError

__all__ = ["analyze", "analyze_many", "Batch", "GluteusError", "__version__"]
__version__ = _native.version()

# The error's kind, as the command line's JSON names it.
GluteusError.kind = property(lambda self: self.args[0] if self.args else "internal")
GluteusError.__str__ = lambda self: self.args[1] if len(self.args) > 1 else Exception.__str__(self)


def analyze(source, *, name=None, mass_kg=None, athlete=None, surface=None, series=False):
    """The analysis of one file, a path or its bytes, as a dict: the JSON of `gluteus analyze --json`.

    Options: `mass_kg` (body mass), `athlete` (an athlete TOML file), `surface` (every run's surface,
    such as "sand"), `series` (include the chart series), `name` (the file name for bytes).
    Raises GluteusError (with `.kind`) when the file cannot be analysed.
    """
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)
    if not isinstance(source, bytes):
        source = os.fspath(source)
    text = _native.analyze_json(source, name=name, mass_kg=mass_kg,
                                athlete=None if athlete is None else os.fspath(athlete),
                                surface=surface, series=series)
    return json.loads(text)


class Batch:
    """What `analyze_many` found: `runs`, `segments` and `failures`, pyarrow tables.

    Unpacks as `runs, segments = batch`; also `batch["runs"]`, `batch[0]`.
    """

    def __init__(self, runs, segments, failures):
        self.runs, self.segments, self.failures = runs, segments, failures

    def __iter__(self):
        return iter((self.runs, self.segments))

    def __len__(self):
        return 2

    def __getitem__(self, key):
        if isinstance(key, int):
            return (self.runs, self.segments)[key]
        return getattr(self, key)

    def __repr__(self):
        return (f"Batch(runs={self.runs.num_rows} rows, segments={self.segments.num_rows} rows, "
                f"failures={self.failures.num_rows} rows)")


def analyze_many(paths, threads=None, *, mass_kg=None, athlete=None, surface=None):
    """`gluteus batch` over files, folders and zips: a Batch of pyarrow tables (runs, segments,
    failures), columns as in the command line's database. `threads` defaults to every core."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    runs, segments, failures = _native.analyze_many_parquet(
        paths, threads=threads, mass_kg=mass_kg,
        athlete=None if athlete is None else os.fspath(athlete), surface=surface)
    read = lambda b: _pq.read_table(io.BytesIO(b))
    return Batch(read(runs), read(segments), read(failures))
