//! The inputs beside the runs, read once and checked in one place: the athlete file and the body
//! mass, the surface for the whole run, a surface map loaded by its extension, and a run's own
//! surface file (`BASE.surface.toml`).

use super::Options;
use crate::error::Error;
use crate::ingest;
use crate::model::{Athlete, GapChoice, Models};
use crate::surface::{self, MapData, MapError, OverrideRange, Overrides, SurfaceMap};
use crate::vocab::{FileName, Surface, Units};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Athlete and surface files larger than this are refused (they are a few hundred bytes).
const MAX_SMALL_FILE_BYTES: u64 = 1 << 20;
/// Map files larger than this are refused (a continent's extract is about 30 GB).
const MAX_MAP_BYTES: u64 = 64 << 30;

/// What a user asked for, as the command line takes it; [`Settings::options`] checks it and loads
/// the files it names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// An athlete file (TOML): mass, preferred cadence, threshold pace, model constants. It must
    /// state the mass unless `mass_kg` is given.
    pub athlete_file: Option<PathBuf>,
    /// Body mass, kg, over the athlete file's.
    pub mass_kg: Option<f64>,
    /// Load carried, kg, over the athlete file's.
    pub load_kg: Option<f64>,
    /// The grade-adjusted pace model.
    pub gap_model: GapChoice,
    /// The surface of every run, by name (`sand`).
    pub surface: Option<String>,
    /// A surface map: `.geojson`, `.osm.pbf` or a built `.idx`.
    pub surface_map: Option<PathBuf>,
    /// Units of the splits.
    pub units: Units,
    /// A folder of SRTM `.hgt` tiles (or zips of them) whose elevation replaces GPS elevation.
    pub dem: Option<PathBuf>,
}

impl Settings {
    /// The analysis options these settings ask for.
    ///
    /// # Errors
    /// An [`Error`] naming the file or setting: an athlete file that cannot be read or is out of
    /// range (or lacks a mass that nobody else gives), a mass out of range, an unknown surface, a
    /// map that cannot be loaded.
    ///
    /// # Examples
    /// ```
    /// use gluteus::Settings;
    /// let options = Settings { mass_kg: Some(64.0), ..Settings::default() }.options()?;
    /// assert_eq!(options.athlete.mass_kg, 64.0);
    /// let error = Settings { surface: Some("lava".into()), ..Settings::default() }.options().unwrap_err();
    /// assert_eq!(error.kind(), gluteus::ErrorKind::InvalidInput);
    /// # Ok::<(), gluteus::Error>(())
    /// ```
    pub fn options(&self) -> Result<Options, Error> {
        let mut options = Options {
            units: self.units,
            ..Options::default()
        };
        let mut config = options.models.config.clone();
        if let Some(path) = &self.athlete_file {
            (options.athlete, config) = read_athlete_file(path)?;
            if !options.athlete.mass_given && self.mass_kg.is_none() {
                return Err(Error::InvalidInput {
                    what: path.display().to_string(),
                    problem: "mass_kg is missing (an athlete file states the body mass, or give --mass-kg)".to_owned(),
                });
            }
        }
        if let Some(mass) = self.mass_kg {
            options
                .athlete
                .set_mass_kg(mass)
                .map_err(|source| Error::InvalidInput {
                    what: format!("--mass-kg {mass}"),
                    problem: source.problem,
                })?;
        }
        if let Some(load) = self.load_kg {
            options
                .athlete
                .set_load_kg(load)
                .map_err(|source| Error::InvalidInput {
                    what: format!("--load-kg {load}"),
                    problem: source.problem,
                })?;
        }
        config.gap = self.gap_model;
        options.models = Models::new(config);
        if let Some(name) = &self.surface {
            options.surface = Some(surface_named(name)?);
        }
        if let Some(path) = &self.surface_map {
            options.surface_map = Some(Arc::new(load_surface_map(path)?));
        }
        if let Some(folder) = &self.dem {
            let dem = crate::terrain::Dem::open(folder).map_err(|e| Error::InvalidInput {
                what: format!("--dem {}", folder.display()),
                problem: e.to_string(),
            })?;
            options.dem = Some(Arc::new(dem));
        }
        Ok(options)
    }
}

/// A surface by its name; `unknown` is not one a user can choose.
fn surface_named(name: &str) -> Result<Surface, Error> {
    Surface::from_name(name)
        .filter(|s| *s != Surface::Unknown)
        .ok_or_else(|| {
            let names: Vec<&str> = Surface::ALL[..Surface::ALL.len() - 1]
                .iter()
                .map(|s| s.name())
                .collect();
            Error::InvalidInput {
                what: format!("--surface {name}"),
                problem: format!("not a surface ({})", names.join(", ")),
            }
        })
}

/// Reads a small text input (an athlete or surface file).
fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = ingest::load_limited(path, MAX_SMALL_FILE_BYTES).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| Error::InvalidInput {
        what: path.display().to_string(),
        problem: "not utf-8 text".to_owned(),
    })
}

/// Reads an athlete file into the athlete and the model constants.
///
/// # Errors
/// [`Error::Read`] when it cannot be read, [`Error::Athlete`] when it is not a valid profile.
pub fn read_athlete_file(path: &Path) -> Result<(Athlete, crate::model::ModelConfig), Error> {
    let text = read_text(path)?;
    Athlete::parse(&text).map_err(|source| Error::Athlete {
        path: path.to_owned(),
        source,
    })
}

/// The surface ranges of a run's surface file (`BASE.surface.toml` beside it, where `BASE` is
/// [`FileName::base`]); none when there is no such file.
///
/// # Errors
/// [`Error::SurfaceFile`] naming the surface file and the line of the problem.
pub fn surface_side_file(run: &Path) -> Result<Vec<OverrideRange>, Error> {
    let name = run
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = run.with_file_name(format!("{}.surface.toml", FileName::parse(&name).base));
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = read_text(&path)?;
    Overrides::parse_ranges(&text).map_err(|message| Error::SurfaceFile { path, message })
}

/// What kind of map a file is, by its extension (lowercase).
#[derive(Clone, Copy, PartialEq, Eq)]
enum MapKind {
    GeoJson,
    OsmPbf,
    Index,
}

#[allow(clippy::case_sensitive_file_extension_comparisons)] // compared lowercased
fn map_kind(path: &Path) -> Result<MapKind, Error> {
    let lower = path.display().to_string().to_ascii_lowercase();
    if lower.ends_with(".geojson") || lower.ends_with(".json") {
        Ok(MapKind::GeoJson)
    } else if lower.ends_with(".pbf") {
        Ok(MapKind::OsmPbf)
    } else if lower.ends_with(".idx") {
        Ok(MapKind::Index)
    } else {
        Err(Error::SurfaceMap {
            path: path.to_owned(),
            source: MapError::UnknownKind,
        })
    }
}

fn map_error(path: &Path) -> impl Fn(MapError) -> Error + '_ {
    move |source| Error::SurfaceMap {
        path: path.to_owned(),
        source,
    }
}

fn read_map_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    ingest::load_limited(path, MAX_MAP_BYTES).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

fn map_text(path: &Path) -> Result<String, Error> {
    String::from_utf8(read_map_bytes(path)?)
        .map_err(|_| map_error(path)(MapError::Malformed("not utf-8 text".to_owned())))
}

/// Opens an extract each time it is called (osmpbf reads it in two passes), after checking once
/// that it is a readable file, so that a missing extract is a `Read` error naming it.
#[allow(clippy::disallowed_methods, clippy::disallowed_types)] // the library reads the extract
fn open_pbf(path: &Path) -> Result<impl Fn() -> std::io::Result<std::io::BufReader<std::fs::File>> + '_, Error> {
    ingest::check_file(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(move || std::fs::File::open(path).map(std::io::BufReader::new))
}

/// Loads a surface map by its extension: `.geojson` (or `.json`), `.osm.pbf` (or `.pbf`), or an
/// `.idx` that `gluteus surfaces build` wrote.
///
/// # Errors
/// An [`Error`] naming the map: unreadable, an unknown extension, malformed, or without usable
/// features.
pub fn load_surface_map(path: &Path) -> Result<SurfaceMap, Error> {
    match map_kind(path)? {
        MapKind::GeoJson => surface::from_geojson(&map_text(path)?),
        MapKind::OsmPbf => surface::from_osm_pbf(open_pbf(path)?),
        MapKind::Index => surface::read_index(&read_map_bytes(path)?),
    }
    .map_err(map_error(path))
}

/// Reads a map's features (GeoJSON or an OpenStreetMap extract) for `gluteus surfaces build`.
///
/// # Errors
/// As [`load_surface_map`]; an index cannot be rebuilt.
pub fn load_surface_map_data(path: &Path) -> Result<MapData, Error> {
    match map_kind(path)? {
        MapKind::GeoJson => surface::read_geojson(&map_text(path)?),
        MapKind::OsmPbf => surface::read_osm_pbf(open_pbf(path)?),
        MapKind::Index => Err(MapError::Malformed(
            "an index is built from .osm.pbf or .geojson, not from another index".to_owned(),
        )),
    }
    .map_err(map_error(path))
}
