//! Training load per run, and fitness and fatigue per day.
//!
//! The load is Banister's training impulse (TRIMP): timer minutes × the heart-rate reserve `x`
//! reached on average × `0.64 e^(1.92 x)` (men) or `0.86 e^(1.67 x)` (women), the weighting that
//! follows the rise of blood lactate with effort (Banister 1991; Morton, Fitz-Clarke and Banister
//! 1990). It needs the resting and maximum heart rates: from the athlete file, else the maximum
//! from the archive (the second-highest run maximum, so that one glitch does not set it) and a
//! resting rate of [`ASSUMED_RESTING_HR_BPM`]. A run without heart rate, or every run when no
//! maximum can be found, gets the same formula with `x` from its grade-adjusted pace instead: `x`
//! = [`THRESHOLD_RESERVE`] × (threshold pace / grade-adjusted pace), so that a run at threshold
//! pace loads like one at a threshold heart rate (a proposal; the threshold pace comes from the
//! athlete file, else from the archive's best efforts through Riegel's endurance law).
//!
//! Fitness and fatigue are the daily loads exponentially weighted with time constants of 42 and 7
//! days (Banister et al. 1975): `fitness_t = fitness_(t-1) + (L_t - fitness_(t-1)) (1 - e^(-1/42))`,
//! from 0 on the window's first day; form is fitness minus fatigue, and the acute:chronic workload
//! ratio is fatigue over fitness (Williams et al. 2017).

use super::read::StoredRun;
use super::{Day, LoadDay, TrendsOptions};
use crate::model::Athlete;
use serde::Serialize;
use std::collections::BTreeMap;

/// The resting heart rate assumed when the athlete file gives none, bpm (a typical adult's; a
/// trained runner's is lower, which raises every load a little).
pub const ASSUMED_RESTING_HR_BPM: f64 = 60.0;
/// The heart-rate reserve at threshold pace (lactate threshold near 85-90 % of the reserve:
/// a proposal, 0.8-0.92).
pub const THRESHOLD_RESERVE: f64 = 0.88;
/// Riegel's endurance exponent: time grows as distance^1.06 (Riegel 1981, Am Sci 69:285-290).
pub const RIEGEL_EXPONENT: f64 = 1.06;
/// The threshold pace assumed when neither the athlete file nor the archive gives one, s/km.
pub const ASSUMED_THRESHOLD_PACE_S_PER_KM: f64 = 300.0;

/// The constants of fitness and fatigue.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadSettings {
    /// Fitness time constant, days (42; Banister et al. 1975).
    pub fitness_days: f64,
    /// Fatigue time constant, days (7).
    pub fatigue_days: f64,
    /// `acwr_spike` above this ratio (1.5; Gabbett 2016).
    pub acwr_spike: f64,
    /// Days from the window's start before a spike is judged (84, twice the fitness time
    /// constant): both loads start from 0, and while the chronic one is still rising the ratio
    /// overstates (at a steady load it is 2.0 on day 28, 1.16 on day 84).
    pub warm_up_days: i64,
}

impl Default for LoadSettings {
    fn default() -> Self {
        Self {
            fitness_days: 42.0,
            fatigue_days: 7.0,
            acwr_spike: 1.5,
            warm_up_days: 84,
        }
    }
}

/// How the training load was found.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LoadMethod {
    /// Banister's TRIMP from heart rate; runs without heart rate from pace.
    Trimp {
        /// Resting heart rate used, bpm.
        resting_hr_bpm: f64,
        /// Maximum heart rate used, bpm.
        max_hr_bpm: f64,
        /// Threshold pace for runs without heart rate, s/km.
        threshold_pace_s_per_km: f64,
        /// Where each came from, in words.
        how: String,
    },
    /// The same formula with the heart-rate reserve from pace, for every run.
    Pace {
        /// Threshold pace, s/km.
        threshold_pace_s_per_km: f64,
        /// Where it came from, in words.
        how: String,
    },
}

/// The threshold pace (s/km) and where it came from.
fn threshold_pace(runs: &[StoredRun], athlete: &Athlete) -> (f64, String) {
    if let Some(pace) = athlete.threshold_pace_s_per_km {
        return (pace, "threshold pace from the athlete file".to_owned());
    }
    // The distance one could run in an hour from each best effort of 5 km or more (Riegel), and
    // its pace: the fastest such prediction.
    let best = runs
        .iter()
        .flat_map(|r| r.efforts.iter())
        .filter(|(d, t)| d.metres() >= 5000.0 && *t > 0.0)
        .map(|(d, t)| d.metres() * (3600.0 / t).powf(1.0 / RIEGEL_EXPONENT))
        .fold(0.0_f64, f64::max);
    if best > 0.0 {
        (
            (3_600_000.0 / best * 10.0).round() / 10.0,
            "threshold pace estimated from the archive's best 5 km or longer effort (Riegel)".to_owned(),
        )
    } else {
        (
            ASSUMED_THRESHOLD_PACE_S_PER_KM,
            "threshold pace assumed (5:00/km): no athlete file and no 5 km effort".to_owned(),
        )
    }
}

/// The method for the whole archive.
pub(super) fn method(runs: &[StoredRun], options: &TrendsOptions) -> LoadMethod {
    let athlete = &options.athlete;
    let (threshold, pace_how) = threshold_pace(runs, athlete);
    let mut maxima: Vec<f64> = runs.iter().filter_map(|r| r.max_hr_bpm).filter(|h| *h > 0.0).collect();
    maxima.sort_by(|a, b| b.total_cmp(a));
    let (max, max_how) = match athlete.max_hr_bpm {
        Some(max) => (Some(max), "maximum heart rate from the athlete file"),
        None if maxima.len() >= 5 => (
            Some(maxima[1]),
            "maximum heart rate from the archive (the second-highest run maximum)",
        ),
        None => (None, ""),
    };
    let (rest, rest_how) = match athlete.resting_hr_bpm {
        Some(rest) => (rest, "resting heart rate from the athlete file"),
        None => (ASSUMED_RESTING_HR_BPM, "resting heart rate assumed (60 bpm)"),
    };
    match max {
        Some(max) if max > rest + 20.0 => LoadMethod::Trimp {
            resting_hr_bpm: rest,
            max_hr_bpm: max,
            threshold_pace_s_per_km: threshold,
            how: format!("{max_how}; {rest_how}; {pace_how} for runs without heart rate"),
        },
        _ => LoadMethod::Pace {
            threshold_pace_s_per_km: threshold,
            how: format!(
                "no maximum heart rate (athlete file, or five runs with heart rate): load from pace; {pace_how}"
            ),
        },
    }
}

/// Banister's weighted impulse for `minutes` at heart-rate reserve `x`.
fn trimp(minutes: f64, x: f64, female: bool) -> f64 {
    let x = x.clamp(0.0, 1.0);
    let (a, b) = if female { (0.86, 1.67) } else { (0.64, 1.92) };
    minutes * x * a * (b * x).exp()
}

/// The training load of one run.
pub(super) fn load(run: &StoredRun, method: &LoadMethod, athlete: &Athlete) -> f64 {
    let minutes = run.timer_s.max(0.0) / 60.0;
    let (threshold, hr) = match method {
        LoadMethod::Trimp {
            resting_hr_bpm,
            max_hr_bpm,
            threshold_pace_s_per_km,
            ..
        } => (
            *threshold_pace_s_per_km,
            run.avg_hr_bpm
                .filter(|h| *h > 0.0)
                .map(|h| (h - resting_hr_bpm) / (max_hr_bpm - resting_hr_bpm)),
        ),
        LoadMethod::Pace {
            threshold_pace_s_per_km,
            ..
        } => (*threshold_pace_s_per_km, None),
    };
    let x = hr.unwrap_or_else(|| {
        // From pace: a run without a grade-adjusted pace counts as easy (three quarters of
        // threshold speed).
        let intensity = run
            .gap_s_per_km
            .filter(|p| *p > 0.0)
            .map_or(0.75, |gap| threshold / gap);
        THRESHOLD_RESERVE * intensity
    });
    let value = trimp(minutes, x, athlete.female);
    // At least a little for any run with time: a run is a training day.
    (value.max(if minutes > 0.0 { 0.01 } else { 0.0 }) * 100.0).round() / 100.0
}

/// One entry a day from `since` to `until`: the day's load, fitness, fatigue, form and ratio.
pub(super) fn daily(since: Day, until: Day, loads: &BTreeMap<Day, f64>, settings: &LoadSettings) -> Vec<LoadDay> {
    let (kf, ka) = (
        1.0 - (-1.0 / settings.fitness_days).exp(),
        1.0 - (-1.0 / settings.fatigue_days).exp(),
    );
    let (mut fitness, mut fatigue) = (0.0_f64, 0.0_f64);
    let mut out = Vec::new();
    let mut day = since;
    while day <= until {
        let l = loads.get(&day).copied().unwrap_or(0.0);
        fitness += (l - fitness) * kf;
        fatigue += (l - fatigue) * ka;
        let r = |x: f64| (x * 1000.0).round() / 1000.0;
        out.push(LoadDay {
            date: day.to_string(),
            training_load: l,
            fitness: r(fitness),
            fatigue: r(fatigue),
            form: r(fitness - fatigue),
            acwr: (fitness > 1e-9).then(|| r(fatigue / fitness)),
        });
        day = Day(day.0 + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimp_follows_banister() {
        // An hour at 80 % of the reserve: 60 × 0.8 × 0.64 e^(1.536) = 142.8 (men).
        assert!((trimp(60.0, 0.8, false) - 142.8).abs() < 0.1);
        assert!((trimp(60.0, 0.8, true) - 60.0 * 0.8 * 0.86 * (1.67_f64 * 0.8).exp()).abs() < 1e-9);
        assert!(trimp(60.0, -0.2, false).abs() < 1e-12);
    }

    #[test]
    fn one_load_decays_with_its_time_constants() {
        let mut loads = BTreeMap::new();
        loads.insert(Day(0), 100.0);
        let days = daily(Day(0), Day(42), &loads, &LoadSettings::default());
        assert_eq!(days.len(), 43);
        let k = 1.0 - (-1.0_f64 / 42.0).exp();
        assert!((days[0].fitness - 100.0 * k).abs() < 1e-3);
        // 42 days later fitness has fallen by e^-1.
        assert!((days[42].fitness / days[0].fitness - (-1.0_f64).exp()).abs() < 1e-3);
        assert!(days[42].fatigue < days[42].fitness);
    }
}
