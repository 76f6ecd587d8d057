//! `gluteus simulate --course COURSE [--device D] [--seed N] -o FILE`, `--list`, `--show COURSE`.

use super::super::ExitStatus;
use super::super::args::{DeviceArg, IntervalArg, SimulateArgs};
use super::super::output::write_atomic;
use anyhow::{Context as _, bail};
use gluteus::simulate::{self, Device, Interval, Options, write};
use std::io::Write as _;
use std::path::Path;

pub(crate) fn run(args: &SimulateArgs) -> anyhow::Result<ExitStatus> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.list {
        for (name, _) in simulate::BUILT_IN {
            let course = simulate::built_in(name).with_context(|| format!("built-in course {name}"))?;
            let (length, duration) = course.nominal_extent();
            writeln!(
                out,
                "{name:<16} {:>5.2} km {:>4.0} min  {}",
                length / 1000.0,
                duration / 60.0,
                course.description
            )?;
            for step in course.describe() {
                writeln!(out, "{:17}- {step}", "")?;
            }
        }
        return Ok(ExitStatus::Success);
    }
    if let Some(name) = &args.show {
        let Some((_, text)) = simulate::BUILT_IN.iter().find(|(n, _)| n == name) else {
            bail!(
                "unknown course \"{name}\": the built-in courses are {}",
                built_in_names()
            );
        };
        write!(out, "{text}")?;
        return Ok(ExitStatus::Success);
    }
    let (Some(course_arg), Some(output)) = (&args.course, &args.output) else {
        bail!("--course and -o are required");
    };
    let course = simulate::load(course_arg)?;
    let name = output.to_string_lossy();
    let Some(target) = write::OutputName::parse(&name) else {
        bail!("{name}: the output must end in .fit, .gpx or .tcx (optionally .gz)");
    };
    let (start_unix_s, utc_offset_s) = match &args.start {
        None => (simulate::DEFAULT_START_UNIX_S, 0),
        Some(text) => {
            let Some((seconds, offset)) = gluteus::time::parse_iso8601_offset(text.as_bytes()) else {
                bail!("--start {text}: not an RFC 3339 time such as 2026-01-05T07:00:00Z or 2026-06-07T23:30:00+02:00");
            };
            #[allow(clippy::cast_possible_truncation)]
            let seconds = seconds.floor() as i64;
            (seconds, offset.unwrap_or(0))
        }
    };
    let options = Options {
        device: match args.device {
            DeviceArg::Ideal => Device::Ideal,
            DeviceArg::Baro => Device::Baro,
            DeviceArg::Phone => Device::Phone,
        },
        seed: args.seed,
        interval: match args.interval {
            IntervalArg::EverySecond => Interval::EverySecond,
            IntervalArg::Smart => Interval::Smart,
        },
        start_unix_s,
        utc_offset_s,
        compressed_timestamps: args.compressed_timestamps,
    };
    let run = simulate::simulate(&course, &options);
    let mut bytes = write::encode(&run, target.format);
    if target.gzip {
        bytes = write::gzip(&bytes);
    }
    let truth = format!("{}.truth.json", target.stem);
    let surfaces = format!("{}.surfaces.geojson", target.stem);
    write_atomic(output, &bytes)?;
    write_atomic(Path::new(&truth), &write::truth_json(&run))?;
    write_atomic(Path::new(&surfaces), &write::surfaces_geojson(&run))?;
    let t = run.truth.elapsed_s;
    writeln!(
        out,
        "{name}: {} {:.2} km in {}:{:02}:{:02}, {} sample{} ({} device, seed {}); truth in {truth}, surfaces in {surfaces}",
        course.name,
        run.truth.distance_m / 1000.0,
        (t / 3600.0).floor(),
        ((t % 3600.0) / 60.0).floor(),
        (t % 60.0).floor(),
        run.samples.len(),
        if run.samples.len() == 1 { "" } else { "s" },
        options.device.name(),
        options.seed
    )?;
    Ok(ExitStatus::Success)
}

fn built_in_names() -> String {
    simulate::BUILT_IN
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}
