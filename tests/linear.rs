//! Cost grows linearly with the input (issue 9): check, import, render and the human report,
//! each at sizes ×1, ×4 and ×16, counted in allocations and bytes allocated by a counting
//! allocator. Counts are deterministic, unlike times (which `make bench` records in
//! BENCHMARKS.md); a cost that grows with the square of the input multiplies by 256 from ×1
//! to ×16, and the test allows 16 × 2.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use framesmith::Format;

struct Counting;

thread_local! {
    static COUNT: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|c| {
            let (n, bytes) = c.get();
            c.set((n + 1, bytes + layout.size() as u64));
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = COUNT.try_with(|c| {
            let (n, bytes) = c.get();
            c.set((n + 1, bytes + new_size as u64));
        });
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Allocations and bytes allocated on this thread while `f` runs, and bytes of text counted
/// to find line and column (which allocates nothing, however long the lines).
fn cost(f: impl FnOnce()) -> (u64, u64, u64) {
    let before = COUNT.with(Cell::get);
    let scanned = framesmith::base::position::scanned();
    f();
    let after = COUNT.with(Cell::get);
    (
        after.0 - before.0,
        after.1 - before.1,
        framesmith::base::position::scanned() - scanned,
    )
}

/// Run `work` on inputs of size n, 4n and 16n and require linear growth.
fn linear(what: &str, n: usize, make: impl Fn(usize) -> String, work: impl Fn(&str)) {
    let costs: Vec<(u64, u64, u64)> = [1, 4, 16]
        .iter()
        .map(|k| {
            let input = make(n * k);
            cost(|| work(&input))
        })
        .collect();
    let (small, big) = (costs[0], costs[2]);
    eprintln!("{what}: {costs:?}");
    assert!(
        big.0 <= small.0 * 32 && big.1 <= small.1 * 32 && big.2 <= (small.2 + 1024) * 32,
        "{what}: ×1 {small:?} → ×16 {big:?} (allocations, bytes, text scanned): more than linear"
    );
}

#[path = "support/workloads.rs"]
mod workloads;

use workloads::*;

#[test]
fn check_is_linear_in_deployments() {
    linear(
        "check TOML, deployments",
        200,
        |n| toml(&org(n)),
        |t| {
            framesmith::check_source(t, Format::Toml).unwrap();
        },
    );
    linear(
        "check JSON, deployments",
        200,
        |n| serde_json::to_string_pretty(&org(n)).unwrap(),
        |t| {
            framesmith::check_source(t, Format::Json).unwrap();
        },
    );
    // One line, as a program writes JSON: positions must not be counted from its start.
    linear(
        "check one-line JSON, deployments",
        200,
        |n| serde_json::to_string(&org(n)).unwrap(),
        |t| {
            framesmith::check_source(t, Format::Json).unwrap();
        },
    );
}

#[test]
fn check_is_linear_in_keys_and_numbers() {
    linear("check TOML, keys of one table", 500, one_table, |t| {
        framesmith::check_source(t, Format::Toml).unwrap();
    });
    linear("check JSON, floats", 1000, floats, |t| {
        framesmith::check_source(t, Format::Json).unwrap();
    });
}

/// Every finding of a one-line file printed with its excerpt: the report used to repeat
/// the whole line for each.
#[test]
fn the_human_report_is_linear_on_one_line_files() {
    linear(
        "check + human report, unknown keys on one line",
        250,
        unknown_keys,
        |t| {
            let c = framesmith::check_source(t, Format::Json).unwrap();
            assert!(c.diagnostics.len() >= 250);
            framesmith::report::human("ws.json", Some(t), &c.diagnostics);
        },
    );
}

#[test]
fn import_is_linear() {
    linear("import, postMessage lines", 500, posts, |t| {
        framesmith::import::framework_js(t);
    });
    linear(
        "import + human report, unreadable values on one line",
        250,
        minified,
        |t| {
            let imported = framesmith::import::framework_js(t);
            assert!(imported.diagnostics.len() >= 250);
            framesmith::report::human("f.js", Some(t), &imported.diagnostics);
        },
    );
}

/// Issue 11: `framesmith lint` and its report, up to a 10 MB one-line file with findings of
/// every rule in every unit.
#[test]
fn lint_is_linear_up_to_ten_megabytes() {
    let ten_mb = lint_hostile(25_600);
    assert!(ten_mb.len() >= 10_000_000, "{}", ten_mb.len());
    drop(ten_mb);
    linear("lint + human report, one line", 1_600, lint_hostile, |t| {
        let diags = framesmith::lint::lint(t);
        assert!(diags.len() >= 1_000, "{}", diags.len());
        framesmith::report::human("f.js", Some(t), &diags);
    });
}

#[test]
fn render_is_linear_in_deployments() {
    linear(
        "render every deployment",
        50,
        |n| serde_json::to_string(&org(n)).unwrap(),
        |t| {
            let checked = framesmith::check_value(&serde_json::from_str(t).unwrap());
            framesmith::render::render_all(
                &checked.workspace,
                framesmith::render::carried::CARRIED,
            )
            .unwrap();
        },
    );
}
