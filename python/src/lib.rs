//! The Python bindings of gluteus: `gluteus._native`, wrapped by the pure-Python `gluteus`
//! package. The GIL is released while Rust works; errors become `gluteus.GluteusError` with the
//! error's kind.

use gluteus::batch::{self, BatchOptions};
use gluteus::store::{Store, parquet};
use gluteus::{Settings, Units};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;

create_exception!(
    _native,
    GluteusError,
    PyException,
    "A file gluteus could not analyse; `.kind` says why."
);

fn error(kind: &str, message: String) -> PyErr {
    GluteusError::new_err((kind.to_owned(), message))
}

fn options(mass_kg: Option<f64>, athlete: Option<PathBuf>, surface: Option<String>) -> PyResult<gluteus::Options> {
    Settings {
        athlete_file: athlete,
        mass_kg,
        surface,
        units: Units::Metric,
        ..Settings::default()
    }
    .options()
    .map_err(|e| error(e.kind().name(), e.to_string()))
}

/// The analysis of one file (a path) or of a file's bytes, as the JSON text of `gluteus analyze
/// --json`.
#[pyfunction]
#[pyo3(signature = (source, name = None, mass_kg = None, athlete = None, surface = None, series = false))]
fn analyze_json(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    name: Option<String>,
    mass_kg: Option<f64>,
    athlete: Option<PathBuf>,
    surface: Option<String>,
    series: bool,
) -> PyResult<String> {
    let options = options(mass_kg, athlete, surface)?;
    let bytes: Option<Vec<u8>> = source.cast::<PyBytes>().ok().map(|b| b.as_bytes().to_vec());
    let path: Option<PathBuf> = if bytes.is_none() { Some(source.extract()?) } else { None };
    let (file, outcome) = py.detach(|| match (&bytes, &path) {
        (Some(bytes), _) => {
            let file = name.clone().unwrap_or_else(|| "<bytes>".to_owned());
            let outcome = gluteus::analyze_bytes(&file, bytes, &options);
            (file, outcome)
        }
        (None, Some(path)) => (path.display().to_string(), gluteus::analyze_path(path, &options)),
        (None, None) => unreachable!("a path or bytes"),
    });
    match outcome {
        Ok(analysis) => {
            let json = gluteus::report::json(&[(file, Ok(analysis))], series);
            Ok(String::from_utf8_lossy(&json).into_owned())
        }
        Err(e) => Err(error(e.kind().name(), e.to_string())),
    }
}

/// `gluteus batch PATHS` into a temporary database, in parallel with the GIL released: the
/// runs, segments and failures tables as Parquet bytes.
#[pyfunction]
#[pyo3(signature = (paths, threads = None, mass_kg = None, athlete = None, surface = None))]
fn analyze_many_parquet(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: Option<usize>,
    mass_kg: Option<f64>,
    athlete: Option<PathBuf>,
    surface: Option<String>,
) -> PyResult<(Py<PyBytes>, Py<PyBytes>, Py<PyBytes>)> {
    let analysis = options(mass_kg, athlete, surface)?;
    let tables = py.detach(|| -> Result<[Vec<u8>; 3], (String, String)> {
        let fail = |e: &dyn std::fmt::Display| ("internal".to_owned(), e.to_string());
        let db = std::env::temp_dir().join(format!("gluteus-python-{}-{:p}.sqlite", std::process::id(), &paths));
        let result = (|| {
            let mut store = Store::open(&db).map_err(|e| fail(&e))?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.unwrap_or(0))
                .build()
                .map_err(|e| fail(&e))?;
            let options = BatchOptions {
                analysis,
                ..BatchOptions::default()
            };
            pool.install(|| batch::run(&paths, &mut store, &options, &mut |_| {}))
                .map_err(|e| ("invalid_input".to_owned(), e.to_string()))?;
            let mut out = [Vec::new(), Vec::new(), Vec::new()];
            for (slot, table) in out.iter_mut().zip(["runs", "segments", "failures"]) {
                *slot = parquet::table_bytes(&store, table).map_err(|e| fail(&e))?;
            }
            Ok(out)
        })();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        result
    });
    let [runs, segments, failures] = tables.map_err(|(kind, message)| error(&kind, message))?;
    Ok((
        PyBytes::new(py, &runs).unbind(),
        PyBytes::new(py, &segments).unbind(),
        PyBytes::new(py, &failures).unbind(),
    ))
}

/// The version of gluteus inside.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("GluteusError", m.py().get_type::<GluteusError>())?;
    m.add_function(wrap_pyfunction!(analyze_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many_parquet, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
