//! TCX (Garmin Training Center XML) on quick-xml, streaming: each `<Activity>` is a session with its
//! `Sport`; `<Lap>`s keep their totals; `<Trackpoint>`s give position, altitude, distance, heart
//! rate, cadence (`Cadence` or the extension's `RunCadence`), speed and watts. Each lap holds its own
//! `<Track>`; a second `<Track>` inside one lap follows a timer pause.

use super::ReadError;
use super::recording::{Format, Lap, Recording, Samples, Session, Sport};
use super::xml::{Parts, Point, Tolerated, finish, local, push_point, xml_problem};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event as Xml};

/// Which text the reader is inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    None,
    Time,
    Latitude,
    Longitude,
    Altitude,
    Distance,
    HeartRate,
    Cadence,
    Speed,
    Watts,
    LapTime,
    LapDistance,
    CreatorName,
}

/// An `<Activity>` as it is read.
#[derive(Debug)]
struct Activity {
    sport: Sport,
    first_sample: usize,
    timer_s: f64,
    distance_m: f64,
    laps: usize,
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.trim().to_owned())
}

/// Reads TCX bytes.
#[allow(clippy::too_many_lines)] // one flat state machine reads better than one split in pieces
pub(crate) fn read(bytes: &[u8]) -> Result<Recording, ReadError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut samples = Samples::default();
    let mut tolerated = Tolerated::default();
    let warnings = Vec::new();
    let mut device: Option<String> = None;
    let mut target = Target::None;
    let mut point: Option<Point> = None;
    let mut activities: Vec<Activity> = Vec::new();
    let mut laps: Vec<Lap> = Vec::new();
    let mut in_lap = false;
    let mut tracks_in_lap = 0_usize;
    let mut in_heart_rate = false;
    let mut in_creator = false;
    let mut trackpoints = 0_usize;
    let mut track_starts: Vec<usize> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_problem(&e, reader.error_position()))?;
        match event {
            Xml::Start(e) => {
                let qname = e.name();
                let name = local(qname.as_ref());
                target = Target::None;
                match name {
                    "Activity" => activities.push(Activity {
                        sport: Sport::from_name(&attribute(&e, "Sport").unwrap_or_default()),
                        first_sample: samples.len(),
                        timer_s: 0.0,
                        distance_m: 0.0,
                        laps: 0,
                    }),
                    "Lap" => {
                        in_lap = true;
                        tracks_in_lap = 0;
                        let start_s = attribute(&e, "StartTime").map(|t| tolerated.time(&t));
                        laps.push(Lap {
                            start_s,
                            elapsed_s: None,
                            timer_s: None,
                            distance_m: None,
                        });
                        if let Some(activity) = activities.last_mut() {
                            activity.laps += 1;
                        }
                    }
                    "Track" => {
                        // Each lap has its own track; a second track in a lap follows a pause.
                        if tracks_in_lap > 0 {
                            track_starts.push(samples.len());
                        }
                        tracks_in_lap += 1;
                    }
                    "Trackpoint" => {
                        trackpoints += 1;
                        point = Some(Point::EMPTY);
                    }
                    "HeartRateBpm" => in_heart_rate = true,
                    "Creator" => in_creator = true,
                    _ if point.is_some() => {
                        target = match name {
                            "Time" => Target::Time,
                            "LatitudeDegrees" => Target::Latitude,
                            "LongitudeDegrees" => Target::Longitude,
                            "AltitudeMeters" => Target::Altitude,
                            "DistanceMeters" => Target::Distance,
                            "Value" if in_heart_rate => Target::HeartRate,
                            "Cadence" | "RunCadence" => Target::Cadence,
                            "Speed" => Target::Speed,
                            "Watts" => Target::Watts,
                            _ => Target::None,
                        };
                    }
                    "TotalTimeSeconds" if in_lap => target = Target::LapTime,
                    "DistanceMeters" if in_lap => target = Target::LapDistance,
                    "Name" if in_creator && device.is_none() => target = Target::CreatorName,
                    _ => {}
                }
            }
            Xml::Empty(e) if local(e.name().as_ref()) == "Trackpoint" => {
                trackpoints += 1;
                tolerated.untimed_points += 1;
            }
            Xml::Text(text) => {
                let text: &str = &text;
                if let Some(p) = point.as_mut() {
                    match target {
                        Target::Time => p.t_s = tolerated.time(text),
                        Target::Latitude => p.lat = tolerated.number(text),
                        Target::Longitude => p.lon = tolerated.number(text),
                        Target::Altitude => p.ele_m = tolerated.number(text),
                        Target::Distance => p.dist_m = tolerated.number(text),
                        Target::HeartRate => p.hr_bpm = tolerated.number(text),
                        Target::Cadence => p.cadence = tolerated.number(text),
                        Target::Speed => p.speed_mps = tolerated.number(text),
                        Target::Watts => p.power_w = tolerated.number(text),
                        _ => {}
                    }
                } else {
                    match target {
                        Target::LapTime => {
                            let v = tolerated.number(text);
                            if let Some(lap) = laps.last_mut() {
                                lap.timer_s = Some(v).filter(|v| v.is_finite());
                            }
                        }
                        Target::LapDistance => {
                            let v = tolerated.number(text);
                            if let Some(lap) = laps.last_mut() {
                                lap.distance_m = Some(v).filter(|v| v.is_finite());
                            }
                        }
                        Target::CreatorName => {
                            let name = text.trim().to_owned();
                            device = (!name.is_empty()).then_some(name);
                        }
                        _ => {}
                    }
                }
            }
            Xml::End(e) => {
                target = Target::None;
                match local(e.name().as_ref()) {
                    "Trackpoint" => {
                        if let Some(p) = point.take() {
                            push_point(&mut samples, &p, &mut tolerated);
                        }
                    }
                    "Lap" => {
                        in_lap = false;
                        if let (Some(activity), Some(lap)) = (activities.last_mut(), laps.last()) {
                            activity.timer_s += lap.timer_s.unwrap_or(0.0);
                            activity.distance_m += lap.distance_m.unwrap_or(0.0);
                        }
                    }
                    "HeartRateBpm" => in_heart_rate = false,
                    "Creator" => in_creator = false,
                    _ => {}
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if trackpoints == 0 {
        return Err(ReadError::NoTrackPoints);
    }
    if samples.is_empty() {
        return Err(ReadError::NoTimestamps);
    }
    let sessions = sessions(&activities, &samples.t_s);
    Ok(finish(Parts {
        format: Format::Tcx,
        device,
        sport: activities.first().map(|a| a.sport.clone()),
        sessions,
        laps,
        breaks: track_starts,
        samples,
        tolerated,
        warnings,
    }))
}

fn sessions(activities: &[Activity], t_s: &[f64]) -> Vec<Session> {
    activities
        .iter()
        .enumerate()
        .filter_map(|(i, activity)| {
            let end = activities.get(i + 1).map_or(t_s.len(), |next| next.first_sample);
            if end <= activity.first_sample {
                return None;
            }
            let first = *t_s.get(activity.first_sample)?;
            let last = *t_s.get(end.checked_sub(1)?)?;
            let has_laps = activity.laps > 0;
            Some(Session {
                sport: activity.sport.clone(),
                sub_sport: None,
                start_s: Some(first),
                elapsed_s: Some(last - first),
                timer_s: has_laps.then_some(activity.timer_s),
                distance_m: has_laps.then_some(activity.distance_m),
                ascent_m: None,
                descent_m: None,
            })
        })
        .filter(|s| s.elapsed_s.is_some_and(|e| e >= 0.0))
        .collect()
}
