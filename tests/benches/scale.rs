//! How check, import and render times grow with the input (issue 9): each at three sizes,
//! ×1, ×4 and ×16, median of five runs, printed as a table for BENCHMARKS.md. Linear cost
//! multiplies by about 16 from the first column to the last; the square would by 256.
//! `make bench` runs it and reads the rows it writes to `$FRAMESMITH_BENCH_OUT/scale.json`;
//! tests/linear.rs asserts the same growth in allocations.

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

/// The rows measured so far, as `make bench` reads them.
static ROWS: std::sync::Mutex<Vec<serde_json::Value>> = std::sync::Mutex::new(Vec::new());

fn row(what: &str, n: usize, unit: &str, make: impl Fn(usize) -> String, work: impl Fn(&str)) {
    let n = (n / divisor()).max(1);
    let mut cells = Vec::new();
    let mut data = Vec::new();
    for k in [1, 4, 16] {
        let input = make(n * k);
        let ms = median(|| work(&input)).as_secs_f64() * 1000.0;
        cells.push(format!("{} {unit}: {ms:.1} ms", n * k));
        data.push(serde_json::json!({ "n": n * k, "ms": ms }));
    }
    println!("| {what} | {} |", cells.join(" | "));
    let row = serde_json::json!({ "what": what, "unit": unit, "cells": data });
    ROWS.lock().unwrap().push(row);
}

/// Writes the rows for `make bench` when it asked for them (a full run only).
fn record() {
    if let (Ok(dir), 1) = (std::env::var("FRAMESMITH_BENCH_OUT"), divisor()) {
        std::fs::create_dir_all(&dir).unwrap();
        let rows = serde_json::Value::Array(ROWS.lock().unwrap().clone());
        std::fs::write(format!("{dir}/scale.json"), rows.to_string()).unwrap();
    }
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
                framesmith::render::carried::CARRIED,
            )
            .unwrap();
        },
    );
    record();
}
