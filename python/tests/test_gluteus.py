"""The Python package against the command line: the same analysis, the same batch, errors with
their kind, and the Dask example. Run from the repository root after `maturin develop`:

    .venv/bin/python -m pytest python/tests
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

import gluteus

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, 'samples')


def cli():
    """The command line built by cargo (debug or release), or on the PATH."""
    for profile in ('debug', 'release'):
        exe = os.path.join(ROOT, 'target', profile, 'gluteus')
        if os.path.exists(exe):
            return exe
    found = shutil.which('gluteus')
    if not found:
        pytest.skip('no gluteus executable: run cargo build first')
    return found


def run_files():
    return sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES)
                  if f.endswith(('.fit', '.gpx', '.tcx', '.gz')))


@pytest.mark.parametrize('path', run_files())
def test_analyze_equals_the_cli_json(path):
    mine = gluteus.analyze(path)
    theirs = json.loads(subprocess.run([cli(), 'analyze', '--json', path], capture_output=True,
                                       check=True).stdout)
    assert mine == theirs
    # Bytes give the same runs.
    from_bytes = gluteus.analyze(open(path, 'rb').read(), name=os.path.basename(path))
    assert from_bytes['runs'] == mine['runs']
    assert from_bytes['content_sha256'] == mine['content_sha256']


def test_options_reach_the_analysis():
    path = os.path.join(SAMPLES, 'hill-repeats.fit')
    light, heavy = gluteus.analyze(path, mass_kg=55), gluteus.analyze(path, mass_kg=90)
    assert light['runs'][0]['athlete']['mass_kg'] == 55
    assert heavy['runs'][0]['summary']['energy_kcal'] > light['runs'][0]['summary']['energy_kcal']
    assert gluteus.analyze(path, series=True)['runs'][0]['series']['distance_m']


@pytest.mark.parametrize('source, kind', [
    (b'not a run file', 'unsupported_format'),
    (b'.FIT' * 3, 'unsupported_format'),
])
def test_errors_carry_their_kind(source, kind):
    with pytest.raises(gluteus.GluteusError) as caught:
        gluteus.analyze(source)
    assert caught.value.kind == kind
    assert str(caught.value)


def test_a_missing_file_and_a_bad_option_raise():
    with pytest.raises(gluteus.GluteusError) as caught:
        gluteus.analyze('/no/such/run.fit')
    assert caught.value.kind
    with pytest.raises(gluteus.GluteusError):
        gluteus.analyze(os.path.join(SAMPLES, 'beach.gpx'), mass_kg=5000)


def batch_counts(paths, tmp_path):
    db = str(tmp_path / 'cli.sqlite')
    subprocess.run([cli(), 'batch', *paths, '--db', db, '--quiet'], capture_output=True)
    con = sqlite3.connect(db)
    runs = con.execute('SELECT COUNT(*), SUM(distance_m) FROM runs').fetchone()
    segments = con.execute('SELECT COUNT(*) FROM segments').fetchone()[0]
    columns = [r[1] for r in con.execute('PRAGMA table_info(runs)')]
    return runs[0], runs[1], segments, columns


def test_analyze_many_is_the_cli_batch(tmp_path):
    broken = tmp_path / 'broken.fit'
    broken.write_bytes(b'.FIT but not really')
    paths = [SAMPLES, str(broken)]
    n, distance, segments, columns = batch_counts(paths, tmp_path)
    for threads in (None, 1, 2):
        result = gluteus.analyze_many(paths, threads=threads)
        runs, segs = result
        assert runs.num_rows == n and segs.num_rows == segments
        assert abs(sum(runs.column('distance_m').to_pylist()) - distance) < 1e-6
        assert runs.column_names == columns
        assert result.failures.num_rows == 1
        assert result['runs'] is result.runs


def test_the_dask_example_equals_the_cli_batch(tmp_path):
    pytest.importorskip('dask.dataframe')
    pytest.importorskip('distributed')
    n, distance, _, columns = batch_counts([SAMPLES], tmp_path)
    out = tmp_path / 'dask'
    subprocess.run([sys.executable, os.path.join(ROOT, 'examples', 'dask_archive.py'), SAMPLES,
                    '-o', str(out), '--workers', '2'], check=True, capture_output=True)
    import pyarrow.parquet as pq
    table = pq.read_table(str(out / 'runs'))
    assert table.num_rows == n
    assert abs(sum(table.column('distance_m').to_pylist()) - distance) < 1e-6
    assert [c for c in table.column_names if not c.startswith('__')] == columns
