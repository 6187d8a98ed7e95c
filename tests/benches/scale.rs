//! How check, import and render times grow with the input (issue 9): each at three sizes,
//! ×1, ×4 and ×16, median of five runs, printed as a table for BENCHMARKS.md. Linear cost
//! multiplies by about 16 from the first column to the last; the square would by 256.
//! `make bench` runs it; tests/linear.rs asserts the same growth in allocations.

use std::time::{Duration, Instant};

use framesmith::Format;

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

#[path = "../support/workloads.rs"]
mod workloads;

use workloads::*;

fn row(what: &str, n: usize, unit: &str, make: impl Fn(usize) -> String, work: impl Fn(&str)) {
    let n = (n / divisor()).max(1);
    let mut cells = Vec::new();
    for k in [1, 4, 16] {
        let input = make(n * k);
        let t = median(|| work(&input));
        cells.push(format!(
            "{} {unit}: {:.1} ms",
            n * k,
            t.as_secs_f64() * 1000.0
        ));
    }
    println!("| {what} | {} |", cells.join(" | "));
}

/// The sizes' divisor: `cargo bench` passes `--bench` and runs the full series; `cargo test
/// --all-targets` runs this binary without it, and gets a smoke run at 1/100 the size.
fn divisor() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        1
    } else {
        100
    }
}

fn main() {
    println!("| What | ×1 | ×4 | ×16 |\n|---|---|---|---|");
    row(
        "check TOML",
        6250,
        "deployments",
        |n| toml(&org(n)),
        |t| {
            framesmith::check_source(t, Format::Toml).unwrap();
        },
    );
    row(
        "check JSON",
        6250,
        "deployments",
        |n| serde_json::to_string(&org(n)).unwrap(),
        |t| {
            framesmith::check_source(t, Format::Json).unwrap();
        },
    );
    row("check TOML, one table", 2500, "keys", one_table, |t| {
        framesmith::check_source(t, Format::Toml).unwrap();
    });
    row("check JSON", 12500, "floats", floats, |t| {
        framesmith::check_source(t, Format::Json).unwrap();
    });
    row(
        "check + human report, one line",
        2500,
        "unknown keys",
        unknown_keys,
        |t| {
            let c = framesmith::check_source(t, Format::Json).unwrap();
            framesmith::report::human("ws.json", Some(t), &c.diagnostics);
        },
    );
    row("import", 2500, "postMessage lines", posts, |t| {
        framesmith::import::framework_js(t);
    });
    row(
        "import + human report, minified",
        625,
        "unreadable values",
        |n| {
            let values: String = (0..n).map(|i| format!("k{i}: f({i}),")).collect();
            format!(
                "window.Framework={{config:{{name:\"x\",clientIds:{{}},settings:{{{values}}}}}}};"
            )
        },
        |t| {
            let imported = framesmith::import::framework_js(t);
            framesmith::report::human("f.js", Some(t), &imported.diagnostics);
        },
    );
    row(
        "check + render every deployment",
        625,
        "deployments",
        |n| serde_json::to_string(&org(n)).unwrap(),
        |t| {
            let checked = framesmith::check_value(&serde_json::from_str(t).unwrap());
            framesmith::render::render_all(
                &checked.workspace,
                framesmith::render::runtime::CARRIED,
            )
            .unwrap();
        },
    );
}
