//! The safety limits of a batch, enforced on the bytes actually inflated (never on sizes that
//! headers declare): at most 4 zips deep counting the outermost; inflated output over 200 times
//! the compressed bytes read, checked after the first 16 MiB, for zip entries and gzip alike; 512
//! MiB per entry; 64 GiB per archive.

use std::io::Read;

/// The limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Zips nested at most this deep, the outermost counting as 1.
    pub max_zip_depth: usize,
    /// Inflated bytes per compressed byte read, at most.
    pub max_ratio: u64,
    /// The ratio is checked once this many bytes are out.
    pub ratio_after: u64,
    /// Inflated bytes of one entry or gzip stream, at most.
    pub max_entry: u64,
    /// Inflated bytes of one archive (the outermost zip with everything inside), at most.
    pub max_archive: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_zip_depth: 4,
            max_ratio: 200,
            ratio_after: 16 << 20,
            max_entry: 512 << 20,
            max_archive: 64 << 30,
        }
    }
}

/// Why an entry was not inflated.
#[derive(Debug, thiserror::Error)]
pub enum TooLarge {
    /// More than the entry limit.
    #[error("too large: more than {0} MiB inflated")]
    Entry(u64),
    /// A compression ratio only a zip bomb has.
    #[error("too large: inflates more than {0} times its compressed size (a zip bomb?)")]
    Ratio(u64),
    /// The archive as a whole inflates past its limit.
    #[error("too large: the archive inflates past {0} GiB")]
    Archive(u64),
    /// A compression method we do not read.
    #[error("unsupported compression: {0}")]
    Unsupported(String),
    /// The compressed data is damaged.
    #[error("corrupt compressed data: {0}")]
    Corrupt(String),
}

impl TooLarge {
    /// The failure kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Entry(_) | Self::Ratio(_) | Self::Archive(_) => "too_large",
            Self::Unsupported(_) => "unsupported_format",
            Self::Corrupt(_) => "corrupt",
        }
    }
}

/// What an archive has inflated so far.
#[derive(Debug)]
pub struct Budget {
    left: u64,
    limit: u64,
}

impl Budget {
    /// The budget of one outermost archive.
    pub fn new(limits: &Limits) -> Self {
        Self {
            left: limits.max_archive,
            limit: limits.max_archive,
        }
    }
}

/// Reads a decoder to the end within the limits; `compressed` tells how many compressed bytes
/// it has read so far.
fn drain(
    decoder: &mut dyn Read,
    compressed: &dyn Fn() -> u64,
    limits: &Limits,
    mut budget: Option<&mut Budget>,
) -> Result<Vec<u8>, TooLarge> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = decoder.read(&mut buf).map_err(|e| TooLarge::Corrupt(e.to_string()))?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
        let total = out.len() as u64;
        if total > limits.max_entry {
            return Err(TooLarge::Entry(limits.max_entry >> 20));
        }
        if total > limits.ratio_after && total > limits.max_ratio.saturating_mul(compressed().max(1)) {
            return Err(TooLarge::Ratio(limits.max_ratio));
        }
        if let Some(b) = budget.as_deref_mut() {
            if b.left < n as u64 {
                return Err(TooLarge::Archive(b.limit >> 30));
            }
            b.left -= n as u64;
        }
    }
}

/// A stored (uncompressed) zip entry: its bytes, within the entry limit.
pub(super) fn inflate_stored(raw: &mut dyn Read, limits: &Limits, budget: &mut Budget) -> Result<Vec<u8>, TooLarge> {
    let no_ratio = Limits {
        max_ratio: u64::MAX,
        ..*limits
    };
    drain(raw, &|| u64::MAX, &no_ratio, Some(budget))
}

/// A deflated zip entry, inflated from its raw compressed bytes within the limits.
pub(super) fn inflate_deflate(raw: &mut dyn Read, limits: &Limits, budget: &mut Budget) -> Result<Vec<u8>, TooLarge> {
    let counting = std::cell::RefCell::new(0u64);
    let reader = CountingRef {
        inner: raw,
        read: &counting,
    };
    let mut decoder = flate2::read::DeflateDecoder::new(reader);
    drain(&mut decoder, &|| *counting.borrow(), limits, Some(budget))
}

/// A gzip stream (members one after another), inflated within the limits.
///
/// # Errors
/// [`TooLarge`] past a limit or for damaged data.
pub fn gunzip(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, TooLarge> {
    let counting = std::cell::RefCell::new(0u64);
    let mut source = bytes;
    let reader = CountingRef {
        inner: &mut source,
        read: &counting,
    };
    let mut decoder = flate2::read::MultiGzDecoder::new(reader);
    drain(&mut decoder, &|| *counting.borrow(), limits, None)
}

/// Counts the bytes read through it into a shared cell.
struct CountingRef<'a, R: ?Sized> {
    inner: &'a mut R,
    read: &'a std::cell::RefCell<u64>,
}

impl<R: Read + ?Sized> Read for CountingRef<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.read.borrow_mut() += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_gzip_bomb_stops_after_the_ratio_window() {
        let zeros = vec![0u8; 40 << 20];
        let bomb = gz(&zeros);
        let limits = Limits::default();
        assert!(matches!(gunzip(&bomb, &limits), Err(TooLarge::Ratio(200))));
        // A normal file passes, however small or large its ratio below the window.
        let text = b"<gpx>".repeat(100_000);
        assert_eq!(gunzip(&gz(&text), &limits).unwrap(), text);
        let tight = Limits {
            max_entry: 1 << 20,
            ..limits
        };
        assert!(matches!(
            gunzip(&gz(&vec![7u8; 2 << 20]), &tight),
            Err(TooLarge::Entry(1))
        ));
    }
}
