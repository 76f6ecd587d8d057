//! Format detection by content (gzip, FIT header, XML root element), not by file name, and the
//! bounded gunzip that runs before it.

use super::ReadError;
use super::recording::Format;
use std::io::Read;

/// The most a gzip stream may inflate to: far above any real run file (a 10-hour FIT is about 5 MB,
/// a GPX about 30 MB), far below what would exhaust memory.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// How far into an XML file the root element is looked for.
const ROOT_SEARCH_BYTES: usize = 64 * 1024;

/// Whether bytes are a gzip stream.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1F, 0x8B])
}

/// Inflates a (possibly multi-member) gzip stream, refusing to grow past `MAX_INFLATED_BYTES`.
pub(crate) fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(64 << 20));
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    let mut limited = decoder.take(MAX_INFLATED_BYTES + 1);
    limited.read_to_end(&mut out).map_err(|e| ReadError::Gzip {
        message: e.to_string().to_lowercase(),
    })?;
    if out.len() as u64 > MAX_INFLATED_BYTES {
        return Err(ReadError::TooLarge {
            limit_mib: MAX_INFLATED_BYTES >> 20,
        });
    }
    Ok(out)
}

/// The format of (already inflated) bytes, by content.
///
/// # Errors
/// [`ReadError::Empty`] or [`ReadError::UnknownFormat`], which names what the bytes look like.
pub(crate) fn detect(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if super::fit::looks_like_fit(bytes) {
        return Ok(Format::Fit);
    }
    if let Some(format) = xml_format(bytes)? {
        return Ok(format);
    }
    let seems = match bytes {
        [0x89, b'P', b'N', b'G', ..] => "a png image",
        [0xFF, 0xD8, 0xFF, ..] => "a jpeg image",
        [b'%', b'P', b'D', b'F', ..] => "a pdf document",
        [b'P', b'K', 3, 4, ..] => "a zip archive: unpack it or give it to a batch run",
        _ if bytes.get(8..12) == Some(b".FIT") => "a fit file with a malformed header",
        _ => "unrecognised content",
    };
    Err(ReadError::UnknownFormat { seems })
}

/// GPX or TCX from the root element of an XML document; `None` if the bytes are not XML.
fn xml_format(bytes: &[u8]) -> Result<Option<Format>, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::UnknownFormat {
            seems: "utf-16 text, which gluteus does not read (save it as utf-8)",
        });
    }
    let text = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .unwrap_or(bytes)
        .trim_ascii_start();
    if !text.starts_with(b"<") {
        return Ok(None);
    }
    let head = &text[..text.len().min(ROOT_SEARCH_BYTES)];
    let mut at = 0;
    while let Some(offset) = head[at..].iter().position(|&b| b == b'<') {
        let start = at + offset + 1;
        match head.get(start) {
            Some(b'?' | b'!') => at = start,
            Some(_) => {
                let name_end = head[start..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                    .map_or(head.len(), |n| start + n);
                let name = &head[start..name_end];
                let name = name.iter().rposition(|&b| b == b':').map_or(name, |i| &name[i + 1..]);
                return match name {
                    b"gpx" => Ok(Some(Format::Gpx)),
                    b"TrainingCenterDatabase" => Ok(Some(Format::Tcx)),
                    _ => Err(ReadError::UnknownFormat {
                        seems: "an xml document that is neither gpx nor tcx",
                    }),
                };
            }
            None => break,
        }
    }
    Err(ReadError::UnknownFormat {
        seems: "xml without a root element",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_xml_roots_behind_bom_whitespace_and_prefixes() {
        let gpx = b"\xEF\xBB\xBF  \n<?xml version=\"1.0\"?>\n<!-- c --><gpx creator=\"x\"></gpx>";
        assert_eq!(detect(gpx).unwrap(), Format::Gpx);
        let tcx = b"<?xml version=\"1.0\"?><ns:TrainingCenterDatabase xmlns:ns=\"x\"/>";
        assert_eq!(detect(tcx).unwrap(), Format::Tcx);
    }

    #[test]
    fn names_what_unknown_bytes_look_like() {
        let png = b"\x89PNG\r\n\x1a\n0000000000";
        assert!(matches!(
            detect(png),
            Err(ReadError::UnknownFormat { seems: "a png image" })
        ));
        assert!(matches!(detect(b"<kml></kml>"), Err(ReadError::UnknownFormat { .. })));
        assert!(matches!(detect(b""), Err(ReadError::Empty)));
        assert!(matches!(detect(b" \n"), Err(ReadError::Empty)));
    }

    #[test]
    fn refuses_a_gzip_bomb() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0_u8; 1 << 20];
        for _ in 0..=(MAX_INFLATED_BYTES >> 20) {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 1 << 20);
        assert!(matches!(gunzip(&bomb), Err(ReadError::TooLarge { .. })));
    }
}
