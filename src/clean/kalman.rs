//! Positions smoothed by a Kalman filter and a Rauch-Tung-Striebel pass, with every noise level
//! estimated from the file itself, and distance measured on the smoothed velocity. GPS jitter
//! makes a track zigzag, and summing a zigzag overstates the distance (by 4-5 % for a phone at
//! running speed, far more when walking slowly); the smoother takes the zigzag out and keeps the
//! turns.
//!
//! GPS error has two parts: a white jitter from fix to fix, and a wander correlated over tens of
//! seconds, whose step from one second to the next looks, at that scale, like a random walk. A
//! runner's true position is smooth: its velocity changes by accelerations. Each axis (metres east
//! and north on the local projection) is filtered with the state "measured position without the
//! jitter" and velocity: the position is driven by the velocity plus the wander's random walk
//! (variance `s` per second), the velocity by a white acceleration (power spectral density `q`),
//! and each fix adds the white jitter (variance `r`). Distance is the integral of the smoothed
//! speed, so the wander's steps, which the smoother gives to the error and not to the velocity,
//! do not lengthen it.
//!
//! The jitter and the wander are found from the second differences of the positions,
//! `dᵢ = zᵢ₊₁ − 2zᵢ + zᵢ₋₁` at a regular interval `h`: their covariances at lags 0, 1 and 2 are
//! `6r + 2sh + ⅔qh³`, `−4r − sh + ⅙qh³` and `r`, solved for `r` and `s` after the part that all
//! short lags share (a sustained acceleration, such as the bend of a track) is taken out with the
//! lag-3 covariance. Covariances are robust (from the median absolute value of `dᵢ` and of
//! `dᵢ + dᵢ₊ₖ`) so that turns do not inflate them. The same equations give `q` too, but too
//! noisily where it is small beside `s`; it is set instead from the speed (`CURVATURE_PSD`) and
//! raised where a manoeuvre shows (`manoeuvre_psd`). A gap of more than `RESTART_GAP_S` starts a
//! new filter.
//!
//! References: Kalman R. E. (1960), J Basic Eng 82:35-45; Rauch H. E., Tung F., Striebel C. T.
//! (1965), AIAA J 3:1445-1450; the constant-velocity model and its process noise: Bar-Shalom Y.,
//! Li X. R., Kirubarajan T. (2001), *Estimation with Applications to Tracking and Navigation*,
//! ch. 6.

use crate::projection::Local;

/// The runner's white acceleration grows with speed: a path that wiggles the same in space gives
/// accelerations `v²κ`, whose power spectral density in time grows as `v³`. Its level,
/// m²/s³ per (m/s)³ (a proposal, 0.0003 to 0.003: 0.02 m²/s³ at 3 m/s; tested against simulated
/// truth and real watch distance) ...
const CURVATURE_PSD: f64 = 0.0015;
/// ... and the least level at any speed, m²/s³.
const MIN_ACCELERATION_PSD: f64 = 0.002;
/// Tracks sampled more sparsely than this (median interval, s) are left as they are.
const MAX_SMOOTHED_INTERVAL_S: f64 = 1.5;
/// A gap longer than this, s, starts a new filter (a pause, a lost signal).
const RESTART_GAP_S: f64 = 30.0;
/// Bounds on the estimated white jitter, m (a sound file has at least a little; a broken one is
/// not allowed to erase the track).
const NOISE_BOUNDS_M: (f64, f64) = (0.1, 25.0);
/// The largest wander step a second, m (a broken file is not allowed to erase the track).
const MAX_WANDER_STEP_M: f64 = 10.0;
/// Half-widths of the windows whose mean velocities, before and after a sample, reveal a
/// manoeuvre, s: a short one for a U-turn or a street corner, a long one for a bend taken at speed.
const MANOEUVRE_WINDOWS_S: [f64; 2] = [5.0, 15.0];
/// The window over which the speed that sets the acceleration level is measured, s.
const SPEED_WINDOW_S: f64 = 20.0;
/// How far, in variances of its noise, the change of mean velocity must rise before it counts as a
/// manoeuvre (the 99th percentile of a chi-square with two degrees of freedom is 9.2).
const MANOEUVRE_GATE: f64 = 13.8;
/// Normal standard deviation per median absolute value.
const MAD_TO_SIGMA: f64 = 1.0 / 0.674_49;

/// The noise levels of one track, as the filter uses them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Noise {
    /// White jitter of each fix, m².
    r: f64,
    /// Random-walk wander of the error, m² per second.
    s: f64,
}

/// The robust variance of values centred on 0.
fn robust_variance(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let m = super::series::median(values.into_iter().map(f64::abs))?;
    Some((m * MAD_TO_SIGMA).powi(2))
}

/// The noise levels of a track from its second differences at the typical interval `h`.
#[allow(clippy::many_single_char_names)] // the filter's textbook names
fn noise_levels(t: &[f64], xs: &[f64], ys: &[f64], h: f64) -> Noise {
    let n = t.len();
    let regular = |i: usize| (t[i] - t[i - 1] - h).abs() < 1e-6 * h.max(1.0);
    // dᵢ for each sample with a regular interval on both sides (NaN elsewhere).
    let mut d: [Vec<f64>; 2] = [vec![f64::NAN; n], vec![f64::NAN; n]];
    for i in 1..n.saturating_sub(1) {
        if regular(i) && regular(i + 1) {
            for (out, z) in d.iter_mut().zip([xs, ys]) {
                out[i] = z[i + 1] - 2.0 * z[i] + z[i - 1];
            }
        }
    }
    // The spread of dᵢ, robustly (turns and spikes are outliers), and the covariances at each lag
    // over values clipped to four times that spread: winsorised moments are nearly as efficient
    // as plain ones, far more than medians, and turns cannot inflate them.
    let Some(spread) = robust_variance(d.iter().flat_map(|a| a.iter().copied())) else {
        return Noise {
            r: NOISE_BOUNDS_M.0.powi(2),
            s: 0.0,
        };
    };
    let limit = 4.0 * spread.sqrt();
    for axis in &mut d {
        for v in axis.iter_mut() {
            *v = v.clamp(-limit, limit);
        }
    }
    let lag = |k: usize| {
        let (mut sum, mut count) = (0.0, 0_u32);
        for axis in &d {
            for (a, b) in axis.iter().zip(&axis[k.min(n)..]) {
                let product = a * b;
                if product.is_finite() {
                    sum += product;
                    count += 1;
                }
            }
        }
        if count == 0 { 0.0 } else { sum / f64::from(count) }
    };
    let g0 = lag(0);
    let common = lag(3).max(0.0);
    let (g0, g1, g2) = (g0 - common, lag(1) - common, lag(2) - common);
    let r = g2.max(0.0);
    let a = (g0 + 2.0 * g1 + 2.0 * r).max(0.0);
    let s = (a / 6.0 - g1 - 4.0 * r).max(0.0);
    let jitter = r.sqrt().clamp(NOISE_BOUNDS_M.0, NOISE_BOUNDS_M.1);
    Noise {
        r: jitter * jitter,
        s: (s / h).min(MAX_WANDER_STEP_M * MAX_WANDER_STEP_M),
    }
}

/// The acceleration PSD of each step (the step into sample `i` at index `i`), m²/s³: the track's
/// own level, raised where the mean velocity over the window after a sample differs from the mean
/// over the window before it by more than noise can explain. A U-turn reverses the velocity in a
/// few seconds, and a white acceleration of the level that suits the straights would smooth it
/// into a short cut; this is the manoeuvre detection of adaptive tracking filters (Bar-Shalom,
/// Li and Kirubarajan 2001, ch. 11), kept to one pass.
#[allow(clippy::many_single_char_names)] // the filter's textbook names
fn manoeuvre_psd(t: &[f64], zx: &[f64], zy: &[f64], noise: Noise, h: f64) -> Vec<f64> {
    let n = t.len();
    let samples = |seconds: f64| -> usize {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let k = (seconds / h).round() as usize;
        k.max(1)
    };
    let span = |a: usize, b: usize| t[b] - t[a];
    // The level that suits the speed: the chord over a window around each sample.
    let w = samples(SPEED_WINDOW_S / 2.0);
    let mut psd: Vec<f64> = (0..n)
        .map(|i| {
            let (a, b) = (i.saturating_sub(w), (i + w).min(n - 1));
            let dt = span(a, b);
            let (dx, dy) = (zx[b] - zx[a], zy[b] - zy[a]);
            let speed = if dt > 0.0 { (dx * dx + dy * dy).sqrt() / dt } else { 0.0 };
            (CURVATURE_PSD * speed.powi(3)).max(MIN_ACCELERATION_PSD)
        })
        .collect();
    for window_s in MANOEUVRE_WINDOWS_S {
        let w = samples(window_s);
        if n <= 2 * w {
            continue;
        }
        let mut raised = vec![0.0_f64; n];
        for i in w..n - w {
            let (before, after) = (t[i] - t[i - w], t[i + w] - t[i]);
            if before <= 0.0 || after <= 0.0 || before > 2.0 * window_s || after > 2.0 * window_s {
                continue;
            }
            let (inv_before, inv_after) = (1.0 / before, 1.0 / after);
            let change_x = (zx[i + w] - zx[i]) * inv_after - (zx[i] - zx[i - w]) * inv_before;
            let change_y = (zy[i + w] - zy[i]) * inv_after - (zy[i] - zy[i - w]) * inv_before;
            let change = change_x * change_x + change_y * change_y;
            // The variance, per axis, of the change of two window means under the noise alone.
            let inv_window = inv_before.max(inv_after);
            let variance = 2.0 * inv_window * (noise.s + 2.0 * noise.r * inv_window);
            let excess = change - MANOEUVRE_GATE * variance;
            if excess > 0.0 {
                raised[i] = excess / (before + after);
            }
        }
        // Each raised level holds over both windows around its sample.
        for (p, level) in psd.iter_mut().zip(running_max(&raised, w)) {
            if level > 0.0 {
                *p = p.max(MIN_ACCELERATION_PSD + level);
            }
        }
    }
    psd
}

/// The largest value within `w` places of each place, in linear time (van Herk 1992, Pattern
/// Recognit Lett 13:517-521; Gil and Werman 1993): prefix and suffix maxima of blocks `2w + 1` long.
fn running_max(values: &[f64], w: usize) -> Vec<f64> {
    let n = values.len();
    let block = 2 * w + 1;
    let (mut prefix, mut suffix) = (values.to_vec(), values.to_vec());
    for start in (0..n).step_by(block) {
        let end = (start + block).min(n);
        for i in start + 1..end {
            prefix[i] = prefix[i].max(prefix[i - 1]);
        }
        for i in (start..end - 1).rev() {
            suffix[i] = suffix[i].max(suffix[i + 1]);
        }
    }
    // The window [i − w, i + w] spans at most two blocks: the suffix of its start's block and the
    // prefix of its end's. Within one block, the window (cut short at an end of the values) starts
    // the block or runs to the last value.
    let mut out = Vec::with_capacity(n);
    let mut end_block = 0; // the start of the block that holds the window's end
    for i in 0..n {
        let (a, b) = (i.saturating_sub(w), (i + w).min(n - 1));
        while b >= end_block + block {
            end_block += block;
        }
        out.push(match a.cmp(&end_block) {
            std::cmp::Ordering::Less => suffix[a].max(prefix[b]),
            std::cmp::Ordering::Equal => prefix[b],
            std::cmp::Ordering::Greater => suffix[a],
        });
    }
    out
}

/// Both axes smoothed: positions `zx`, `zy` (metres) at times `t`, the acceleration PSD of each
/// step in `psd`. The two axes share the model and the noise, so their covariances and gains are
/// the same: computed once. Returns the smoothed states of both axes, `[position, velocity]` per
/// sample.
#[allow(clippy::many_single_char_names)] // the filter's textbook names
fn smooth_axes(t: &[f64], zx: &[f64], zy: &[f64], noise: Noise, psd: &[f64]) -> Vec<[[f64; 2]; 2]> {
    let n = zx.len();
    let Noise { r, s } = noise;
    // The filtered covariance after an update with the predicted covariance [a, b, c] (H = [1, 0]):
    // the gains and the new covariance.
    let update = |[a, b, c]: [f64; 3]| {
        let innovation_variance = a + r;
        let (k0, k1) = (a / innovation_variance, b / innovation_variance);
        ((k0, k1), [(1.0 - k0) * a, (1.0 - k0) * b, c - k1 * b])
    };
    // Per step, one allocation: the predicted covariance ([[a, b], [b, c]]) and the filtered
    // states of both axes ([position, velocity]), which the backward pass turns into the smoothed
    // ones in place. The predicted states and filtered covariances are recomputed from them.
    let mut predicted: Vec<[f64; 3]> = Vec::with_capacity(n);
    let mut states: Vec<[[f64; 2]; 2]> = Vec::with_capacity(n);
    let mut x = [[zx[0], 0.0], [zy[0], 0.0]];
    let mut p = [r, 0.0, 25.0];
    for i in 0..n {
        if i > 0 {
            let dt = t[i] - t[i - 1];
            let q = psd[i];
            // x = F x, P = F P Fᵀ + Q with F = [[1, dt], [0, 1]].
            for axis in &mut x {
                *axis = [axis[0] + dt * axis[1], axis[1]];
            }
            let [a, b, c] = p;
            p = [
                a + 2.0 * dt * b + dt * dt * c + q * dt * dt * dt / 3.0 + s * dt,
                b + dt * c + q * dt * dt / 2.0,
                c + q * dt,
            ];
        }
        predicted.push(p);
        let ((k0, k1), filtered) = update(p);
        for (axis, z) in x.iter_mut().zip([zx[i], zy[i]]) {
            let innovation = z - axis[0];
            *axis = [axis[0] + k0 * innovation, axis[1] + k1 * innovation];
        }
        p = filtered;
        states.push(x);
    }
    // Rauch-Tung-Striebel: back from the last state.
    for i in (0..n - 1).rev() {
        let dt = t[i + 1] - t[i];
        let (_, [a, b, c]) = update(predicted[i]);
        let [pa, pb, pc] = predicted[i + 1];
        let det = pa * pc - pb * pb;
        if det.abs() < 1e-12 {
            continue;
        }
        // C = P_f Fᵀ P_p⁻¹, with P_f Fᵀ = [[a + dt b, b], [b + dt c, c]].
        let (fa, fb, fc) = (a + dt * b, b, b + dt * c);
        let (ia, ib, ic) = (pc / det, -pb / det, pa / det);
        let gain = [
            [fa * ia + fb * ib, fa * ib + fb * ic],
            [fc * ia + c * ib, fc * ib + c * ic],
        ];
        let next = states[i + 1];
        let filtered = &mut states[i];
        for k in 0..2 {
            let xf = filtered[k];
            let xp = [xf[0] + dt * xf[1], xf[1]];
            let d = [next[k][0] - xp[0], next[k][1] - xp[1]];
            filtered[k] = [
                xf[0] + gain[0][0] * d[0] + gain[0][1] * d[1],
                xf[1] + gain[1][0] * d[0] + gain[1][1] * d[1],
            ];
        }
    }
    states
}

/// What the smoother gives of a track.
pub(super) struct Smoothed {
    /// The distance covered from each sample to the next, m (`0` first).
    pub(super) step_m: Vec<f64>,
    /// The smoothed velocity at each sample, m/s east and north: the GPS error's wander goes to
    /// the position, not here.
    pub(super) velocity_mps: Vec<[f64; 2]>,
}

/// A track smoothed from its positions (degrees); `None` when it is too short or too sparse to
/// smooth (the caller measures it as it is). `NaN` positions are not expected (the caller fills
/// gaps).
pub(super) fn smooth(t: &[f64], lat: &[f64], lon: &[f64]) -> Option<Smoothed> {
    let n = t.len();
    if n < 3 || lat.len() != n || lon.len() != n {
        return None;
    }
    // Sparse ("smart") recording writes a point where the heading or speed changes, from a chip
    // that already filters: its chords cut corners, and smoothing them would cut more.
    let typical = super::series::median(t.windows(2).map(|w| w[1] - w[0])).unwrap_or(1.0);
    if !(typical > 0.0 && typical <= MAX_SMOOTHED_INTERVAL_S) {
        return None;
    }
    let (lat0, lon0) = (lat[0], lon[0]);
    let local = Local::at(lat0);
    let (mut xs, mut ys) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let (x, y) = local.offset(lat0, lon0, lat[i], lon[i]);
        xs.push(x);
        ys.push(y);
    }
    if xs.iter().chain(&ys).any(|v| !v.is_finite()) {
        return None;
    }
    let noise = noise_levels(t, &xs, &ys, typical);
    let psd = manoeuvre_psd(t, &xs, &ys, noise, typical);
    // East metres are scaled to the latitude reached (the projection is true at the first
    // sample's latitude only): cos(φ₀ + δ) / cos φ₀ = cos δ − tan φ₀ sin δ, to second order in δ
    // while δ stays under 0.01 rad (a 64 km span; the error is below 10⁻⁶).
    let per_y = local.degrees(1.0).1;
    let tan0 = lat0.to_radians().tan();
    let east_scale = |north_m: f64| {
        let delta = (north_m * per_y).to_radians();
        if delta.abs() < 0.01 {
            1.0 - tan0 * delta - 0.5 * delta * delta
        } else {
            (lat0.to_radians() + delta).cos() / lat0.to_radians().cos().max(1e-6)
        }
    };
    let speed = |s: &[[f64; 2]; 2]| {
        let vx = s[0][1] * east_scale(s[1][0]);
        (vx * vx + s[1][1] * s[1][1]).sqrt()
    };
    let mut step_m = Vec::with_capacity(n);
    let mut velocity_mps = Vec::with_capacity(n);
    let mut previous_state: Option<[[f64; 2]; 2]> = None;
    let mut start = 0;
    for k in 1..=n {
        if k == n || t[k] - t[k - 1] > RESTART_GAP_S {
            let run = smooth_axes(&t[start..k], &xs[start..k], &ys[start..k], noise, &psd[start..k]);
            let mut previous_speed = 0.0;
            for (j, state) in run.iter().enumerate() {
                let here = speed(state);
                let step = match previous_state {
                    None => 0.0,
                    // Across a gap: the straight line between the smoothed positions.
                    Some(prev) if j == 0 => {
                        let east = (state[0][0] - prev[0][0]) * east_scale(0.5 * (state[1][0] + prev[1][0]));
                        east.hypot(state[1][0] - prev[1][0])
                    }
                    // The mean of the smoothed speeds at both ends, over the interval.
                    Some(_) => 0.5 * (previous_speed + here) * (t[start + j] - t[start + j - 1]),
                };
                previous_speed = here;
                step_m.push(step);
                velocity_mps.push([state[0][1] * east_scale(state[1][0]), state[1][1]]);
                previous_state = Some(*state);
            }
            start = k;
        }
    }
    Some(Smoothed { step_m, velocity_mps })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp)] // the same values, picked
    fn running_max_is_the_largest_value_within_reach() {
        let values: Vec<f64> = (0..40_u64)
            .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f64)
            .collect();
        for w in [0, 1, 3, 7, 50] {
            let fast = running_max(&values, w);
            for (i, got) in fast.iter().enumerate() {
                let (a, b) = (i.saturating_sub(w), (i + w).min(values.len() - 1));
                let want = values[a..=b].iter().copied().fold(f64::MIN, f64::max);
                assert_eq!(*got, want, "w {w}, place {i}");
            }
        }
    }

    #[test]
    fn a_straight_noisy_track_is_smoothed_to_its_length() {
        // 600 s at 3 m/s north, with ±4 m of deterministic pseudo-noise.
        let t: Vec<f64> = (0..600).map(f64::from).collect();
        let noise = |i: usize, k: u64| {
            let h = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15 ^ k);
            ((h >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 8.0
        };
        let local = Local::at(46.0);
        let (per_x, per_y) = local.degrees(1.0);
        let lat: Vec<f64> = (0..600)
            .map(|i| 46.0 + (3.0 * i as f64 + noise(i, 1)) * per_y)
            .collect();
        let lon: Vec<f64> = (0..600).map(|i| 7.0 + noise(i, 2) * per_x).collect();
        let length = |lat: &[f64], lon: &[f64]| -> f64 {
            (1..lat.len())
                .map(|i| local.metres(lat[i - 1], lon[i - 1], lat[i], lon[i]))
                .sum()
        };
        let raw = length(&lat, &lon);
        let smoothed: f64 = smooth(&t, &lat, &lon).expect("smoothed").step_m.iter().sum();
        let truth = 3.0 * 599.0;
        assert!(raw > truth * 1.2, "the noise inflates: {raw}");
        assert!((smoothed / truth - 1.0).abs() < 0.01, "smoothed {smoothed} vs {truth}");
    }
}
