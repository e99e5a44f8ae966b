//! Criterion benchmarks of each build stage on the `city` tier (1,000 items × 20 versions,
//! generated once with `examples/synth.rs`'s generator, seed 42):
//! load, validate, history, plan, render, minify, write.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench stages
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench stages -- render   # one stage
//! ```

#[path = "common/synth.rs"]
mod synth;

use qingdan::base::progress::Progress;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use qingdan::base::diagnostics::Diagnostics;
use qingdan::InputEncoding;

fn stages(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let content = tmp.path().join("content");
    let tier = synth::tier("city").expect("tier");
    synth::write_content(
        &synth::Params {
            items: tier.items,
            versions: tier.versions,
            seed: 42,
        },
        &content,
        None,
    )
    .expect("generate the city tier");

    let load = || {
        let mut diags = Diagnostics::default();
        let mut texts = Default::default();
        qingdan::decode::load::load(&content, InputEncoding::Utf8, &mut diags, &mut texts, None)
            .expect("the generated content loads")
    };
    let loaded = load();
    let mut problems = Diagnostics::default();
    qingdan::validate::validate(&loaded.content, &mut problems);
    assert!(!problems.has_errors(), "the generated content is valid");
    let history = qingdan::derive::history::derive(&loaded.content);
    let plan = qingdan::derive::plan::plan(&loaded.content, &history);
    let theme = qingdan::emit::minify_theme(&loaded.theme);
    let render = || {
        qingdan::emit::html::render(
            &loaded.content,
            &history,
            &plan,
            &theme,
            &loaded.strings,
            &Progress::default(),
        )
        .expect("render")
    };
    let minified = render();
    eprintln!(
        "city tier: {} pages planned, {} files, {:.1} MB minified",
        plan.pages.len(),
        minified.len(),
        minified.iter().map(|f| f.bytes.len()).sum::<usize>() as f64 / 1e6
    );

    let mut g = c.benchmark_group("city");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    g.bench_function("load", |b| b.iter(load));
    g.bench_function("validate", |b| {
        b.iter(|| {
            let mut problems = Diagnostics::default();
            qingdan::validate::validate(&loaded.content, &mut problems);
            problems
        })
    });
    g.bench_function("history", |b| {
        b.iter(|| qingdan::derive::history::derive(&loaded.content))
    });
    g.bench_function("plan", |b| {
        b.iter(|| qingdan::derive::plan::plan(&loaded.content, &history))
    });
    g.bench_function("render", |b| b.iter(render));
    g.bench_function("minify", |b| {
        b.iter(|| qingdan::emit::minify_theme(&loaded.theme))
    });
    let out = tmp.path().join("output");
    g.bench_function("write", |b| {
        b.iter(|| {
            qingdan::write::output::write_atomically(&out, &minified, &Progress::default())
                .expect("write")
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
