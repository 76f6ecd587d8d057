//! Test helpers: where the shared real samples are, and a small FIT writer for inputs that no real
//! file has (big-endian, developer power, lying headers).

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/samples/real` beside the repository, or `None` on a fresh clone. Tests that need it
/// carry `#[cfg_attr(not(shared_samples), ignore = "…")]` (build.rs sets the cfg), so that the test
/// summary shows them as ignored, with the reason, where the samples are absent.
pub fn real_samples() -> Option<PathBuf> {
    let dir = root().join("../shared/samples/real");
    dir.is_dir().then_some(dir)
}

/// Files of one folder of the real samples with one of the extensions, sorted.
pub fn real_files(sub: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let Some(dir) = real_samples() else { return Vec::new() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            extensions.contains(&ext.as_str())
        })
        .collect();
    files.sort();
    files
}

/// FIT CRC-16, bit by bit (independent of the crate's sliced one).
pub fn crc16(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in bytes {
        crc ^= u16::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xA001 } else { crc >> 1 };
        }
    }
    crc
}

/// Builds FIT files message by message.
pub struct FitWriter {
    data: Vec<u8>,
    big_endian: bool,
}

/// A field definition: (number, size, base type).
pub type FieldDef = (u8, u8, u8);

impl FitWriter {
    pub fn new(big_endian: bool) -> Self {
        FitWriter {
            data: Vec::new(),
            big_endian,
        }
    }

    /// A definition message; `dev` are developer fields (number, size, developer index).
    pub fn define(&mut self, local: u8, global: u16, fields: &[FieldDef], dev: &[FieldDef]) -> &mut Self {
        let header = 0x40 | local | if dev.is_empty() { 0 } else { 0x20 };
        self.data.push(header);
        self.data.push(0);
        self.data.push(u8::from(self.big_endian));
        let global = if self.big_endian {
            global.to_be_bytes()
        } else {
            global.to_le_bytes()
        };
        self.data.extend_from_slice(&global);
        self.data.push(u8::try_from(fields.len()).unwrap());
        for f in fields {
            self.data.extend_from_slice(&[f.0, f.1, f.2]);
        }
        if !dev.is_empty() {
            self.data.push(u8::try_from(dev.len()).unwrap());
            for f in dev {
                self.data.extend_from_slice(&[f.0, f.1, f.2]);
            }
        }
        self
    }

    /// A data message with a normal header.
    pub fn data(&mut self, local: u8, body: &[u8]) -> &mut Self {
        self.data.push(local & 0x0F);
        self.data.extend_from_slice(body);
        self
    }

    /// A data message with a compressed-timestamp header.
    pub fn compressed(&mut self, local: u8, time_offset: u8, body: &[u8]) -> &mut Self {
        self.data.push(0x80 | ((local & 0x03) << 5) | (time_offset & 0x1F));
        self.data.extend_from_slice(body);
        self
    }

    /// Raw bytes appended as they are (to damage a file on purpose).
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.data.extend_from_slice(bytes);
        self
    }

    /// Starts a message body in this writer's byte order.
    pub fn body(&self) -> Body {
        Body {
            bytes: Vec::new(),
            big_endian: self.big_endian,
        }
    }

    /// The whole file: a header (12 or 14 bytes), the data, the CRC.
    pub fn finish(&self, header_size: u8) -> Vec<u8> {
        let mut out = vec![header_size, 0x20];
        out.extend_from_slice(&2132_u16.to_le_bytes());
        out.extend_from_slice(&u32::try_from(self.data.len()).unwrap().to_le_bytes());
        out.extend_from_slice(b".FIT");
        if header_size == 14 {
            let crc = crc16(&out);
            out.extend_from_slice(&crc.to_le_bytes());
        }
        out.extend_from_slice(&self.data);
        let crc = crc16(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }
}

/// A message body under construction.
pub struct Body {
    bytes: Vec<u8>,
    big_endian: bool,
}

impl Body {
    pub fn u8(mut self, v: u8) -> Self {
        self.bytes.push(v);
        self
    }
    pub fn i8(self, v: i8) -> Self {
        self.u8(v.to_le_bytes()[0])
    }
    pub fn u16(mut self, v: u16) -> Self {
        let b = if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes.extend_from_slice(&b);
        self
    }
    pub fn u32(mut self, v: u32) -> Self {
        let b = if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes.extend_from_slice(&b);
        self
    }
    pub fn i32(mut self, v: i32) -> Self {
        let b = if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes.extend_from_slice(&b);
        self
    }
    pub fn bytes(mut self, v: &[u8]) -> Self {
        self.bytes.extend_from_slice(v);
        self
    }
    pub fn done(self) -> Vec<u8> {
        self.bytes
    }
}

/// FIT base types.
pub mod base {
    pub const ENUM: u8 = 0x00;
    pub const SINT8: u8 = 0x01;
    pub const UINT8: u8 = 0x02;
    pub const UINT16: u8 = 0x84;
    pub const SINT32: u8 = 0x85;
    pub const UINT32: u8 = 0x86;
    pub const STRING: u8 = 0x07;
}

/// A fresh directory under the target directory for one test.
pub fn tempdir(name: &str) -> PathBuf {
    let dir = root()
        .join("target")
        .join("test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The analysis of a recording already in memory (no content hash: it is empty).
pub fn analyze(
    name: &str,
    recording: &gluteus::Recording,
    options: &gluteus::Options,
) -> Result<gluteus::Analysis, gluteus::Error> {
    analyze_with(name, recording, options, Vec::new())
}

/// [`analyze`] with the surface ranges of a run's surface file.
pub fn analyze_with(
    name: &str,
    recording: &gluteus::Recording,
    options: &gluteus::Options,
    ranges: Vec<gluteus::surface::OverrideRange>,
) -> Result<gluteus::Analysis, gluteus::Error> {
    gluteus::pipeline::analyze_recording(name, recording, String::new(), options, ranges)
}

/// A recording of these samples as a GPX without sessions, sport or events would give.
pub fn bare_gpx_recording(samples: gluteus::ingest::Samples) -> gluteus::Recording {
    use gluteus::ingest::{Altimeter, Clock, Format, TimerEvents};
    gluteus::Recording {
        format: Format::Gpx,
        compressed: false,
        device: None,
        clock: Clock::Utc,
        utc_offset_s: None,
        sport: None,
        sessions: Vec::new(),
        laps: Vec::new(),
        events: Vec::new(),
        timer_events: TimerEvents::TrackBreaks,
        altimeter: Altimeter::Unknown,
        body_mass_kg: None,
        samples,
        crc: None,
        warnings: Vec::new(),
    }
}

/// Runs the binary from the repository root.
pub fn gluteus(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Chromium on the PATH, if any.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("chromium"), dir.join("chromium-browser")])
        .find(|p| p.is_file())
}

/// Headless chromium with a fresh profile: (exit code, stdout).
pub fn chrome(exe: &Path, profile: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The share of a PNG's pixels that are not white (a screenshot that is not blank).
pub fn not_white(png_bytes: &[u8]) -> f64 {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.line_size / info.width as usize;
    let white = buf.chunks(channels).filter(|p| p[..3] == [255, 255, 255]).count();
    #[allow(clippy::cast_precision_loss)]
    let share = 1.0 - white as f64 / f64::from(info.width * info.height);
    share
}
