//! Criterion benchmarks: checking and rendering the example workspace, per deployment, as
//! the CLI and (later) the page do on every change.

use criterion::{Criterion, criterion_group, criterion_main};
use framesmith::{Format, check_source, check_value, render};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let checked = check_source(&text, Format::Toml).unwrap();
    let value = serde_json::to_value(&checked.workspace).unwrap();
    let ws = &checked.workspace;
    let n = ws.deployments.len();
    assert_eq!(n, 2);

    c.bench_function("parse+check example (TOML text, 2 deployments)", |b| {
        b.iter(|| check_source(black_box(&text), Format::Toml))
    });
    c.bench_function("check example (JSON value, 2 deployments)", |b| {
        b.iter(|| check_value(black_box(&value)))
    });
    c.bench_function("render framework.js (1 deployment)", |b| {
        b.iter(|| render::framework_js(black_box(ws), &ws.deployments[0], render::carried::CARRIED))
    });
    c.bench_function("check + render all (2 deployments)", |b| {
        b.iter(|| {
            let checked = check_value(black_box(&value));
            framesmith::build(&checked, framesmith::render::carried::CARRIED).map(|r| r.len())
        })
    });
}

criterion_group!(all, benches);
criterion_main!(all);
