//! `qingdan verify DIR`: for the operator who deployed the site, checks a copy of the build
//! output against its manifest.json and names every missing, extra or altered file.

use std::process::ExitCode;

use qingdan::base::diagnostics::escape_controls as shown;

use crate::{Global, VerifyArgs};

/// Exit 0 when the copy matches its manifest, 1 when anything differs or cannot be read.
pub(crate) fn run(args: &VerifyArgs, _global: Global) -> ExitCode {
    let dir = &args.dir;
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
