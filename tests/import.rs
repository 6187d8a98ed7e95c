//! `framesmith import` reads whatever file an admin hands it without panicking: arbitrary
//! text, and every truncation and corruption of a real hand-edited framework.js.

use framesmith::import::framework_js;
use proptest::prelude::*;

const HAND_EDITED: &str = include_str!("fixtures/import/hand-edited.js");

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let _ = framework_js(&s);
    }

    #[test]
    fn corrupted_real_files_never_panic(cut in 0..HAND_EDITED.len(), insert in "[\\\\/'\"`{}()\\[\\],:*é😀\\n]{0,4}") {
        let mut s: String = HAND_EDITED.char_indices().take_while(|(i, _)| *i < cut).map(|(_, c)| c).collect();
        s.push_str(&insert);
        s.push_str(&HAND_EDITED[HAND_EDITED.len().min(cut + 7).max(s.len().min(HAND_EDITED.len()))..].chars().collect::<String>());
        let imported = framework_js(&s);
        // Every finding points into the file.
        for d in &imported.diagnostics {
            prop_assert!(d.line.is_some_and(|l| l as usize <= s.lines().count().max(1)));
        }
    }
}

#[test]
fn regex_after_a_backslash_and_a_multibyte_character() {
    let _ = framework_js("x = /\\é/; window.Framework = { config: { name: 'a' } };");
}
