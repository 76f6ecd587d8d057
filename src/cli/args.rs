//! The command line, as clap derives it (docs/output.md is the contract).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Analyse recorded runs: energy and glute engagement, segment by segment.
#[derive(Debug, Parser)]
#[command(name = "gluteus", version, about, propagate_version = true)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Clean each run, cut it into segments of one grade, pace and surface, and report.
    ///
    /// GEI (the Glute Engagement Index) is a relative index, 1.0 for steady level running at
    /// 10 km/h on asphalt: good for comparing segments and runs, not a measured muscle activation.
    /// Every estimate comes with a 10-90 % band.
    Analyze(AnalyzeArgs),
    /// Write charts and one self-contained HTML page per run (no network, no script), and an
    /// index of the runs: `OUT_DIR`/<base name>/index.html.
    ///
    /// Charts: elevation coloured by glute engagement, pace and grade-adjusted pace, GEI by
    /// segment, energy by segment, the route, where the glute work came from, heart-rate zones.
    /// Takes every analysis flag of `analyze`.
    Report(ReportArgs),
    /// Take whole archives into a `SQLite` database: folders, zips (nested too) and gzipped files,
    /// in parallel; each activity once; failures recorded, never fatal; a re-run reads only what
    /// is new.
    Batch(BatchArgs),
    /// Write a table of a batch's database as CSV (one header row) or JSON lines.
    Export(ExportArgs),
    /// Trends over a batch's database: weeks and months in local time, the 10 % rule, three runs
    /// a week, fitness and fatigue, records, and where the glute work came from.
    ///
    /// Without -o, --json or --csv it prints a summary; -o writes `OUT_DIR/index.html`, a
    /// self-contained page with charts.
    Trends(TrendsArgs),
    /// Show what a run file holds, as decoded, before any cleaning.
    Inspect(InspectArgs),
    /// Write a synthetic run with known truth: FIT, GPX or TCX, beside NAME.truth.json and
    /// NAME.surfaces.geojson.
    Simulate(SimulateArgs),
    /// Surface maps: build a compact index of an OpenStreetMap extract or a GeoJSON map.
    Surfaces(SurfacesArgs),
}

/// Arguments of `gluteus trends`.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct TrendsArgs {
    /// The database `batch` wrote.
    #[arg(long, value_name = "FILE")]
    pub(crate) db: PathBuf,
    /// Write the page, `OUT_DIR/index.html` (atomically).
    #[arg(short = 'o', long = "output", value_name = "OUT_DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Print the trends as JSON: weeks, months, records, load (one entry a day), advice.
    #[arg(long, conflicts_with = "csv")]
    pub(crate) json: bool,
    /// Print the weekly table as CSV.
    #[arg(long)]
    pub(crate) csv: bool,
    /// The window's first day, local (YYYY-MM-DD; default: the Monday of the first run's week).
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// The window's last day, local, inclusive (default: the Sunday of the last run's week).
    #[arg(long, value_name = "DATE")]
    pub(crate) until: Option<String>,
    /// The zone of local days: an IANA name (Europe/Paris) or an offset (+02:00). Default: each
    /// run's recorded offset, else UTC (with a warning).
    #[arg(long, value_name = "ZONE")]
    pub(crate) tz: Option<String>,
    /// Athlete profile: `max_hr_bpm` and `resting_hr_bpm` give the heart-rate training load,
    /// `threshold_pace` the pace-based one, `sex` its weighting.
    #[arg(long, value_name = "athlete.toml")]
    pub(crate) athlete: Option<PathBuf>,
    /// Link records and runs to the reports `gluteus report` wrote in DIR, where they exist.
    #[arg(long, value_name = "DIR")]
    pub(crate) reports: Option<PathBuf>,
    /// `ramp`: a week whose distance rose more than this over the week before, percent.
    #[arg(long, value_name = "PCT", default_value_t = 10.0)]
    pub(crate) ramp_pct: f64,
    /// `few_runs`: a week with fewer than this many runs of --min-run-minutes.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub(crate) min_runs: u32,
    /// The least timer time of a run that counts for `few_runs`, minutes.
    #[arg(long, value_name = "MIN", default_value_t = 30.0)]
    pub(crate) min_run_minutes: f64,
    /// `acwr_spike`: an acute:chronic load ratio above this.
    #[arg(long, value_name = "RATIO", default_value_t = 1.5)]
    pub(crate) acwr_spike: f64,
    /// Fitness time constant, days.
    #[arg(long, value_name = "DAYS", default_value_t = 42.0)]
    pub(crate) fitness_days: f64,
    /// Fatigue time constant, days.
    #[arg(long, value_name = "DAYS", default_value_t = 7.0)]
    pub(crate) fatigue_days: f64,
}

/// Arguments of `gluteus surfaces`.
#[derive(Debug, clap::Args)]
pub(crate) struct SurfacesArgs {
    #[command(subcommand)]
    pub(crate) command: SurfacesCommand,
}

/// `gluteus surfaces` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum SurfacesCommand {
    /// Build a surface index (`.idx`) that `analyze --surface-map` loads fast.
    Build {
        /// An OpenStreetMap extract (`.osm.pbf`) or a GeoJSON map.
        #[arg(value_name = "MAP")]
        map: PathBuf,
        /// The index to write.
        #[arg(short = 'o', long, value_name = "surfaces.idx")]
        output: PathBuf,
    },
}

/// Arguments of `gluteus inspect`.
#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// FIT, GPX or TCX files, gzipped or not.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// Print JSON (one object per file; an array for several files).
    #[arg(long)]
    pub(crate) json: bool,
    /// Print every FIT message and field as the full FIT profile (fitparser) decodes them.
    #[arg(long)]
    pub(crate) messages: bool,
}

/// Arguments of `gluteus simulate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Built-in courses: easy-flat, hill-repeats, beach, track-intervals, trail, vertical-km, stairs \
(`--list` describes them, `--show NAME` prints one as TOML to start your own from)."
)]
pub(crate) struct SimulateArgs {
    /// A built-in course name, or a course TOML file.
    #[arg(long, value_name = "COURSE|FILE.toml", required_unless_present_any = ["list", "show"])]
    pub(crate) course: Option<String>,
    /// What records the run: no noise, a barometric GPS watch, or a phone.
    #[arg(long, value_enum, default_value_t = DeviceArg::Baro)]
    pub(crate) device: DeviceArg,
    /// Seed of the device noise: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Sampling: every second, or Garmin-like smart recording.
    #[arg(long, value_enum, default_value_t = IntervalArg::EverySecond)]
    pub(crate) interval: IntervalArg,
    /// Start time, RFC 3339 (default 2026-01-05T07:00:00Z). An offset (`2026-06-07T23:30:00+02:00`)
    /// is the runner's local time: FIT records it as the activity's local time.
    #[arg(long, value_name = "TIME")]
    pub(crate) start: Option<String>,
    /// FIT only: compressed-timestamp record headers where the gap allows.
    #[arg(long)]
    pub(crate) compressed_timestamps: bool,
    /// Output file; the format comes from the extension: .fit, .gpx or .tcx, optionally .gz.
    #[arg(short = 'o', long, value_name = "FILE", required_unless_present_any = ["list", "show"])]
    pub(crate) output: Option<PathBuf>,
    /// List the built-in courses and their legs.
    #[arg(long, conflicts_with_all = ["course", "output", "show"])]
    pub(crate) list: bool,
    /// Print a built-in course as TOML.
    #[arg(long, value_name = "COURSE", conflicts_with_all = ["course", "output"])]
    pub(crate) show: Option<String>,
}

/// `--device`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DeviceArg {
    /// No noise.
    Ideal,
    /// GPS watch with a barometric altimeter (3 m position noise, 0.3 m elevation noise, drift).
    Baro,
    /// Phone (5 m position noise, GPS elevation with 5 m noise and a 15 m wander).
    Phone,
}

/// `--interval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum IntervalArg {
    /// One sample a second.
    #[value(name = "1s")]
    EverySecond,
    /// When heading, speed or elevation change; at least every 10 s.
    Smart,
}

/// Arguments of `gluteus analyze`.
#[derive(Debug, clap::Args)]
pub(crate) struct AnalyzeArgs {
    /// FIT, GPX or TCX files, gzipped or not.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// Print JSON: one element per file, in order (its analysis, or its error); an array for
    /// several files.
    #[arg(long, conflicts_with = "csv")]
    pub(crate) json: bool,
    /// With --json: add each run's chart series (at most 2,000 points: distance, time, elevation,
    /// grade, speed, grade-adjusted speed, heart rate, cadence, GEI, surface, position).
    #[arg(long, requires = "json")]
    pub(crate) series: bool,
    /// Print CSV, one row per segment.
    #[arg(long)]
    pub(crate) csv: bool,
    /// How every file is analysed.
    #[command(flatten)]
    pub(crate) analysis: AnalysisFlags,
}

/// Arguments of `gluteus report`.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// FIT, GPX or TCX files, gzipped or not.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// The folder to write: `OUT_DIR`/<base name>/index.html per run, and `OUT_DIR/index.html`.
    #[arg(short = 'o', long = "output", value_name = "OUT_DIR")]
    pub(crate) output: PathBuf,
    /// What to write, comma-separated: `html` (pages with inline SVG charts), `svg` and `png`
    /// (each chart as a file).
    #[arg(long, value_name = "html,svg,png", value_delimiter = ',', default_value = "html")]
    pub(crate) format: Vec<ReportFormat>,
    /// Chart size in pixels, `WIDTHxHEIGHT` (every PNG is exactly this size).
    #[arg(long, value_name = "WxH", default_value = "1200x600", value_parser = parse_size)]
    pub(crate) size: (u32, u32),
    /// How every file is analysed.
    #[command(flatten)]
    pub(crate) analysis: AnalysisFlags,
}

/// Arguments of `gluteus batch`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("outputs").required(true).multiple(true).args(["db", "parquet"])))]
pub(crate) struct BatchArgs {
    /// Files, folders (recursive) and zip archives (a Strava or Garmin export).
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// The `SQLite` database to write (created if missing; a re-run adds only what is new).
    #[arg(long, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    /// Also (or instead) write runs, segments, `best_efforts`, failures and skipped as Parquet
    /// under `OUT_DIR`, runs hive partitioned by year (docs/scale.md).
    #[arg(long, value_name = "OUT_DIR")]
    pub(crate) parquet: Option<PathBuf>,
    /// Only this shard of the inputs, K of N (0 <= K < N): by a hash of each input's path, so
    /// that N machines share an archive without talking to each other.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub(crate) shard: Option<gluteus::batch::Shard>,
    /// Redo every input, stored or not.
    #[arg(long)]
    pub(crate) force: bool,
    /// Retry the inputs stored as failures.
    #[arg(long)]
    pub(crate) retry_failures: bool,
    /// Print nothing but errors and the end summary.
    #[arg(long)]
    pub(crate) quiet: bool,
    /// Inputs analysed at once and written in one transaction (for tests of crash safety).
    #[arg(long, hide = true, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub(crate) window: u64,
    /// How every file is analysed.
    #[command(flatten)]
    pub(crate) analysis: AnalysisFlags,
}

/// `K/N` for `--shard`.
fn parse_shard(text: &str) -> Result<gluteus::batch::Shard, String> {
    gluteus::batch::Shard::parse(text).ok_or_else(|| format!("{text}: not K/N with 0 <= K < N (such as 0/4)"))
}

/// Arguments of `gluteus export`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// The database `batch` wrote.
    #[arg(long, value_name = "FILE")]
    pub(crate) db: PathBuf,
    /// The table: runs, segments, splits, climbs, laps, `best_efforts`, routes, sources,
    /// failures, skipped, duplicates, meta (Parquet: a comma-separated list, or every table when
    /// not given).
    #[arg(long, value_name = "NAME")]
    pub(crate) table: Option<String>,
    /// CSV, JSON lines, or Parquet (a folder of tables, runs partitioned by year).
    #[arg(long, value_enum)]
    pub(crate) format: ExportFormatArg,
    /// The file to write (atomically), or the folder for Parquet.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: PathBuf,
}

/// `--format` of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormatArg {
    /// CSV with one header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Parquet files, one folder per table (docs/scale.md).
    Parquet,
}

/// `--format` of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// One self-contained page per run, with inline SVG charts.
    Html,
    /// Each chart as an SVG file.
    Svg,
    /// Each chart as a PNG file.
    Png,
}

/// `--size WxH`, within the sizes charts lay out in.
fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (min, max) = (gluteus::report::chart::MIN_SIZE, gluteus::report::chart::MAX_SIZE);
    let parsed = text
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((w, h)) if (min.0..=max.0).contains(&w) && (min.1..=max.1).contains(&h) => Ok((w, h)),
        Some(_) => Err(format!(
            "{text}: a chart is {}x{} to {}x{} pixels",
            min.0, min.1, max.0, max.1
        )),
        None => Err(format!("{text}: not WIDTHxHEIGHT, such as 1200x600")),
    }
}

/// The flags that say how runs are analysed, shared by `analyze` and `report`.
#[derive(Debug, clap::Args)]
pub(crate) struct AnalysisFlags {
    /// Units of the text report and of the splits.
    #[arg(long, value_enum, default_value_t = UnitsArg::Metric)]
    pub(crate) units: UnitsArg,
    /// Files analysed at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,
    /// Athlete profile (TOML): mass, preferred cadence, threshold pace, model constants.
    #[arg(long, value_name = "athlete.toml")]
    pub(crate) athlete: Option<PathBuf>,
    /// Body mass, kg (overrides the athlete file; 70 kg is assumed without either).
    #[arg(long, value_name = "KG")]
    pub(crate) mass_kg: Option<f64>,
    /// Load carried, kg (a weight vest, a pack; overrides the athlete file's `load_kg`).
    #[arg(long, value_name = "KG")]
    pub(crate) load_kg: Option<f64>,
    /// Grade-adjusted pace model: Strava's 2017 effort curve (what runners compare with) or the
    /// metabolic one (Minetti: equal energy per metre).
    #[arg(long, value_enum, default_value_t = GapArg::Strava)]
    pub(crate) gap_model: GapArg,
    /// Surface map: GeoJSON, an OpenStreetMap extract (.osm.pbf) or an index (`surfaces build`).
    #[arg(long, value_name = "MAP")]
    pub(crate) surface_map: Option<PathBuf>,
    /// A folder of SRTM elevation tiles (`N52E004.hgt`, 1 or 3 arc-second, or zips of them) whose
    /// elevation replaces GPS elevation.
    #[arg(long, value_name = "DIR")]
    pub(crate) dem: Option<PathBuf>,
    /// The surface of the whole run (`asphalt`, `track`, `treadmill`, `grass`, `dirt`, `gravel`,
    /// `trail`, `sand`, `firm_sand`, `snow`); parts of a run are set in `NAME.surface.toml` beside it.
    #[arg(long, value_name = "SURFACE")]
    pub(crate) surface: Option<String>,
}

/// `--gap-model`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum GapArg {
    /// Equal metabolic cost per metre (Minetti 2002).
    Minetti,
    /// Strava's 2017 heart-rate-based curve.
    Strava,
}

/// `--units`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum UnitsArg {
    /// Kilometres and metres.
    Metric,
    /// Miles and feet.
    Imperial,
}
