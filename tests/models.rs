//! The models in the pipeline: the 600-calorie claim, consistency of sums and bands, hills above
//! recoveries, noise that does not become bias, and athlete files (issue 5's validation list).

use crate::util::{gluteus, tempdir};
use gluteus::analysis::{GradeClass, PaceClass};
use gluteus::analysis::{Run, RunSegment};
use gluteus::ingest;
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Device, Options};

fn run(course: &str, device: Device, seed: u64, mass_kg: f64) -> Run {
    let sim = simulate::simulate(
        &simulate::built_in(course).unwrap(),
        &Options {
            device,
            seed,
            ..Options::default()
        },
    );
    let recording = ingest::read_bytes(&write::encode(&sim, Format::Fit)).unwrap();
    let mut config = gluteus::Options::default();
    config.athlete.mass_kg = mass_kg;
    config.athlete.mass_given = true;
    crate::util::analyze(course, &recording, &config)
        .unwrap()
        .runs
        .remove(0)
}

#[test]
fn a_160_pound_runner_at_5_mph_for_an_hour_burns_about_600_calories() {
    for device in [Device::Ideal, Device::Baro] {
        let s = run("easy-flat", device, 11, 72.6).summary;
        assert!(
            (540.0..=700.0).contains(&s.energy_kcal_gross),
            "gross {}",
            s.energy_kcal_gross
        );
        assert!((480.0..=640.0).contains(&s.energy_kcal), "net {}", s.energy_kcal);
        // 5 mph level asphalt: (2.235 / 2.778)^1.5 = 0.72.
        assert!((s.mean_gei - 0.72).abs() < 0.03, "mean GEI {}", s.mean_gei);
    }
}

#[test]
fn sums_bands_and_resting_energy_are_consistent() {
    for course in ["hill-repeats", "beach", "track-intervals", "trail"] {
        let r = run(course, Device::Baro, 5, 64.0);
        let s = &r.summary;
        let energy: f64 = r.segments.iter().map(|x| x.estimate.energy_kcal).sum();
        let load: f64 = r.segments.iter().map(|x| x.estimate.glute_load).sum();
        assert!(
            (energy - s.energy_kcal).abs() < 1e-6 * s.energy_kcal,
            "{course}: energies"
        );
        assert!(
            (load - s.glute_load).abs() < 1e-6 * s.glute_load,
            "{course}: glute loads"
        );
        assert!(s.energy_kcal_low <= s.energy_kcal && s.energy_kcal <= s.energy_kcal_high);
        let resting = 64.0 * 1.17 * s.moving_s / 4184.0;
        assert!(
            (s.energy_kcal_gross - s.energy_kcal - resting).abs() < 1e-6,
            "{course}: gross - net"
        );
        let minutes = s.timer_s / 60.0;
        assert!((s.mean_gei - s.glute_load / minutes).abs() < 1e-9);
        for x in &r.segments {
            let m = &x.estimate;
            assert!(
                m.gei_low <= m.gei && m.gei <= m.gei_high,
                "{course}: segment {} band",
                x.segment.index
            );
            assert!((m.glute_load - m.gei * x.segment.duration_s / 60.0).abs() < 1e-9);
        }
        assert!(r.athlete.mass_kg == 64.0 && r.athlete.mass_source == gluteus::analysis::MassSource::Profile);
    }
}

#[test]
fn hill_climbs_cost_more_and_work_the_glutes_harder() {
    let r = run("hill-repeats", Device::Baro, 11, 70.0);
    let (up, rest): (Vec<_>, Vec<_>) = r.segments.iter().partition(|x| {
        matches!(
            x.segment.grade_class,
            GradeClass::Up | GradeClass::SteepUp | GradeClass::VerySteepUp
        )
    });
    let per_km = |xs: &[&RunSegment]| {
        xs.iter().map(|x| x.estimate.energy_kcal).sum::<f64>() / xs.iter().map(|x| x.segment.distance_m).sum::<f64>()
    };
    let per_minute = |xs: &[&RunSegment]| {
        xs.iter().map(|x| x.estimate.glute_load).sum::<f64>()
            / xs.iter().map(|x| x.segment.duration_s / 60.0).sum::<f64>()
    };
    assert!(
        per_km(&up) > 1.3 * per_km(&rest),
        "{} vs {}",
        per_km(&up),
        per_km(&rest)
    );
    assert!(
        per_minute(&up) > 1.15 * per_minute(&rest),
        "{} vs {}",
        per_minute(&up),
        per_minute(&rest)
    );
}

#[test]
fn noise_does_not_become_bias() {
    for (course, _) in simulate::BUILT_IN {
        for seed in [11, 29] {
            let ideal = run(course, Device::Ideal, seed, 70.0).summary;
            for (device, tolerance) in [(Device::Baro, 0.03), (Device::Phone, 0.06)] {
                if course == "stairs" && device == Device::Phone {
                    // GPS elevation blurs 50 m flights of stairs (see the analyze tests).
                    continue;
                }
                let noisy = run(course, device, seed, 70.0).summary;
                for (name, a, b) in [
                    ("energy", noisy.energy_kcal, ideal.energy_kcal),
                    ("mean GEI", noisy.mean_gei, ideal.mean_gei),
                ] {
                    assert!(
                        (a / b - 1.0).abs() <= tolerance,
                        "{course} {} seed {seed}: {name} {a:.3} vs ideal {b:.3}",
                        device.name()
                    );
                }
            }
        }
    }
}

#[test]
fn athlete_files_and_mass_flags_are_checked_and_echoed() {
    let dir = tempdir("athlete");
    let cases = [
        ("absurd.toml", "mass_kg = 400\n", "line 1: mass_kg = 400 is outside"),
        ("missing.toml", "preferred_cadence_spm = 170\n", "mass_kg is missing"),
        ("unknown.toml", "mass_kg = 70\nweight = 70\n", "unknown field `weight`"),
        (
            "range.toml",
            "mass_kg = 70\n[gei]\nfloor = 0.1\n",
            "line 3: gei.floor = 0.1 is outside",
        ),
    ];
    for (name, text, want) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let output = gluteus(&[
            "analyze",
            "--athlete",
            path.to_str().unwrap(),
            "samples/hill-repeats.fit",
        ]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(name) && stderr.contains(want), "{name}: {stderr}");
    }
    let bad_mass = gluteus(&["analyze", "--mass-kg", "10", "samples/hill-repeats.fit"]);
    assert_eq!(bad_mass.status.code(), Some(2));
    let good = dir.join("good.toml");
    std::fs::write(&good, "mass_kg = 58.5\n[energy]\nc0_j_per_kg_m = 3.6\n").unwrap();
    let output = gluteus(&[
        "analyze",
        "--json",
        "--gap-model",
        "strava",
        "--athlete",
        good.to_str().unwrap(),
        "samples/hill-repeats.fit",
    ]);
    assert!(output.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let athlete = &doc["runs"][0]["athlete"];
    assert_eq!(athlete["mass_kg"], 58.5);
    assert_eq!(athlete["models"]["constants"]["energy.c0_j_per_kg_m"], 3.6);
    assert_eq!(athlete["models"]["gap"], "strava");
    assert_eq!(athlete["models"]["energy"], "minetti");
    assert_eq!(athlete["models"]["glutes"], "gei");
    let default = gluteus(&["analyze", "--json", "samples/hill-repeats.fit"]);
    let doc: serde_json::Value = serde_json::from_slice(&default.stdout).unwrap();
    assert_eq!(doc["runs"][0]["athlete"]["mass_source"], "default");
    assert!(
        doc["runs"][0]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("70 kg assumed"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pace_classes_follow_the_threshold_pace_when_the_profile_gives_one() {
    let sim = simulate::simulate(&simulate::built_in("easy-flat").unwrap(), &Options::default());
    let recording = ingest::read_bytes(&write::encode(&sim, Format::Fit)).unwrap();
    let classes = |threshold: Option<f64>| {
        let mut config = gluteus::Options::default();
        config.athlete.threshold_pace_s_per_km = threshold;
        let run = crate::util::analyze("easy", &recording, &config)
            .unwrap()
            .runs
            .remove(0);
        run.segments
            .iter()
            .max_by(|a, b| a.segment.duration_s.total_cmp(&b.segment.duration_s))
            .unwrap()
            .segment
            .pace_class
    };
    // 7:27/km is steady relative to itself, easy for a 4:00/km runner, hard for a 7:15/km one.
    assert_eq!(classes(None), PaceClass::Steady);
    assert_eq!(classes(Some(240.0)), PaceClass::Easy);
    assert_eq!(classes(Some(435.0)), PaceClass::Hard);
}

/// The athlete file shown in docs/model.md is one the program takes.
#[test]
fn the_documented_athlete_file_parses() {
    let doc = std::fs::read_to_string(crate::util::root().join("docs/model.md")).unwrap();
    let section = &doc[doc.find("## The athlete file").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let text = &section[start..start + section[start..].find("```").unwrap()];
    let (athlete, config) = gluteus::model::Athlete::parse(text).unwrap();
    assert!((athlete.mass_kg - 72.6).abs() < 1e-9);
    assert!((config.gei.k_climb - 0.55).abs() < 1e-9);
}
