//! A digital elevation model: SRTM `.hgt` tiles that replace GPS elevation, whose noise and
//! wander make grades and ascent unreliable. Not a pipeline stage: `clean` asks it for the
//! elevation under each position, and `pipeline` loads it from a folder.
//!
//! A tile covers one degree; its name is its south-west corner (`N52E004.hgt`, any case). It holds
//! 1201 × 1201 (3 arc-second) or 3601 × 3601 (1 arc-second) posts, big-endian signed 16-bit
//! metres, the northern row first; -32768 marks a void. Tiles may also be zipped
//! (`N52E004.hgt.zip`, `N52E004.SRTMGL1.hgt.zip`, or any zip holding `N52E004.hgt`). Elevation is
//! bilinear between the four posts around a position.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The value SRTM uses for a post without data.
const VOID: i16 = -32768;

/// One loaded tile.
#[derive(Debug)]
struct Tile {
    /// Posts per side (1201 or 3601).
    side: usize,
    /// Elevations, m, the northern row first.
    posts: Vec<i16>,
}

impl Tile {
    fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let side = match bytes.len() {
            n if n == 1201 * 1201 * 2 => 1201,
            n if n == 3601 * 3601 * 2 => 3601,
            n => return Err(format!("{n} bytes is not a 1 or 3 arc-second tile")),
        };
        let posts = bytes
            .chunks_exact(2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .collect();
        Ok(Self { side, posts })
    }

    /// Bilinear elevation at a position inside the tile whose south-west corner is `(south, west)`.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    fn at(&self, south: i32, west: i32, lat: f64, lon: f64) -> Option<f64> {
        let edge = (self.side - 1) as f64;
        let row = ((f64::from(south) + 1.0 - lat) * edge).clamp(0.0, edge);
        let col = ((lon - f64::from(west)) * edge).clamp(0.0, edge);
        let (r0, c0) = (row.floor() as usize, col.floor() as usize);
        let (r1, c1) = ((r0 + 1).min(self.side - 1), (c0 + 1).min(self.side - 1));
        let (fr, fc) = (row - r0 as f64, col - c0 as f64);
        let post = |r: usize, c: usize| {
            let v = self.posts[r * self.side + c];
            (v != VOID).then_some(f64::from(v))
        };
        let (a, b, c, d) = (post(r0, c0)?, post(r0, c1)?, post(r1, c0)?, post(r1, c1)?);
        Some((a * (1.0 - fc) + b * fc) * (1.0 - fr) + (c * (1.0 - fc) + d * fc) * fr)
    }
}

/// The south-west corner of a tile named like `N52E004` (case-insensitive), if the name is one.
fn corner(name: &str) -> Option<(i32, i32)> {
    let upper = name.to_ascii_uppercase();
    let b = upper.as_bytes();
    if b.len() < 7 || !matches!(b[0], b'N' | b'S') || !matches!(b[3], b'E' | b'W') {
        return None;
    }
    let lat: i32 = upper.get(1..3)?.parse().ok()?;
    let lon: i32 = upper.get(4..7)?.parse().ok()?;
    if !b[1..3].iter().chain(&b[4..7]).all(u8::is_ascii_digit) {
        return None;
    }
    Some((
        if b[0] == b'S' { -lat } else { lat },
        if b[3] == b'W' { -lon } else { lon },
    ))
}

/// The tile name of the corner holding a position (`N52E004`).
fn tile_name((south, west): (i32, i32)) -> String {
    format!(
        "{}{:02}{}{:03}",
        if south < 0 { 'S' } else { 'N' },
        south.unsigned_abs(),
        if west < 0 { 'W' } else { 'E' },
        west.unsigned_abs()
    )
}

/// The tiles read so far, by south-west corner (`None`: unusable).
type Loaded = BTreeMap<(i32, i32), Option<Arc<Tile>>>;

/// A folder of SRTM tiles, indexed by their names and read when first needed (shared by threads).
#[derive(Debug)]
pub struct Dem {
    files: BTreeMap<(i32, i32), PathBuf>,
    loaded: Mutex<Loaded>,
}

/// Why a DEM folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DemError {
    /// The folder cannot be listed.
    #[error("cannot read the folder: {0}")]
    Folder(#[source] std::io::Error),
}

impl Dem {
    /// Indexes the tiles of a folder (`.hgt` and `.zip` files named by their south-west corner).
    ///
    /// # Errors
    /// [`DemError::Folder`] when the folder cannot be listed.
    #[allow(clippy::disallowed_methods)] // the folder of tiles the user named
    #[allow(clippy::case_sensitive_file_extension_comparisons)] // compared lowercased
    pub fn open(folder: &Path) -> Result<Self, DemError> {
        let mut files = BTreeMap::new();
        let entries = std::fs::read_dir(folder).map_err(DemError::Folder)?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let lower = name.to_ascii_lowercase();
            if !(lower.ends_with(".hgt") || lower.ends_with(".zip")) {
                continue;
            }
            if let Some(key) = corner(&name) {
                // A plain tile wins over a zipped one of the same corner.
                if lower.ends_with(".hgt") || !files.contains_key(&key) {
                    files.insert(key, entry.path());
                }
            }
        }
        Ok(Self {
            files,
            loaded: Mutex::new(BTreeMap::new()),
        })
    }

    /// How many tiles the folder has.
    pub fn tiles(&self) -> usize {
        self.files.len()
    }

    /// The tile of a corner, read on first use; `Err` names a missing or unreadable tile.
    fn tile(&self, key: (i32, i32)) -> Result<Arc<Tile>, String> {
        let mut loaded = self.loaded.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(entry) = loaded.get(&key) {
            return entry
                .clone()
                .ok_or_else(|| format!("tile {} is unusable", tile_name(key)));
        }
        let tile = self
            .files
            .get(&key)
            .ok_or_else(|| format!("no elevation tile {}.hgt", tile_name(key)))
            .and_then(|path| read_tile(path, &tile_name(key)));
        let result = tile.map(Arc::new);
        loaded.insert(key, result.as_ref().ok().cloned());
        result
    }

    /// The elevation at every position, m, or the first problem (a missing tile, a void).
    ///
    /// # Errors
    /// A lowercase sentence naming the missing or unusable tile.
    pub fn elevations(&self, lat: &[f64], lon: &[f64]) -> Result<Vec<f64>, String> {
        let mut out = Vec::with_capacity(lat.len());
        let mut current: Option<((i32, i32), Arc<Tile>)> = None;
        for (&la, &lo) in lat.iter().zip(lon) {
            #[allow(clippy::cast_possible_truncation)]
            let key = (la.floor() as i32, lo.floor() as i32);
            let tile = match &current {
                Some((k, t)) if *k == key => Arc::clone(t),
                _ => {
                    let t = self.tile(key)?;
                    current = Some((key, Arc::clone(&t)));
                    t
                }
            };
            let e = tile
                .at(key.0, key.1, la, lo)
                .ok_or_else(|| format!("tile {} has no data (a void) under the run", tile_name(key)))?;
            out.push(e);
        }
        Ok(out)
    }
}

/// Reads a tile: a plain `.hgt`, or the `NAME.hgt` inside a zip.
#[allow(clippy::disallowed_methods)]
#[allow(clippy::case_sensitive_file_extension_comparisons)] // compared lowercased
fn read_tile(path: &Path, name: &str) -> Result<Tile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let bytes = if lower.ends_with(".zip") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("{}: not a zip: {e}", path.display()))?;
        let wanted = format!("{}.hgt", name.to_ascii_lowercase());
        let prefix = name.to_ascii_lowercase();
        let inner = archive
            .file_names()
            .filter_map(Result::ok)
            .map(std::borrow::Cow::into_owned)
            .find(|n| {
                let base = n.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
                base == wanted || (base.starts_with(&prefix) && base.ends_with(".hgt"))
            })
            .ok_or_else(|| format!("{}: holds no {name}.hgt", path.display()))?;
        let file = archive
            .by_name(&inner)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut out = Vec::new();
        file.take(3601 * 3601 * 2 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        out
    } else {
        bytes
    };
    Tile::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)] // the test writes its tile
    fn a_zipped_tile_is_read_by_its_corner() {
        use std::io::Write as _;
        let dir = std::env::temp_dir().join(format!("gluteus-dem-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut hgt = Vec::with_capacity(1201 * 1201 * 2);
        for _ in 0..1201 * 1201 {
            hgt.extend_from_slice(&123_i16.to_be_bytes());
        }
        let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zipped.start_file("S01W002.hgt", stored).unwrap();
        zipped.write_all(&hgt).unwrap();
        let bytes = zipped.finish().unwrap().into_inner();
        std::fs::write(dir.join("S01W002.SRTMGL1.hgt.zip"), bytes).unwrap();
        let dem = Dem::open(&dir).unwrap();
        assert_eq!(dem.tiles(), 1);
        assert_eq!(dem.elevations(&[-0.5], &[-1.5]).unwrap(), vec![123.0]);
        assert!(dem.elevations(&[10.5], &[10.5]).unwrap_err().contains("N10E010"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_and_corners() {
        assert_eq!(corner("N52E004.hgt"), Some((52, 4)));
        assert_eq!(corner("s33w070.SRTMGL1.hgt.zip"), Some((-33, -70)));
        assert_eq!(corner("readme.txt"), None);
        assert_eq!(tile_name((-33, -70)), "S33W070");
    }

    #[test]
    fn bilinear_on_a_plane_and_voids() {
        // 1201 posts: 0 at the south-west corner, +1 m a post north and +2 m a post east.
        let side = 1201;
        let mut posts = vec![0_i16; side * side];
        for r in 0..side {
            for c in 0..side {
                posts[r * side + c] = i16::try_from((side - 1 - r) + 2 * c).unwrap();
            }
        }
        let tile = Tile { side, posts };
        let e = tile.at(52, 4, 52.5, 4.25).unwrap();
        assert!((e - (600.0 + 2.0 * 300.0)).abs() < 1e-6, "{e}");
        let mut voided = tile;
        voided.posts[600 * side + 300] = VOID;
        assert!(voided.at(52, 4, 52.5, 4.25).is_none());
    }
}
