//! Pseudo-random numbers: xoshiro256** (Blackman and Vigna, *Scrambled linear
//! pseudorandom number generators*, ACM TOMS 2021) seeded by SplitMix64 (Steele, Lea and
//! Flood, OOPSLA 2014), written out so that the same seed gives the same problem on every
//! platform and with every dependency version.

/// Independent random streams, so that changing one part (say the clinicians) leaves the
/// others (the sites) as they were.
pub(crate) const STREAM_SITES: u64 = 1;
pub(crate) const STREAM_CLINICIANS: u64 = 2;
pub(crate) const STREAM_SHIFTS: u64 = 3;
/// The rules family's own draws (limits, session times, home visits, the replan).
pub(crate) const STREAM_RULES: u64 = 4;

pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** (Blackman and Vigna), seeded by SplitMix64.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut state = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut s = [0; 4];
        for word in &mut s {
            *word = splitmix64(&mut state);
        }
        Rng { s }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (Lemire's method, unbiased); 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// Uniform index into a slice of length `n` (0 when `n` is 0).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of the table's values, with probability proportional to its weight.
    pub(crate) fn weighted<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u64 = table.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut r = self.below(total);
        for &(value, w) in table {
            if r < u64::from(w) {
                return value;
            }
            r -= u64::from(w);
        }
        table[table.len() - 1].0
    }

    /// A count whose mean is `expected`: its floor, plus one with the fraction's
    /// probability (less spread than a Poisson draw, and cheap).
    pub(crate) fn count(&mut self, expected: f64) -> usize {
        if expected.is_nan() || expected <= 0.0 {
            return 0;
        }
        let whole = expected.floor();
        whole as usize + usize::from(self.chance(expected - whole))
    }

    /// A point uniform in the unit disc (rejection sampling, no trigonometry).
    pub(crate) fn in_disc(&mut self) -> (f64, f64) {
        loop {
            let x = 2.0 * self.unit() - 1.0;
            let y = 2.0 * self.unit() - 1.0;
            if x * x + y * y <= 1.0 {
                return (x, y);
            }
        }
    }
}
