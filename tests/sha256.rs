//! framesmith's SHA-256 (src/standin/sha256.rs) against the sha2 crate on generated input of every
//! length around the block and padding boundaries.

use proptest::prelude::*;
use sha2::{Digest, Sha256};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matches_sha2(data in prop::collection::vec(any::<u8>(), 0..300)) {
        let want: [u8; 32] = Sha256::digest(&data).into();
        prop_assert_eq!(framesmith::standin::sha256::digest(&data), want);
    }
}

#[test]
fn every_length_across_two_blocks() {
    let data: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
    for n in 0..data.len() {
        let want: [u8; 32] = Sha256::digest(&data[..n]).into();
        assert_eq!(
            framesmith::standin::sha256::digest(&data[..n]),
            want,
            "length {n}"
        );
    }
}
