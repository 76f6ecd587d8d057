//! The database as Parquet files that `DuckDB`, Spark, Dask and pandas read as one dataset: one
//! folder per table, the same columns and types as the `SQLite` table (REAL as `double`, INTEGER as
//! `int64`, TEXT as `string`, every column nullable), rows in key order. Tables of runs (`runs`,
//! `segments`, `splits`, `climbs`, `laps`, `best_efforts`, `routes`) are hive partitioned by the
//! UTC year of the run's start (`runs/year=2026/part-K-of-N-000.parquet`; `year=0` for a run
//! whose clock gave no date); the others are not (`failures/part-K-of-N-000.parquet`).
//!
//! `K` and `N` are the shard and the number of shards (`0` and `1` unsharded), so that shards can
//! write into one folder without meeting. Files are written under a hidden temporary name and
//! renamed at the end; the shard's earlier parts are removed first, so that a re-run (a retried
//! pod) replaces its rows instead of doubling them. Row groups hold at most [`ROW_GROUP_ROWS`]
//! rows, and the rows stream from `SQLite` to Parquet, so memory stays bounded whatever the size.

use super::rows::{SqlType, Table};
use super::{Store, StoreError};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most rows of a row group (and of a batch held in memory).
pub const ROW_GROUP_ROWS: usize = 65_536;

/// The tables whose rows belong to a run, partitioned by the year of its start.
pub const RUN_TABLES: [&str; 7] = ["runs", "segments", "splits", "climbs", "laps", "best_efforts", "routes"];

/// The tables `batch --parquet` writes.
pub const BATCH_TABLES: [&str; 5] = ["runs", "segments", "best_efforts", "failures", "skipped"];

/// Which shard writes, of how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// This shard, from 0.
    pub shard: u64,
    /// How many shards.
    pub shards: u64,
}

impl Default for Part {
    fn default() -> Self {
        Self { shard: 0, shards: 1 }
    }
}

impl Part {
    /// `part-K-of-N-` (the files of this part start so).
    fn prefix(self) -> String {
        format!("part-{}-of-{}-", self.shard, self.shards)
    }
}

/// What was written: rows per table and the files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
    /// The files, relative to the output folder, in the order written.
    pub files: Vec<PathBuf>,
}

/// The builders of one batch of rows.
struct Columns {
    schema: Arc<Schema>,
    types: Vec<SqlType>,
    reals: Vec<Vec<Option<f64>>>,
    ints: Vec<Vec<Option<i64>>>,
    texts: Vec<Vec<Option<String>>>,
    rows: usize,
}

impl Columns {
    fn new(table: &Table) -> Self {
        let fields: Vec<Field> = table
            .columns
            .iter()
            .map(|(name, kind)| {
                let data = match kind {
                    SqlType::Integer => DataType::Int64,
                    SqlType::Real => DataType::Float64,
                    SqlType::Text => DataType::Utf8,
                };
                Field::new(*name, data, true)
            })
            .collect();
        let n = table.columns.len();
        Self {
            schema: Arc::new(Schema::new(fields)),
            types: table.columns.iter().map(|(_, t)| *t).collect(),
            reals: vec![Vec::new(); n],
            ints: vec![Vec::new(); n],
            texts: vec![Vec::new(); n],
            rows: 0,
        }
    }

    /// Adds one row (the first `types.len()` values of `row`).
    fn push(&mut self, row: &rusqlite::Row<'_>) -> rusqlite::Result<()> {
        for (i, kind) in self.types.iter().enumerate() {
            let value = row.get_ref(i)?;
            match kind {
                SqlType::Real => self.reals[i].push(match value {
                    ValueRef::Real(f) => Some(f),
                    #[allow(clippy::cast_precision_loss)]
                    ValueRef::Integer(n) => Some(n as f64),
                    _ => None,
                }),
                SqlType::Integer => self.ints[i].push(match value {
                    ValueRef::Integer(n) => Some(n),
                    #[allow(clippy::cast_possible_truncation)]
                    ValueRef::Real(f) if f.fract() == 0.0 => Some(f as i64),
                    _ => None,
                }),
                SqlType::Text => self.texts[i].push(match value {
                    ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Integer(n) => Some(n.to_string()),
                    ValueRef::Real(f) => Some(f.to_string()),
                    _ => None,
                }),
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows so far as a record batch; the builders start again.
    fn take(&mut self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let arrays: Vec<ArrayRef> = self
            .types
            .iter()
            .enumerate()
            .map(|(i, kind)| -> ArrayRef {
                match kind {
                    SqlType::Real => Arc::new(Float64Array::from(std::mem::take(&mut self.reals[i]))),
                    SqlType::Integer => Arc::new(Int64Array::from(std::mem::take(&mut self.ints[i]))),
                    SqlType::Text => Arc::new(StringArray::from(std::mem::take(&mut self.texts[i]))),
                }
            })
            .collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), arrays)
    }
}

/// One file being written: its writer, its temporary and final paths.
struct Open {
    writer: ArrowWriter<std::fs::File>,
    temporary: PathBuf,
    last: PathBuf,
}

fn parquet_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Export(format!("parquet: {e}"))
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Export(format!("{}: {e}", path.display()))
}

/// How every file is written: Snappy, bounded row groups, gluteus named as the writer.
fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(format!("gluteus {}", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Starts a file in `dir`, under a hidden temporary name.
fn open(dir: &Path, part: Part, schema: &Arc<Schema>) -> Result<Open, StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let name = format!("{}000.parquet", part.prefix());
    let temporary = dir.join(format!(".{name}.tmp"));
    #[allow(clippy::disallowed_methods)] // the store writes its own outputs
    let file = std::fs::File::create(&temporary).map_err(|e| io_error(&temporary, &e))?;
    let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties())).map_err(parquet_error)?;
    Ok(Open {
        writer,
        temporary,
        last: dir.join(name),
    })
}

/// One table of the store as the bytes of one Parquet file (for callers that hand it to
/// another program in memory, such as the Python package).
///
/// # Errors
/// [`StoreError::NoTable`] for an unknown table, [`StoreError::Sqlite`] when the database cannot be
/// read, [`StoreError::Export`] when encoding fails.
pub fn table_bytes(store: &Store, table: &str) -> Result<Vec<u8>, StoreError> {
    let spec = super::table_named(table)?;
    let sql = super::select_in_key_order(spec);
    let mut statement = store.conn.prepare(&sql).map_err(|e| store.err(e))?;
    let mut rows = statement.query([]).map_err(|e| store.err(e))?;
    let mut batch = Columns::new(spec);
    let mut writer =
        ArrowWriter::try_new(Vec::new(), batch.schema.clone(), Some(properties())).map_err(parquet_error)?;
    while let Some(row) = rows.next().map_err(|e| store.err(e))? {
        batch.push(row).map_err(|e| store.err(e))?;
        if batch.rows >= ROW_GROUP_ROWS {
            writer
                .write(&batch.take().map_err(parquet_error)?)
                .map_err(parquet_error)?;
        }
    }
    if batch.rows > 0 {
        writer
            .write(&batch.take().map_err(parquet_error)?)
            .map_err(parquet_error)?;
    }
    writer.into_inner().map_err(parquet_error)
}

/// Writes `tables` of the store under `out` as this part's files, replacing the part's earlier
/// files only once every new one is complete.
///
/// # Errors
/// [`StoreError::NoTable`] for an unknown table, [`StoreError::Sqlite`] when the database cannot be
/// read, [`StoreError::Export`] when a file cannot be written.
pub fn write(store: &Store, out: &Path, tables: &[&str], part: Part) -> Result<Written, StoreError> {
    let mut written = Written::default();
    let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for name in tables {
            let table = super::table_named(name)?;
            let rows = write_table(store, out, table, part, &mut done)?;
            written.rows.insert(table.name.to_owned(), rows);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temporary, _) in &done {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(e);
    }
    // The part's earlier files go, then the new ones take their names.
    for name in tables {
        remove_part(&out.join(name), part)?;
    }
    for (temporary, last) in done {
        std::fs::rename(&temporary, &last).map_err(|e| io_error(&last, &e))?;
        written
            .files
            .push(last.strip_prefix(out).unwrap_or(&last).to_path_buf());
    }
    Ok(written)
}

/// Removes this part's files under `dir` (recursively), and the folders left empty.
fn remove_part(dir: &Path, part: Part) -> Result<(), StoreError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let prefix = part.prefix();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_part(&path, part)?;
            let _ = std::fs::remove_dir(&path); // only when empty
        } else if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".parquet"))
        {
            std::fs::remove_file(&path).map_err(|e| io_error(&path, &e))?;
        }
    }
    Ok(())
}

/// Streams one table into its files; returns its row count.
fn write_table(
    store: &Store,
    out: &Path,
    table: &Table,
    part: Part,
    done: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<u64, StoreError> {
    let partitioned = RUN_TABLES.contains(&table.name);
    let columns: Vec<String> = table.columns.iter().map(|(n, _)| format!("t.\"{n}\"")).collect();
    let order: Vec<String> = table.key.iter().map(|k| format!("t.\"{k}\"")).collect();
    let year = |alias: &str| format!("COALESCE(CAST(strftime('%Y', {alias}.start_unix_s, 'unixepoch') AS INTEGER), 0)");
    let sql = if !partitioned {
        super::select_in_key_order(table)
    } else if table.name == "runs" {
        let year = year("t");
        format!(
            "SELECT {}, {year} FROM runs t ORDER BY {year}, {}",
            columns.join(", "),
            order.join(", ")
        )
    } else {
        let year = year("r");
        format!(
            "SELECT {}, {year} FROM \"{}\" t LEFT JOIN runs r ON r.content_sha256 = t.content_sha256 AND r.session = t.session ORDER BY {year}, {}",
            columns.join(", "),
            table.name,
            order.join(", ")
        )
    };
    let mut statement = store.conn.prepare(&sql).map_err(|e| store.err(e))?;
    let mut rows = statement.query([]).map_err(|e| store.err(e))?;
    let mut batch = Columns::new(table);
    let mut current: Option<(i64, Open)> = None;
    let mut count = 0_u64;
    let folder = out.join(table.name);
    let finish = |open: Open, batch: &mut Columns, done: &mut Vec<(PathBuf, PathBuf)>| -> Result<(), StoreError> {
        let mut open = open;
        if batch.rows > 0 {
            open.writer
                .write(&batch.take().map_err(parquet_error)?)
                .map_err(parquet_error)?;
        }
        open.writer.close().map_err(parquet_error)?;
        done.push((open.temporary, open.last));
        Ok(())
    };
    while let Some(row) = rows.next().map_err(|e| store.err(e))? {
        let year: i64 = if partitioned {
            row.get(table.columns.len()).map_err(|e| store.err(e))?
        } else {
            0
        };
        if current.as_ref().is_none_or(|(y, _)| *y != year) {
            if let Some((_, open)) = current.take() {
                finish(open, &mut batch, done)?;
            }
            let dir = if partitioned {
                folder.join(format!("year={year}"))
            } else {
                folder.clone()
            };
            current = Some((year, open(&dir, part, &batch.schema)?));
        }
        batch.push(row).map_err(|e| store.err(e))?;
        count += 1;
        if batch.rows >= ROW_GROUP_ROWS
            && let Some((_, open)) = current.as_mut()
        {
            open.writer
                .write(&batch.take().map_err(parquet_error)?)
                .map_err(parquet_error)?;
        }
    }
    match current {
        Some((_, open)) => finish(open, &mut batch, done)?,
        // An empty table that is not partitioned still gets its file, so that readers know its
        // columns and find a table of no rows rather than none.
        None if !partitioned => {
            let open = open(&folder, part, &batch.schema)?;
            finish(open, &mut batch, done)?;
        }
        None => {}
    }
    Ok(count)
}
