//! Printing a run's problems for the person or tool that ran `qingdan`: human (with the source
//! line, coloured on a terminal) or JSON, one object per line, in the run's language. Shared by
//! every command: `build`, `check` and `diff` stop on a content report, `diff`, `new-version`
//! and `verify` on a problem of their own.

use std::io::IsTerminal;
use std::process::ExitCode;

use qingdan::base::diagnostics::{render_human, render_json, Diagnostic, SourceTexts};
use qingdan::base::message::Message;
use qingdan::{msg, Report};

use crate::{Global, MessageFormat};

/// Print the report's problems, if any, in the chosen format and language.
pub(crate) fn print_report(report: &Report, global: Global) {
    print_list(
        &report.diagnostics.clone().sorted(),
        &report.sources,
        global,
    );
}

/// Print `list` (sorted already): JSON lines on standard output, else human text on standard
/// error, where the source lines come from `sources` (or the files themselves).
pub(crate) fn print_list(list: &[Diagnostic], sources: &SourceTexts, global: Global) {
    if list.is_empty() {
        return;
    }
    match global.message_format {
        MessageFormat::Human => {
            let color = std::io::stderr().is_terminal();
            eprint!("{}", render_human(list, sources, color, global.lang))
        }
        MessageFormat::Json => print!("{}", render_json(list, global.lang)),
    }
}

/// Print the problems and a count with what to do now; the exit code of a failed command.
pub(crate) fn fail(report: &Report, global: Global, what_now: &Message) -> ExitCode {
    print_report(report, global);
    let (errors, warnings) = (
        report.diagnostics.error_count(),
        report.diagnostics.warning_count(),
    );
    let what_now = what_now.get(global.lang);
    let line = msg!(
        "错误：发现{errors}处错误、{warnings}处警告；{what_now}",
        "error: {errors} problem(s) found, {warnings} warning(s); {what_now}"
    );
    eprintln!("{}", line.get(global.lang));
    ExitCode::from(1)
}

/// A command refuses to go on for one reason of its own (a date that names no version, a
/// manifest it cannot read): print it and exit with `exit`.
pub(crate) fn refuse(problem: Diagnostic, global: Global, exit: u8) -> ExitCode {
    print_list(&[problem], &SourceTexts::default(), global);
    ExitCode::from(exit)
}
