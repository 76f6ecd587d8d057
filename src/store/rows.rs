//! The tables of the archive database, in one place: every column with its SQL type, and how a
//! row is made from an analysis. Column names are the names of the JSON of `analyze --json`.

use crate::analysis::{Analysis, Run};
use serde_json::Value;

/// A column's SQL type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlType {
    /// Whole numbers and booleans (0 or 1).
    Integer,
    /// Numbers.
    Real,
    /// Text; objects and arrays of the JSON are stored as JSON text.
    Text,
}

impl SqlType {
    /// The SQL name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Integer => "INTEGER",
            Self::Real => "REAL",
            Self::Text => "TEXT",
        }
    }
}

use SqlType::{Integer, Real, Text};

/// A table: its name, its columns, its primary key.
#[derive(Clone, Copy, Debug)]
pub struct Table {
    /// The table's name.
    pub name: &'static str,
    /// Its columns, in order.
    pub columns: &'static [(&'static str, SqlType)],
    /// Its primary key's columns (none: a plain table).
    pub key: &'static [&'static str],
}

/// The identity of a run: the SHA-256 of its file's bytes after gunzip, and its session.
const RUN_KEY: [(&str, SqlType); 2] = [("content_sha256", Text), ("session", Integer)];

/// `runs`: one row per run; the file's fields, the run's header, its athlete and models, and every
/// scalar of its summary (`hr_zones_s` and `surface_m` as JSON).
pub const RUNS: Table = Table {
    name: "runs",
    columns: &[
        ("content_sha256", Text),
        ("session", Integer),
        ("file", Text),
        ("format", Text),
        ("device", Text),
        ("schema_version", Integer),
        ("model_version", Integer),
        ("sport", Text),
        ("sub_sport", Text),
        ("start_time", Text),
        ("start_unix_s", Real),
        ("utc_offset_s", Real),
        ("distance_source", Text),
        ("elevation_source", Text),
        ("timer_source", Text),
        ("surface_source", Text),
        ("mass_kg", Real),
        ("mass_source", Text),
        ("energy_model", Text),
        ("gap_model", Text),
        ("glute_model", Text),
        ("distance_m", Real),
        ("elapsed_s", Real),
        ("timer_s", Real),
        ("moving_s", Real),
        ("ascent_m", Real),
        ("descent_m", Real),
        ("avg_pace_s_per_km", Real),
        ("gap_s_per_km", Real),
        ("avg_hr_bpm", Real),
        ("max_hr_bpm", Real),
        ("avg_cadence_spm", Real),
        ("max_speed_mps", Real),
        ("avg_power_w", Real),
        ("hr_zones_s", Text),
        ("energy_kj", Real),
        ("energy_kcal", Real),
        ("energy_kcal_gross", Real),
        ("energy_kcal_low", Real),
        ("energy_kcal_high", Real),
        ("glute_load", Real),
        ("glute_load_low", Real),
        ("glute_load_high", Real),
        ("mean_gei", Real),
        ("mean_gei_low", Real),
        ("mean_gei_high", Real),
        ("glute_stimulus", Real),
        ("glute_stimulus_low", Real),
        ("glute_stimulus_high", Real),
        ("descent_load", Real),
        ("damage_index", Real),
        ("pace_variety", Real),
        ("stride_variety", Real),
        ("load_kg", Real),
        ("mass_assumed", Integer),
        ("verdict", Text),
        ("surface_m", Text),
        ("warnings", Text),
    ],
    key: &["content_sha256", "session"],
};

/// `segments`: one row per segment, as in the JSON (`index` from 0).
pub const SEGMENTS: Table = Table {
    name: "segments",
    columns: &[
        RUN_KEY[0],
        RUN_KEY[1],
        ("index", Integer),
        ("start_s", Real),
        ("duration_s", Real),
        ("moving_s", Real),
        ("start_m", Real),
        ("end_m", Real),
        ("distance_m", Real),
        ("grade_pct", Real),
        ("grade_class", Text),
        ("pace_s_per_km", Real),
        ("pace_class", Text),
        ("gait", Text),
        ("surface", Text),
        ("avg_hr_bpm", Real),
        ("avg_cadence_spm", Real),
        ("stride_m", Real),
        ("turning_deg_per_100m", Real),
        ("energy_kj", Real),
        ("energy_kcal", Real),
        ("energy_kcal_low", Real),
        ("energy_kcal_high", Real),
        ("gap_s_per_km", Real),
        ("gei", Real),
        ("gei_low", Real),
        ("gei_high", Real),
        ("glute_load", Real),
        ("glute_load_low", Real),
        ("glute_load_high", Real),
        ("glute_stimulus", Real),
        ("glute_stimulus_low", Real),
        ("glute_stimulus_high", Real),
        ("descent_load", Real),
    ],
    key: &["content_sha256", "session", "index"],
};

/// `splits`: one row per km or mile split (`index` from 1).
pub const SPLITS: Table = Table {
    name: "splits",
    columns: &[
        RUN_KEY[0],
        RUN_KEY[1],
        ("index", Integer),
        ("start_m", Real),
        ("end_m", Real),
        ("duration_s", Real),
        ("moving_s", Real),
        ("pace_s_per_km", Real),
        ("elevation_change_m", Real),
        ("avg_hr_bpm", Real),
    ],
    key: &["content_sha256", "session", "index"],
};

/// `climbs`: one row per climb (`index` from 0, in order).
pub const CLIMBS: Table = Table {
    name: "climbs",
    columns: &[
        RUN_KEY[0],
        RUN_KEY[1],
        ("index", Integer),
        ("start_m", Real),
        ("end_m", Real),
        ("length_m", Real),
        ("gain_m", Real),
        ("avg_grade_pct", Real),
        ("max_grade_pct", Real),
        ("start_s", Real),
        ("end_s", Real),
    ],
    key: &["content_sha256", "session", "index"],
};

/// `best_efforts`: one row per standard distance a run covers (`distance` is `400m`, `1km`, `1mi`,
/// `5km`, `10km`, `half` or `marathon`).
pub const BEST_EFFORTS: Table = Table {
    name: "best_efforts",
    columns: &[
        RUN_KEY[0],
        RUN_KEY[1],
        ("distance", Text),
        ("distance_m", Real),
        ("time_s", Real),
        ("pace_s_per_km", Real),
        ("start_m", Real),
        ("start_s", Real),
    ],
    key: &["content_sha256", "session", "distance"],
};

/// `laps`: one row per lap of the file (`index` from 1).
pub const LAPS: Table = Table {
    name: "laps",
    columns: &[
        RUN_KEY[0],
        RUN_KEY[1],
        ("index", Integer),
        ("start_s", Real),
        ("start_m", Real),
        ("duration_s", Real),
        ("distance_m", Real),
        ("pace_s_per_km", Real),
        ("avg_hr_bpm", Real),
        ("max_hr_bpm", Real),
    ],
    key: &["content_sha256", "session", "index"],
};

/// `routes`: a simplified route per run: at most [`ROUTE_POINTS`] `[lat, lon]` pairs as JSON.
pub const ROUTES: Table = Table {
    name: "routes",
    columns: &[RUN_KEY[0], RUN_KEY[1], ("points", Integer), ("route", Text)],
    key: &["content_sha256", "session"],
};

/// `sources`: every input found, where (its path, and the entry inside zips, `!`-separated),
/// what it was (size, modification time, SHA-256 of its bytes as found and after gunzip) and what
/// became of it (`run`, `no_run`, `duplicate`, `failed`), under which model version. A re-run
/// skips an input found here.
pub const SOURCES: Table = Table {
    name: "sources",
    columns: &[
        ("path", Text),
        ("entry", Text),
        ("size", Integer),
        ("modified_ms", Integer),
        ("raw_sha256", Text),
        ("content_sha256", Text),
        ("outcome", Text),
        ("model_version", Integer),
        ("strava_name", Text),
        ("strava_type", Text),
    ],
    key: &["path", "entry"],
};

/// `failures`: every input that could not be analysed, with its error kind and message.
pub const FAILURES: Table = Table {
    name: "failures",
    columns: &[
        ("path", Text),
        ("entry", Text),
        ("raw_sha256", Text),
        ("kind", Text),
        ("message", Text),
        ("model_version", Integer),
    ],
    key: &["path", "entry"],
};

/// `skipped`: sessions not analysed (not runs, or unusable), with their sport and why.
pub const SKIPPED: Table = Table {
    name: "skipped",
    columns: &[
        ("content_sha256", Text),
        ("session", Integer),
        ("path", Text),
        ("entry", Text),
        ("sport", Text),
        ("reason", Text),
        ("message", Text),
    ],
    key: &["content_sha256", "session"],
};

/// `duplicates`: a run not kept because it was kept already: the same bytes (`same_bytes`), or
/// the same run recorded twice (`same_run`: same sport, starts within 60 s, distances within 2 %),
/// with both keys and the differences.
pub const DUPLICATES: Table = Table {
    name: "duplicates",
    columns: &[
        ("content_sha256", Text),
        ("session", Integer),
        ("kept_sha256", Text),
        ("kept_session", Integer),
        ("kind", Text),
        ("start_diff_s", Real),
        ("distance_diff_m", Real),
        ("path", Text),
        ("entry", Text),
    ],
    key: &["content_sha256", "session", "path", "entry"],
};

/// `meta`: the versions the database was written with.
pub const META: Table = Table {
    name: "meta",
    columns: &[("key", Text), ("value", Text)],
    key: &["key"],
};

/// Every table, in the order they are created.
pub const TABLES: [Table; 12] = [
    META,
    RUNS,
    SEGMENTS,
    SPLITS,
    CLIMBS,
    LAPS,
    BEST_EFFORTS,
    ROUTES,
    SOURCES,
    FAILURES,
    SKIPPED,
    DUPLICATES,
];

/// The most points a stored route has.
pub const ROUTE_POINTS: usize = 200;

/// A value of a row.
pub type Cell = Value;

/// The cells of a row of `table` from a JSON object: each column's value by its name (objects and
/// arrays as JSON text, booleans as 0 or 1, missing as null).
pub fn from_json(table: &Table, object: &serde_json::Map<String, Value>) -> Vec<Cell> {
    table
        .columns
        .iter()
        .map(|(name, _)| match object.get(*name) {
            None | Some(Value::Null) => Value::Null,
            Some(Value::Bool(b)) => Value::from(i64::from(*b)),
            Some(v @ (Value::Array(_) | Value::Object(_))) => Value::String(v.to_string()),
            Some(v) => v.clone(),
        })
        .collect()
}

/// The `runs` row of a run.
pub fn run_row(analysis: &Analysis, run: &Run) -> Vec<Cell> {
    let mut object = serde_json::Map::new();
    object.insert("content_sha256".into(), analysis.content_sha256.clone().into());
    object.insert("file".into(), analysis.file.clone().into());
    object.insert(
        "format".into(),
        serde_json::to_value(analysis.format).unwrap_or(Value::Null),
    );
    object.insert("device".into(), analysis.device.clone().into());
    object.insert("schema_version".into(), analysis.schema_version.into());
    object.insert("model_version".into(), analysis.model_version.into());
    // The header's fields one by one: serialising the whole run would copy its series too.
    let json = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    object.insert("session".into(), run.session.into());
    object.insert("sport".into(), json(serde_json::to_value(&run.sport)));
    object.insert("sub_sport".into(), run.sub_sport.clone().into());
    object.insert("start_time".into(), json(serde_json::to_value(run.start_time)));
    object.insert("utc_offset_s".into(), run.utc_offset_s.into());
    object.insert(
        "distance_source".into(),
        json(serde_json::to_value(run.distance_source)),
    );
    object.insert(
        "elevation_source".into(),
        json(serde_json::to_value(run.elevation_source)),
    );
    object.insert("timer_source".into(), json(serde_json::to_value(run.timer_source)));
    object.insert("surface_source".into(), json(serde_json::to_value(run.surface_source)));
    object.insert("warnings".into(), json(serde_json::to_value(&run.warnings)));
    object.insert(
        "start_unix_s".into(),
        run.start_time.map(super::super::time::Timestamp::unix_s).into(),
    );
    object.insert("mass_kg".into(), run.athlete.mass_kg.into());
    object.insert(
        "mass_source".into(),
        serde_json::to_value(run.athlete.mass_source).unwrap_or(Value::Null),
    );
    object.insert("energy_model".into(), run.athlete.models.energy.clone().into());
    object.insert("gap_model".into(), run.athlete.models.gap.clone().into());
    object.insert("glute_model".into(), run.athlete.models.glutes.clone().into());
    if let Ok(Value::Object(summary)) = serde_json::to_value(&run.summary) {
        object.extend(summary);
    }
    from_json(&RUNS, &object)
}

/// Rows of a child table (segments, splits, climbs, laps) of a run: each item's JSON, keyed by the
/// run, `index` given as its position when the item has none.
pub fn child_rows<T: serde::Serialize>(table: &Table, analysis: &Analysis, run: &Run, items: &[T]) -> Vec<Vec<Cell>> {
    items
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let mut object = match serde_json::to_value(item) {
                Ok(Value::Object(o)) => o,
                _ => serde_json::Map::new(),
            };
            object.insert("content_sha256".into(), analysis.content_sha256.clone().into());
            object.insert("session".into(), run.session.into());
            object.entry("index").or_insert_with(|| k.into());
            from_json(table, &object)
        })
        .collect()
}

/// A run's route, at most [`ROUTE_POINTS`] `[lat, lon]` points (degrees, 6 decimals) evenly
/// picked from its chart series (the first and last kept), or `None` without positions.
pub fn route(run: &Run) -> Option<Vec<[f64; 2]>> {
    let series = run.series.as_ref()?;
    let points: Vec<[f64; 2]> = series
        .lat
        .iter()
        .zip(&series.lon)
        .filter_map(|(lat, lon)| Some([(*lat)?, (*lon)?]))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let n = points.len();
    let keep = n.min(ROUTE_POINTS);
    let round = |v: f64| (v * 1e6).round() / 1e6;
    Some(
        (0..keep)
            .map(|k| {
                // Evenly spaced indices from the first to the last.
                let i = if keep == 1 { 0 } else { k * (n - 1) / (keep - 1) };
                [round(points[i][0]), round(points[i][1])]
            })
            .collect(),
    )
}
