//! Issue 12, the glute model v2: GEI that holds at equal effort, the glute stimulus, descent load,
//! damage, carried load, stride and turning, and the Strava-like default GAP. Every session is
//! simulated on the ideal device and analysed on asphalt with a 70 kg runner.

use gluteus::analysis::{Gait, Run};
use gluteus::simulate::{self, Device, write};
use gluteus::{Settings, analyze_bytes};
use std::fmt::Write as _;

/// A course of straight legs: (length m, pace s/km, grade %, heading °) each, or a `repeat` block.
fn course(name: &str, legs: &str) -> simulate::Course {
    let text = format!(
        "name = \"{name}\"\npath = \"line\"\nstart = {{ lat = 46.5, lon = 6.6, ele_m = 1000.0 }}\n\
         runner = {{ mass_kg = 70.0, cadence_spm = 170.0 }}\n\n{legs}"
    );
    simulate::parse(&text).unwrap()
}

fn leg(length_m: f64, pace_s: f64, grade_pct: f64, heading: f64) -> String {
    format!(
        "[[leg]]\nlength_m = {length_m}\npace = {pace_s:.2}\ngrade_pct = {grade_pct}\nheading_deg = {heading}\nsurface = \"asphalt\"\n\n"
    )
}

/// The first run of a simulated course, analysed with these settings on asphalt at 70 kg.
fn analyse_with(course: &simulate::Course, settings: Settings) -> Run {
    let sim = simulate::simulate(
        course,
        &simulate::Options {
            device: Device::Ideal,
            ..simulate::Options::default()
        },
    );
    let options = Settings {
        mass_kg: Some(70.0),
        surface: Some("asphalt".to_owned()),
        ..settings
    }
    .options()
    .unwrap();
    let a = analyze_bytes(&course.name, &write::encode(&sim, write::Format::Fit), &options).unwrap();
    a.runs.into_iter().next().unwrap()
}

fn analyse(course: &simulate::Course) -> Run {
    analyse_with(course, Settings::default())
}

/// The time-weighted mean GEI of the moving segments.
fn mean_gei(run: &Run) -> f64 {
    let moving = run.segments.iter().filter(|s| s.segment.gait != Gait::Stopped);
    let (load, minutes) = moving.fold((0.0, 0.0), |(l, m), s| {
        (l + s.estimate.gei * s.segment.duration_s, m + s.segment.duration_s)
    });
    load / minutes
}

/// Minetti's running cost, J/kg/m, and the speed of equal metabolic power (with air) as level
/// running at 10 km/h.
fn equal_power_speed(grade: f64) -> f64 {
    let cost = |i: f64| 155.4 * i.powi(5) - 30.4 * i.powi(4) - 43.3 * i.powi(3) + 46.3 * i * i + 19.5 * i + 3.6;
    let power = |i: f64, v: f64| (cost(i) + 0.01 * v * v) * v;
    let target = power(0.0, 10.0 / 3.6);
    let (mut lo, mut hi) = (0.05, 10.0);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if power(grade, mid) < target { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

#[test]
fn issue_12_gei_holds_at_equal_effort_and_rises_at_equal_speed() {
    let level = mean_gei(&analyse(&course("level", &leg(2000.0, 360.0, 0.0, 90.0))));
    assert!((level - 1.0).abs() < 0.03, "reference {level}");
    let mut last = level;
    for grade in [5.0, 10.0, 15.0, 20.0] {
        let same_speed = mean_gei(&analyse(&course("up", &leg(2000.0, 360.0, grade, 90.0))));
        assert!(same_speed > last, "+{grade} % at 10 km/h: {same_speed} after {last}");
        last = same_speed;
        let v = equal_power_speed(grade / 100.0);
        let equal_power = mean_gei(&analyse(&course("power", &leg(2000.0, 1000.0 / v, grade, 90.0))));
        assert!(equal_power >= 0.98 * level, "+{grade} % at {v:.2} m/s: {equal_power}");
    }
    let mut last = level;
    for grade in [-5.0, -10.0, -20.0] {
        let down = mean_gei(&analyse(&course("down", &leg(2000.0, 360.0, grade, 90.0))));
        assert!(down < level && down <= last, "{grade} %: {down}");
        last = down;
    }
}

#[test]
fn issue_12_the_stimulus_ranks_sprints_and_hills_above_volume() {
    let mut sprints = String::from("[[leg]]\nrepeat = 10\nlegs = [\n");
    let _ = writeln!(
        sprints,
        "  {{ length_m = 100, pace = \"2:30\", heading_deg = 90, surface = \"asphalt\" }},"
    );
    let _ = writeln!(
        sprints,
        "  {{ length_m = 100, pace = \"15:00\", heading_deg = 270, gait = \"walk\", surface = \"asphalt\" }},\n]"
    );
    let sprints = analyse(&course("sprints", &sprints));
    let easy_as_long = |seconds: f64| {
        analyse(&course(
            "easy",
            &format!("[[leg]]\nduration_s = {seconds}\npace = \"6:30\"\nsurface = \"asphalt\"\n"),
        ))
    };
    let easy = easy_as_long(sprints.summary.timer_s);
    assert!(
        sprints.summary.glute_stimulus >= 2.0 * easy.summary.glute_stimulus,
        "sprints {} vs easy {}",
        sprints.summary.glute_stimulus,
        easy.summary.glute_stimulus
    );
    let hills = analyse(&course(
        "hills",
        "[[leg]]\nrepeat = 8\nlegs = [\n  { length_m = 300, pace = \"6:30\", grade_pct = 10, heading_deg = 0 },\n  \
         { length_m = 300, pace = \"6:00\", grade_pct = -10, heading_deg = 180 },\n]\n",
    ));
    let flat = easy_as_long(hills.summary.timer_s);
    assert!(hills.summary.glute_stimulus >= 1.5 * flat.summary.glute_stimulus);
    let mut last = 0.0;
    for km in [10.0, 21.1, 42.2] {
        let easy = analyse(&course("long", &leg(km * 1000.0, 360.0, 0.0, 90.0)));
        let s = &easy.summary;
        assert!(s.glute_stimulus > last, "{km} km: {}", s.glute_stimulus);
        last = s.glute_stimulus;
        if km > 40.0 {
            assert!(s.glute_stimulus <= 3.0 * sprints.summary.glute_stimulus);
        }
    }
}

#[test]
fn issue_12_descents_load_the_quads_and_long_or_downhill_runs_damage_more() {
    let flat = analyse(&course("flat", &leg(2000.0, 360.0, 0.0, 90.0)));
    assert!(flat.summary.descent_load.abs() < 1e-9);
    let mut last = 0.0;
    for grade in [-5.0, -10.0, -20.0] {
        let down = analyse(&course("down", &leg(2000.0, 360.0, grade, 90.0)));
        let load = down.summary.descent_load;
        // Metres descended at 10 km/h: 2 km at −10 % drops about 199 m.
        assert!(load > last, "{grade} %: {load}");
        last = load;
    }
    let damage = |km: f64| {
        analyse(&course("long", &leg(km * 1000.0, 360.0, 0.0, 90.0)))
            .summary
            .damage_index
    };
    let (d10, d21, d42) = (damage(10.0), damage(21.1), damage(42.2));
    assert!(d21 > d10 && d42 / d21 > 2.0, "{d10} {d21} {d42}");
    let down = analyse(&course("down-course", &leg(8000.0, 360.0, -5.0, 90.0)));
    let up = analyse(&course("up-course", &leg(8000.0, 360.0, 5.0, 90.0)));
    assert!(down.summary.damage_index > up.summary.damage_index);
}

#[test]
fn issue_12_a_carried_load_costs_energy_and_glute_work() {
    let c = course("easy", &leg(3000.0, 360.0, 0.0, 90.0));
    let bare = analyse(&c);
    let loaded = analyse_with(
        &c,
        Settings {
            load_kg: Some(10.0),
            ..Settings::default()
        },
    );
    let ratio = loaded.summary.energy_kcal / bare.summary.energy_kcal;
    assert!((ratio - 80.0 / 70.0).abs() < 0.01, "{ratio}");
    assert!(mean_gei(&loaded) > mean_gei(&bare));
    assert!(loaded.summary.glute_stimulus > bare.summary.glute_stimulus);
    assert!((loaded.summary.load_kg - 10.0).abs() < 1e-12 && bare.summary.load_kg == 0.0);
    assert!(!loaded.summary.mass_assumed);
    let too_heavy = Settings {
        load_kg: Some(500.0),
        ..Settings::default()
    };
    assert!(too_heavy.options().is_err());
}

#[test]
fn issue_12_stride_and_turning_are_measured() {
    let straight = analyse(&course("straight", &leg(2000.0, 360.0, 0.0, 90.0)));
    for s in &straight.segments {
        let x = &s.segment;
        let want = x.distance_m / x.moving_s * 120.0 / x.avg_cadence_spm.unwrap();
        assert!((x.stride_m.unwrap() / want - 1.0).abs() < 1e-9);
        assert!(x.turning_deg_per_100m.unwrap() < 10.0);
    }
    let zigzag = analyse(&course(
        "zigzag",
        "[[leg]]\nrepeat = 50\nlegs = [\n  { length_m = 20, pace = \"6:00\", heading_deg = 45 },\n  \
         { length_m = 20, pace = \"6:00\", heading_deg = 135 },\n]\n",
    ));
    let turning = zigzag.segments[0].segment.turning_deg_per_100m.unwrap();
    assert!(turning > 100.0, "{turning}");
    assert!(straight.summary.pace_variety < 0.01);
}

#[test]
fn issue_12_the_default_gap_is_strava_s_and_minetti_s_is_an_option() {
    let c = course("down", &leg(2000.0, 360.0, -10.0, 90.0));
    let strava = analyse(&c).summary.gap_s_per_km.unwrap();
    // Strava 2017's factor at −10 % is 0.876: 6:00/km is worth 6:51/km on the level.
    assert!((strava / (360.0 / 0.876) - 1.0).abs() < 0.05, "{strava}");
    let minetti = analyse_with(
        &c,
        Settings {
            gap_model: gluteus::model::GapChoice::Minetti,
            ..Settings::default()
        },
    )
    .summary
    .gap_s_per_km
    .unwrap();
    assert!(minetti > 500.0, "{minetti}");
}

#[test]
fn issue_12_bands_hold_their_values_widen_for_what_is_not_known_and_are_seeded() {
    let c = course("level", &leg(2000.0, 360.0, 0.0, 90.0));
    let given = analyse(&c);
    for s in &given.segments {
        let e = &s.estimate;
        for (low, value, high) in [
            (e.energy_kcal_low, e.energy_kcal, e.energy_kcal_high),
            (e.gei_low, e.gei, e.gei_high),
            (e.glute_load_low, e.glute_load, e.glute_load_high),
            (e.glute_stimulus_low, e.glute_stimulus, e.glute_stimulus_high),
        ] {
            assert!(low <= value && value <= high, "{low} {value} {high}");
        }
    }
    let s = &given.summary;
    assert!(s.mean_gei_low <= s.mean_gei && s.mean_gei <= s.mean_gei_high);
    // Even the reference run has a band: the between-runner spread, about 0.9-1.1.
    let width = s.mean_gei_high - s.mean_gei_low;
    assert!(width > 0.02 && width < 0.4, "{} {}", s.mean_gei_low, s.mean_gei_high);
    // An assumed mass widens the energy band.
    let sim = simulate::simulate(
        &c,
        &simulate::Options {
            device: Device::Ideal,
            ..simulate::Options::default()
        },
    );
    let bytes = write::encode(&sim, write::Format::Gpx);
    let assumed = Settings {
        surface: Some("asphalt".to_owned()),
        ..Settings::default()
    }
    .options()
    .unwrap();
    let a = analyze_bytes("level.gpx", &bytes, &assumed).unwrap();
    let b = analyze_bytes("level.gpx", &bytes, &assumed).unwrap();
    assert_eq!(a, b, "the draws are seeded");
    let s2 = &a.runs[0].summary;
    assert!(s2.mass_assumed);
    let relative = |s: &gluteus::analysis::Summary| (s.energy_kcal_high - s.energy_kcal_low) / s.energy_kcal;
    assert!(relative(s2) > 1.01 * relative(s), "{} vs {}", relative(s2), relative(s));
}

#[test]
fn issue_12_a_verdict_and_a_breakdown_say_where_the_glute_work_came_from() {
    let hills = analyse(&course(
        "hills",
        "[[leg]]\nrepeat = 4\nlegs = [\n  { length_m = 300, pace = \"6:30\", grade_pct = 10, heading_deg = 0 },\n  \
         { length_m = 300, pace = \"6:00\", grade_pct = -10, heading_deg = 180 },\n]\n",
    ));
    let verdict = &hills.summary.verdict;
    assert!(verdict.contains("4 climbs") && verdict.contains("descent"), "{verdict}");
    let by = &hills.glute_by;
    for (what, total) in [
        ("grade", by.grade_class.values().map(|x| x.glute_stimulus).sum::<f64>()),
        ("pace", by.pace_class.values().map(|x| x.glute_stimulus).sum::<f64>()),
        ("surface", by.surface.values().map(|x| x.glute_stimulus).sum::<f64>()),
    ] {
        assert!(
            (total / hills.summary.glute_stimulus - 1.0).abs() < 1e-9,
            "{what}: {total}"
        );
    }
    let load: f64 = by.grade_class.values().map(|x| x.glute_load).sum();
    assert!((load / hills.summary.glute_load - 1.0).abs() < 1e-9);
    let flat = analyse(&course("flat", &leg(3000.0, 360.0, 0.0, 90.0)));
    assert!(
        flat.summary.verdict.contains("steady running"),
        "{}",
        flat.summary.verdict
    );
}

#[test]
fn issue_12_the_verdict_of_a_sprint_session_names_the_efforts() {
    let mut sprints = String::from("[[leg]]\nrepeat = 6\nlegs = [\n");
    let _ = writeln!(sprints, "  {{ length_m = 100, pace = \"2:30\", heading_deg = 90 }},");
    let _ = writeln!(
        sprints,
        "  {{ length_m = 100, pace = \"15:00\", heading_deg = 270, gait = \"walk\" }},\n]"
    );
    let run = analyse(&course("sprints", &sprints));
    assert!(
        run.summary.verdict.contains("6 hard efforts"),
        "{}",
        run.summary.verdict
    );
}

#[test]
fn issue_12_grades_beyond_the_models_range_are_capped_and_said_so() {
    let stairs = analyse(&course(
        "stairs",
        "[[leg]]\nlength_m = 300\npace = \"6:00\"\n\n[[leg]]\nlength_m = 60\ngrade_pct = 60\npace = \"25:00\"\n\
         stairs = true\ngait = \"walk\"\ncadence_spm = 96\n\n[[leg]]\nlength_m = 300\npace = \"6:00\"\n",
    ));
    assert!(
        stairs.warnings.iter().any(|w| w.contains("steeper than ±45 %")),
        "{:?}",
        stairs.warnings
    );
    // Walked stairs are not suspect; a level run warns of nothing steep.
    assert!(!stairs.warnings.iter().any(|w| w.contains("suspect")));
    let flat = analyse(&course("flat", &leg(1000.0, 360.0, 0.0, 90.0)));
    assert!(
        !flat
            .warnings
            .iter()
            .any(|w| w.contains("45 %") || w.contains("suspect"))
    );
}

#[test]
fn issue_12_the_zigzag_and_circles_course_files_turn() {
    for name in ["zigzag", "circles"] {
        assert!(
            simulate::built_in(name).is_none(),
            "{name} is a file, not a built-in course"
        );
        let c = simulate::load(
            &crate::util::root()
                .join("courses")
                .join(format!("{name}.toml"))
                .to_string_lossy(),
        )
        .unwrap();
        let run = analyse_with(&c, Settings::default());
        let (turned, metres) = run
            .segments
            .iter()
            .filter_map(|s| {
                s.segment
                    .turning_deg_per_100m
                    .map(|t| (t * s.segment.distance_m, s.segment.distance_m))
            })
            .fold((0.0, 0.0), |(a, b), (t, d)| (a + t, b + d));
        assert!(turned / metres > 100.0, "{name}: {} °/100 m", turned / metres);
    }
}

#[test]
fn issue_12_a_course_leg_carries_a_load_into_the_truth() {
    let loaded = course(
        "vest",
        "[[leg]]\nlength_m = 1000\npace = \"6:00\"\nload_kg = 10\n\n[[leg]]\nlength_m = 500\npace = \"6:00\"\n",
    );
    let sim = simulate::simulate(&loaded, &simulate::Options::default());
    let loads: Vec<f64> = sim.truth.legs.iter().map(|l| l.load_kg).collect();
    assert_eq!(loads, [10.0, 0.0]);
    let text = "name = \"x\"\n[[leg]]\nlength_m = 100\npace = \"6:00\"\nload_kg = 500\n";
    let error = simulate::parse(text).unwrap_err().to_string();
    assert!(error.contains("load_kg"), "{error}");
}
