//! Criterion benchmarks: mapping CRM responses of 2 KiB, 100 KiB and 1 MiB with the
//! example's lookup data source (records selection, four JSONPath outputs per record); and
//! the token state machine with 10,000 lookups waiting on an expired token (one refresh,
//! then every lookup served).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use framesmith::datasource;
use framesmith::screenpop::tokens::{self, Grant, Tokens, Use};
use framesmith::{Format, check_source};
use serde_json::{Value, json};
use std::hint::black_box;

fn response(bytes: usize) -> String {
    let mut items = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < bytes {
        let item = json!({"id": format!("ACC-{i:06}"), "name": format!("Account {i}"),
            "tier": "gold", "last_contacted": "2024-05-01T10:00:00Z",
            "notes": "x".repeat(40)});
        size += item.to_string().len() + 1;
        items.push(item);
        i += 1;
    }
    json!({"items": items, "next": Value::Null}).to_string()
}

fn benches(c: &mut Criterion) {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let ws = check_source(&text, Format::Toml).unwrap().workspace;
    let mut ds = ws.integration_types[0].data_sources[0].clone();
    ds.max_response_bytes = Some(2 << 20);
    let mut group = c.benchmark_group("map response");
    for (label, bytes) in [
        ("2 KiB", 2 << 10),
        ("100 KiB", 100 << 10),
        ("1 MiB", 1 << 20),
    ] {
        let body = response(bytes);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(label, |b| {
            b.iter(|| {
                datasource::page(black_box(&ds), 200, black_box(body.as_bytes()), 1)
                    .map(|p| p.records.len())
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("token state machine");
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("10,000 waiters, one refresh", |b| {
        b.iter(|| {
            let mut t = Tokens::new(tokens::Config::default(), 7);
            let mut refreshes = 0;
            for _ in 0..10_000 {
                if t.request(black_box(1_000)) == Use::Refresh {
                    refreshes += 1;
                }
            }
            let released = t.refreshed(
                1_200,
                Ok(Grant {
                    token: "T".into(),
                    expires_in_ms: 3_600_000,
                }),
            );
            let served = (0..released)
                .filter(|_| matches!(t.request(1_300), Use::Token(_)))
                .count();
            assert_eq!((refreshes, served), (1, 9_999));
            served
        })
    });
    group.finish();
}

criterion_group!(mapping, benches);
criterion_main!(mapping);
