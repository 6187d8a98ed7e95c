//! A minimal ZIP writer (stored entries, no compression) for the page's "Download all".
//! Stands in for the `zip` crate's writer, which with its CRC and deflate dependencies
//! would add tens of kilobytes to the builder module for what is 120 lines here;
//! tests/zip.rs reads every archive this writes back with the `zip` crate.
//! framework.js files are small and the browser compresses the download anyway; storing
//! keeps the module small and the archive byte-identical for the same workspace (every
//! entry is dated 1980-01-01, the earliest time ZIP can express).

/// CRC-32 (IEEE 802.3, as ZIP uses it), table built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |c, &b| {
        CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// DOS date for 1980-01-01 (day 1, month 1, year 0); time 00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
/// General purpose flag bit 11: names are UTF-8.
const UTF8_NAMES: u16 = 1 << 11;

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// An archive of `(name, contents)` entries, in the order given. Any number of entries;
/// entries and the archive must stay under 4 GiB (ZIP64 is written for the count alone): a
/// workspace's files are kilobytes.
pub fn store(files: &[(String, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let (size, name_len) = (data.len() as u32, name.len() as u16);
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20); // version needed: 2.0
        u16le(&mut out, UTF8_NAMES);
        u16le(&mut out, 0); // stored
        u16le(&mut out, 0); // time
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        u16le(&mut out, name_len);
        u16le(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory entry.
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20); // made by: 2.0, MS-DOS attributes
        u16le(&mut central, 20);
        u16le(&mut central, UTF8_NAMES);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, DOS_DATE);
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name_len);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk number
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    // The end record counts entries in 16 bits: past 65,535 of them it says "see ZIP64"
    // (0xFFFF), and a ZIP64 end record and its locator, written only then, give the count.
    let count = files.len();
    if count > 0xFFFF {
        let zip64_offset = out.len() as u64;
        u32le(&mut out, 0x0606_4b50);
        out.extend_from_slice(&44u64.to_le_bytes()); // the record's size after this field
        u16le(&mut out, 45); // made by: 4.5, ZIP64
        u16le(&mut out, 45); // version needed
        u32le(&mut out, 0); // this disk
        u32le(&mut out, 0); // the central directory's disk
        out.extend_from_slice(&(count as u64).to_le_bytes());
        out.extend_from_slice(&(count as u64).to_le_bytes());
        out.extend_from_slice(&u64::from(central_size).to_le_bytes());
        out.extend_from_slice(&u64::from(central_offset).to_le_bytes());
        u32le(&mut out, 0x0706_4b50);
        u32le(&mut out, 0); // the ZIP64 end record's disk
        out.extend_from_slice(&zip64_offset.to_le_bytes());
        u32le(&mut out, 1); // disks in all
    }
    let count16 = count.min(0xFFFF) as u16;
    // End of central directory.
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, count16);
    u16le(&mut out, count16);
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        // The CRC-32 catalogue's check value for "123456789".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn archive_ends_with_a_directory_naming_every_entry() {
        let z = store(&[
            ("a/framework.js".into(), b"x"),
            ("a/CHECKLIST.md".into(), b""),
        ]);
        let eocd = &z[z.len() - 22..];
        assert_eq!(&eocd[..4], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([eocd[10], eocd[11]]), 2);
    }
}
