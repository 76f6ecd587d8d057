//! Trends over an archive in the store: per ISO week and per month in the runner's local time,
//! the seed rules (`ramp`, `few_runs`, `acwr_spike`), fitness and fatigue from a daily training
//! load, records, where the glute stimulus came from, and advice written from those numbers. The
//! last stage: it reads what `batch` stored and draws its page with the report's chart toolkit.
//!
//! References: the 10 % rule is coaching folklore, kept as a flag and not a verdict (Buist et al.
//! 2008, Am J Sports Med 36:33-39, found no fewer injuries with a slower build-up; Nielsen et al.
//! 2014, J Orthop Sports Phys Ther 44:739-747, found more injuries above a 30 % weekly rise).
//! Fitness and fatigue: Banister et al. (1975), Aust J Sports Med 7:57-61, with the training
//! impulse (TRIMP) of Banister (1991), in *Physiological Testing of the High-Performance Athlete*
//! pp 403-424, and Morton, Fitz-Clarke and Banister (1990), J Appl Physiol 69:1171-1177; the
//! exponentially weighted acute:chronic workload ratio of Williams et al. (2017), Br J Sports Med
//! 51:209-210, and its 1.5 danger line from Gabbett (2016), Br J Sports Med 50:273-280.

mod calendar;
mod fitness;
mod page;
pub mod read;
mod text;

pub use calendar::{Day, Zone};
pub use fitness::{
    ASSUMED_RESTING_HR_BPM, ASSUMED_THRESHOLD_PACE_S_PER_KM, LoadMethod, LoadSettings, RIEGEL_EXPONENT,
    THRESHOLD_RESERVE,
};
pub use page::{MAX_MAP_POINTS, page};
pub use read::{SOFT_ENERGY_FACTOR, Source};
pub use text::{to_text, weeks_csv};

use crate::analysis::EffortDistance;
use crate::model::Athlete;
use crate::store::StoreError;
use read::StoredRun;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What `trends` is asked.
#[derive(Clone, Debug)]
pub struct TrendsOptions {
    /// The window's first local day (default: the Monday of the first run's week).
    pub since: Option<Day>,
    /// The window's last local day (default: the Sunday of the last run's week).
    pub until: Option<Day>,
    /// The zone of every run's local day (default: each run's recorded offset, else UTC).
    pub zone: Option<Zone>,
    /// `ramp`: a week whose distance rose more than this over the week before, percent.
    pub ramp_pct: f64,
    /// `few_runs`: a week with fewer runs than this of at least `min_run_s`.
    pub min_runs: u32,
    /// The least timer time of a run that counts for `few_runs`, s.
    pub min_run_s: f64,
    /// A long run: timer time over this, s.
    pub long_run_s: f64,
    /// Training load, fitness and fatigue.
    pub load: LoadSettings,
    /// The runner (heart rates, threshold pace, sex).
    pub athlete: Athlete,
}

impl Default for TrendsOptions {
    fn default() -> Self {
        Self {
            since: None,
            until: None,
            zone: None,
            ramp_pct: 10.0,
            min_runs: 3,
            min_run_s: 1800.0,
            long_run_s: 5400.0,
            load: LoadSettings::default(),
            athlete: Athlete::default(),
        }
    }
}

/// A rule a week breaks.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Flag {
    /// Distance rose more than the ramp limit over the week before (not judged after a week
    /// without runs).
    Ramp {
        /// The rise, percent, to 0.1.
        pct: f64,
    },
    /// Fewer runs of at least 30 minutes of timer time than asked.
    FewRuns {
        /// How many there were.
        runs: u32,
    },
    /// The acute:chronic ratio rose above its limit on a day of the week.
    AcwrSpike {
        /// The week's highest ratio, to 0.01.
        acwr: f64,
        /// The day it was reached.
        date: String,
    },
}

/// The sums of a week or a month.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Runs.
    pub runs: u32,
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
    /// Glute load, GEI × minutes: the volume of glute work.
    pub glute_load: f64,
    /// Glute stimulus, GEI³ × minutes: what builds.
    pub glute_stimulus: f64,
    /// Descent load.
    pub descent_load: f64,
    /// The runs' damage indices, summed.
    pub damage: f64,
    /// Share of timer time on climbs (3 % and steeper), 0 to 1.
    pub hill_share: f64,
    /// Share of timer time at hard or sprint pace, 0 to 1.
    pub sprint_share: f64,
    /// Metres per surface.
    pub surface_m: BTreeMap<String, f64>,
    /// Runs of more than the long-run time.
    pub long_runs: u32,
    /// Runs of at least the `few_runs` time.
    pub runs_30min: u32,
    /// Training load, summed.
    pub training_load: f64,
    /// Glute stimulus by source (`climbs`, `sprints`, `soft`, `easy`): each segment once.
    pub glute_sources: BTreeMap<&'static str, f64>,
    #[serde(skip)]
    hill_s: f64,
    #[serde(skip)]
    sprint_s: f64,
}

impl Totals {
    fn add(&mut self, run: &StoredRun, training_load: f64, options: &TrendsOptions) {
        self.runs += 1;
        self.distance_m += run.distance_m;
        self.moving_s += run.moving_s;
        self.timer_s += run.timer_s;
        self.ascent_m += run.ascent_m;
        self.energy_kcal += run.energy_kcal;
        self.glute_load += run.glute_load;
        self.glute_stimulus += run.glute_stimulus;
        self.descent_load += run.descent_load;
        self.damage += run.damage_index;
        self.hill_s += run.hill_s;
        self.sprint_s += run.sprint_s;
        for (surface, m) in &run.surface_m {
            *self.surface_m.entry(surface.clone()).or_insert(0.0) += m;
        }
        self.long_runs += u32::from(run.timer_s > options.long_run_s);
        self.runs_30min += u32::from(run.timer_s >= options.min_run_s);
        self.training_load += training_load;
        for (source, value) in Source::ALL.iter().zip(run.stimulus_by) {
            *self.glute_sources.entry(source.name()).or_insert(0.0) += value;
        }
    }

    fn finish(&mut self) {
        if self.timer_s > 0.0 {
            self.hill_share = self.hill_s / self.timer_s;
            self.sprint_share = self.sprint_s / self.timer_s;
        }
        if self.glute_sources.is_empty() {
            for source in Source::ALL {
                self.glute_sources.insert(source.name(), 0.0);
            }
        }
    }

    /// The share of the glute stimulus from a source, 0 to 1 (0 without stimulus).
    pub fn source_share(&self, source: Source) -> f64 {
        let all: f64 = self.glute_sources.values().sum();
        if all > 0.0 {
            self.glute_sources.get(source.name()).copied().unwrap_or(0.0) / all
        } else {
            0.0
        }
    }
}

/// One ISO week of the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Week {
    /// `2026-W23`.
    pub week: String,
    /// Its Monday.
    pub start: String,
    /// Its sums.
    #[serde(flatten)]
    pub totals: Totals,
    /// The rules it breaks.
    pub flags: Vec<Flag>,
}

/// One month of the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Month {
    /// `2026-06`.
    pub month: String,
    /// Its first day.
    pub start: String,
    /// Its sums.
    #[serde(flatten)]
    pub totals: Totals,
}

/// A personal best.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    /// `400m`, `1km`, `1mi`, `5km`, `10km`, `half` or `marathon`.
    pub distance: EffortDistance,
    /// `null` for the whole archive, else the year it is the best of.
    pub year: Option<i64>,
    /// Timer time, s.
    pub time_s: f64,
    /// Pace, s/km.
    pub pace_s_per_km: f64,
    /// The run's local date.
    pub date: String,
    /// The run's key.
    pub content_sha256: String,
    /// The run's key.
    pub session: i64,
    /// The run's file.
    pub file: String,
}

/// One day of the fitness and fatigue model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoadDay {
    /// The local day.
    pub date: String,
    /// The day's summed training load.
    pub training_load: f64,
    /// Chronic load (42-day exponentially weighted).
    pub fitness: f64,
    /// Acute load (7-day).
    pub fatigue: f64,
    /// `fitness - fatigue`.
    pub form: f64,
    /// `fatigue / fitness`; `null` while fitness is 0.
    pub acwr: Option<f64>,
}

/// A sentence of advice and the numbers it rests on, each shown on the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Advice {
    /// A short key (`glute_sources`, `ramp`, `frequency`, `acwr`, `long_runs`).
    pub topic: &'static str,
    /// The sentence.
    pub text: String,
}

/// The window, as used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Window {
    /// First local day.
    pub since: String,
    /// Last local day.
    pub until: String,
    /// How local days were found: a `--tz` zone, or `recorded` (each run's offset, else UTC).
    pub zone: String,
}

/// Everything `trends` finds.
#[derive(Clone, Debug, Serialize)]
pub struct Trends {
    /// The window.
    pub window: Window,
    /// Every ISO week of the window, runs or not.
    pub weeks: Vec<Week>,
    /// Every month of the window.
    pub months: Vec<Month>,
    /// Personal bests over the whole archive (`year` null), then per year.
    pub records: Vec<Record>,
    /// One entry per day of the window.
    pub load: Vec<LoadDay>,
    /// How the training load was found.
    pub load_method: LoadMethod,
    /// Statements about the training, from the numbers above.
    pub advice: Vec<Advice>,
    /// What the reader should know (runs without dates, runs counted in UTC).
    pub warnings: Vec<String>,
    /// The runs of the window (for the page's links and map), in start order.
    #[serde(skip)]
    pub runs: Vec<WindowRun>,
}

/// A run of the window, for the page.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowRun {
    /// Its key.
    pub content_sha256: String,
    /// Its key.
    pub session: i64,
    /// Its file.
    pub file: String,
    /// Its local day.
    pub day: Day,
    /// Its distance, m.
    pub distance_m: f64,
}

/// Why trends could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TrendsError {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `--since` after `--until`.
    #[error("--since {since} is after --until {until}")]
    Window {
        /// As given.
        since: String,
        /// As given.
        until: String,
    },
}

/// Trends over the store at `db`.
///
/// # Errors
/// [`TrendsError`] when the store cannot be read or the window is empty.
pub fn trends(db: &Path, options: &TrendsOptions) -> Result<Trends, TrendsError> {
    let store = crate::store::Store::open_read(db)?;
    let sql = |source| StoreError::Sqlite {
        path: db.display().to_string(),
        source,
    };
    let runs = read::runs(store.connection()).map_err(sql)?;
    compute(&runs, options)
}

/// The routes of the window's runs, in their order.
///
/// # Errors
/// [`StoreError`] when the store cannot be read.
pub fn routes(db: &Path, trends: &Trends) -> Result<Vec<Vec<[f64; 2]>>, StoreError> {
    let store = crate::store::Store::open_read(db)?;
    let keys: Vec<(String, i64)> = trends
        .runs
        .iter()
        .map(|r| (r.content_sha256.clone(), r.session))
        .collect();
    read::routes(store.connection(), &keys).map_err(|source| StoreError::Sqlite {
        path: db.display().to_string(),
        source,
    })
}

/// Trends from runs already read (in start order).
///
/// # Errors
/// [`TrendsError::Window`] when `since` is after `until`.
pub fn compute(runs: &[StoredRun], options: &TrendsOptions) -> Result<Trends, TrendsError> {
    let mut warnings = Vec::new();
    // Each dated run's local day.
    let mut utc_only = 0;
    let dated: Vec<(Day, &StoredRun)> = runs
        .iter()
        .filter_map(|run| {
            let start = run.start_unix_s?;
            let offset = match (&options.zone, run.utc_offset_s) {
                (Some(zone), _) => zone.offset_at(start),
                (None, Some(offset)) => offset,
                (None, None) => {
                    utc_only += 1;
                    0.0
                }
            };
            Some((Day::of_instant(start, offset), run))
        })
        .collect();
    let undated = runs.len() - dated.len();
    if undated > 0 {
        warnings.push(format!(
            "{undated} run{} without a start date (a device-relative clock) left out",
            plural(undated)
        ));
    }
    if utc_only > 0 {
        warnings.push(format!(
            "{utc_only} run{} without a recorded UTC offset counted in UTC (set --tz to give your zone)",
            plural(utc_only)
        ));
    }
    let first = dated.iter().map(|(d, _)| *d).min();
    let last = dated.iter().map(|(d, _)| *d).max();
    let since = options.since.or(first.map(Day::monday));
    let until = options.until.or(last.map(|d| Day(d.monday().0 + 6)));
    let (since, until) = match (since, until) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => (a, Day(a.monday().0 + 6)),
        (None, Some(b)) => (b.monday(), b),
        (None, None) => {
            warnings.push("no dated runs in the store".to_owned());
            return Ok(empty(warnings, options));
        }
    };
    if since > until {
        return Err(TrendsError::Window {
            since: since.to_string(),
            until: until.to_string(),
        });
    }
    // Training load of every dated run (the method from the whole archive, so that a window does
    // not change a run's load).
    let method = fitness::method(runs, options);
    let loads: Vec<f64> = dated
        .iter()
        .map(|(_, run)| fitness::load(run, &method, &options.athlete))
        .collect();
    let inside = |d: Day| d >= since && d <= until;

    let mut weeks = weeks_of(&dated, &loads, (since, until), options);
    let months = months_of(&dated, &loads, (since, until), options);
    // Fitness and fatigue, one entry a day.
    let mut daily: BTreeMap<Day, f64> = BTreeMap::new();
    for ((day, _), load) in dated.iter().zip(&loads) {
        if inside(*day) {
            *daily.entry(*day).or_insert(0.0) += load;
        }
    }
    let load = fitness::daily(since, until, &daily, &options.load);
    flag_spikes(&mut weeks, &load, options);
    let records = records(&dated);
    let advice = advice(&weeks, &load, options);
    let window_runs = dated
        .iter()
        .filter(|(day, _)| inside(*day))
        .map(|(day, run)| WindowRun {
            content_sha256: run.content_sha256.clone(),
            session: run.session,
            file: run.file.clone(),
            day: *day,
            distance_m: run.distance_m,
        })
        .collect();
    Ok(Trends {
        window: Window {
            since: since.to_string(),
            until: until.to_string(),
            zone: options.zone.as_ref().map_or_else(|| "recorded".to_owned(), Zone::name),
        },
        weeks,
        months,
        records,
        load,
        load_method: method,
        advice,
        warnings,
        runs: window_runs,
    })
}

/// Every ISO week that meets the window, with its flags; the ramp compares with the week before,
/// from every run in the store.
fn weeks_of(
    dated: &[(Day, &StoredRun)],
    loads: &[f64],
    (since, until): (Day, Day),
    options: &TrendsOptions,
) -> Vec<Week> {
    let inside = |d: Day| d >= since && d <= until;
    let mut distance_by_week: BTreeMap<Day, f64> = BTreeMap::new();
    for (day, run) in dated {
        *distance_by_week.entry(day.monday()).or_insert(0.0) += run.distance_m;
    }
    let mut weeks = Vec::new();
    let mut monday = since.monday();
    while monday <= until {
        let mut totals = Totals::default();
        for ((day, run), load) in dated.iter().zip(loads) {
            if day.monday() == monday && inside(*day) {
                totals.add(run, *load, options);
            }
        }
        totals.finish();
        let mut flags = Vec::new();
        let before = distance_by_week.get(&Day(monday.0 - 7)).copied().unwrap_or(0.0);
        let this = distance_by_week.get(&monday).copied().unwrap_or(0.0);
        if before > 0.0 {
            let pct = (this / before - 1.0) * 100.0;
            if pct > options.ramp_pct {
                flags.push(Flag::Ramp {
                    pct: (pct * 10.0).round() / 10.0,
                });
            }
        }
        if totals.runs_30min < options.min_runs {
            flags.push(Flag::FewRuns {
                runs: totals.runs_30min,
            });
        }
        weeks.push(Week {
            week: monday.week_label(),
            start: monday.to_string(),
            totals,
            flags,
        });
        monday = Day(monday.0 + 7);
    }
    weeks
}

/// Every month that meets the window.
fn months_of(
    dated: &[(Day, &StoredRun)],
    loads: &[f64],
    (since, until): (Day, Day),
    options: &TrendsOptions,
) -> Vec<Month> {
    let inside = |d: Day| d >= since && d <= until;
    let mut months = Vec::new();
    let mut start = since.month_start();
    while start <= until {
        let next = start.next_month();
        let mut totals = Totals::default();
        for ((day, run), load) in dated.iter().zip(loads) {
            if *day >= start && *day < next && inside(*day) {
                totals.add(run, *load, options);
            }
        }
        totals.finish();
        months.push(Month {
            month: start.month_label(),
            start: start.to_string(),
            totals,
        });
        start = next;
    }
    months
}

/// `acwr_spike` on each week with a day above the limit, once the warm-up is over.
fn flag_spikes(weeks: &mut [Week], load: &[LoadDay], options: &TrendsOptions) {
    for (index, entry) in load.iter().enumerate() {
        let Some(acwr) = entry.acwr else { continue };
        #[allow(clippy::cast_possible_wrap)]
        if (index as i64) < options.load.warm_up_days || acwr <= options.load.acwr_spike {
            continue;
        }
        let Some(day) = Day::parse(&entry.date) else { continue };
        let label = day.monday().week_label();
        if let Some(week) = weeks.iter_mut().find(|w| w.week == label) {
            let rounded = (acwr * 100.0).round() / 100.0;
            match week.flags.iter_mut().find(|f| matches!(f, Flag::AcwrSpike { .. })) {
                Some(Flag::AcwrSpike { acwr: a, date }) if rounded > *a => {
                    *a = rounded;
                    date.clone_from(&entry.date);
                }
                Some(_) => {}
                None => week.flags.push(Flag::AcwrSpike {
                    acwr: rounded,
                    date: entry.date.clone(),
                }),
            }
        }
    }
}

fn empty(warnings: Vec<String>, options: &TrendsOptions) -> Trends {
    Trends {
        window: Window {
            since: String::new(),
            until: String::new(),
            zone: options.zone.as_ref().map_or_else(|| "recorded".to_owned(), Zone::name),
        },
        weeks: Vec::new(),
        months: Vec::new(),
        records: Vec::new(),
        load: Vec::new(),
        load_method: fitness::method(&[], options),
        advice: Vec::new(),
        warnings,
        runs: Vec::new(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The best effort of each distance over every dated run, then per year; the earlier run keeps a
/// tie.
fn records(dated: &[(Day, &StoredRun)]) -> Vec<Record> {
    let mut all: BTreeMap<EffortDistance, (f64, usize)> = BTreeMap::new();
    let mut yearly: BTreeMap<(i64, EffortDistance), (f64, usize)> = BTreeMap::new();
    for (k, (day, run)) in dated.iter().enumerate() {
        for &(distance, time) in &run.efforts {
            if time.is_nan() || time <= 0.0 {
                continue;
            }
            let better = |best: Option<&(f64, usize)>| best.is_none_or(|(t, _)| time < *t);
            if better(all.get(&distance)) {
                all.insert(distance, (time, k));
            }
            let year = day.ymd().0;
            if better(yearly.get(&(year, distance))) {
                yearly.insert((year, distance), (time, k));
            }
        }
    }
    let record = |distance: EffortDistance, year: Option<i64>, (time, k): (f64, usize)| {
        let (day, run) = &dated[k];
        Record {
            distance,
            year,
            time_s: time,
            pace_s_per_km: (time / distance.metres() * 1000.0 * 100.0).round() / 100.0,
            date: day.to_string(),
            content_sha256: run.content_sha256.clone(),
            session: run.session,
            file: run.file.clone(),
        }
    };
    let mut out: Vec<Record> = all.into_iter().map(|(d, best)| record(d, None, best)).collect();
    out.extend(yearly.into_iter().map(|((year, d), best)| record(d, Some(year), best)));
    out
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Where the glute stimulus of the last weeks came from, and what that means.
fn source_advice(recent: &[&Week], span: &str) -> Advice {
    let mut sources = Totals::default();
    for week in recent {
        for (k, v) in &week.totals.glute_sources {
            *sources.glute_sources.entry(k).or_insert(0.0) += v;
        }
    }
    let pct = |s: Source| 100.0 * sources.source_share(s);
    let stimulus: f64 = sources.glute_sources.values().sum();
    if stimulus > 0.0 {
        let (climbs, sprints, easy) = (pct(Source::Climbs), pct(Source::Sprints), pct(Source::Easy));
        let text = if climbs + sprints < 0.5 {
            format!(
                "{} had no hill or sprint work: {easy:.0} % of the glute stimulus ({stimulus:.0}) came from easy running, which burns without building; add hill repeats or strides.",
                capitalised(span)
            )
        } else if easy >= 80.0 {
            format!(
                "In {span}, {easy:.0} % of the glute stimulus ({stimulus:.0}) came from easy running, {climbs:.0} % from climbs and {sprints:.0} % from hard efforts and sprints: more hills or strides would build the glutes."
            )
        } else {
            format!(
                "In {span}, {climbs:.0} % of the glute stimulus ({stimulus:.0}) came from climbs, {sprints:.0} % from hard efforts and sprints, {:.0} % from soft ground and {easy:.0} % from easy running.",
                pct(Source::Soft)
            )
        };
        Advice {
            topic: "glute_sources",
            text,
        }
    } else {
        Advice {
            topic: "glute_sources",
            text: format!("{} had no runs with glute stimulus.", capitalised(span)),
        }
    }
}

/// Statements from the last six weeks of the window, each resting on numbers the page shows.
fn advice(weeks: &[Week], load: &[LoadDay], options: &TrendsOptions) -> Vec<Advice> {
    let mut out = Vec::new();
    let recent: Vec<&Week> = weeks.iter().rev().take(6).collect();
    if recent.is_empty() {
        return out;
    }
    let n = recent.len();
    let span = if n == 1 {
        "the last week".to_owned()
    } else {
        format!("the last {n} weeks")
    };
    out.push(source_advice(&recent, &span));
    if let Some((week, pct)) = recent.iter().find_map(|w| {
        w.flags.iter().find_map(|f| match f {
            Flag::Ramp { pct } => Some((w, *pct)),
            _ => None,
        })
    }) {
        out.push(Advice {
            topic: "ramp",
            text: format!(
                "{} ran {pct:.1} % more distance than the week before ({:.1} km): more than the {:.0} % a week that coaches advise.",
                week.week,
                week.totals.distance_m / 1000.0,
                options.ramp_pct
            ),
        });
    }
    let few = recent
        .iter()
        .filter(|w| w.flags.iter().any(|f| matches!(f, Flag::FewRuns { .. })))
        .count();
    if few > 0 {
        out.push(Advice {
            topic: "frequency",
            text: format!(
                "{few} of {span} had fewer than {} runs of {:.0} minutes or more.",
                options.min_runs,
                options.min_run_s / 60.0
            ),
        });
    }
    let long: u32 = recent.iter().map(|w| w.totals.long_runs).sum();
    out.push(Advice {
        topic: "long_runs",
        text: format!(
            "{long} long run{} (over {:.0} minutes) in {span}.",
            if long == 1 { "" } else { "s" },
            options.long_run_s / 60.0
        ),
    });
    // The last two weeks, once the chronic load has had its warm-up.
    let warm_up = usize::try_from(options.load.warm_up_days).unwrap_or(0);
    let start = load.len().saturating_sub(14).max(warm_up).min(load.len());
    if let Some(peak) = load[start..]
        .iter()
        .filter(|d| d.acwr.is_some_and(|a| a > options.load.acwr_spike))
        .max_by(|a, b| a.acwr.unwrap_or(0.0).total_cmp(&b.acwr.unwrap_or(0.0)))
    {
        out.push(Advice {
            topic: "acwr",
            text: format!(
                "The acute:chronic load ratio reached {:.2} on {}, above {:.1}: the last weeks were much harder than the ones before.",
                peak.acwr.unwrap_or(0.0),
                peak.date,
                options.load.acwr_spike
            ),
        });
    }
    out
}
