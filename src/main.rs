//! The `qingdan` command line: build, check.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use qingdan::diagnostics::{render_human, render_json};
use qingdan::{InputEncoding, Options, Report};

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
    },
    /// Check the content and report every problem and the translation coverage; writes nothing.
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// List every text that lacks a translation, with file and line.
        #[arg(long)]
        translations: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let encoding = match cli.input_encoding {
        Encoding::Utf8 => InputEncoding::Utf8,
        Encoding::Gb18030 => InputEncoding::Gb18030,
    };
    match cli.command {
        Command::Build { content, output } => {
            let started = std::time::Instant::now();
            let options = Options {
                content,
                output: output.clone(),
                encoding,
            };
            match qingdan::build(&options) {
                Ok(summary) => {
                    print_report(&summary.report, cli.message_format);
                    eprintln!(
                        "built {} pages, {} files, {} into {} in {:.2?}",
                        summary.pages,
                        summary.files,
                        human_bytes(summary.bytes),
                        output.display(),
                        started.elapsed()
                    );
                    ExitCode::SUCCESS
                }
                Err(report) => fail(
                    &report,
                    cli.message_format,
                    "nothing was written; the previous site is unchanged",
                ),
            }
        }
        Command::Check {
            content,
            translations,
        } => {
            let options = Options {
                content,
                output: PathBuf::new(),
                encoding,
            };
            match qingdan::check(&options) {
                Ok((loaded, report)) => {
                    print_report(&report, cli.message_format);
                    for cov in qingdan::translations::coverage(&loaded.content) {
                        let pct = if cov.total == 0 {
                            100.0
                        } else {
                            cov.translated as f64 * 100.0 / cov.total as f64
                        };
                        println!(
                            "translation {}: {} of {} texts ({pct:.0}%)",
                            cov.lang, cov.translated, cov.total
                        );
                        if translations {
                            for (file, pos, field) in &cov.missing {
                                println!(
                                    "  {}:{}:{}: {field} has no `{}` text",
                                    file.display(),
                                    pos.line,
                                    pos.col,
                                    cov.lang
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

fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}
