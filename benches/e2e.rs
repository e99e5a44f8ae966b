//! End-to-end benchmark (issue 7): builds each synthetic tier with the real `qingdan` binary and
//! prints pages, output bytes, wall time (median), pages per second, peak RSS and the largest
//! page; then one in-process run per tier timed stage by stage, to show where cost grows.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench e2e                 # all tiers
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench e2e -- district     # some tiers
//! E2E_RUNS=7 E2E_DIR=/var/tmp/e2e cargo bench --bench e2e
//! ```
//!
//! Peak RSS comes from `/usr/bin/time -f %M` (Debian package `time`); without it the column
//! says n/a. Content is generated with `examples/synth.rs`'s generator (seed 42) under
//! `E2E_DIR` (default: the system temp folder), outside the timing, and reused while its
//! parameters match. Each timed build writes a folder of its own after a `sync`; all are
//! removed only at the end, so no timed build follows a mass deletion (which slows creating
//! files on ext4 without a journal) or another run's write-back.

#[path = "common/synth.rs"]
mod synth;

use qingdan::base::progress::Progress;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use qingdan::base::diagnostics::Diagnostics;
use qingdan::InputEncoding;

struct Row {
    tier: synth::Tier,
    stats: synth::Stats,
    pages: usize,
    files: usize,
    bytes: u64,
    wall: Duration,
    /// User + system CPU time of the median-wall run.
    cpu: Option<f64>,
    rss_kib: Option<u64>,
    largest: (u64, String),
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let base = std::env::var_os("E2E_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("qingdan-e2e"));
    let exe = Path::new(env!("CARGO_BIN_EXE_qingdan"));
    let time = Path::new("/usr/bin/time");
    let time = time.exists().then_some(time);
    if time.is_none() {
        eprintln!("e2e: /usr/bin/time not found (apt-get install time): peak RSS will be n/a");
    }
    if base.join("runs").exists() {
        // Left by an interrupted run: remove it, then give the file system time to settle.
        let _ = fs::remove_dir_all(base.join("runs"));
        sync();
        eprintln!("e2e: removed old outputs; waiting 70 s before timing anything");
        std::thread::sleep(Duration::from_secs(70));
    }
    let load_before = load_average();
    let mut rows = Vec::new();
    let mut stages = Vec::new();
    for tier in synth::TIERS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == tier.name) {
            continue;
        }
        let runs: usize = std::env::var("E2E_RUNS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(match tier.name {
                "district" => 21,
                "city" => 5,
                _ => 3,
            });
        let dir = base.join(tier.name);
        let content = dir.join("content");
        let params = synth::Params {
            items: tier.items,
            versions: tier.versions,
            seed: 42,
        };
        if !synth::up_to_date(&params, &content, None) {
            eprintln!("e2e: generating {} into {}", tier.name, content.display());
            synth::write_content(&params, &content, None).expect("generate content");
        }
        let mut stats = synth::versions(&params, |_, _, _| {});
        stats.yaml_bytes = fs::read_dir(content.join("certificates"))
            .expect("read the generated content")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        // Every build writes a folder of its own; all are removed at the end, so that no
        // timed build follows a mass deletion (see `synth::up_to_date`).
        let runs_dir = base.join("runs");
        let output = |n: usize| runs_dir.join(format!("{}-{n}", tier.name));
        // One untimed build checks the content and warms the page cache.
        build(exe, None, &content, &output(0));
        let mut walls = Vec::new();
        let mut rss = Vec::new();
        for n in 1..=runs {
            sync();
            let (wall, measured) = build(exe, time, &content, &output(n));
            walls.push((wall, measured.map(|m| m.1)));
            rss.extend(measured.map(|m| m.0));
        }
        let output = output(1);
        walls.sort_by_key(|w| w.0);
        rss.sort();
        let (pages, files, bytes, largest) = survey(&output);
        let row = Row {
            tier,
            stats,
            pages,
            files,
            bytes,
            wall: walls[walls.len() / 2].0,
            cpu: walls[walls.len() / 2].1,
            rss_kib: rss.get(rss.len() / 2).copied(),
            largest,
        };
        eprintln!(
            "e2e: {} built {runs}× : {:?}",
            tier.name,
            walls.iter().map(|w| w.0.as_millis()).collect::<Vec<_>>()
        );
        rows.push(row);
        stages.push((
            tier,
            stage_times(
                &content,
                &base.join("runs").join(format!("{}-stages", tier.name)),
            ),
        ));
    }
    let _ = fs::remove_dir_all(base.join("runs"));
    print_machine(&load_before);
    print_tables(&rows, &stages);
}

/// Cores, CPU model, memory and the load average before and after, so a reader can tell a
/// quiet run from a busy machine.
fn print_machine(load_before: &str) {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "Machine: {cores} cores ({model}), {mem_gib:.0} GiB RAM; load average before {load_before}, after {}",
        load_average()
    );
}

fn load_average() -> String {
    let text = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run `qingdan build`; wall time measured here, peak RSS (KiB) and user + system CPU seconds
/// by `/usr/bin/time`.
fn build(
    exe: &Path,
    time: Option<&Path>,
    content: &Path,
    output: &Path,
) -> (Duration, Option<(u64, f64)>) {
    let rss_file = output.with_extension("rss");
    let mut cmd = match time {
        Some(t) => {
            let mut c = Command::new(t);
            c.arg("-f")
                .arg("%M %U %S")
                .arg("-o")
                .arg(&rss_file)
                .arg(exe);
            c
        }
        None => Command::new(exe),
    };
    cmd.arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output);
    let started = Instant::now();
    let out = cmd.output().expect("run qingdan");
    let wall = started.elapsed();
    if !out.status.success() {
        panic!(
            "qingdan build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let measured = time.and_then(|_| {
        let text = fs::read_to_string(&rss_file).ok()?;
        let mut fields = text.lines().last()?.split_whitespace();
        let kib = fields.next()?.parse().ok()?;
        let user: f64 = fields.next()?.parse().ok()?;
        let sys: f64 = fields.next()?.parse().ok()?;
        Some((kib, user + sys))
    });
    let _ = fs::remove_file(&rss_file);
    (wall, measured)
}

fn sync() {
    let _ = Command::new("sync").status();
}

/// HTML pages, all files, all bytes, and the largest HTML page (bytes, path).
fn survey(dir: &Path) -> (usize, usize, u64, (u64, String)) {
    let (mut pages, mut files, mut bytes) = (0, 0, 0);
    let mut largest = (0, String::new());
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read output") {
            let entry = entry.expect("read output");
            let path = entry.path();
            let meta = entry.metadata().expect("stat output");
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            bytes += meta.len();
            if path.extension().is_some_and(|e| e == "html") {
                pages += 1;
                if meta.len() > largest.0 {
                    let rel = path.strip_prefix(dir).unwrap_or(&path);
                    largest = (meta.len(), rel.display().to_string());
                }
            }
        }
    }
    (pages, files, bytes, largest)
}

/// User + system CPU time of this process so far (from /proc/self/stat, in clock ticks of
/// normally 10 ms), or zero where that file does not exist.
fn cpu_now() -> Duration {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 12th, stime 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    Duration::from_millis(f.iter().sum::<u64>() * 10)
}

/// A stage's wall and CPU time, and the resident memory after it (KiB).
#[derive(Clone, Copy)]
struct Lap {
    wall: Duration,
    cpu: Duration,
    rss_kib: u64,
}

/// `VmRSS` of this process in KiB (0 where /proc is missing).
fn rss_now() -> u64 {
    fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[derive(Clone, Copy)]
struct Start(Instant, Duration);

fn start() -> Start {
    Start(Instant::now(), cpu_now())
}

/// One in-process build, stage by stage, as `qingdan::build` runs them.
fn stage_times(content: &Path, output: &Path) -> Vec<(&'static str, Lap)> {
    let mut t = Vec::new();
    let mut lap = |name: &'static str, s: Start| {
        t.push((
            name,
            Lap {
                wall: s.0.elapsed(),
                cpu: cpu_now().saturating_sub(s.1),
                rss_kib: rss_now(),
            },
        ))
    };
    let s = start();
    let mut diags = Diagnostics::default();
    let mut texts = Default::default();
    let loaded =
        qingdan::decode::load::load(content, InputEncoding::Utf8, &mut diags, &mut texts, None)
            .expect("the generated content loads");
    lap("load", s);
    let s = start();
    let mut problems = Diagnostics::default();
    qingdan::validate::validate(&loaded.content, &mut problems);
    assert!(!problems.has_errors(), "the generated content is valid");
    lap("validate", s);
    let s = start();
    let history = qingdan::derive::history::derive(&loaded.content);
    lap("history", s);
    let s = start();
    let plan = qingdan::derive::plan::plan(&loaded.content, &history);
    lap("plan", s);
    let s = start();
    let theme = qingdan::emit::minify_theme(&loaded.theme);
    lap("minify", s);
    // As `build` does: each file hashed and written into the staging folder as it is made.
    let s = start();
    let staging = qingdan::write::output::Staging::begin(output).expect("staging folder");
    let entries = qingdan::emit::html::render_each(
        &loaded.content,
        &history,
        &plan,
        &theme,
        &loaded.strings,
        &Progress::default(),
        |file| {
            staging.write(&file)?;
            Ok((file.path, qingdan::write::manifest::entry(&file.bytes)))
        },
        None,
    )
    .expect("render");
    lap("render + write", s);
    let s = start();
    let manifest = qingdan::write::manifest::manifest_file(entries);
    staging.write(&manifest).expect("manifest");
    staging.commit().expect("swap");
    lap("manifest + swap", s);
    let s = start();
    drop((plan, history, loaded, texts));
    lap("free", s);
    t
}

fn print_tables(rows: &[Row], stages: &[(synth::Tier, Vec<(&'static str, Lap)>)]) {
    println!();
    println!(
        "| tier | items × versions | ids | YAML MB | pages | files | output MB | wall (median) | CPU | pages/s | peak RSS | largest page |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for r in rows {
        let secs = r.wall.as_secs_f64();
        println!(
            "| {} | {} × {} | {} | {:.1} | {} | {} | {:.1} | {} | {} | {:.0} | {} | {:.1} KB ({}) |",
            r.tier.name,
            r.tier.items,
            r.tier.versions,
            r.stats.ids,
            r.stats.yaml_bytes as f64 / 1e6,
            r.pages,
            r.files,
            r.bytes as f64 / 1e6,
            fmt_duration(r.wall),
            r.cpu.map_or("n/a".into(), |c| format!("{c:.2} s")),
            r.pages as f64 / secs,
            r.rss_kib
                .map_or("n/a".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0)),
            r.largest.0 as f64 / 1000.0,
            r.largest.1,
        );
    }
    if rows.len() > 1 {
        println!();
        println!("Growth relative to the first tier (1.00 = linear in pages):");
        let first = &rows[0];
        for r in &rows[1..] {
            let pages = r.pages as f64 / first.pages as f64;
            let wall = r.wall.as_secs_f64() / first.wall.as_secs_f64();
            println!(
                "  {}: pages × {:.1}, wall × {:.1} → cost per page × {:.2}",
                r.tier.name,
                pages,
                wall,
                wall / pages
            );
        }
    }
    if stages.is_empty() {
        return;
    }
    println!();
    let names: Vec<&str> = stages[0].1.iter().map(|(n, _)| *n).collect();
    println!("In-process stages, one run each, wall time (CPU time, 10 ms ticks):");
    println!();
    println!("| tier | {} | total |", names.join(" | "));
    println!("| --- |{}", " ---: |".repeat(names.len() + 1));
    for (tier, times) in stages {
        let total: Duration = times.iter().map(|(_, d)| d.wall).sum();
        let cells: Vec<String> = times
            .iter()
            .map(|(_, d)| format!("{} ({})", fmt_duration(d.wall), fmt_duration(d.cpu)))
            .collect();
        println!(
            "| {} | {} | {} |",
            tier.name,
            cells.join(" | "),
            fmt_duration(total)
        );
    }
    println!();
    println!("Resident memory (VmRSS) after each stage of that run:");
    println!();
    println!("| tier | {} |", names.join(" | "));
    println!("| --- |{}", " ---: |".repeat(names.len()));
    for (tier, times) in stages {
        let cells: Vec<String> = times
            .iter()
            .map(|(_, d)| format!("{:.0} MiB", d.rss_kib as f64 / 1024.0))
            .collect();
        println!("| {} | {} |", tier.name, cells.join(" | "));
    }
}

fn fmt_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 10_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
