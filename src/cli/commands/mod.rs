//! One module per subcommand, and what `analyze` and `report` share: the analysis flags turned
//! into options, and the files analysed in parallel.

pub(crate) mod analyze;
pub(crate) mod batch;
pub(crate) mod inspect;
pub(crate) mod report;
pub(crate) mod simulate;
pub(crate) mod surfaces;
pub(crate) mod trends;

use super::args::{AnalysisFlags, GapArg, UnitsArg};
use super::print_warning;
use gluteus::model::GapChoice;
use gluteus::{Analysis, Error, Options, Settings, Units};
use rayon::prelude::*;
use std::path::PathBuf;

/// The options the analysis flags ask for, and their units; the surface map's warnings printed.
fn options(flags: &AnalysisFlags) -> anyhow::Result<(Options, Units)> {
    let units = match flags.units {
        UnitsArg::Metric => Units::Metric,
        UnitsArg::Imperial => Units::Imperial,
    };
    let settings = Settings {
        athlete_file: flags.athlete.clone(),
        mass_kg: flags.mass_kg,
        load_kg: flags.load_kg,
        gap_model: match flags.gap_model {
            GapArg::Minetti => GapChoice::Minetti,
            GapArg::Strava => GapChoice::Strava,
        },
        surface: flags.surface.clone(),
        surface_map: flags.surface_map.clone(),
        units,
        dem: flags.dem.clone(),
    };
    let options = settings.options()?;
    if let (Some(map), Some(path)) = (&options.surface_map, &flags.surface_map) {
        for warning in &map.warnings {
            print_warning(&path.display().to_string(), warning);
        }
    }
    Ok((options, units))
}

/// The thread pool of `--threads N` (all cores when `None`).
fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()?)
}

/// Every file analysed in parallel on `pool`; the outcomes in input order, so that what follows
/// is the same for any thread count.
fn analyze_all(
    pool: &rayon::ThreadPool,
    files: &[PathBuf],
    options: &Options,
) -> Vec<(String, Result<Analysis, Error>)> {
    pool.install(|| {
        files
            .par_iter()
            .map(|path| (path.display().to_string(), gluteus::analyze_path(path, options)))
            .collect()
    })
}
