//! `gluteus surfaces build MAP -o surfaces.idx`, and loading a surface map for `analyze`.

use super::super::ExitStatus;
use super::super::args::{SurfacesArgs, SurfacesCommand};
use super::super::output::write_atomic;
use gluteus::surface;
use std::io::Write as _;

pub(crate) fn run(args: &SurfacesArgs) -> anyhow::Result<ExitStatus> {
    match &args.command {
        SurfacesCommand::Build { map, output } => {
            let started = std::time::Instant::now();
            let data = gluteus::pipeline::load_surface_map_data(map)?;
            let name = map.display().to_string();
            for warning in &data.warnings {
                super::super::print_warning(&name, warning);
            }
            let (ways, areas) = (data.ways.len(), data.areas.len());
            let bytes = surface::write_index_data(&data);
            drop(data);
            write_atomic(output, &bytes)?;
            let stdout = std::io::stdout();
            writeln!(
                stdout.lock(),
                "{}: {ways} ways, {areas} areas, {:.1} MB, in {:.1} s",
                output.display(),
                bytes.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            )?;
            Ok(ExitStatus::Success)
        }
    }
}
