//! The FIT CRC-16 (CRC-16/ARC: reflected polynomial 0xA001, initial value 0), table-driven and
//! sliced sixteen bytes at a time, so that checking a file's CRC costs far less than decoding it.

/// The sixteen 256-entry tables of the slice-by-16 algorithm, built at compile time.
const TABLES: [[u16; 256]; 16] = build_tables();

const fn build_tables() -> [[u16; 256]; 16] {
    let mut tables = [[0_u16; 256]; 16];
    let mut i = 0;
    while i < 256 {
        // `i < 256`, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let mut crc = i as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xA001 } else { crc >> 1 };
            bit += 1;
        }
        tables[0][i] = crc;
        i += 1;
    }
    let mut slice = 1;
    while slice < 16 {
        let mut i = 0;
        while i < 256 {
            let previous = tables[slice - 1][i];
            tables[slice][i] = (previous >> 8) ^ tables[0][(previous & 0xFF) as usize];
            i += 1;
        }
        slice += 1;
    }
    tables
}

/// Continues a FIT CRC over `bytes`, starting from `crc` (0 for a fresh checksum).
///
/// # Examples
/// ```
/// use gluteus::ingest::fit::crc16;
/// // The CRC-16/ARC check value of the ASCII digits 1 to 9.
/// assert_eq!(crc16(0, b"123456789"), 0xBB3D);
/// ```
pub fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        let low = crc ^ u16::from_le_bytes([chunk[0], chunk[1]]);
        let mut next = TABLES[15][usize::from(low & 0xFF)] ^ TABLES[14][usize::from(low >> 8)];
        for (i, &byte) in chunk[2..].iter().enumerate() {
            next ^= TABLES[13 - i][usize::from(byte)];
        }
        crc = next;
    }
    for &byte in chunks.remainder() {
        crc = (crc >> 8) ^ TABLES[0][usize::from((crc ^ u16::from(byte)) & 0xFF)];
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::crc16;

    /// The nibble-table algorithm of the FIT SDK, as the reference.
    fn crc16_sdk(mut crc: u16, bytes: &[u8]) -> u16 {
        const TABLE: [u16; 16] = [
            0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401, 0x5000,
            0x9C01, 0x8801, 0x4400,
        ];
        for &byte in bytes {
            let tmp = TABLE[usize::from(crc & 0xF)];
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from(byte & 0xF)];
            let tmp = TABLE[usize::from(crc & 0xF)];
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from(byte >> 4)];
        }
        crc
    }

    #[test]
    #[allow(clippy::cast_possible_truncation)]
    fn sliced_crc_equals_the_sdk_nibble_algorithm_for_every_length_and_start() {
        let bytes: Vec<u8> = (0..300_u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in 0..bytes.len() {
            for start in [0_u16, 0x1234, 0xFFFF] {
                assert_eq!(
                    crc16(start, &bytes[..len]),
                    crc16_sdk(start, &bytes[..len]),
                    "len {len}"
                );
            }
        }
    }

    #[test]
    fn crc_of_data_followed_by_its_crc_is_zero() {
        let data = b"gluteus fit crc";
        let crc = crc16(0, data);
        let mut whole = data.to_vec();
        whole.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(crc16(0, &whole), 0);
    }
}
