//! Positions smoothed by a constant-velocity Kalman filter and a Rauch-Tung-Striebel pass, with the
//! measurement noise estimated from the file itself. GPS jitter makes a track zigzag, and summing a
//! zigzag overstates the distance (by 4-5 % for a phone at running speed, far more when walking
//! slowly); the smoother takes the zigzag out and keeps the turns.
//!
//! Each axis (metres east and north on the local projection) is filtered on its own, with the state
//! position and velocity, process noise of a white acceleration (`ACCELERATION_PSD`) and the
//! measurement noise `σ²` found from how far each position lies from the line through its
//! neighbours (for white noise that residual has variance `1.5 σ²`; a robust median absolute
//! deviation keeps turns out of it). A gap of more than `RESTART_GAP_S` starts a new filter.
//!
//! References: Kalman R. E. (1960), J Basic Eng 82:35-45; Rauch H. E., Tung F., Striebel C. T.
//! (1965), AIAA J 3:1445-1450.

use crate::projection::Local;

/// Power spectral density of the white acceleration that drives the runner's velocity, m²/s³
/// (a proposal, 0.1 to 2: strides, turns and surges; tested against simulated truth).
const ACCELERATION_PSD: f64 = 0.3;
/// Tracks sampled more sparsely than this (median interval, s) are left as they are.
const MAX_SMOOTHED_INTERVAL_S: f64 = 1.5;
/// A gap longer than this, s, starts a new filter (a pause, a lost signal).
const RESTART_GAP_S: f64 = 30.0;
/// Bounds on the estimated measurement noise, m (a sound file has at least a little; a broken one
/// is not allowed to erase the track).
const NOISE_BOUNDS_M: (f64, f64) = (0.3, 25.0);

/// The measurement noise of a track's positions, m: the robust spread of each position's distance
/// from the line through its neighbours, over both axes.
fn measurement_noise(t: &[f64], xs: &[f64], ys: &[f64]) -> f64 {
    let mut residuals: Vec<f64> = Vec::with_capacity(2 * xs.len());
    for i in 1..xs.len().saturating_sub(1) {
        let span = t[i + 1] - t[i - 1];
        if span <= 0.0 || span > 2.0 * RESTART_GAP_S {
            continue;
        }
        let u = (t[i] - t[i - 1]) / span;
        for axis in [xs, ys] {
            let line = axis[i - 1] + (axis[i + 1] - axis[i - 1]) * u;
            let r = axis[i] - line;
            if r.is_finite() {
                residuals.push(r.abs());
            }
        }
    }
    let Some(mad) = super::series::median(residuals.iter().copied()) else {
        return NOISE_BOUNDS_M.0;
    };
    // MAD / 0.6745 is σ for a normal residual; the residual's σ is √1.5 times the noise's.
    (mad / 0.6745 / 1.5_f64.sqrt()).clamp(NOISE_BOUNDS_M.0, NOISE_BOUNDS_M.1)
}

/// Both axes smoothed: positions `zx`, `zy` (metres) at times `t`, noise variance `r`. The two
/// axes share the model and the noise, so their covariances and gains are the same: computed once.
#[allow(clippy::many_single_char_names)] // the filter's textbook names
fn smooth_axes(t: &[f64], zx: &[f64], zy: &[f64], r: f64) -> (Vec<f64>, Vec<f64>) {
    let n = zx.len();
    let q = ACCELERATION_PSD;
    // Per step: the predicted and filtered covariances ([[a, b], [b, c]]) and the predicted and
    // filtered states of both axes ([position, velocity]).
    let mut p_pred: Vec<[f64; 3]> = Vec::with_capacity(n);
    let mut p_filt: Vec<[f64; 3]> = Vec::with_capacity(n);
    let mut x_pred: Vec<[[f64; 2]; 2]> = Vec::with_capacity(n);
    let mut x_filt: Vec<[[f64; 2]; 2]> = Vec::with_capacity(n);
    let mut x = [[zx[0], 0.0], [zy[0], 0.0]];
    let mut p = [r, 0.0, 25.0];
    for i in 0..n {
        if i > 0 {
            let dt = t[i] - t[i - 1];
            // x = F x, P = F P Fᵀ + Q with F = [[1, dt], [0, 1]].
            for axis in &mut x {
                *axis = [axis[0] + dt * axis[1], axis[1]];
            }
            let [a, b, c] = p;
            p = [
                a + 2.0 * dt * b + dt * dt * c + q * dt * dt * dt / 3.0,
                b + dt * c + q * dt * dt / 2.0,
                c + q * dt,
            ];
        }
        p_pred.push(p);
        x_pred.push(x);
        // Update with the measured positions (H = [1, 0]).
        let [a, b, c] = p;
        let s = a + r;
        let (k0, k1) = (a / s, b / s);
        for (axis, z) in x.iter_mut().zip([zx[i], zy[i]]) {
            let innovation = z - axis[0];
            *axis = [axis[0] + k0 * innovation, axis[1] + k1 * innovation];
        }
        p = [(1.0 - k0) * a, (1.0 - k0) * b, c - k1 * b];
        p_filt.push(p);
        x_filt.push(x);
    }
    // Rauch-Tung-Striebel: back from the last state.
    let (mut sx, mut sy) = (vec![0.0; n], vec![0.0; n]);
    let mut next = x_filt[n - 1];
    sx[n - 1] = next[0][0];
    sy[n - 1] = next[1][0];
    for i in (0..n - 1).rev() {
        let dt = t[i + 1] - t[i];
        let [a, b, c] = p_filt[i];
        let [pa, pb, pc] = p_pred[i + 1];
        let det = pa * pc - pb * pb;
        if det.abs() < 1e-12 {
            next = x_filt[i];
        } else {
            // C = P_f Fᵀ P_p⁻¹, with P_f Fᵀ = [[a + dt b, b], [b + dt c, c]].
            let (fa, fb, fc) = (a + dt * b, b, b + dt * c);
            let (ia, ib, ic) = (pc / det, -pb / det, pa / det);
            let gain = [
                [fa * ia + fb * ib, fa * ib + fb * ic],
                [fc * ia + c * ib, fc * ib + c * ic],
            ];
            for k in 0..2 {
                let (xf, xp) = (x_filt[i][k], x_pred[i + 1][k]);
                let d = [next[k][0] - xp[0], next[k][1] - xp[1]];
                next[k] = [
                    xf[0] + gain[0][0] * d[0] + gain[0][1] * d[1],
                    xf[1] + gain[1][0] * d[0] + gain[1][1] * d[1],
                ];
            }
        }
        sx[i] = next[0][0];
        sy[i] = next[1][0];
    }
    (sx, sy)
}

/// Positions (degrees) smoothed; `NaN` positions are not expected (the caller fills gaps).
pub(super) fn smooth(t: &[f64], lat: &[f64], lon: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = t.len();
    if n < 3 || lat.len() != n || lon.len() != n {
        return (lat.to_vec(), lon.to_vec());
    }
    // Sparse ("smart") recording writes a point where the heading or speed changes, from a chip
    // that already filters: its chords cut corners, and smoothing them would cut more.
    let typical = super::series::median(t.windows(2).map(|w| w[1] - w[0])).unwrap_or(1.0);
    if typical > MAX_SMOOTHED_INTERVAL_S {
        return (lat.to_vec(), lon.to_vec());
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
        return (lat.to_vec(), lon.to_vec());
    }
    let sigma = measurement_noise(t, &xs, &ys);
    let r = sigma * sigma;
    let (mut sx, mut sy) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut start = 0;
    for k in 1..=n {
        if k == n || t[k] - t[k - 1] > RESTART_GAP_S {
            let (bx, by) = smooth_axes(&t[start..k], &xs[start..k], &ys[start..k], r);
            sx.extend(bx);
            sy.extend(by);
            start = k;
        }
    }
    let (per_x, per_y) = local.degrees(1.0);
    let lat_s = sy.iter().map(|y| lat0 + y * per_y).collect();
    let lon_s = sx.iter().map(|x| lon0 + x * per_x).collect();
    (lat_s, lon_s)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (slat, slon) = smooth(&t, &lat, &lon);
        let smoothed = length(&slat, &slon);
        let truth = 3.0 * 599.0;
        assert!(raw > truth * 1.2, "the noise inflates: {raw}");
        assert!((smoothed / truth - 1.0).abs() < 0.01, "smoothed {smoothed} vs {truth}");
    }
}
