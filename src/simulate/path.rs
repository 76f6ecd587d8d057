//! Where the course lies: metres along the path to a position (east and north of the start, then
//! latitude and longitude through geo's haversine destination) and to the true elevation.

use super::course::{Path, Start};
use super::motion::{LegRun, Turn, UTURN_RADIUS_M};
use geo::{Destination, Haversine, Point};

/// A standard 400 m track at its measuring line: 84.39 m straights, and bends of the radius that
/// makes the lap exactly 400 m (36.80 m).
const TRACK_STRAIGHT_M: f64 = 84.39;
const TRACK_LAP_M: f64 = 400.0;

/// The course on the ground.
#[derive(Clone, Debug)]
pub(crate) struct Geometry {
    path: Path,
    start: Start,
    /// Per leg: start elevation.
    legs: Vec<f64>,
    runs: Vec<LegRun>,
    /// A line path on the ground: straight pieces and the arcs of U-turns, in order.
    pieces: Vec<Piece>,
    loop_radius_m: f64,
}

/// A stretch of a line path: from `start_m` (metres along the path) at `at` (east, north metres),
/// heading `heading_deg`, straight or turning by `turn_deg` (clockwise positive) on an arc.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start_m: f64,
    at: [f64; 2],
    heading_deg: f64,
    turn_deg: Option<f64>,
}

/// The unit vector of a heading (degrees clockwise from north): east, north.
fn unit(heading_deg: f64) -> [f64; 2] {
    let (sin, cos) = heading_deg.to_radians().sin_cos();
    [sin, cos]
}

impl Piece {
    /// The position `along` metres into the piece.
    fn at(&self, along: f64) -> [f64; 2] {
        match self.turn_deg {
            None => {
                let u = unit(self.heading_deg);
                [self.at[0] + along * u[0], self.at[1] + along * u[1]]
            }
            Some(turn) => {
                // pos(φ) = at + σ r (u(h + 90°) − u(h + 90° + φ)), with φ = σ s / r.
                let sign = turn.signum();
                let phi = (sign * along / UTURN_RADIUS_M).to_degrees();
                let (a, b) = (unit(self.heading_deg + 90.0), unit(self.heading_deg + 90.0 + phi));
                [
                    self.at[0] + sign * UTURN_RADIUS_M * (a[0] - b[0]),
                    self.at[1] + sign * UTURN_RADIUS_M * (a[1] - b[1]),
                ]
            }
        }
    }
}

/// The pieces of a line path: each leg straight along its heading, with the arc of a U-turn
/// centred on the boundary between two legs where the runner turned.
fn line_pieces(runs: &[LegRun], turns: &[Turn]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(runs.len() + turns.len());
    let mut at = [0.0, 0.0];
    let mut from_m = 0.0;
    for run in runs {
        let turn = turns.iter().find(|t| (t.at_m - run.end_m).abs() < 1e-9);
        let straight_end = turn.map_or(run.end_m, |t| t.at_m - t.half_m());
        let piece = Piece {
            start_m: from_m,
            at,
            heading_deg: run.heading_deg,
            turn_deg: None,
        };
        at = piece.at(straight_end - from_m);
        pieces.push(piece);
        from_m = straight_end;
        if let Some(&t) = turn {
            let arc = Piece {
                start_m: from_m,
                at,
                heading_deg: run.heading_deg,
                turn_deg: Some(t.angle_deg),
            };
            at = arc.at(2.0 * t.half_m());
            pieces.push(arc);
            from_m = t.at_m + t.half_m();
        }
    }
    pieces
}

impl Geometry {
    pub(crate) fn new(path: Path, start: Start, runs: &[LegRun], turns: &[Turn], total_m: f64) -> Self {
        let mut legs = Vec::with_capacity(runs.len());
        let mut ele = start.ele_m;
        for run in runs {
            legs.push(ele);
            ele += rise(run, run.end_m - run.start_m);
        }
        Self {
            path,
            start,
            legs,
            runs: runs.to_vec(),
            pieces: line_pieces(runs, turns),
            loop_radius_m: total_m.max(1.0) / std::f64::consts::TAU,
        }
    }

    /// The leg that holds `dist_m` (the last one beyond the end).
    fn leg_at(&self, dist_m: f64) -> usize {
        self.runs
            .iter()
            .position(|r| dist_m < r.end_m)
            .unwrap_or(self.runs.len().saturating_sub(1))
    }

    /// True elevation at `dist_m`, metres.
    pub(crate) fn elevation(&self, dist_m: f64) -> f64 {
        let i = self.leg_at(dist_m);
        let (Some(run), Some(&ele)) = (self.runs.get(i), self.legs.get(i)) else {
            return self.start.ele_m;
        };
        ele + rise(run, dist_m - run.start_m)
    }

    /// Grade at `dist_m`, percent.
    pub(crate) fn grade_pct(&self, dist_m: f64) -> f64 {
        let Some(run) = self.runs.get(self.leg_at(dist_m)) else {
            return 0.0;
        };
        let length = (run.end_m - run.start_m).max(1e-9);
        let u = ((dist_m - run.start_m) / length).clamp(0.0, 1.0);
        run.grade_pct[0] + (run.grade_pct[1] - run.grade_pct[0]) * u
    }

    /// Position at `dist_m`: metres east and north of the start.
    pub(crate) fn local(&self, dist_m: f64) -> [f64; 2] {
        match self.path {
            Path::Line => {
                // The last piece that starts at or before `dist_m` (the first before the start).
                let i = self.pieces.partition_point(|p| p.start_m <= dist_m).saturating_sub(1);
                self.pieces.get(i).map_or([0.0, 0.0], |p| p.at(dist_m - p.start_m))
            }
            Path::Loop => {
                // Clockwise from the start, first heading north, the centre to the east.
                let r = self.loop_radius_m;
                let (sin, cos) = (dist_m / r).sin_cos();
                [r - r * cos, r * sin]
            }
            Path::Track => track(dist_m),
        }
    }

    /// Latitude and longitude of a local position, degrees.
    pub(crate) fn lat_lon(&self, local: [f64; 2]) -> (f64, f64) {
        let [east, north] = local;
        let distance = east.hypot(north);
        let origin = Point::new(self.start.lon, self.start.lat);
        if distance == 0.0 {
            return (self.start.lat, self.start.lon);
        }
        let bearing = east.atan2(north).to_degrees();
        let p = Haversine.destination(origin, bearing, distance);
        (p.y(), p.x())
    }

    /// Heading of travel at `dist_m`, degrees clockwise from north.
    pub(crate) fn heading_deg(&self, dist_m: f64) -> f64 {
        let a = self.local(dist_m);
        let b = self.local(dist_m + 1.0);
        (b[0] - a[0]).atan2(b[1] - a[1]).to_degrees().rem_euclid(360.0)
    }
}

/// Elevation gained over the first `along` metres of a leg (grade ramping linearly), metres.
fn rise(run: &LegRun, along: f64) -> f64 {
    let length = (run.end_m - run.start_m).max(1e-9);
    let [g0, g1] = run.grade_pct;
    along * (g0 + (g1 - g0) * along / (2.0 * length)) / 100.0
}

/// A position on the 400 m track, `dist_m` from the start of the home straight.
fn track(dist_m: f64) -> [f64; 2] {
    let s = TRACK_STRAIGHT_M;
    let bend = (TRACK_LAP_M - 2.0 * s) / 2.0;
    let r = bend / std::f64::consts::PI;
    let u = dist_m.rem_euclid(TRACK_LAP_M);
    if u < s {
        [0.0, u]
    } else if u < s + bend {
        let (sin, cos) = ((u - s) / r).sin_cos();
        [r - r * cos, s + r * sin]
    } else if u < 2.0 * s + bend {
        [2.0 * r, s - (u - s - bend)]
    } else {
        let (sin, cos) = ((u - 2.0 * s - bend) / r).sin_cos();
        [r + r * cos, -r * sin]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Distance;

    #[test]
    fn the_track_is_400_m_and_closes() {
        let length: f64 = (0..4000)
            .map(|i| {
                let (a, b) = (track(f64::from(i) * 0.1), track(f64::from(i + 1) * 0.1));
                (b[0] - a[0]).hypot(b[1] - a[1])
            })
            .sum();
        assert!((length - 400.0).abs() < 0.01, "{length}");
        let end = track(400.0);
        assert!(end[0].abs() < 1e-9 && end[1].abs() < 1e-9);
    }

    #[test]
    fn projected_distances_match_haversine() {
        let start = Start {
            lat: 60.0,
            lon: 10.0,
            ele_m: 0.0,
        };
        let geometry = Geometry::new(Path::Loop, start, &[], &[], 10_000.0);
        let a = geometry.lat_lon([3000.0, 4000.0]);
        let d = Haversine.distance(Point::new(start.lon, start.lat), Point::new(a.1, a.0));
        assert!((d - 5000.0).abs() < 0.01, "{d}");
    }
}
