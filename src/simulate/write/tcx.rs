//! TCX (Garmin Training Center XML v2): one `<Lap>` per leg with its totals, trackpoints with
//! position, altitude, distance, heart rate, and the ActivityExtension `Speed` and `RunCadence`
//! (strides per minute). A timer pause starts a new `<Track>` inside the lap.

use super::gpx::escape;
use crate::simulate::Simulation;
use crate::time::format_rfc3339;
use std::fmt::Write as _;

/// Encodes a simulated run as TCX.
pub(crate) fn encode(run: &Simulation) -> Vec<u8> {
    #[allow(clippy::cast_precision_loss)]
    let start = run.options.start_unix_s as f64;
    let mut out = String::with_capacity(600 + run.samples.len() * 420);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(concat!(
        "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"",
        " xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    ));
    let _ = writeln!(
        out,
        " <Activities>\n  <Activity Sport=\"Running\">\n   <Id>{}</Id>",
        format_rfc3339(start)
    );
    let mut samples = run.samples.iter().peekable();
    for (i, lap) in run.laps.iter().enumerate() {
        let last_lap = i + 1 == run.laps.len();
        let hr: Vec<f64> = run
            .samples
            .iter()
            .filter(|s| s.t_s >= lap.start_s && (s.t_s < lap.end_s || last_lap))
            .map(|s| s.hr_bpm)
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let mean_hr = hr.iter().sum::<f64>() / hr.len().max(1) as f64;
        let max_hr = hr.iter().copied().fold(0.0, f64::max);
        let _ = writeln!(
            out,
            "   <Lap StartTime=\"{}\">\n    <TotalTimeSeconds>{:.1}</TotalTimeSeconds>\n    <DistanceMeters>{:.2}</DistanceMeters>\n    \
             <Calories>0</Calories>\n    <AverageHeartRateBpm><Value>{mean_hr:.0}</Value></AverageHeartRateBpm>\n    \
             <MaximumHeartRateBpm><Value>{max_hr:.0}</Value></MaximumHeartRateBpm>\n    <Intensity>Active</Intensity>\n    \
             <TriggerMethod>Manual</TriggerMethod>\n    <Track>",
            format_rfc3339(start + lap.start_s),
            lap.timer_s,
            lap.distance_m
        );
        let mut previous: Option<f64> = None;
        while let Some(s) = samples.next_if(|s| s.t_s < lap.end_s || last_lap) {
            if previous.is_some_and(|p| run.events.iter().any(|&(t, started)| !started && t >= p && t < s.t_s)) {
                out.push_str("    </Track>\n    <Track>\n");
            }
            previous = Some(s.t_s);
            let _ = writeln!(
                out,
                "     <Trackpoint><Time>{}</Time><Position><LatitudeDegrees>{:.7}</LatitudeDegrees>\
                 <LongitudeDegrees>{:.7}</LongitudeDegrees></Position><AltitudeMeters>{:.2}</AltitudeMeters>\
                 <DistanceMeters>{:.2}</DistanceMeters><HeartRateBpm><Value>{:.0}</Value></HeartRateBpm>\
                 <Extensions><ns3:TPX><ns3:Speed>{:.3}</ns3:Speed><ns3:RunCadence>{:.0}</ns3:RunCadence></ns3:TPX>\
                 </Extensions></Trackpoint>",
                format_rfc3339(start + s.t_s),
                s.lat,
                s.lon,
                s.ele_m,
                s.dist_m,
                s.hr_bpm,
                s.speed_mps,
                (s.cadence_spm / 2.0).round()
            );
        }
        out.push_str("    </Track>\n   </Lap>\n");
    }
    let _ = writeln!(
        out,
        "   <Creator xsi:type=\"Device_t\"><Name>gluteus {}</Name></Creator>\n  </Activity>\n </Activities>\n</TrainingCenterDatabase>",
        escape(run.options.device.name())
    );
    out.into_bytes()
}
