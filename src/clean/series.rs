//! Small numeric helpers over columns: gap filling, windowed means, interpolation. All linear time.

/// Fills `NaN`s by linear interpolation in `t`; leading and trailing `NaN`s take the nearest
/// value. All-`NaN` input stays all `NaN`.
pub(crate) fn fill_gaps(t: &[f64], values: &mut [f64]) {
    let known: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_finite()).collect();
    let (Some(&first), Some(&last)) = (known.first(), known.last()) else {
        return;
    };
    let (head, tail) = (values[first], values[last]);
    values[..first].fill(head);
    values[last + 1..].fill(tail);
    for pair in known.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b == a + 1 {
            continue;
        }
        let (ta, tb, va, vb) = (t[a], t[b], values[a], values[b]);
        for i in a + 1..b {
            let u = if tb > ta { (t[i] - ta) / (tb - ta) } else { 0.0 };
            values[i] = va + (vb - va) * u;
        }
    }
}

/// Centered mean of `values` over the samples within `half_s` seconds of each one (`t` strictly
/// increasing). Two pointers and a running sum: linear time.
pub(crate) fn time_window_mean(t: &[f64], values: &[f64], half_s: f64) -> Vec<f64> {
    let n = values.len();
    let mut out = Vec::with_capacity(n);
    let (mut lo, mut hi, mut sum) = (0, 0, 0.0);
    for i in 0..n {
        while hi < n && t[hi] <= t[i] + half_s {
            sum += values[hi];
            hi += 1;
        }
        while t[lo] < t[i] - half_s {
            sum -= values[lo];
            lo += 1;
        }
        #[allow(clippy::cast_precision_loss)]
        out.push(sum / (hi - lo) as f64);
    }
    out
}

/// Centered moving average over `2 * half + 1` points of a uniform grid, the window shrinking
/// symmetrically at the ends (so the ends are not pulled towards the inside).
pub(crate) fn moving_average(values: &[f64], half: usize) -> Vec<f64> {
    let n = values.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    for v in values {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + v);
    }
    (0..n)
        .map(|i| {
            let h = half.min(i).min(n - 1 - i);
            #[allow(clippy::cast_precision_loss)]
            let width = (2 * h + 1) as f64;
            (prefix[i + h + 1] - prefix[i - h]) / width
        })
        .collect()
}

/// Linear interpolation of `ys` at `x`, with `xs` non-decreasing; clamps beyond the ends. Where
/// `xs` repeats a value, the last of its points is used.
pub(crate) fn interpolate(xs: &[f64], ys: &[f64], x: f64) -> f64 {
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let j = xs.partition_point(|&v| v <= x);
    if j == 0 {
        return ys[0];
    }
    if j == n {
        return ys[n - 1];
    }
    let (x0, x1) = (xs[j - 1], xs[j]);
    let u = if x1 > x0 { (x - x0) / (x1 - x0) } else { 0.0 };
    ys[j - 1] + (ys[j] - ys[j - 1]) * u
}

/// [`interpolate`] at every one of `queries`, which must be non-decreasing: one linear walk.
pub(crate) fn interpolate_sorted(xs: &[f64], ys: &[f64], queries: &[f64]) -> Vec<f64> {
    let n = xs.len();
    let mut j = 0;
    queries
        .iter()
        .map(|&x| {
            while j < n && xs[j] <= x {
                j += 1;
            }
            if n == 0 {
                f64::NAN
            } else if j == 0 {
                ys[0]
            } else if j == n {
                ys[n - 1]
            } else {
                let (x0, x1) = (xs[j - 1], xs[j]);
                let u = if x1 > x0 { (x - x0) / (x1 - x0) } else { 0.0 };
                ys[j - 1] + (ys[j] - ys[j - 1]) * u
            }
        })
        .collect()
}

/// The median of the finite values, or `None`.
pub(crate) fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*m)
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values on purpose
mod tests {
    use super::*;

    #[test]
    fn gaps_are_filled_linearly_in_time_and_ends_take_the_nearest() {
        let t = [0.0, 1.0, 3.0, 4.0, 5.0];
        let mut v = [f64::NAN, 2.0, f64::NAN, 8.0, f64::NAN];
        fill_gaps(&t, &mut v);
        assert_eq!(v, [2.0, 2.0, 6.0, 8.0, 8.0]);
    }

    #[test]
    fn windowed_means() {
        let t = [0.0, 1.0, 2.0, 3.0, 10.0];
        let m = time_window_mean(&t, &[1.0, 2.0, 3.0, 4.0, 100.0], 1.0);
        assert_eq!(m, [1.5, 2.0, 3.0, 3.5, 100.0]);
        assert_eq!(
            moving_average(&[0.0, 3.0, 6.0, 9.0, 12.0], 1),
            [0.0, 3.0, 6.0, 9.0, 12.0]
        );
        assert_eq!(moving_average(&[0.0, 0.0, 9.0, 0.0, 0.0], 1), [0.0, 3.0, 3.0, 3.0, 0.0]);
    }

    #[test]
    fn interpolation_and_median() {
        let xs = [0.0, 10.0, 10.0, 20.0];
        let ys = [0.0, 1.0, 5.0, 6.0];
        assert_eq!(interpolate(&xs, &ys, 5.0), 0.5);
        assert_eq!(interpolate(&xs, &ys, 15.0), 5.5);
        assert_eq!(interpolate(&xs, &ys, -1.0), 0.0);
        assert_eq!(interpolate(&xs, &ys, 99.0), 6.0);
        assert_eq!(
            interpolate_sorted(&xs, &ys, &[-1.0, 5.0, 10.0, 15.0, 99.0]),
            [0.0, 0.5, 5.0, 5.5, 6.0]
        );
        assert_eq!(median([3.0, f64::NAN, 1.0, 2.0]), Some(2.0));
        assert_eq!(median([]), None);
    }
}
