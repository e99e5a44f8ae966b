//! The `qingdan` command line: build, check, diff, new-version, serve, verify. This file holds
//! what every command shares: the arguments clap parses, the global options, and the dispatch
//! to one function per subcommand in `cmd/`, where each command's body lives.

use std::path::PathBuf;
use std::process::ExitCode;

mod cmd;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qingdan::base::message::Lang;
use qingdan::InputEncoding;

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
    /// The language of messages: `zh-CN` (中文) or `en`. Default: the QINGDAN_LANG
    /// environment variable, else the site's default language, else Chinese.
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
}

/// The language `QINGDAN_LANG` names, if set. A value that names none is said to be ignored
/// (in both languages: which one the user reads is not known yet), not silently dropped.
fn env_language() -> Option<Lang> {
    let value = std::env::var("QINGDAN_LANG")
        .ok()
        .filter(|v| !v.trim().is_empty())?;
    let lang = Lang::from_tag(&value);
    if lang.is_none() {
        let value = qingdan::base::diagnostics::escape_controls(&value);
        eprintln!(
            "警告：环境变量 QINGDAN_LANG 的值 `{value}` 不是可用的语言（zh-CN 或 en），已忽略 / warning: QINGDAN_LANG=`{value}` is not a language qingdan speaks (zh-CN or en); ignored"
        );
    }
    lang
}

fn parse_lang(tag: &str) -> Result<Lang, String> {
    Lang::from_tag(tag).ok_or_else(|| {
        format!("`{tag}` 不是可用的语言：请写 zh-CN 或 en / not a language qingdan speaks: use zh-CN or en")
    })
}

/// The options every command accepts, as the commands use them.
#[derive(Clone, Copy)]
pub(crate) struct Global {
    pub(crate) message_format: MessageFormat,
    pub(crate) quiet: bool,
    pub(crate) verbose: bool,
    pub(crate) encoding: InputEncoding,
    /// The language every message is printed in.
    pub(crate) lang: Lang,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum MessageFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SchemaKind {
    Site,
    Version,
    Policy,
    Places,
    /// A list's version file (`lists/<kind>/*.yaml`).
    List,
    /// A place's delta file, `places/<id>/<date>.yaml`.
    PlaceDelta,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
}

// The argument structs carry no doc comment of their own: clap would take it as the
// command's description instead of the variant's.
#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: the old site stays on any error).
    Build(BuildArgs),
    /// Check the content and report every problem and the translation coverage; writes nothing.
    Check(CheckArgs),
    /// Show what changed between two versions (dates; default: the two latest).
    Diff(DiffArgs),
    /// Start the next adjustment: copy the latest version file to certificates/DATE.yaml.
    ///
    /// `date` is set, and the title, document number and summary are marked `# EDIT`. A date
    /// that is not after the latest version is refused; no file is ever overwritten.
    NewVersion(NewVersionArgs),
    /// Import the list from the spreadsheet or document you were sent into a new version.
    ///
    /// Reads XLSX, XLS, ODS, CSV (UTF-8 or GBK) or the tables of a DOCX, starts from the latest
    /// version (English texts, keywords and steps the file lacks are kept), writes
    /// certificates/DATE.yaml (never overwriting), says what to confirm, then checks the content.
    Import(ImportArgs),
    /// Preview: build, serve on this machine, rebuild and reload open pages on every change.
    ///
    /// The site is served under the portal's base path. When a change breaks the content, the
    /// problems show in the terminal and in the open pages while the last good site stays
    /// served. Ctrl-C lets a running build finish, then stops.
    Serve(ServeArgs),
    /// Print the JSON Schema editors use to check a kind of content file, or write them all.
    ///
    /// Editors that use yaml-language-server (VS Code's YAML extension, Neovim, ...) read it
    /// from a `# yaml-language-server: $schema=PATH` comment at the top of the file.
    Schema(SchemaArgs),
    /// Check a deployed copy of the site against its manifest.json.
    ///
    /// Names every missing, extra or altered file; exits 1 when anything differs.
    Verify(VerifyArgs),
}

#[derive(Args)]
pub(crate) struct BuildArgs {
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    #[arg(long, default_value = "output")]
    pub(crate) output: PathBuf,
    /// Also write .gz and .br siblings of HTML, CSS, JS, JSON, XML and SVG files.
    #[arg(long)]
    pub(crate) precompress: bool,
    /// Remove the files in the output folder that no build wrote (.git/, .htaccess, ...);
    /// without it they are kept in every new build.
    #[arg(long)]
    pub(crate) clean: bool,
    /// Make every file anew, neither reading nor writing the build cache beside the output
    /// (<output>.qingdan-cache/), which otherwise keeps what did not change since the last
    /// build.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// Build only this place's section (a place with a `places/<ID>/` folder) as a complete
    /// site of its own; its canonical links name the whole site's pages.
    #[arg(long, value_name = "ID")]
    pub(crate) place: Option<String>,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// List every text that lacks a translation, with file and line.
    #[arg(long)]
    pub(crate) translations: bool,
    /// The last build's output folder: its manifest.json tells which published version files
    /// were edited since (only read).
    #[arg(long, default_value = "output")]
    pub(crate) output: PathBuf,
}

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The earlier version's date (YYYY-MM-DD).
    pub(crate) from: Option<String>,
    /// The later version's date (YYYY-MM-DD).
    pub(crate) to: Option<String>,
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// `text` (coloured on a terminal) or `json` for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub(crate) format: DiffFormat,
}

#[derive(Args)]
pub(crate) struct NewVersionArgs {
    /// The publication date of the new version (YYYY-MM-DD), after the latest one.
    pub(crate) date: String,
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// The spreadsheet or document to import (.xlsx, .xls, .ods, .csv, .docx).
    pub(crate) file: PathBuf,
    /// The publication date of the new version (YYYY-MM-DD), after the latest one.
    #[arg(long)]
    pub(crate) date: String,
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    /// Read the column named 列名 as FIELD (e.g. `--map 事项=name`, `--map 联系人=ignore`).
    #[arg(long, value_name = "列名=FIELD")]
    pub(crate) map: Vec<String>,
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
    #[arg(long, default_value = "output")]
    pub(crate) output: PathBuf,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub(crate) port: u16,
    /// The path the portal serves the site under, e.g. /zmsx/.
    #[arg(long, default_value = "/")]
    pub(crate) base_path: String,
    /// The address to listen on. Only 127.0.0.1 (this machine) unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// Remove the files in the output folder that no build wrote; without it they are kept.
    #[arg(long)]
    pub(crate) clean: bool,
}

#[derive(Args)]
pub(crate) struct SchemaArgs {
    /// `site` (site.yaml), `version` (certificates/*.yaml), `policy` (front matter),
    /// `places` (places.yaml) or `list` (lists/<kind>/*.yaml).
    #[arg(value_enum, required_unless_present = "out")]
    pub(crate) kind: Option<SchemaKind>,
    /// Write site.schema.json, version.schema.json, policy.schema.json, places.schema.json,
    /// place-delta.schema.json and list.schema.json into DIR.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The folder to check (a copy of the build output).
    pub(crate) dir: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(|| {
        env_language()
            .or_else(|| cli.command.content().and_then(qingdan::staff_language))
            .unwrap_or_default()
    });
    let global = Global {
        lang,
        message_format: cli.message_format,
        quiet: cli.quiet,
        verbose: cli.verbose,
        encoding: match cli.input_encoding {
            Encoding::Utf8 => InputEncoding::Utf8,
            Encoding::Gb18030 => InputEncoding::Gb18030,
        },
    };
    match cli.command {
        Command::Build(args) => {
            keep_freed_memory();
            cmd::build::run(args, global)
        }
        Command::Check(args) => cmd::check::run(args, global),
        Command::Diff(args) => cmd::diff::run(args, global),
        Command::NewVersion(args) => cmd::new_version::run(&args, global),
        Command::Import(args) => cmd::import::run(&args, global),
        Command::Serve(args) => cmd::serve::run(args, global),
        Command::Schema(args) => cmd::schema::run(&args, global),
        Command::Verify(args) => cmd::verify::run(&args, global),
    }
}

impl Command {
    /// The content folder the command reads, if it reads one.
    fn content(&self) -> Option<&std::path::Path> {
        match self {
            Command::Build(a) => Some(&a.content),
            Command::Check(a) => Some(&a.content),
            Command::Diff(a) => Some(&a.content),
            Command::NewVersion(a) => Some(&a.content),
            Command::Import(a) => Some(&a.content),
            Command::Serve(a) => Some(&a.content),
            Command::Schema(_) | Command::Verify(_) => None,
        }
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
