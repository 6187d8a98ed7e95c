//! The archives of src/standin/zip.rs (the page's "Download all", `build_zip`) read back by
//! the `zip` crate, the writer's twin: every name, every byte, empty files, names in any
//! script, any number of entries (past the 65,535 of ZIP's 16-bit count too).

use std::io::{Cursor, Read};

use framesmith::standin::zip::store;
use proptest::prelude::*;

/// Every entry of `archive`, as the `zip` crate reads it, in order.
fn read_back(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(archive)).expect("the zip crate opens it");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("each entry opens");
            let mut data = Vec::new();
            f.read_to_end(&mut data)
                .expect("each entry reads, its CRC checked");
            (f.name().expect("each name reads").to_string(), data)
        })
        .collect()
}

fn round_trip(files: &[(String, Vec<u8>)]) {
    let given: Vec<(String, &[u8])> = files.iter().map(|(n, d)| (n.clone(), &d[..])).collect();
    assert_eq!(read_back(&store(&given)), files);
}

#[test]
fn names_in_any_script_and_empty_files_read_back() {
    round_trip(&[
        (
            "acme-crm/framework.js".into(),
            b"window.Framework = {};".to_vec(),
        ),
        ("acme-crm/CHECKLIST.md".into(), Vec::new()),
        ("dublin-support-équipe/framework.js".into(), b"x".to_vec()),
        ("東京/framework.js".into(), vec![0, 255, 10, 13]),
        ("emoji-🎧/framesmith-host.js".into(), vec![b'a'; 70_000]),
    ]);
    round_trip(&[]);
}

#[test]
fn more_entries_than_a_16_bit_count_read_back() {
    // 65,536 entries: ZIP's end record cannot count them, so ZIP64's must.
    let files: Vec<(String, Vec<u8>)> = (0..65_536u32)
        .map(|i| (format!("d{i}/framework.js"), i.to_le_bytes().to_vec()))
        .collect();
    round_trip(&files);
}

#[test]
fn the_page_archive_reads_back_as_build_writes_it() {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let checked = framesmith::check_source(&text, framesmith::Format::Toml).unwrap();
    let runtime = framesmith::render::carried::CARRIED;
    let archive = framesmith::build_zip(&checked, runtime).unwrap();
    let rendered = framesmith::build(&checked, runtime).unwrap();
    let entries = read_back(&archive);
    for r in &rendered {
        let js = format!("{}/framework.js", r.slug);
        let found = entries
            .iter()
            .find(|(n, _)| *n == js)
            .expect("framework.js is there");
        assert_eq!(found.1, r.framework_js.as_bytes());
    }
}

proptest! {
    // Names are unique, as `build` makes them (two deployments never share a folder).
    #[test]
    fn any_files_read_back(files in prop::collection::btree_map("[a-zé東/._-]{1,20}", prop::collection::vec(any::<u8>(), 0..300), 0..20)) {
        round_trip(&files.into_iter().collect::<Vec<_>>());
    }
}
