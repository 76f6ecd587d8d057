//! store: the archive database (`SQLite`, through rusqlite with `SQLite` compiled in). Runs keyed by
//! (`content_sha256`, `session`), their segments, splits, climbs, laps and routes, and where every
//! input was found and what became of it (`sources`, `failures`, `skipped`, `duplicates`), so that
//! a re-run reads only what is new. Write-ahead log and one transaction per batch of inputs: a
//! process killed at any instant loses at most the uncommitted batch, which the next run redoes.
//! [`rows`] is the schema, in one place (docs/store.md).

pub mod parquet;
pub mod rows;

use crate::analysis::{Analysis, MODEL_VERSION, Run, SCHEMA_VERSION};
use rows::{Cell, Table};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The version of the database's tables: a database of another version is refused.
pub const STORE_VERSION: u32 = 2;

/// Why the database cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `SQLite` failed (a locked, corrupt or unwritable database).
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// What `SQLite` said.
        source: rusqlite::Error,
    },
    /// A table that the database does not have.
    #[error("no table {table}: the tables are {tables}")]
    NoTable {
        /// The table asked for.
        table: String,
        /// The tables there are.
        tables: String,
    },
    /// The export could not be written.
    #[error("export: {0}")]
    Export(String),
    /// The database was written by another version of the tables.
    #[error(
        "{path}: a database of store version {found}, this gluteus writes version {want}: use a new --db file (or `gluteus export` the old one first)"
    )]
    Version {
        /// The database file.
        path: String,
        /// Its version.
        found: String,
        /// Ours.
        want: u32,
    },
}

/// What became of an input, as `sources.outcome` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It gave at least one run that was kept.
    Run,
    /// Every session was skipped (not runs, or unusable).
    NoRun,
    /// Its runs were kept already (the same bytes, or the same run recorded twice).
    Duplicate,
    /// It could not be read or analysed.
    Failed,
}

impl Outcome {
    /// The stored name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Run => "run",
            Self::NoRun => "no_run",
            Self::Duplicate => "duplicate",
            Self::Failed => "failed",
        }
    }
}

/// Where an input was found: its path, and the entry inside zips (`""` for a plain file).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The file as found on disk.
    pub path: String,
    /// Inside zips: entry names, `!`-separated (`export.zip` → `activities/1.fit.gz`;
    /// `a.zip` → `inner.zip!run.fit`).
    pub entry: String,
}

/// A run kept in the database, as the same-run rule compares it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptRun {
    /// Its content hash.
    pub content_sha256: String,
    /// Its session.
    pub session: usize,
    /// Its sport.
    pub sport: String,
    /// Unix seconds of its start.
    pub start_unix_s: f64,
    /// Its distance, m.
    pub distance_m: f64,
}

/// The archive database.
pub struct Store {
    conn: Connection,
    path: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn create_sql(table: &Table) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|(name, ty)| format!("\"{name}\" {}", ty.name()))
        .collect();
    let key = if table.key.is_empty() {
        String::new()
    } else {
        let key: Vec<String> = table.key.iter().map(|k| format!("\"{k}\"")).collect();
        format!(", PRIMARY KEY ({})", key.join(", "))
    };
    format!(
        "CREATE TABLE IF NOT EXISTS \"{}\" ({}{key})",
        table.name,
        columns.join(", ")
    )
}

fn insert_sql(table: &Table) -> String {
    let names: Vec<String> = table.columns.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let marks = vec!["?"; table.columns.len()].join(", ");
    format!(
        "INSERT OR REPLACE INTO \"{}\" ({}) VALUES ({marks})",
        table.name,
        names.join(", ")
    )
}

fn to_sql(cell: &Cell) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match cell {
        Cell::Null => V::Null,
        Cell::Bool(b) => V::Integer(i64::from(*b)),
        Cell::Number(n) => n
            .as_i64()
            .map_or_else(|| V::Real(n.as_f64().unwrap_or(f64::NAN)), V::Integer),
        Cell::String(s) => V::Text(s.clone()),
        other => V::Text(other.to_string()),
    }
}

impl Store {
    /// Opens (or creates) the database at `path`, in write-ahead-log mode, with every table.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] when `SQLite` cannot open or write it; [`StoreError::Version`] for a
    /// database of another store version.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        let sql = |source| StoreError::Sqlite {
            path: name.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql)?;
        let store = Self {
            conn,
            path: name.clone(),
        };
        let found: Option<String> = store
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'store_version'", [], |r| r.get(0))
            .optional()
            .or_else(|e| match e {
                // A new database has no meta table yet.
                rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.starts_with("no such table") => Ok(None),
                e => Err(e),
            })
            .map_err(sql)?;
        match found {
            Some(v) if v != STORE_VERSION.to_string() => {
                return Err(StoreError::Version {
                    path: name,
                    found: v,
                    want: STORE_VERSION,
                });
            }
            _ => {}
        }
        let mut ddl = String::from("BEGIN;\n");
        for table in &rows::TABLES {
            ddl.push_str(&create_sql(table));
            ddl.push_str(";\n");
        }
        ddl.push_str("CREATE INDEX IF NOT EXISTS runs_start ON runs (start_unix_s);\n");
        ddl.push_str("CREATE INDEX IF NOT EXISTS sources_raw ON sources (raw_sha256);\n");
        // The same-bytes rule looks up every input's content among the sources.
        ddl.push_str("CREATE INDEX IF NOT EXISTS sources_content ON sources (content_sha256);\n");
        ddl.push_str("COMMIT;");
        store.conn.execute_batch(&ddl).map_err(sql)?;
        for (key, value) in [
            ("store_version", STORE_VERSION.to_string()),
            ("schema_version", SCHEMA_VERSION.to_string()),
            ("model_version", MODEL_VERSION.to_string()),
            ("gluteus_version", env!("CARGO_PKG_VERSION").to_owned()),
        ] {
            store
                .conn
                .execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    params![key, value],
                )
                .map_err(sql)?;
        }
        Ok(store)
    }

    /// Opens an existing database to read only (exports, trends): nothing in it changes. A
    /// missing file or a database of another store version is refused.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] when it is missing or not a database; [`StoreError::Version`] for
    /// another store version.
    pub fn open_read(path: &Path) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        if !path.is_file() {
            return Err(StoreError::Sqlite {
                path: name,
                source: rusqlite::Error::InvalidPath(path.to_path_buf()),
            });
        }
        let sql = |source| StoreError::Sqlite {
            path: name.clone(),
            source,
        };
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'store_version'", [], |r| r.get(0))
            .optional()
            .map_err(sql)?;
        if found.as_deref() != Some(STORE_VERSION.to_string().as_str()) {
            return Err(StoreError::Version {
                path: name,
                found: found.unwrap_or_else(|| "none".to_owned()),
                want: STORE_VERSION,
            });
        }
        Ok(Self { conn, path: name })
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// A second connection to the same database, for reading while this one writes (the
    /// write-ahead log lets readers and one writer work at once).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn reopen(&self) -> Result<Self, StoreError> {
        let conn = Connection::open(&self.path).map_err(|e| self.err(e))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| self.err(e))?;
        Ok(Self {
            conn,
            path: self.path.clone(),
        })
    }

    /// Runs `f` in one transaction: all of its writes land, or none.
    ///
    /// # Errors
    /// What `f` or `SQLite` returns.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|source| StoreError::Sqlite {
            path: path.clone(),
            source,
        })?;
        let out = f(&Writer { tx: &tx, path: &path })?;
        tx.commit().map_err(|source| StoreError::Sqlite { path, source })?;
        Ok(out)
    }

    /// What became of an input already stored under this model version with this size and
    /// modification time, if anything.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn seen(&self, place: &Place, size: u64, modified_ms: i64) -> Result<Option<String>, StoreError> {
        let size = i64::try_from(size).unwrap_or(i64::MAX);
        self.conn
            .prepare_cached("SELECT outcome FROM sources WHERE path = ?1 AND entry = ?2 AND size = ?3 AND modified_ms = ?4 AND model_version = ?5")
            .and_then(|mut st| {
                st.query_row(params![place.path, place.entry, size, modified_ms, MODEL_VERSION], |r| r.get(0))
                    .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// The outcome and content hash of an input with these bytes (raw SHA-256) stored under this
    /// model version, if any.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn seen_bytes(&self, raw_sha256: &str) -> Result<Option<(String, Option<String>)>, StoreError> {
        seen_bytes(&self.conn, raw_sha256).map_err(|e| self.err(e))
    }

    /// Rows per table.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn counts(&self) -> Result<Vec<(&'static str, u64)>, StoreError> {
        rows::TABLES
            .iter()
            .map(|t| {
                let n: i64 = self
                    .conn
                    .query_row(&format!("SELECT COUNT(*) FROM \"{}\"", t.name), [], |r| r.get(0))
                    .map_err(|e| self.err(e))?;
                Ok((t.name, u64::try_from(n).unwrap_or(0)))
            })
            .collect()
    }

    /// The connection, for queries and exports.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn seen_bytes(conn: &Connection, raw_sha256: &str) -> rusqlite::Result<Option<(String, Option<String>)>> {
    conn.query_row(
        "SELECT outcome, content_sha256 FROM sources WHERE raw_sha256 = ?1 AND model_version = ?2 ORDER BY path, entry LIMIT 1",
        params![raw_sha256, MODEL_VERSION],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

fn has_content(conn: &Connection, content_sha256: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM runs WHERE content_sha256 = ?1 LIMIT 1",
        params![content_sha256],
        |_| Ok(()),
    )
    .optional()
    .map(|o| o.is_some())
}

fn runs_starting(conn: &Connection, sport: &str, from_s: f64, to_s: f64) -> rusqlite::Result<Vec<KeptRun>> {
    let mut statement = conn.prepare_cached(
        "SELECT content_sha256, session, sport, start_unix_s, distance_m FROM runs WHERE sport = ?1 AND start_unix_s BETWEEN ?2 AND ?3 ORDER BY start_unix_s, content_sha256, session",
    )?;
    let rows = statement.query_map(params![sport, from_s, to_s], |r| {
        Ok(KeptRun {
            content_sha256: r.get(0)?,
            session: usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            sport: r.get(2)?,
            start_unix_s: r.get(3)?,
            distance_m: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// Writes inside one transaction ([`Store::transaction`]).
pub struct Writer<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    path: &'a str,
}

impl Writer<'_> {
    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.to_owned(),
            source,
        }
    }

    /// As [`Store::seen_bytes`], inside this transaction.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn seen_bytes(&self, raw_sha256: &str) -> Result<Option<(String, Option<String>)>, StoreError> {
        seen_bytes(self.tx, raw_sha256).map_err(|e| self.err(e))
    }

    /// Whether runs of this content are stored.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn has_content(&self, content_sha256: &str) -> Result<bool, StoreError> {
        has_content(self.tx, content_sha256).map_err(|e| self.err(e))
    }

    /// Whether these bytes (after gunzip) gave runs stored from another place.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn content_elsewhere(&self, content_sha256: &str, place: &Place) -> Result<bool, StoreError> {
        self.tx
            .prepare_cached("SELECT 1 FROM sources WHERE content_sha256 = ?1 AND outcome = 'run' AND NOT (path = ?2 AND entry = ?3) LIMIT 1")
            .and_then(|mut st| st.query_row(params![content_sha256, place.path, place.entry], |_| Ok(())).optional())
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    /// The stored runs of a sport that start between two instants (Unix seconds), in a fixed
    /// order.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn runs_starting(&self, sport: &str, from_s: f64, to_s: f64) -> Result<Vec<KeptRun>, StoreError> {
        runs_starting(self.tx, sport, from_s, to_s).map_err(|e| self.err(e))
    }

    /// Runs one statement (prepared once per transaction and cached).
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(sql)
            .and_then(|mut st| st.execute(params))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn insert(&self, table: &Table, cells: &[Cell]) -> Result<(), StoreError> {
        let err = |source| StoreError::Sqlite {
            path: self.path.to_owned(),
            source,
        };
        let mut statement = self.tx.prepare_cached(&insert_sql(table)).map_err(err)?;
        statement
            .execute(rusqlite::params_from_iter(cells.iter().map(to_sql)))
            .map_err(err)?;
        Ok(())
    }

    /// A run with its segments, splits, climbs, laps and route; its old rows (a `--force` re-run)
    /// replaced.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn run(&self, analysis: &Analysis, run: &Run) -> Result<(), StoreError> {
        for table in [
            &rows::SEGMENTS,
            &rows::SPLITS,
            &rows::CLIMBS,
            &rows::LAPS,
            &rows::BEST_EFFORTS,
        ] {
            let sql = format!(
                "DELETE FROM \"{}\" WHERE content_sha256 = ?1 AND session = ?2",
                table.name
            );
            self.exec(
                &sql,
                params![analysis.content_sha256, i64::try_from(run.session).unwrap_or(0)],
            )?;
        }
        self.insert(&rows::RUNS, &rows::run_row(analysis, run))?;
        for row in rows::child_rows(&rows::SEGMENTS, analysis, run, &run.segments) {
            self.insert(&rows::SEGMENTS, &row)?;
        }
        for row in rows::child_rows(&rows::SPLITS, analysis, run, &run.splits) {
            self.insert(&rows::SPLITS, &row)?;
        }
        for row in rows::child_rows(&rows::CLIMBS, analysis, run, &run.climbs) {
            self.insert(&rows::CLIMBS, &row)?;
        }
        for row in rows::child_rows(&rows::LAPS, analysis, run, &run.laps) {
            self.insert(&rows::LAPS, &row)?;
        }
        for row in rows::child_rows(&rows::BEST_EFFORTS, analysis, run, &run.best_efforts) {
            self.insert(&rows::BEST_EFFORTS, &row)?;
        }
        if let Some(route) = rows::route(run) {
            let json = serde_json::to_string(&route).unwrap_or_default();
            self.insert(
                &rows::ROUTES,
                &[
                    analysis.content_sha256.clone().into(),
                    run.session.into(),
                    route.len().into(),
                    json.into(),
                ],
            )?;
        }
        Ok(())
    }

    /// Where an input was found and what became of it.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    #[allow(clippy::too_many_arguments)]
    pub fn source(
        &self,
        place: &Place,
        size: u64,
        modified_ms: i64,
        raw_sha256: &str,
        content_sha256: Option<&str>,
        outcome: Outcome,
        strava: Option<(&str, &str)>,
    ) -> Result<(), StoreError> {
        self.insert(
            &rows::SOURCES,
            &[
                place.path.clone().into(),
                place.entry.clone().into(),
                size.into(),
                modified_ms.into(),
                raw_sha256.into(),
                content_sha256.map_or(Cell::Null, Into::into),
                outcome.name().into(),
                MODEL_VERSION.into(),
                strava.map_or(Cell::Null, |s| s.0.into()),
                strava.map_or(Cell::Null, |s| s.1.into()),
            ],
        )
    }

    /// An input that failed.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn failure(&self, place: &Place, raw_sha256: &str, kind: &str, message: &str) -> Result<(), StoreError> {
        self.insert(
            &rows::FAILURES,
            &[
                place.path.clone().into(),
                place.entry.clone().into(),
                raw_sha256.into(),
                kind.into(),
                message.into(),
                MODEL_VERSION.into(),
            ],
        )
    }

    /// Removes an input's failure (it has been analysed since).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn clear_failure(&self, place: &Place) -> Result<(), StoreError> {
        self.exec(
            "DELETE FROM failures WHERE path = ?1 AND entry = ?2",
            params![place.path, place.entry],
        )
    }

    /// A session that was not analysed.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn skipped(
        &self,
        analysis: &Analysis,
        place: &Place,
        skipped: &crate::analysis::Skipped,
    ) -> Result<(), StoreError> {
        self.insert(
            &rows::SKIPPED,
            &[
                analysis.content_sha256.clone().into(),
                skipped.session.into(),
                place.path.clone().into(),
                place.entry.clone().into(),
                skipped.sport.to_string().into(),
                serde_json::to_value(skipped.reason).unwrap_or(Cell::Null),
                skipped.message.clone().into(),
            ],
        )
    }

    /// Gives the sources of a kept run the Strava name and type of a dropped copy, where they
    /// have none.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn attach_strava(&self, kept_sha256: &str, name: &str, kind: &str) -> Result<(), StoreError> {
        self.exec(
            "UPDATE sources SET strava_name = ?2, strava_type = ?3 WHERE content_sha256 = ?1 AND outcome = 'run' AND strava_name IS NULL",
            params![kept_sha256, name, kind],
        )
    }

    /// A file passed over without decoding: not an activity, or not a run (session 0).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    pub fn skipped_file(
        &self,
        content_sha256: &str,
        place: &Place,
        sport: &str,
        reason: &str,
        message: &str,
    ) -> Result<(), StoreError> {
        self.insert(
            &rows::SKIPPED,
            &[
                content_sha256.into(),
                0.into(),
                place.path.clone().into(),
                place.entry.clone().into(),
                sport.into(),
                reason.into(),
                message.into(),
            ],
        )
    }

    /// A run not kept, and the run kept in its place.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    #[allow(clippy::too_many_arguments)]
    pub fn duplicate(
        &self,
        content_sha256: &str,
        session: usize,
        kept: (&str, usize),
        kind: &str,
        start_diff_s: Option<f64>,
        distance_diff_m: Option<f64>,
        place: &Place,
    ) -> Result<(), StoreError> {
        self.insert(
            &rows::DUPLICATES,
            &[
                content_sha256.into(),
                session.into(),
                kept.0.into(),
                kept.1.into(),
                kind.into(),
                start_diff_s.map_or(Cell::Null, Into::into),
                distance_diff_m.map_or(Cell::Null, Into::into),
                place.path.clone().into(),
                place.entry.clone().into(),
            ],
        )
    }
}

/// The format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// CSV with one header row of the column names.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The table of a name, or [`StoreError::NoTable`] listing the tables there are.
pub(crate) fn table_named(name: &str) -> Result<&'static rows::Table, StoreError> {
    rows::TABLES.iter().find(|t| t.name == name).ok_or_else(|| {
        let names: Vec<&str> = rows::TABLES.iter().map(|t| t.name).collect();
        StoreError::NoTable {
            table: name.to_owned(),
            tables: names.join(", "),
        }
    })
}

/// `SELECT` every column of a table, rows in key order.
pub(crate) fn select_in_key_order(table: &rows::Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let order: Vec<String> = table.key.iter().map(|k| format!("\"{k}\"")).collect();
    format!(
        "SELECT {} FROM \"{}\"{}",
        columns.join(", "),
        table.name,
        if order.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", order.join(", "))
        }
    )
}

/// A table of the database as CSV or JSON lines, rows in key order.
///
/// # Errors
/// [`StoreError::Sqlite`] for a table that does not exist or a database that cannot be read.
pub fn export(store: &Store, table: &str, format: ExportFormat) -> Result<Vec<u8>, StoreError> {
    let spec = table_named(table)?;
    let names: Vec<&str> = spec.columns.iter().map(|(n, _)| *n).collect();
    let mut statement = store
        .conn
        .prepare(&select_in_key_order(spec))
        .map_err(|e| store.err(e))?;
    let mut rows = statement.query([]).map_err(|e| store.err(e))?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut jsonl = Vec::new();
    if format == ExportFormat::Csv {
        csv.write_record(&names)
            .map_err(|e| StoreError::Export(e.to_string()))?;
    }
    while let Some(row) = rows.next().map_err(|e| store.err(e))? {
        use rusqlite::types::ValueRef;
        let cells: Vec<serde_json::Value> = (0..names.len())
            .map(|i| match row.get_ref(i) {
                Ok(ValueRef::Integer(v)) => v.into(),
                Ok(ValueRef::Real(v)) => v.into(),
                Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned().into(),
                _ => serde_json::Value::Null,
            })
            .collect();
        match format {
            ExportFormat::Csv => {
                let record: Vec<String> = cells
                    .iter()
                    .map(|c| match c {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                csv.write_record(&record)
                    .map_err(|e| StoreError::Export(e.to_string()))?;
            }
            ExportFormat::Jsonl => {
                let object: serde_json::Map<String, serde_json::Value> =
                    names.iter().map(|n| (*n).to_owned()).zip(cells).collect();
                jsonl.extend_from_slice(serde_json::Value::Object(object).to_string().as_bytes());
                jsonl.push(b'\n');
            }
        }
    }
    Ok(match format {
        ExportFormat::Csv => csv.into_inner().map_err(|e| StoreError::Export(e.to_string()))?,
        ExportFormat::Jsonl => jsonl,
    })
}
