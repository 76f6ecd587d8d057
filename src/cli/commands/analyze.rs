//! `gluteus analyze FILE... [--json | --csv] [--units metric|imperial] [--threads N]`.

use super::super::args::{AnalyzeArgs, GapArg, UnitsArg};
use super::super::{ExitStatus, print_warning};
use super::inspect::write_json;
use anyhow::bail;
use gluteus::ingest;
use gluteus::model::{Athlete, GapChoice, MASS_RANGE_KG};
use gluteus::pipeline::{self, Analysis, Config, SurfaceInputs};
use gluteus::report::{self, Units};
use gluteus::surface::{Overrides, Surface};
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

pub(crate) fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitStatus> {
    let units = match args.units {
        UnitsArg::Metric => Units::Metric,
        UnitsArg::Imperial => Units::Imperial,
    };
    let (config, whole, map) = settings(args, units)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    // Files in parallel; results in input order, so the output is the same for any thread count.
    let results: Vec<Result<Analysis, String>> = pool.install(|| {
        args.files
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let recording = ingest::read(path).map_err(|e| e.to_string())?;
                let overrides = Overrides {
                    whole,
                    ranges: surface_file(path)?,
                };
                let inputs = SurfaceInputs {
                    overrides: Some(&overrides),
                    map: map.as_ref(),
                };
                pipeline::analyze_with(&name, &recording, &config, inputs).map_err(|e| format!("{name}: {e}"))
            })
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0;
    let mut documents = Vec::new();
    let mut csv = args.csv.then(|| csv::Writer::from_writer(Vec::new()));
    if let Some(writer) = csv.as_mut() {
        writer.write_record(report::CSV_HEADER)?;
    }
    for result in results {
        let analysis = match result {
            Ok(analysis) => analysis,
            Err(message) => {
                failed += 1;
                eprintln!("gluteus: error: {message}");
                continue;
            }
        };
        if args.json {
            documents.push(serde_json::to_value(&analysis)?);
            continue;
        }
        for warning in analysis
            .warnings
            .iter()
            .chain(analysis.runs.iter().flat_map(|r| &r.warnings))
        {
            print_warning(&analysis.file, warning);
        }
        if let Some(writer) = csv.as_mut() {
            for row in report::csv_rows(&analysis) {
                writer.write_record(&row)?;
            }
        } else {
            write!(out, "{}", report::to_text(&analysis, units))?;
        }
    }
    if args.json {
        write_json(&mut out, documents, args.files.len())?;
    }
    if let Some(writer) = csv {
        out.write_all(&writer.into_inner()?)?;
    }
    out.flush()?;
    Ok(ExitStatus::of(args.files.len(), failed))
}

/// Athlete files larger than this are refused (a profile is a few hundred bytes).
const MAX_ATHLETE_BYTES: u64 = 1 << 20;

#[allow(clippy::disallowed_methods)] // the CLI reads the athlete file
fn read_athlete(path: &std::path::Path) -> anyhow::Result<(Athlete, gluteus::model::ModelConfig)> {
    let name = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?
        .len();
    if size > MAX_ATHLETE_BYTES {
        bail!("{name}: {size} bytes is too large for an athlete file");
    }
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
    Athlete::parse(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// The surface ranges of `NAME.surface.toml` beside a run, if there is one.
#[allow(clippy::disallowed_methods)] // the CLI reads the surface file
fn surface_file(run: &Path) -> Result<Vec<gluteus::surface::OverrideRange>, String> {
    let name = run
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `run.2024-01-05.fit.gz` → `run.2024-01-05`: drop `.gz`, then the format's extension.
    let without_gz = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(&name);
    let stem = without_gz.rsplit_once('.').map_or(without_gz, |(stem, _)| stem);
    let path = run.with_file_name(format!("{stem}.surface.toml"));
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Overrides::parse_ranges(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The pipeline settings, the whole-run surface and the surface map the arguments ask for.
fn settings(
    args: &AnalyzeArgs,
    units: Units,
) -> anyhow::Result<(Config, Option<Surface>, Option<gluteus::surface::SurfaceMap>)> {
    let mut config = Config::default();
    config.segment.split_m = units.split_m();
    if let Some(path) = &args.athlete {
        (config.athlete, config.model) = read_athlete(path)?;
        if !config.athlete.mass_given && args.mass_kg.is_none() {
            bail!(
                "{}: mass_kg is missing (an athlete file states the body mass, or give --mass-kg)",
                path.display()
            );
        }
    }
    if let Some(mass) = args.mass_kg {
        let (low, high) = MASS_RANGE_KG;
        if !(low..=high).contains(&mass) {
            bail!("--mass-kg {mass}: a body mass must be {low} to {high} kg");
        }
        config.athlete.mass_kg = mass;
        config.athlete.mass_given = true;
    }
    config.model.gap = match args.gap_model {
        GapArg::Minetti => GapChoice::Minetti,
        GapArg::Strava => GapChoice::Strava,
    };
    let whole = match &args.surface {
        None => None,
        Some(name) => Some(
            Surface::from_name(name)
                .filter(|s| *s != Surface::Unknown)
                .ok_or_else(|| {
                    let names: Vec<&str> = Surface::ALL[..Surface::ALL.len() - 1]
                        .iter()
                        .map(|s| s.name())
                        .collect();
                    anyhow::anyhow!("--surface {name}: not a surface ({})", names.join(", "))
                })?,
        ),
    };
    let map = match &args.surface_map {
        Some(path) => Some(super::surfaces::load_map(path)?),
        None => None,
    };
    if let (Some(map), Some(path)) = (&map, &args.surface_map) {
        for warning in &map.warnings {
            print_warning(&path.display().to_string(), warning);
        }
    }
    Ok((config, whole, map))
}
