//! GPX 1.0 and 1.1 on quick-xml, streaming, with the extensions real exports carry: Garmin
//! `TrackPointExtension` v1/v2 under any prefix (`hr`, `cad`, `atemp`), Suunto/Cluetrust `gpxdata:`
//! (`hr`, `cadence`, `temp`), and bare `<power>` / `<heartrate>`. Each `<trkseg>` boundary is a timer
//! pause; `<trk>`s of one `<type>` form one session.

use super::ReadError;
use super::recording::{Format, Recording, Samples, Session, Sport};
use super::xml::{Parts, Point, Tolerated, finish, local, push_point, xml_problem};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event as Xml};

/// Which text the reader is inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    None,
    Elevation,
    Time,
    HeartRate,
    Cadence,
    Temperature,
    Power,
    TrackType,
}

/// A `<trk>` as it is read.
#[derive(Debug)]
struct Track {
    sport: Option<Sport>,
    first_sample: usize,
    points: usize,
}

fn lat_lon(element: &BytesStart<'_>, tolerated: &mut Tolerated) -> (f64, f64) {
    let (mut lat, mut lon) = (f64::NAN, f64::NAN);
    for attribute in element.attributes().with_checks(false).flatten() {
        match attribute.key.local_name().as_ref() {
            "lat" => lat = tolerated.number(&attribute.value),
            "lon" => lon = tolerated.number(&attribute.value),
            _ => {}
        }
    }
    (lat, lon)
}

fn creator(element: &BytesStart<'_>) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == "creator")
        .and_then(|a| {
            let text = a.value.trim().to_owned();
            (!text.is_empty()).then_some(text)
        })
}

/// Reads GPX bytes.
#[allow(clippy::too_many_lines)] // one flat state machine reads better than one split in pieces
pub(crate) fn read(bytes: &[u8]) -> Result<Recording, ReadError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut samples = Samples::default();
    let mut tolerated = Tolerated::default();
    let mut warnings = Vec::new();
    let mut device = None;
    let mut target = Target::None;
    let mut point: Option<Point> = None;
    let mut tracks: Vec<Track> = Vec::new();
    let mut in_track = false;
    let mut track_points = 0_usize;
    let mut route_points = 0_usize;
    // Sample index where each timed segment starts, for pauses between segments.
    let mut segment_starts: Vec<usize> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_problem(&e, reader.error_position()))?;
        match event {
            Xml::Start(e) if local(e.name().as_ref()) == "trkpt" => {
                track_points += 1;
                let (lat, lon) = lat_lon(&e, &mut tolerated);
                point = Some(Point {
                    lat,
                    lon,
                    ..Point::EMPTY
                });
            }
            Xml::Empty(e) if local(e.name().as_ref()) == "trkpt" => {
                // `<trkpt/>` has no time, so it is only counted.
                track_points += 1;
                tolerated.untimed_points += 1;
            }
            Xml::Start(e) => {
                let qname = e.name();
                let name = local(qname.as_ref());
                target = match name {
                    "gpx" => {
                        device = creator(&e);
                        Target::None
                    }
                    "trk" => {
                        in_track = true;
                        tracks.push(Track {
                            sport: None,
                            first_sample: samples.len(),
                            points: 0,
                        });
                        Target::None
                    }
                    "trkseg" => {
                        segment_starts.push(samples.len());
                        Target::None
                    }
                    "rtept" => {
                        route_points += 1;
                        Target::None
                    }
                    _ if point.is_some() => match name {
                        "ele" => Target::Elevation,
                        "time" => Target::Time,
                        "hr" | "heartrate" | "HeartRate" | "heart_rate" => Target::HeartRate,
                        "cad" | "cadence" | "Cadence" => Target::Cadence,
                        "atemp" | "temp" | "temperature" | "Temperature" => Target::Temperature,
                        "power" | "Power" | "PowerInWatts" | "watts" | "Watts" => Target::Power,
                        _ => Target::None,
                    },
                    "type" if in_track => Target::TrackType,
                    _ => Target::None,
                };
            }
            Xml::Empty(e) if local(e.name().as_ref()) == "rtept" => route_points += 1,
            Xml::Text(text) => {
                let text: &str = &text;
                if let Some(p) = point.as_mut() {
                    match target {
                        Target::Elevation => p.ele_m = tolerated.number(text),
                        Target::Time => p.t_s = tolerated.time(text),
                        Target::HeartRate => p.hr_bpm = tolerated.number(text),
                        Target::Cadence => p.cadence = tolerated.number(text),
                        Target::Temperature => p.temp_c = tolerated.number(text),
                        Target::Power => p.power_w = tolerated.number(text),
                        Target::None | Target::TrackType => {}
                    }
                } else if target == Target::TrackType
                    && let Some(track) = tracks.last_mut()
                {
                    track.sport = Some(Sport::from_name(text));
                }
            }
            Xml::End(e) => {
                target = Target::None;
                match local(e.name().as_ref()) {
                    "trkpt" => {
                        if let Some(p) = point.take()
                            && push_point(&mut samples, &p, &mut tolerated)
                            && let Some(track) = tracks.last_mut()
                        {
                            track.points += 1;
                        }
                    }
                    "trk" => in_track = false,
                    _ => {}
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if track_points == 0 {
        return Err(if route_points > 0 {
            ReadError::NoTimestamps
        } else {
            ReadError::NoTrackPoints
        });
    }
    if samples.is_empty() {
        return Err(ReadError::NoTimestamps);
    }
    let untimed_tracks = tracks.iter().filter(|t| t.points == 0).count();
    if untimed_tracks > 0 {
        warnings.push(format!(
            "{} without timestamps {} dropped",
            crate::vocab::count(untimed_tracks, "track"),
            crate::vocab::were(untimed_tracks)
        ));
    }
    tracks.retain(|t| t.points > 0);
    let sessions = sessions(&tracks, &samples.t_s);
    Ok(finish(Parts {
        format: Format::Gpx,
        device,
        sport: tracks.iter().find_map(|t| t.sport.clone()),
        sessions,
        laps: Vec::new(),
        breaks: segment_starts,
        samples,
        tolerated,
        warnings,
    }))
}

/// One session per run of consecutive tracks of the same sport.
fn sessions(tracks: &[Track], t_s: &[f64]) -> Vec<Session> {
    let mut sessions: Vec<(Option<Sport>, usize, usize)> = Vec::new();
    for track in tracks {
        let end = track.first_sample + track.points;
        match sessions.last_mut() {
            Some(last) if last.0 == track.sport => last.2 = end,
            _ => sessions.push((track.sport.clone(), track.first_sample, end)),
        }
    }
    sessions
        .into_iter()
        .filter(|(_, first, end)| end > first)
        .map(|(sport, first, end)| Session {
            sport: sport.unwrap_or(Sport::Generic),
            sub_sport: None,
            start_s: Some(t_s[first]),
            elapsed_s: Some(t_s[end - 1] - t_s[first]),
            timer_s: None,
            distance_m: None,
            ascent_m: None,
            descent_m: None,
        })
        .collect()
}
