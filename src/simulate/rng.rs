//! A small seeded generator (xoshiro256++, seeded through SplitMix64) and the noise processes the
//! device model draws from. Owned here rather than taken from `rand` so that a seed gives the same
//! bytes whatever version of a dependency is resolved: simulated files are test fixtures.

/// SplitMix64: expands one `u64` seed into well-mixed state words.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256++ (Blackman and Vigna, 2019).
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator for one noise stream: the same `(seed, stream)` always gives the same numbers,
    /// and streams are independent, so adding a stream never changes the others.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut state = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        Self {
            s: std::array::from_fn(|_| splitmix64(&mut state)),
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[0]
            .wrapping_add(self.s[3])
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let value = (self.next_u64() >> 11) as f64;
        value / (1_u64 << 53) as f64
    }

    /// Standard normal (Box-Muller, one of the pair).
    pub(crate) fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform(); // (0, 1]: the logarithm is finite
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// A first-order Gauss-Markov (Ornstein-Uhlenbeck) process sampled at a fixed step: noise with a
/// given standard deviation that is correlated over `tau_s` seconds, as GPS error is.
#[derive(Clone, Debug)]
pub(crate) struct Correlated {
    rng: Rng,
    value: f64,
    rho: f64,
    innovation: f64,
}

impl Correlated {
    /// Stationary standard deviation `sigma`, correlation time `tau_s`, one step every `step_s`;
    /// starts from a draw of the stationary distribution.
    pub(crate) fn new(mut rng: Rng, sigma: f64, tau_s: f64, step_s: f64) -> Self {
        let rho = (-step_s / tau_s).exp();
        let value = sigma * rng.normal();
        Self {
            rng,
            value,
            rho,
            innovation: sigma * (1.0 - rho * rho).sqrt(),
        }
    }

    /// The current value.
    pub(crate) fn value(&self) -> f64 {
        self.value
    }

    /// Advances one step and returns the new value.
    pub(crate) fn step(&mut self) -> f64 {
        self.value = self.rho * self.value + self.innovation * self.rng.normal();
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::{Correlated, Rng};

    #[test]
    fn same_seed_and_stream_give_the_same_numbers_and_streams_differ() {
        let a: Vec<f64> = (0..5)
            .map(|_| 0.0)
            .scan(Rng::new(7, 1), |r, _| Some(r.uniform()))
            .collect();
        let b: Vec<f64> = (0..5)
            .map(|_| 0.0)
            .scan(Rng::new(7, 1), |r, _| Some(r.uniform()))
            .collect();
        let c: Vec<f64> = (0..5)
            .map(|_| 0.0)
            .scan(Rng::new(7, 2), |r, _| Some(r.uniform()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn normal_draws_have_unit_variance() {
        let mut rng = Rng::new(3, 0);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = draws.iter().sum::<f64>() / f64::from(n);
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
    }

    #[test]
    fn correlated_noise_keeps_its_deviation_and_correlation() {
        let mut noise = Correlated::new(Rng::new(11, 0), 3.0, 30.0, 1.0);
        let xs: Vec<f64> = (0..400_000).map(|_| noise.step()).collect();
        let var = xs.iter().map(|x| x * x).sum::<f64>() / xs.len() as f64;
        let lag1 = xs.windows(2).map(|w| w[0] * w[1]).sum::<f64>() / (xs.len() - 1) as f64 / var;
        assert!((var.sqrt() - 3.0).abs() < 0.15, "sd {}", var.sqrt());
        assert!(
            (lag1 - (-1.0_f64 / 30.0).exp()).abs() < 0.01,
            "lag-1 correlation {lag1}"
        );
    }
}
