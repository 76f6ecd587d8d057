//! The true motion of the runner along the course: distance and speed over time, integrated in
//! tenth-of-a-second steps with bounded acceleration, braking into stops and U-turns, standing and
//! timer pauses. Samples are taken on whole seconds while the timer runs.

use super::course::{Course, Extent, Path, Step};
use crate::surface::Surface;

/// Integration step, seconds (ten per second, so whole seconds fall on steps exactly).
const STEPS_PER_SECOND: u64 = 10;
const DT: f64 = 0.1;
/// Acceleration towards a faster target pace, m/s².
const ACCELERATION: f64 = 1.0;
/// Deceleration towards a slower pace or into a stop, m/s².
const BRAKING: f64 = 1.5;
/// Slowest speed while braking into a stop, m/s, so that the stop point is reached.
const CREEP: f64 = 0.4;
/// A change of heading of at least this much, degrees, between two straight legs is run as a
/// U-turn: on an arc of `UTURN_RADIUS_M` at no more than `UTURN_SPEED_MPS` (a proposal: a runner
/// turning on the spot keeps the sideways acceleration near 2 m/s², `v²/r` = 2 for 2 m/s on 2 m).
const UTURN_MIN_DEG: f64 = 135.0;
/// Radius of a U-turn's arc, m.
pub(crate) const UTURN_RADIUS_M: f64 = 2.0;
/// Fastest speed through a U-turn, m/s.
const UTURN_SPEED_MPS: f64 = 2.0;

/// A U-turn as it was run: an arc centred on a leg boundary.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Turn {
    /// The leg boundary at the arc's middle, metres along the path.
    pub(crate) at_m: f64,
    /// The change of heading, degrees: positive clockwise (a right turn).
    pub(crate) angle_deg: f64,
}

impl Turn {
    /// Half the arc's length, m: the arc runs from `at_m` minus this to `at_m` plus this.
    pub(crate) fn half_m(self) -> f64 {
        UTURN_RADIUS_M * self.angle_deg.abs().to_radians() / 2.0
    }
}

/// The speed a runner can hold `dist_m` along the path with a U-turn at `turn`: braking into it,
/// slow through it.
fn turn_cap(turn: Turn, dist_m: f64) -> f64 {
    let entry = turn.at_m - turn.half_m();
    if dist_m < entry {
        (UTURN_SPEED_MPS * UTURN_SPEED_MPS + 2.0 * BRAKING * (entry - dist_m)).sqrt()
    } else if dist_m <= turn.at_m + turn.half_m() {
        UTURN_SPEED_MPS
    } else {
        f64::INFINITY
    }
}

/// The U-turn between two legs of these headings and lengths (m), if the change of heading is a
/// reversal and both legs are long enough to hold half the arc with room to spare.
fn reversal(from_deg: f64, to_deg: f64, at_m: f64, lengths: [f64; 2]) -> Option<Turn> {
    let angle_deg = (to_deg - from_deg + 540.0).rem_euclid(360.0) - 180.0;
    let angle_deg = if angle_deg <= -180.0 { 180.0 } else { angle_deg };
    let turn = Turn { at_m, angle_deg };
    (angle_deg.abs() >= UTURN_MIN_DEG && lengths.iter().all(|&l| l >= 4.0 * turn.half_m())).then_some(turn)
}

/// One sample of the true motion, on a whole second with the timer running.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Moment {
    /// Seconds since the first sample.
    pub(crate) t_s: f64,
    /// Metres along the path.
    pub(crate) dist_m: f64,
    /// Speed, m/s.
    pub(crate) speed_mps: f64,
    /// Index of the leg the runner is on (or has just finished, when standing).
    pub(crate) leg: usize,
}

/// A leg as it was actually run.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LegRun {
    pub(crate) start_m: f64,
    pub(crate) end_m: f64,
    pub(crate) start_s: f64,
    pub(crate) end_s: f64,
    pub(crate) grade_pct: [f64; 2],
    pub(crate) surface: Surface,
    pub(crate) pace_s_per_km: f64,
    pub(crate) heading_deg: f64,
    pub(crate) gait: crate::analysis::Gait,
    pub(crate) cadence_spm: Option<f64>,
    pub(crate) stairs: bool,
    pub(crate) load_kg: f64,
}

/// A stop as it happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct StopRun {
    pub(crate) start_s: f64,
    pub(crate) end_s: f64,
    pub(crate) timer_running: bool,
}

/// The whole true run.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Motion {
    pub(crate) moments: Vec<Moment>,
    pub(crate) legs: Vec<LegRun>,
    pub(crate) stops: Vec<StopRun>,
    /// The U-turns, in order along the path.
    pub(crate) turns: Vec<Turn>,
    pub(crate) distance_m: f64,
    pub(crate) elapsed_s: f64,
    pub(crate) timer_s: f64,
    pub(crate) moving_s: f64,
}

/// The integrator's state.
struct Runner {
    /// Integration steps since the start.
    k: u64,
    dist_m: f64,
    speed_mps: f64,
    timer_running_steps: u64,
    moving_steps: u64,
    moments: Vec<Moment>,
    leg: usize,
}

impl Runner {
    fn t(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let k = self.k as f64;
        k * DT
    }

    /// One integration step towards `target` speed (m/s); samples first when on a whole second.
    fn step(&mut self, target: f64) {
        self.sample();
        let change = (target - self.speed_mps).clamp(-BRAKING * DT, ACCELERATION * DT);
        let next = (self.speed_mps + change).max(0.0);
        self.dist_m += 0.5 * (self.speed_mps + next) * DT;
        self.speed_mps = next;
        self.k += 1;
        self.timer_running_steps += 1;
        self.moving_steps += 1;
    }

    /// One integration step standing still, the timer running.
    fn stand(&mut self) {
        self.sample();
        self.speed_mps = 0.0;
        self.k += 1;
        self.timer_running_steps += 1;
    }

    /// Brakes to a standstill, then stands (timer running) or pauses the timer for `duration_s`.
    /// Returns the stops as they happened.
    fn stop(&mut self, duration_s: f64, timer_running: bool) -> Vec<StopRun> {
        while self.speed_mps > 0.0 {
            self.step(0.0);
        }
        let start_s = self.t();
        if timer_running {
            let end = start_s + duration_s;
            while self.t() < end - 1e-9 {
                self.stand();
            }
            return vec![StopRun {
                start_s,
                end_s: self.t(),
                timer_running: true,
            }];
        }
        // The watch pauses on a whole second (its events have one-second resolution); until then
        // the runner stands with the timer running.
        while !self.k.is_multiple_of(STEPS_PER_SECOND) {
            self.stand();
        }
        self.sample();
        let paused_at = self.t();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let seconds = duration_s.round().max(1.0) as u64;
        self.k += seconds * STEPS_PER_SECOND;
        let mut stops = vec![StopRun {
            start_s: paused_at,
            end_s: self.t(),
            timer_running: false,
        }];
        if start_s < paused_at {
            stops.push(StopRun {
                start_s,
                end_s: paused_at,
                timer_running: true,
            });
        }
        stops
    }

    fn sample(&mut self) {
        if self.k.is_multiple_of(STEPS_PER_SECOND) {
            let t_s = self.t();
            self.moments.push(Moment {
                t_s,
                dist_m: self.dist_m,
                speed_mps: self.speed_mps,
                leg: self.leg,
            });
        }
    }
}

/// The U-turn at the end of `leg` (ending at `at_m`) into `next`, on a line path between legs of
/// known length.
fn turn_ahead(path: Path, leg: &super::course::Leg, next: &super::course::Leg, at_m: f64) -> Option<Turn> {
    match (path, leg.extent, next.extent) {
        (Path::Line, Extent::Metres(length), Extent::Metres(next_length)) => {
            reversal(leg.heading_deg, next.heading_deg, at_m, [length, next_length])
        }
        _ => None,
    }
}

/// Runs the course.
pub(crate) fn run(course: &Course) -> Motion {
    let mut runner = Runner {
        k: 0,
        dist_m: 0.0,
        speed_mps: 0.0,
        timer_running_steps: 0,
        moving_steps: 0,
        moments: Vec::new(),
        leg: 0,
    };
    let mut legs: Vec<LegRun> = Vec::new();
    let mut stops = Vec::new();
    let mut turns: Vec<Turn> = Vec::new();
    // Where the current distance leg ends: nominal boundaries, so overshooting by part of a step
    // never shifts later legs.
    let mut boundary_m = 0.0;
    for (i, step) in course.steps.iter().enumerate() {
        match step {
            Step::Leg(leg) => {
                runner.leg = legs.len();
                let speed = 1000.0 / leg.pace_s_per_km;
                let stop_follows = matches!(course.steps.get(i + 1), Some(Step::Stop { .. }));
                let start_m = boundary_m;
                let start_s = runner.t();
                // The U-turn behind (its second half lies on this leg) and the one ahead.
                let behind = turns.last().copied().filter(|t| (t.at_m - start_m).abs() < 1e-9);
                let next_leg = course.steps[i + 1..].iter().find_map(|s| match s {
                    Step::Leg(next) => Some(next),
                    Step::Stop { .. } => None,
                });
                match leg.extent {
                    Extent::Metres(length) => {
                        boundary_m += length;
                        let ahead = next_leg.and_then(|next| turn_ahead(course.path, leg, next, boundary_m));
                        while runner.dist_m < boundary_m {
                            let remaining = boundary_m - runner.dist_m;
                            let mut target = if stop_follows {
                                speed.min((2.0 * BRAKING * remaining).sqrt().max(CREEP))
                            } else {
                                speed
                            };
                            for turn in behind.iter().chain(&ahead) {
                                target = target.min(turn_cap(*turn, runner.dist_m));
                            }
                            runner.step(target);
                        }
                        turns.extend(ahead);
                    }
                    Extent::Seconds(duration) => {
                        let end = start_s + duration;
                        while runner.t() < end - 1e-9 {
                            let cap = behind.map_or(f64::INFINITY, |turn| turn_cap(turn, runner.dist_m));
                            runner.step(speed.min(cap));
                        }
                        boundary_m = runner.dist_m;
                    }
                }
                legs.push(LegRun {
                    start_m,
                    end_m: boundary_m,
                    start_s,
                    end_s: runner.t(),
                    grade_pct: leg.grade_pct,
                    surface: leg.surface,
                    pace_s_per_km: leg.pace_s_per_km,
                    heading_deg: leg.heading_deg,
                    gait: leg.gait,
                    cadence_spm: leg.cadence_spm,
                    stairs: leg.stairs,
                    load_kg: leg.load_kg,
                });
            }
            Step::Stop {
                duration_s,
                timer_running,
            } => stops.extend(runner.stop(*duration_s, *timer_running)),
        }
    }
    // The watch is stopped on the next whole second, the runner still moving on the last leg.
    let last_target = runner.speed_mps;
    while !runner.k.is_multiple_of(STEPS_PER_SECOND) {
        runner.step(last_target);
    }
    runner.sample();
    if let Some(last) = legs.last_mut() {
        last.end_m = runner.dist_m;
        last.end_s = runner.t();
    }
    stops.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    #[allow(clippy::cast_precision_loss)]
    let (timer_s, moving_s) = (runner.timer_running_steps as f64 * DT, runner.moving_steps as f64 * DT);
    Motion {
        distance_m: runner.dist_m,
        elapsed_s: runner.t(),
        timer_s,
        moving_s,
        moments: runner.moments,
        legs,
        stops,
        turns,
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use crate::simulate::built_in;

    #[test]
    fn easy_flat_takes_an_hour_and_covers_its_length() {
        let motion = run(&built_in("easy-flat").unwrap());
        assert!((motion.distance_m - 8046.7).abs() < 5.0, "{}", motion.distance_m);
        // One hour at pace plus the second or so spent accelerating from a standstill.
        assert!((motion.elapsed_s - 3601.0).abs() <= 1.0, "{}", motion.elapsed_s);
        assert!((motion.moments.len() as f64 - motion.elapsed_s - 1.0).abs() < 1e-9);
        assert!((motion.timer_s - motion.elapsed_s).abs() < 1e-9);
    }

    #[test]
    fn stops_and_pauses_are_kept_apart() {
        let beach = run(&built_in("beach").unwrap());
        assert!((beach.elapsed_s - beach.timer_s).abs() < 1e-9);
        assert!(
            (beach.timer_s - beach.moving_s - 45.0).abs() < 0.2,
            "{} {}",
            beach.timer_s,
            beach.moving_s
        );
        let track = run(&built_in("track-intervals").unwrap());
        assert!((track.elapsed_s - track.timer_s - 120.0).abs() < 1e-9);
        // No samples while the timer is paused.
        let pause = track.stops.iter().find(|s| !s.timer_running).unwrap();
        assert!(
            !track
                .moments
                .iter()
                .any(|m| m.t_s > pause.start_s && m.t_s < pause.end_s)
        );
    }

    #[test]
    fn legs_tile_the_distance_and_speed_never_jumps() {
        for (name, _) in crate::simulate::BUILT_IN {
            let motion = run(&built_in(name).unwrap());
            for pair in motion.legs.windows(2) {
                assert!((pair[0].end_m - pair[1].start_m).abs() < 1e-9, "{name}");
            }
            for pair in motion.moments.windows(2) {
                let dt = pair[1].t_s - pair[0].t_s;
                let dv = (pair[1].speed_mps - pair[0].speed_mps).abs();
                assert!(dv <= 1.5 * dt + 1e-9, "{name}: {dv} m/s in {dt} s");
                assert!(pair[1].dist_m >= pair[0].dist_m);
            }
        }
    }
}
