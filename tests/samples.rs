//! The bundled samples in `samples/` are exactly what this generator writes: a synthetic, noise-free
//! 5 km run on a rolling course, as FIT, GPX and gzipped TCX. `GLUTEUS_BLESS=1 cargo test samples`
//! rewrites them; otherwise the test fails if a committed sample differs from its generator.

use crate::util::{FitWriter, base, root, semicircles};
use std::fmt::Write as _;
use std::io::Write as _;

/// 2026-01-05T07:00:00Z.
const START_UNIX: u32 = 1_767_596_400;
const FIT_EPOCH: u32 = 631_065_600;
const LAT0: f64 = 46.5191;
const LON0: f64 = 6.5668;
const DISTANCE_M: f64 = 5000.0;

pub struct Point {
    pub t: u32,
    pub lat: f64,
    pub lon: f64,
    pub ele: f64,
    pub dist: f64,
    pub speed: f64,
    pub hr: u8,
    pub cadence_strides: f64,
}

/// One sample a second along a circle of 5 km with two 12 m hills; pace slows on the climbs.
pub fn course() -> Vec<Point> {
    let radius = DISTANCE_M / std::f64::consts::TAU;
    let metres_per_degree = 6_371_000.0 * std::f64::consts::PI / 180.0;
    let elevation = |d: f64| 420.0 + 12.0 * (std::f64::consts::TAU * d / 2500.0).sin();
    let mut points = Vec::new();
    let (mut t, mut d) = (0_u32, 0.0_f64);
    loop {
        let grade = (elevation(d + 1.0) - elevation(d)) / 1.0;
        let speed = 3.0 - 6.0 * grade;
        let theta = d / radius;
        let lat = LAT0 + radius * theta.sin() / metres_per_degree;
        let lon = LON0 + radius * (1.0 - theta.cos()) / (metres_per_degree * LAT0.to_radians().cos());
        let effort = 95.0 + 50.0 * (1.0 - (-f64::from(t) / 90.0).exp()) + 250.0 * grade;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let hr = effort.round().clamp(60.0, 200.0) as u8;
        points.push(Point {
            t,
            lat,
            lon,
            ele: elevation(d),
            dist: d,
            speed,
            hr,
            cadence_strides: 84.0 + 2.0 * (speed - 3.0),
        });
        if d >= DISTANCE_M {
            break;
        }
        d = (d + speed).min(DISTANCE_M);
        t += 1;
    }
    points
}

fn ascent(points: &[Point]) -> (u16, u16) {
    let (mut up, mut down) = (0.0, 0.0);
    for w in points.windows(2) {
        let delta = w[1].ele - w[0].ele;
        if delta > 0.0 { up += delta } else { down -= delta }
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (up.round() as u16, down.round() as u16)
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn fit(points: &[Point]) -> Vec<u8> {
    let mut w = FitWriter::new(false);
    let ts = |t: u32| START_UNIX - FIT_EPOCH + t;
    let last = points.last().unwrap();
    w.define(
        0,
        0,
        &[
            (0, 1, base::ENUM),
            (1, 2, base::UINT16),
            (2, 2, base::UINT16),
            (3, 4, base::UINT32Z),
            (4, 4, base::UINT32),
        ],
        &[],
    );
    let body = w.body().u8(4).u16(255).u16(1).u32(20_260_105).u32(ts(0)).done();
    w.data(0, &body);
    w.define(
        1,
        21,
        &[(253, 4, base::UINT32), (0, 1, base::ENUM), (1, 1, base::ENUM)],
        &[],
    );
    let body = w.body().u32(ts(0)).u8(0).u8(0).done();
    w.data(1, &body);
    let record = [
        (253, 4, base::UINT32),
        (0, 4, base::SINT32),
        (1, 4, base::SINT32),
        (78, 4, base::UINT32),
        (5, 4, base::UINT32),
        (73, 4, base::UINT32),
        (3, 1, base::UINT8),
        (4, 1, base::UINT8),
        (53, 1, base::UINT8),
    ];
    w.define(2, 20, &record, &[]);
    for p in points {
        let cadence = p.cadence_strides.floor();
        let body = w
            .body()
            .u32(ts(p.t))
            .i32(semicircles(p.lat))
            .i32(semicircles(p.lon))
            .u32(((p.ele + 500.0) * 5.0).round() as u32)
            .u32((p.dist * 100.0).round() as u32)
            .u32((p.speed * 1000.0).round() as u32)
            .u8(p.hr)
            .u8(cadence as u8)
            .u8(((p.cadence_strides - cadence) * 128.0).round() as u8)
            .done();
        w.data(2, &body);
    }
    let body = w.body().u32(ts(last.t)).u8(0).u8(4).done();
    w.data(1, &body);
    let totals = [
        (253, 4, base::UINT32),
        (2, 4, base::UINT32),
        (7, 4, base::UINT32),
        (8, 4, base::UINT32),
        (9, 4, base::UINT32),
    ];
    w.define(3, 19, &totals, &[]);
    let millis = last.t * 1000;
    let centimetres = (last.dist * 100.0).round() as u32;
    let body = w
        .body()
        .u32(ts(last.t))
        .u32(ts(0))
        .u32(millis)
        .u32(millis)
        .u32(centimetres)
        .done();
    w.data(3, &body);
    let mut session = totals.to_vec();
    session.extend([
        (5, 1, base::ENUM),
        (6, 1, base::ENUM),
        (22, 2, base::UINT16),
        (23, 2, base::UINT16),
    ]);
    w.define(4, 18, &session, &[]);
    let (up, down) = ascent(points);
    let body = w
        .body()
        .u32(ts(last.t))
        .u32(ts(0))
        .u32(millis)
        .u32(millis)
        .u32(centimetres)
        .u8(1)
        .u8(0)
        .u16(up)
        .u16(down)
        .done();
    w.data(4, &body);
    w.define(
        5,
        34,
        &[
            (253, 4, base::UINT32),
            (0, 4, base::UINT32),
            (1, 2, base::UINT16),
            (5, 4, base::UINT32),
        ],
        &[],
    );
    let body = w
        .body()
        .u32(ts(last.t))
        .u32(millis)
        .u16(1)
        .u32(ts(last.t) + 3600)
        .done();
    w.data(5, &body);
    w.finish(14)
}

fn iso(t: u32) -> String {
    gluteus::time::format_rfc3339(f64::from(START_UNIX + t))
}

pub fn gpx(points: &[Point]) -> Vec<u8> {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gpx version=\"1.1\" creator=\"gluteus sample generator\" xmlns=\"http://www.topografix.com/GPX/1/1\" ",
        "xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n",
        " <trk><name>easy 5k</name><type>running</type><trkseg>\n"
    ));
    for p in points {
        let _ = writeln!(
            s,
            "  <trkpt lat=\"{:.7}\" lon=\"{:.7}\"><ele>{:.1}</ele><time>{}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>{:.0}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>",
            p.lat,
            p.lon,
            p.ele,
            iso(p.t),
            p.hr,
            p.cadence_strides
        );
    }
    s.push_str(" </trkseg></trk>\n</gpx>\n");
    s.into_bytes()
}

pub fn tcx(points: &[Point]) -> Vec<u8> {
    let last = points.last().unwrap();
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" ",
        "xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n <Activities>\n  <Activity Sport=\"Running\">\n"
    ));
    let _ = writeln!(s, "   <Id>{}</Id>\n   <Lap StartTime=\"{}\">", iso(0), iso(0));
    let _ = writeln!(
        s,
        "    <TotalTimeSeconds>{}</TotalTimeSeconds><DistanceMeters>{:.1}</DistanceMeters>\n    <Track>",
        last.t, last.dist
    );
    for p in points {
        let _ = writeln!(
            s,
            "     <Trackpoint><Time>{}</Time><Position><LatitudeDegrees>{:.7}</LatitudeDegrees><LongitudeDegrees>{:.7}</LongitudeDegrees></Position><AltitudeMeters>{:.1}</AltitudeMeters><DistanceMeters>{:.1}</DistanceMeters><HeartRateBpm><Value>{}</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:RunCadence>{:.0}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>",
            iso(p.t),
            p.lat,
            p.lon,
            p.ele,
            p.dist,
            p.hr,
            p.cadence_strides
        );
    }
    s.push_str("    </Track>\n   </Lap>\n   <Creator><Name>gluteus sample generator</Name></Creator>\n  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
    s.into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // No file name and mtime 0 in the header, so the output is the same on every machine.
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn bundled_samples_are_what_the_generator_writes() {
    let points = course();
    let expected = [
        ("easy-5k.fit", fit(&points)),
        ("easy-5k.gpx", gpx(&points)),
        ("easy-5k.tcx.gz", gzip(&tcx(&points))),
    ];
    let bless = std::env::var_os("GLUTEUS_BLESS").is_some();
    for (name, bytes) in expected {
        let path = root().join("samples").join(name);
        if bless {
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == bytes,
            "samples/{name} differs from its generator: run GLUTEUS_BLESS=1 cargo test samples"
        );
    }
}
