//! The `qingdan` command line: build, check, diff, new-version, serve, verify.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

mod cmd;

use clap::{Parser, Subcommand, ValueEnum};
use qingdan::base::diagnostics::{escape_controls as shown, render_human, render_json};
use qingdan::base::progress::Progress;
use qingdan::{InputEncoding, Options, Report};

// A build allocates millions of small strings across rayon threads; glibc's allocator spent
// about a sixth of a province build in malloc and free (perf), mimalloc much less.
// It is built with `no_thp`: transparent huge pages made the kernel zero 2 MiB at a time for
// small first touches, about a tenth of a province build's samples (perf, in clear_page_erms).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`, which libmimalloc-sys names no constant for: in mimalloc v3's
/// `mimalloc.h` it is the option just before `mi_option_use_numa_nodes`. A unit test checks it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t =
    libmimalloc_sys::mi_option_use_numa_nodes - 1;

/// A build is short and frees a page's memory just before the next page wants as much: keep
/// freed memory instead of handing it back to the OS, which would zero it again on reuse.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option; mimalloc reads it atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "qingdan",
    version,
    about = "Publish a certificate-item list (出具证明事项清单) as a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to print problems: `human` (with the source line) or `json` (one object per line).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Print only the problems (errors and warnings): no progress bar, no summary.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage of a build took.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Accept files saved as GBK/GB18030 instead of refusing them.
    #[arg(long, global = true, value_enum, default_value_t = Encoding::Utf8)]
    input_encoding: Encoding,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Site,
    Version,
    Policy,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: the old site stays on any error).
    Build {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// Also write .gz and .br siblings of HTML, CSS, JS, JSON, XML and SVG files.
        #[arg(long)]
        precompress: bool,
        /// Remove the files in the output folder that no build wrote (.git/, .htaccess, ...);
        /// without it they are kept in every new build.
        #[arg(long)]
        clean: bool,
    },
    /// Check the content and report every problem and the translation coverage; writes nothing.
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// List every text that lacks a translation, with file and line.
        #[arg(long)]
        translations: bool,
    },
    /// Show what changed between two versions (dates; default: the two latest).
    Diff {
        /// The earlier version's date (YYYY-MM-DD).
        from: Option<String>,
        /// The later version's date (YYYY-MM-DD).
        to: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// `text` (coloured on a terminal) or `json` for tools.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Start the next adjustment: copy the latest version file to certificates/DATE.yaml.
    ///
    /// `date` is set, and the title, document number and summary are marked `# EDIT`. A date
    /// that is not after the latest version is refused; no file is ever overwritten.
    NewVersion {
        /// The publication date of the new version (YYYY-MM-DD), after the latest one.
        date: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Preview: build, serve on this machine, rebuild and reload open pages on every change.
    ///
    /// The site is served under the portal's base path. When a change breaks the content, the
    /// problems show in the terminal and in the open pages while the last good site stays
    /// served. Ctrl-C lets a running build finish, then stops.
    Serve {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The path the portal serves the site under, e.g. /zmsx/.
        #[arg(long, default_value = "/")]
        base_path: String,
        /// The address to listen on. Only 127.0.0.1 (this machine) unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Remove the files in the output folder that no build wrote; without it they are kept.
        #[arg(long)]
        clean: bool,
    },
    /// Print the JSON Schema editors use to check a kind of content file, or write them all.
    ///
    /// Editors that use yaml-language-server (VS Code's YAML extension, Neovim, ...) read it
    /// from a `# yaml-language-server: $schema=PATH` comment at the top of the file.
    Schema {
        /// `site` (site.yaml), `version` (certificates/*.yaml) or `policy` (front matter).
        #[arg(value_enum, required_unless_present = "out")]
        kind: Option<SchemaKind>,
        /// Write site.schema.json, version.schema.json and policy.schema.json into DIR.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check a deployed copy of the site against its manifest.json.
    ///
    /// Names every missing, extra or altered file; exits 1 when anything differs.
    Verify {
        /// The folder to check (a copy of the build output).
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let encoding = match cli.input_encoding {
        Encoding::Utf8 => InputEncoding::Utf8,
        Encoding::Gb18030 => InputEncoding::Gb18030,
    };
    match cli.command {
        Command::Build {
            content,
            output,
            precompress,
            clean,
        } => {
            keep_freed_memory();
            let started = std::time::Instant::now();
            let options = Options {
                content,
                output: output.clone(),
                encoding,
                precompress,
                clean,
            };
            let progress = Progress::default();
            let bar = !cli.quiet && std::io::stderr().is_terminal();
            let result =
                with_progress_bar(bar, &progress, || qingdan::build_with(&options, &progress));
            let ended = std::time::Instant::now();
            match result {
                Ok(summary) => {
                    print_report(&summary.report, cli.message_format);
                    if cli.verbose {
                        print_timings(&progress, ended);
                    }
                    if !cli.quiet {
                        eprintln!("{}", shown(&summary.line(&output, ended - started)));
                    }
                    ExitCode::SUCCESS
                }
                Err(report) => {
                    if cli.verbose {
                        print_timings(&progress, ended);
                    }
                    fail(
                        &report,
                        cli.message_format,
                        "nothing was written; the previous site is unchanged",
                    )
                }
            }
        }
        Command::Verify { dir } => verify(&dir),
        Command::Schema { kind, out } => schema(kind, out.as_deref()),
        Command::Serve {
            content,
            output,
            port,
            base_path,
            bind,
            clean,
        } => {
            let base_path = match crate::cmd::serve::base_path(&base_path) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: --base-path {}", shown(&e.to_string()));
                    return ExitCode::from(2);
                }
            };
            let options = crate::cmd::serve::ServeOptions {
                build: Options {
                    content,
                    output,
                    encoding,
                    precompress: false,
                    clean,
                },
                bind,
                port,
                base_path,
                color: std::io::stderr().is_terminal(),
            };
            match crate::cmd::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {}", shown(&e.to_string()));
                    ExitCode::from(1)
                }
            }
        }
        Command::NewVersion { date, content } => new_version(&date, &content, encoding),
        Command::Diff {
            from,
            to,
            content,
            format,
        } => {
            let options = Options::read_only(content, encoding);
            match qingdan::check(&options) {
                Ok((loaded, _)) => diff(&loaded.content, from, to, format),
                Err(report) => fail(&report, cli.message_format, "fix the content first"),
            }
        }
        Command::Check {
            content,
            translations,
        } => {
            let options = Options::read_only(content, encoding);
            match qingdan::check(&options) {
                Ok((loaded, report)) => {
                    print_report(&report, cli.message_format);
                    if cli.quiet {
                        return ExitCode::SUCCESS;
                    }
                    for cov in crate::cmd::translations::coverage(&loaded.content) {
                        let pct = if cov.total == 0 {
                            100.0
                        } else {
                            cov.translated as f64 * 100.0 / cov.total as f64
                        };
                        println!(
                            "translation {}: {} of {} texts ({pct:.0}%)",
                            shown(&cov.lang),
                            cov.translated,
                            cov.total
                        );
                        if translations {
                            for (file, pos, field) in &cov.missing {
                                println!(
                                    "  {}:{}:{}: {field} has no `{}` text",
                                    shown(&file.display().to_string()),
                                    pos.line,
                                    pos.col,
                                    shown(&cov.lang)
                                );
                            }
                        }
                    }
                    println!(
                        "content OK: {} versions, {} policy interpretations, {} warnings",
                        loaded.content.versions.len(),
                        loaded.content.policies.len(),
                        report.diagnostics.warning_count()
                    );
                    ExitCode::SUCCESS
                }
                Err(report) => fail(
                    &report,
                    cli.message_format,
                    "fix the problems above and run `qingdan check` again",
                ),
            }
        }
    }
}

fn diff(
    content: &qingdan::model::Content,
    from: Option<String>,
    to: Option<String>,
    format: DiffFormat,
) -> ExitCode {
    use crate::cmd::diff;
    let n = content.versions.len();
    let date = |i: usize| content.versions[i].date.value.to_string();
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, date(n - 1)),
        (None, _) if n < 2 => {
            eprintln!(
                "error: there is only one version ({}); nothing to compare",
                shown(&date(0))
            );
            return ExitCode::from(2);
        }
        (None, _) => (date(n - 2), date(n - 1)),
    };
    let (a, b) = match (
        diff::version_index(content, &from),
        diff::version_index(content, &to),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {}", shown(&e));
            return ExitCode::from(2);
        }
    };
    if a >= b {
        eprintln!(
            "error: `{}` must be earlier than `{}`",
            shown(&from),
            shown(&to)
        );
        return ExitCode::from(2);
    }
    let history = qingdan::derive::history::derive(content);
    match format {
        DiffFormat::Json => print!("{}", diff::json(content, &history, a, b)),
        DiffFormat::Text => print!(
            "{}",
            diff::text_report(content, &history, a, b, std::io::stdout().is_terminal())
        ),
    }
    ExitCode::SUCCESS
}

fn new_version(date: &str, content: &std::path::Path, encoding: InputEncoding) -> ExitCode {
    let new_date = match crate::cmd::new_version::parse_date(date) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", shown(&e));
            return ExitCode::from(2);
        }
    };
    let (sources, diags) = qingdan::read::source::read_content(content, encoding);
    let latest = sources.versions.iter().max_by_key(|f| f.rel.clone());
    let Some(latest) = latest else {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        eprintln!(
            "error: no version file to start from in {}",
            shown(&content.join("certificates").display().to_string())
        );
        return ExitCode::from(1);
    };
    let latest_date = latest
        .rel
        .trim_start_matches("certificates/")
        .trim_end_matches(".yaml");
    // Both are written YYYY-MM-DD (version file names are checked), so their order as text
    // is their order as dates.
    let date = new_date.to_string();
    if date.as_str() <= latest_date {
        eprintln!(
            "error: {date} is not after the latest version ({}); a new version needs a later date",
            shown(latest_date)
        );
        return ExitCode::from(1);
    }
    let path = content.join("certificates").join(format!("{date}.yaml"));
    let text = crate::cmd::new_version::next_version_text(&latest.text, new_date);
    match qingdan::write::output::create_new_file(&path, &text) {
        Ok(()) => {
            println!(
                "created {} from {}: edit the lines marked `# EDIT`, then the items, then run `qingdan check`",
                shown(&path.display().to_string()),
                shown(latest_date)
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

fn schema(kind: Option<SchemaKind>, out: Option<&std::path::Path>) -> ExitCode {
    if let Some(dir) = out {
        let files: Vec<qingdan::base::output_file::OutputFile> = crate::cmd::schema::all()
            .into_iter()
            .map(|(name, text)| qingdan::base::output_file::OutputFile {
                path: name.to_string(),
                bytes: text.into_bytes(),
            })
            .collect();
        if let Err(d) = qingdan::write::output::write_files(dir, &files) {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
        for f in &files {
            println!("wrote {}", shown(&dir.join(&f.path).display().to_string()));
        }
    }
    if let Some(kind) = kind {
        let name = match kind {
            SchemaKind::Site => "site",
            SchemaKind::Version => "version",
            SchemaKind::Policy => "policy",
        };
        print!("{}", crate::cmd::schema::by_kind(name).unwrap_or_default());
    }
    ExitCode::SUCCESS
}

fn verify(dir: &std::path::Path) -> ExitCode {
    match qingdan::write::manifest::verify(dir) {
        Ok(diff) => {
            for (what, list) in [
                ("missing", &diff.missing),
                ("extra", &diff.extra),
                ("altered", &diff.altered),
            ] {
                for path in list {
                    println!("{what}: {}", shown(path));
                }
            }
            if diff.is_clean() {
                let kept = match diff.kept {
                    0 => String::new(),
                    n => format!(" ({n} kept files of the operator's not checked)"),
                };
                println!(
                    "{}: all {} files match manifest.json{kept}",
                    shown(&dir.display().to_string()),
                    diff.checked
                );
                ExitCode::SUCCESS
            } else {
                println!(
                    "{}: {} missing, {} extra, {} altered (of {} files in manifest.json)",
                    shown(&dir.display().to_string()),
                    diff.missing.len(),
                    diff.extra.len(),
                    diff.altered.len(),
                    diff.checked
                );
                ExitCode::from(1)
            }
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

fn print_report(report: &Report, format: MessageFormat) {
    let list = report.diagnostics.clone().sorted();
    if list.is_empty() {
        return;
    }
    match format {
        MessageFormat::Human => eprint!(
            "{}",
            render_human(&list, &report.sources, std::io::stderr().is_terminal())
        ),
        MessageFormat::Json => print!("{}", render_json(&list)),
    }
}

fn fail(report: &Report, format: MessageFormat, what_now: &str) -> ExitCode {
    print_report(report, format);
    eprintln!(
        "error: {} problem(s) found, {} warning(s); {what_now}",
        report.diagnostics.error_count(),
        report.diagnostics.warning_count()
    );
    ExitCode::from(1)
}

/// Run `build` while drawing a progress bar on the terminal, but only once it has taken
/// longer than a second: quick builds print just their summary.
fn with_progress_bar<T>(enabled: bool, progress: &Progress, build: impl FnOnce() -> T) -> T {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    if !enabled {
        return build();
    }
    // Hidden knob for the tests, which cannot wait for a slow build: draw after N ms.
    let delay = std::env::var("QINGDAN_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis);
    let done = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while started.elapsed() < delay {
                if done.load(Ordering::Acquire) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            let bar = indicatif::ProgressBar::new(0).with_prefix("building");
            let style = |template| {
                indicatif::ProgressStyle::with_template(template)
                    .expect("a valid template")
                    .progress_chars("=> ")
            };
            let counted = style("{prefix} {spinner} {msg:20} {wide_bar} {pos}/{len} {elapsed}");
            let uncounted = style("{prefix} {spinner} {msg} {elapsed}");
            loop {
                let now = progress.snapshot();
                bar.set_style(match now.total {
                    0 => uncounted.clone(),
                    _ => counted.clone(),
                });
                bar.set_message(now.stage.map_or("starting", |s| s.describe()));
                bar.set_length(now.total.max(now.done) as u64);
                bar.set_position(now.done as u64);
                bar.tick();
                if done.load(Ordering::Acquire) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        let result = build();
        done.store(true, Ordering::Release);
        result
    })
}

/// `--verbose`: each stage and its wall time.
fn print_timings(progress: &Progress, ended: std::time::Instant) {
    for (stage, took) in progress.timings(ended) {
        eprintln!("  {:<8} {took:>10.2?}  {}", stage.name(), stage.describe());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_option_is_the_one_mimalloc_documents() {
        // mimalloc v3 purges freed memory after 1000 ms unless told otherwise; no other option
        // has that default.
        assert!(std::env::var_os("MIMALLOC_PURGE_DELAY").is_none());
        // SAFETY: reads a plain integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
