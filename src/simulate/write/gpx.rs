//! GPX 1.1 with the Garmin TrackPointExtension (v1: `hr`, `cad` in strides per minute, `atemp`),
//! as a Garmin or Strava export writes it. A timer pause starts a new `<trkseg>`.

use crate::simulate::Simulation;
use crate::time::format_rfc3339;
use std::fmt::Write as _;

/// Escapes text for XML character data and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Encodes a simulated run as GPX 1.1.
pub(crate) fn encode(run: &Simulation) -> Vec<u8> {
    #[allow(clippy::cast_precision_loss)]
    let start = run.options.start_unix_s as f64;
    let name = escape(&run.course.name);
    let mut out = String::with_capacity(300 + run.samples.len() * 330);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(concat!(
        "<gpx version=\"1.1\" creator=\"gluteus simulate\" xmlns=\"http://www.topografix.com/GPX/1/1\"",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"",
        " xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd\">\n"
    ));
    let _ = writeln!(
        out,
        " <metadata>\n  <name>{name}</name>\n  <time>{}</time>\n </metadata>",
        format_rfc3339(start)
    );
    let _ = writeln!(out, " <trk>\n  <name>{name}</name>\n  <type>running</type>\n  <trkseg>");
    let mut previous: Option<f64> = None;
    for s in &run.samples {
        if previous.is_some_and(|p| run.events.iter().any(|&(t, started)| !started && t >= p && t < s.t_s)) {
            out.push_str("  </trkseg>\n  <trkseg>\n");
        }
        previous = Some(s.t_s);
        let _ = write!(
            out,
            "   <trkpt lat=\"{:.7}\" lon=\"{:.7}\"><ele>{:.2}</ele><time>{}</time>",
            s.lat,
            s.lon,
            s.ele_m,
            format_rfc3339(start + s.t_s)
        );
        let _ = writeln!(
            out,
            "<extensions><gpxtpx:TrackPointExtension><gpxtpx:atemp>{:.0}</gpxtpx:atemp><gpxtpx:hr>{:.0}</gpxtpx:hr>\
             <gpxtpx:cad>{:.0}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>",
            s.temp_c,
            s.hr_bpm,
            (s.cadence_spm / 2.0).round()
        );
    }
    out.push_str("  </trkseg>\n </trk>\n</gpx>\n");
    out.into_bytes()
}
