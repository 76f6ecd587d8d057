//! What `trends` reads of the store: one row per run with its totals, its segments summed by what
//! drove their glute stimulus, its best efforts and its route.

use crate::analysis::EffortDistance;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// Where a segment's glute stimulus came from, in order of precedence: a segment counts once, in
/// the first that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Uphill: grade classes `up`, `steep_up`, `very_steep_up` (3 % and steeper).
    Climbs,
    /// Fast: pace classes `hard` and `sprint`.
    Sprints,
    /// Soft or loose ground: surfaces that cost at least [`SOFT_ENERGY_FACTOR`] times asphalt's
    /// energy (grass, gravel, trail, sand, firm sand, snow).
    Soft,
    /// Everything else: easy and steady running on firm ground, level or downhill.
    Easy,
}

impl Source {
    /// Every source, in order of precedence.
    pub const ALL: [Source; 4] = [Source::Climbs, Source::Sprints, Source::Soft, Source::Easy];

    /// Its name in JSON (`climbs`, `sprints`, `soft`, `easy`).
    pub fn name(self) -> &'static str {
        match self {
            Source::Climbs => "climbs",
            Source::Sprints => "sprints",
            Source::Soft => "soft",
            Source::Easy => "easy",
        }
    }

    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Source::Climbs => "climbs",
            Source::Sprints => "hard efforts and sprints",
            Source::Soft => "soft ground",
            Source::Easy => "easy running",
        }
    }
}

/// A surface counts as soft from this energy multiplier on (the model's surface table).
pub const SOFT_ENERGY_FACTOR: f64 = 1.08;

/// One stored run, as `trends` uses it.
#[derive(Clone, Debug, Default)]
pub struct StoredRun {
    /// Its key.
    pub content_sha256: String,
    /// Its key.
    pub session: i64,
    /// The file it came from.
    pub file: String,
    /// Its start, Unix seconds (`None` for device-relative clocks).
    pub start_unix_s: Option<f64>,
    /// Its recorded UTC offset, s.
    pub utc_offset_s: Option<f64>,
    /// Distance, m.
    pub distance_m: f64,
    /// Moving time, s.
    pub moving_s: f64,
    /// Timer time, s.
    pub timer_s: f64,
    /// Ascent, m.
    pub ascent_m: f64,
    /// Net energy, kcal.
    pub energy_kcal: f64,
    /// Glute load (GEI × minutes).
    pub glute_load: f64,
    /// Glute stimulus (GEI³ × minutes).
    pub glute_stimulus: f64,
    /// Descent load.
    pub descent_load: f64,
    /// Damage index.
    pub damage_index: f64,
    /// Mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Highest heart rate, bpm.
    pub max_hr_bpm: Option<f64>,
    /// Grade-adjusted pace, s/km.
    pub gap_s_per_km: Option<f64>,
    /// Metres per surface.
    pub surface_m: BTreeMap<String, f64>,
    /// Glute stimulus by [`Source`], in its order.
    pub stimulus_by: [f64; 4],
    /// Timer time on climbs (grade 3 % and up), s.
    pub hill_s: f64,
    /// Timer time at hard or sprint pace, s.
    pub sprint_s: f64,
    /// Its best efforts, s.
    pub efforts: Vec<(EffortDistance, f64)>,
}

/// Every stored run, in start order (then key), with its segments' sums and best efforts.
///
/// # Errors
/// `SQLite`'s error.
pub fn runs(conn: &Connection) -> rusqlite::Result<Vec<StoredRun>> {
    let mut statement = conn.prepare(
        "SELECT content_sha256, session, file, start_unix_s, utc_offset_s, distance_m, moving_s, timer_s,
                ascent_m, energy_kcal, glute_load, glute_stimulus, descent_load, damage_index, avg_hr_bpm,
                max_hr_bpm, gap_s_per_km, surface_m
         FROM runs ORDER BY start_unix_s, content_sha256, session",
    )?;
    let f =
        |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<f64> { Ok(r.get::<_, Option<f64>>(i)?.unwrap_or(0.0)) };
    let mut runs: Vec<StoredRun> = statement
        .query_map([], |r| {
            let surface: Option<String> = r.get(17)?;
            Ok(StoredRun {
                content_sha256: r.get(0)?,
                session: r.get(1)?,
                file: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                start_unix_s: r.get(3)?,
                utc_offset_s: r.get(4)?,
                distance_m: f(r, 5)?,
                moving_s: f(r, 6)?,
                timer_s: f(r, 7)?,
                ascent_m: f(r, 8)?,
                energy_kcal: f(r, 9)?,
                glute_load: f(r, 10)?,
                glute_stimulus: f(r, 11)?,
                descent_load: f(r, 12)?,
                damage_index: f(r, 13)?,
                avg_hr_bpm: r.get(14)?,
                max_hr_bpm: r.get(15)?,
                gap_s_per_km: r.get(16)?,
                surface_m: surface.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
                ..StoredRun::default()
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<(String, i64), usize> = runs
        .iter()
        .enumerate()
        .map(|(k, r)| ((r.content_sha256.clone(), r.session), k))
        .collect();
    // Segments summed by source, in SQL: one row per run and source.
    let soft: Vec<String> = crate::model::SURFACES
        .iter()
        .filter(|c| c.energy.0 >= SOFT_ENERGY_FACTOR)
        .map(|c| format!("'{}'", c.surface.name()))
        .collect();
    let climbs = "grade_class IN ('up', 'steep_up', 'very_steep_up')";
    let sprints = "pace_class IN ('hard', 'sprint')";
    let sql = format!(
        "SELECT content_sha256, session,
                CASE WHEN {climbs} THEN 0 WHEN {sprints} THEN 1 WHEN surface IN ({}) THEN 2 ELSE 3 END AS source,
                SUM(glute_stimulus), SUM(CASE WHEN {climbs} THEN duration_s ELSE 0 END),
                SUM(CASE WHEN {sprints} THEN duration_s ELSE 0 END)
         FROM segments GROUP BY content_sha256, session, source",
        soft.join(", ")
    );
    let mut statement = conn.prepare(&sql)?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(0)?, r.get::<_, i64>(1)?);
        let Some(&k) = index.get(&key) else { continue };
        let source: usize = r.get::<_, i64>(2)?.clamp(0, 3).try_into().unwrap_or(3);
        runs[k].stimulus_by[source] += r.get::<_, Option<f64>>(3)?.unwrap_or(0.0);
        runs[k].hill_s += r.get::<_, Option<f64>>(4)?.unwrap_or(0.0);
        runs[k].sprint_s += r.get::<_, Option<f64>>(5)?.unwrap_or(0.0);
    }
    let mut statement = conn.prepare("SELECT content_sha256, session, distance, time_s FROM best_efforts")?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(0)?, r.get::<_, i64>(1)?);
        let (Some(&k), Some(distance), Some(time)) = (
            index.get(&key),
            EffortDistance::from_name(&r.get::<_, String>(2)?),
            r.get::<_, Option<f64>>(3)?,
        ) else {
            continue;
        };
        runs[k].efforts.push((distance, time));
    }
    for run in &mut runs {
        run.efforts.sort_by_key(|e| e.0);
    }
    Ok(runs)
}

/// The stored routes (`[lat, lon]` points) of the given runs, in the runs' order.
///
/// # Errors
/// `SQLite`'s error.
pub fn routes(conn: &Connection, keys: &[(String, i64)]) -> rusqlite::Result<Vec<Vec<[f64; 2]>>> {
    let wanted: HashMap<(String, i64), usize> = keys.iter().cloned().enumerate().map(|(k, key)| (key, k)).collect();
    let mut out = vec![Vec::new(); keys.len()];
    let mut statement = conn.prepare("SELECT content_sha256, session, route FROM routes")?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(0)?, r.get::<_, i64>(1)?);
        if let Some(&k) = wanted.get(&key) {
            out[k] = serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default();
        }
    }
    Ok(out)
}
