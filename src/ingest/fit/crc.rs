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
pub fn crc16(crc: u16, bytes: &[u8]) -> u16 {
    // Four independent streams over four quarters keep more table lookups in flight than one
    // dependency chain allows; their CRCs are then joined (CRC-16/ARC is linear: no final XOR).
    let quarter = bytes.len() / 64 * 16;
    if quarter < 256 {
        return crc16_serial(crc, bytes);
    }
    let (a, rest) = bytes.split_at(quarter);
    let (b, rest) = rest.split_at(quarter);
    let (c, rest) = rest.split_at(quarter);
    let (d, tail) = rest.split_at(quarter);
    let mut state = [crc, 0, 0, 0];
    for (((x, y), z), w) in a
        .chunks_exact(16)
        .zip(b.chunks_exact(16))
        .zip(c.chunks_exact(16))
        .zip(d.chunks_exact(16))
    {
        state[0] = step16(state[0], x);
        state[1] = step16(state[1], y);
        state[2] = step16(state[2], z);
        state[3] = step16(state[3], w);
    }
    let shift = power_of_x(8 * quarter);
    let mut joined = state[0];
    for &next in &state[1..] {
        joined = multiply(joined, shift) ^ next;
    }
    crc16_serial(joined, tail)
}

/// One slice-by-16 step over sixteen bytes.
// Inlined into the four-stream loop, where it is the whole cost; measured by `cargo bench -- crc`.
#[allow(clippy::inline_always)]
#[inline(always)]
fn step16(crc: u16, chunk: &[u8]) -> u16 {
    let Ok(&chunk): Result<&[u8; 16], _> = chunk.try_into() else {
        return crc16_bytewise(crc, chunk);
    };
    let mut bytes = chunk;
    let [low, high] = (crc ^ u16::from_le_bytes([chunk[0], chunk[1]])).to_le_bytes();
    bytes[0] = low;
    bytes[1] = high;
    // Byte `i` goes through table `15 - i`; pairs are combined as a tree, not a chain.
    let mut pairs = [0_u16; 8];
    for (i, pair) in pairs.iter_mut().enumerate() {
        *pair = TABLES[15 - 2 * i][usize::from(bytes[2 * i])] ^ TABLES[14 - 2 * i][usize::from(bytes[2 * i + 1])];
    }
    ((pairs[0] ^ pairs[1]) ^ (pairs[2] ^ pairs[3])) ^ ((pairs[4] ^ pairs[5]) ^ (pairs[6] ^ pairs[7]))
}

/// Slice-by-16 over one stream.
fn crc16_serial(mut crc: u16, bytes: &[u8]) -> u16 {
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        crc = step16(crc, chunk);
    }
    crc16_bytewise(crc, chunks.remainder())
}

/// One byte at a time.
fn crc16_bytewise(mut crc: u16, bytes: &[u8]) -> u16 {
    for &byte in bytes {
        crc = (crc >> 8) ^ TABLES[0][usize::from((crc ^ u16::from(byte)) & 0xFF)];
    }
    crc
}

/// `a * b mod P` for polynomials in the CRC's reflected bit order (bit 15 is `x^0`).
fn multiply(a: u16, mut b: u16) -> u16 {
    let mut product = 0;
    let mut bit = 0x8000_u16;
    while bit != 0 {
        if a & bit != 0 {
            product ^= b;
        }
        b = if b & 1 == 1 { (b >> 1) ^ 0xA001 } else { b >> 1 };
        bit >>= 1;
    }
    product
}

/// `x^n mod P`, reflected: multiplying a CRC by it appends `n / 8` zero bytes.
fn power_of_x(mut n: usize) -> u16 {
    let mut result = 0x8000; // x^0
    let mut square = 0x4000; // x^1
    while n != 0 {
        if n & 1 == 1 {
            result = multiply(result, square);
        }
        square = multiply(square, square);
        n >>= 1;
    }
    result
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
        let bytes: Vec<u8> = (0..1400_u32)
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
