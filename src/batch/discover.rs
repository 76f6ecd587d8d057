//! Finding the inputs of a batch: files and folders (recursive, in name order), gzipped run files,
//! and zip archives, zips inside zips included, read in memory and never extracted to disk. Every
//! limit is enforced on the bytes actually inflated, never on sizes that headers declare.

use super::limits::{self, Limits, TooLarge};
use super::strava::{self, Activity};
use crate::store::Place;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What an input is made of.
#[derive(Debug)]
pub enum Data {
    /// A file on disk, read when it is analysed.
    File(PathBuf),
    /// A zip entry, already inflated.
    Bytes(Vec<u8>),
    /// Why it could not be taken out of its archive (a failure of its own).
    Refused {
        /// `too_large` or `corrupt`.
        kind: &'static str,
        /// Why.
        message: String,
    },
}

/// One input of a batch.
#[derive(Debug)]
pub struct Input {
    /// Where it was found.
    pub place: Place,
    /// Its name for messages and the analysis: the path, and the entry after `!`.
    pub name: String,
    /// Bytes as found: the file's size, or a zip entry's inflated size.
    pub size: u64,
    /// Modification time, ms since the Unix epoch (a zip entry's own time; 0 when unknown).
    pub modified_ms: i64,
    /// Its bytes, or where they are.
    pub data: Data,
    /// Its name and type in a Strava export's `activities.csv`.
    pub strava: Option<Activity>,
    /// A planned route of a Strava export (`routes/`): no recorded run.
    pub route: bool,
}

impl Input {
    /// An input that could not be taken out of its archive.
    fn refused(place: Place, modified_ms: i64, kind: &'static str, message: String) -> Self {
        Self {
            name: place_name(&place),
            place,
            size: 0,
            modified_ms,
            data: Data::Refused { kind, message },
            strava: None,
            route: false,
        }
    }
}

/// A place as messages name it: the path, and the entry after `!`.
fn place_name(place: &Place) -> String {
    if place.entry.is_empty() {
        place.path.clone()
    } else {
        format!("{}!{}", place.path, place.entry)
    }
}

/// A Strava export's activities, by file name relative to the export's root.
type StravaIndex = HashMap<String, Activity>;

/// Whether a name is a run file: `.fit`, `.gpx`, `.tcx`, each also `.gz`, in any case.
pub fn is_run_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    [".fit", ".gpx", ".tcx"].iter().any(|ext| stem.ends_with(ext))
}

fn is_zip(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// What discovery counted besides the inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Files of other types, passed over.
    pub ignored: u64,
    /// Zip entries already stored (the `known` predicate said so), not inflated.
    pub known: u64,
    /// Inputs of other shards, not read.
    pub elsewhere: u64,
}

/// What discovery goes by: the safety limits, what is stored already, and the shard.
struct Rules<'a> {
    limits: &'a Limits,
    known: Known<'a>,
    shard: Option<Shard>,
}

/// One of `count` shards of the inputs (`--shard index/count`): an input belongs to the shard
/// [`Shard::of`] its key, the input's path relative to the root it was found under
/// (`/`-separated), followed for a zip entry by `!` and the entry's path, at each level of
/// nesting. Every input is in exactly one shard, whatever the machine, and no shard needs another's
/// inputs to decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 0.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` (0 <= K < N).
    ///
    /// # Examples
    /// ```
    /// use gluteus::batch::Shard;
    /// assert_eq!(Shard::parse("2/3"), Some(Shard { index: 2, count: 3 }));
    /// assert_eq!(Shard::parse("3/3"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let (k, n) = text.trim().split_once('/')?;
        let (index, count) = (k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?);
        (index < count).then_some(Self { index, count })
    }

    /// The shard of an input key: the first 8 bytes of its SHA-256, big-endian, modulo `count`.
    ///
    /// # Examples
    /// ```
    /// use gluteus::batch::Shard;
    /// assert_eq!(Shard::of("2024/run.fit", 1), 0);
    /// let shard = Shard::of("2024/run.fit", 3);
    /// assert!(shard < 3 && Shard { index: shard, count: 3 }.holds("2024/run.fit"));
    /// ```
    pub fn of(key: &str, count: u64) -> u64 {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(key.as_bytes());
        let mut first = [0_u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % count.max(1)
    }

    /// Whether an input key is this shard's.
    pub fn holds(self, key: &str) -> bool {
        Self::of(key, self.count) == self.index
    }
}

/// Whether an input at a place, of a size and a modification time, is already stored: asked of a
/// zip entry before it is inflated (its header's size is only a key here, never a limit).
pub type Known<'a> = &'a dyn Fn(&Place, u64, i64) -> bool;

/// Calls `sink` with every input under `paths`, in a fixed order: the paths as given, each
/// folder's entries by name, each zip's entries in the archive's order.
///
/// # Errors
/// What `sink` returns (discovery stops), or a path that cannot be listed.
pub fn discover(
    paths: &[PathBuf],
    limits: &Limits,
    known: Known<'_>,
    shard: Option<Shard>,
    sink: &mut dyn FnMut(Input) -> anyhow::Result<()>,
) -> anyhow::Result<Found> {
    let mut found = Found::default();
    let rules = Rules { limits, known, shard };
    for path in paths {
        // A folder is the root of what is under it; a file given alone, its own folder.
        let root = if path.is_dir() {
            path.as_path()
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        visit_path(path, root, None, &rules, &mut found, sink)?;
    }
    Ok(found)
}

fn modified_ms(metadata: &std::fs::Metadata) -> i64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The Strava export a file is in: the export's folder and its activities.
type InStrava<'a> = Option<(&'a Path, &'a StravaIndex)>;

/// The path of a file relative to a folder, `/`-separated.
fn relative(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn visit_path(
    path: &Path,
    root: &Path,
    in_strava: InStrava<'_>,
    rules: &Rules<'_>,
    found: &mut Found,
    sink: &mut dyn FnMut(Input) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let limits = rules.limits;
    let metadata = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if metadata.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        // A folder holding `activities.csv` is an unpacked Strava export.
        let index = path.join("activities.csv");
        let own: Option<StravaIndex> = index
            .is_file()
            .then(|| crate::ingest::load_file(&index).ok().map(|bytes| strava::read(&bytes)))
            .flatten();
        let context = match &own {
            Some(map) => Some((path, map)),
            None => in_strava,
        };
        for entry in entries {
            visit_path(&entry, root, context, rules, found, sink)?;
        }
        return Ok(());
    }
    let name = path.display().to_string();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let place = Place {
        path: name.clone(),
        entry: String::new(),
    };
    let key = relative(path, root).unwrap_or_else(|| file_name.clone());
    let elsewhere = |found: &mut Found| {
        let other = rules.shard.is_some_and(|s| !s.holds(&key));
        found.elsewhere += u64::from(other);
        other
    };
    if is_zip(&file_name) {
        // Batch reads archives itself: it is the ingest of archives (their entries go to ingest).
        #[allow(clippy::disallowed_methods)]
        let opened = std::fs::File::open(path);
        match opened {
            Ok(file) => {
                let mut budget = limits::Budget::new(limits);
                visit_zip(file, &place, &key, 1, rules, &mut budget, found, sink)?;
            }
            Err(_) if elsewhere(found) => {}
            Err(e) => sink(Input {
                name,
                place,
                size: metadata.len(),
                modified_ms: modified_ms(&metadata),
                data: Data::Refused {
                    kind: "unreadable",
                    message: e.to_string(),
                },
                strava: None,
                route: false,
            })?,
        }
    } else if is_run_file(&file_name) {
        if elsewhere(found) {
            return Ok(());
        }
        let rel = in_strava.and_then(|(root, _)| relative(path, root));
        let strava = in_strava
            .zip(rel.as_ref())
            .and_then(|((_, map), rel)| map.get(rel).cloned());
        let route = rel.is_some_and(|r| r.starts_with("routes/"));
        sink(Input {
            name,
            place,
            size: metadata.len(),
            modified_ms: modified_ms(&metadata),
            data: Data::File(path.to_owned()),
            strava,
            route,
        })?;
    } else {
        found.ignored += 1;
    }
    Ok(())
}

/// A zip entry's time, ms since the Unix epoch (0 when it has none that makes sense).
fn entry_ms(entry: &zip::read::ZipFile<'_, impl Read>) -> i64 {
    entry.last_modified().map_or(0, |t| {
        let days = crate::time::days_from_civil(i64::from(t.year()), u32::from(t.month()), u32::from(t.day()));
        (days * 86_400 + i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second())) * 1000
    })
}

/// The activities of a Strava export, when the zip holds `activities.csv` at its root.
fn strava_index<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>, limits: &Limits) -> Option<StravaIndex> {
    let mut csv = archive.by_name("activities.csv").ok()?;
    let mut bytes = Vec::new();
    (&mut csv).take(limits.max_entry).read_to_end(&mut bytes).ok()?;
    Some(strava::read(&bytes))
}

/// A zip entry's bytes, inflated from its raw compressed bytes within the limits.
fn inflate_entry<R: Read>(
    entry: &mut zip::read::ZipFile<'_, R>,
    limits: &Limits,
    budget: &mut limits::Budget,
) -> Result<Vec<u8>, TooLarge> {
    match entry.compression() {
        zip::CompressionMethod::Stored => limits::inflate_stored(entry, limits, budget),
        zip::CompressionMethod::Deflated => limits::inflate_deflate(entry, limits, budget),
        other => Err(TooLarge::Unsupported(format!("{other:?}"))),
    }
}

/// Visits the entries of a zip at `depth` (the outermost is 1).
#[allow(clippy::too_many_arguments)]
fn visit_zip<R: Read + std::io::Seek>(
    reader: R,
    outer: &Place,
    outer_key: &str,
    depth: usize,
    rules: &Rules<'_>,
    budget: &mut limits::Budget,
    found: &mut Found,
    sink: &mut dyn FnMut(Input) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (limits, known) = (rules.limits, rules.known);
    let refuse = |kind: &'static str, message: String| Input::refused(outer.clone(), 0, kind, message);
    let other = |key: &str| rules.shard.is_some_and(|s| !s.holds(key));
    let mut archive = match zip::ZipArchive::new(reader) {
        Ok(a) => a,
        Err(_) if other(outer_key) => {
            found.elsewhere += 1;
            return Ok(());
        }
        Err(e) => return sink(refuse("corrupt", format!("not a readable zip: {e}"))),
    };
    let index = strava_index(&mut archive, limits);
    for i in 0..archive.len() {
        let mut entry = match archive.by_index_raw(i) {
            Ok(e) => e,
            Err(_) if other(&format!("{outer_key}!#{i}")) => {
                found.elsewhere += 1;
                continue;
            }
            Err(e) => {
                sink(refuse("corrupt", format!("zip entry {i}: {e}")))?;
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let entry_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let short = entry_name.rsplit('/').next().unwrap_or(&entry_name).to_owned();
        let inner_zip = is_zip(&short);
        if !inner_zip && !is_run_file(&short) {
            found.ignored += 1;
            continue;
        }
        let place = Place {
            path: outer.path.clone(),
            entry: if outer.entry.is_empty() {
                entry_name.clone()
            } else {
                format!("{}!{entry_name}", outer.entry)
            },
        };
        let name = place_name(&place);
        let key = format!("{outer_key}!{entry_name}");
        // Another shard's run file is not read; a zip inside is opened by every shard that has
        // entries in it.
        if !inner_zip && other(&key) {
            found.elsewhere += 1;
            continue;
        }
        let modified_ms = entry_ms(&entry);
        let strava = index.as_ref().and_then(|map| map.get(&entry_name).cloned());
        let route = index.is_some() && entry_name.starts_with("routes/");
        if inner_zip && depth + 1 > limits.max_zip_depth {
            if other(&key) {
                found.elsewhere += 1;
                continue;
            }
            let why = format!("zips nested more than {} deep", limits.max_zip_depth);
            sink(Input::refused(place, modified_ms, "too_large", why))?;
            continue;
        }
        if !inner_zip && known(&place, entry.size(), modified_ms) {
            found.known += 1;
            continue;
        }
        let inflated = inflate_entry(&mut entry, limits, budget);
        drop(entry);
        match inflated {
            Ok(bytes) if inner_zip => {
                visit_zip(
                    std::io::Cursor::new(bytes),
                    &place,
                    &key,
                    depth + 1,
                    rules,
                    budget,
                    found,
                    sink,
                )?;
            }
            Ok(bytes) => sink(Input {
                name,
                place,
                size: bytes.len() as u64,
                modified_ms,
                data: Data::Bytes(bytes),
                strava,
                route,
            })?,
            Err(_) if inner_zip && other(&key) => found.elsewhere += 1,
            Err(problem) => sink(Input {
                strava,
                route,
                ..Input::refused(place, modified_ms, problem.kind(), problem.to_string())
            })?,
        }
    }
    Ok(())
}

/// About how many inputs `paths` hold, quickly, for a progress bar: run files in folders, and the
/// entries of each zip's central directory that are run files or zips (a zip inside counts once).
pub fn estimate(paths: &[PathBuf]) -> u64 {
    fn walk(path: &Path) -> u64 {
        let Ok(metadata) = std::fs::metadata(path) else {
            return 0;
        };
        if metadata.is_dir() {
            return std::fs::read_dir(path).map_or(0, |entries| {
                entries.filter_map(Result::ok).map(|e| walk(&e.path())).sum()
            });
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_zip(&name) {
            #[allow(clippy::disallowed_methods)] // the archive's own listing, as discovery reads it
            let opened = std::fs::File::open(path);
            return opened
                .ok()
                .and_then(|f| zip::ZipArchive::new(f).ok())
                .map_or(0, |mut a| {
                    (0..a.len())
                        .filter(|&i| {
                            a.by_index_raw(i).is_ok_and(|e| {
                                let n = String::from_utf8_lossy(e.name_raw()).into_owned();
                                is_run_file(&n) || is_zip(&n)
                            })
                        })
                        .count() as u64
                });
        }
        u64::from(is_run_file(&name))
    }
    paths.iter().map(|p| walk(p)).sum()
}
