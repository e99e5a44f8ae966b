//! `qingdan verify DIR`: for the operator who deployed the site, checks a copy of the build
//! output against its manifest.json and names every missing, extra or altered file, in the
//! run's language.

use std::process::ExitCode;

use qingdan::base::diagnostics::escape_controls as shown;
use qingdan::base::message::Lang;
use qingdan::msg;

use crate::cmd::report::refuse;
use crate::{Global, VerifyArgs};

/// Exit 0 when the copy matches its manifest, 1 when anything differs or cannot be read.
pub(crate) fn run(args: &VerifyArgs, global: Global) -> ExitCode {
    let lang = global.lang;
    let dir = shown(&args.dir.display().to_string()).into_owned();
    let diff = match qingdan::write::manifest::verify(&args.dir) {
        Ok(diff) => diff,
        Err(problem) => return refuse(problem, global, 1),
    };
    let label = |zh: &'static str, en: &'static str| match lang {
        Lang::Zh => format!("{zh}："),
        Lang::En => format!("{en}: "),
    };
    for (what, list) in [
        (label("缺少", "missing"), &diff.missing),
        (label("多出", "extra"), &diff.extra),
        (label("被改动", "altered"), &diff.altered),
    ] {
        for path in list {
            println!("{what}{}", shown(path));
        }
    }
    let checked = diff.checked;
    if diff.is_clean() {
        let kept = match diff.kept {
            0 => msg!("", ""),
            n => msg!(
                "（另有{n}个运维人员自己的文件，不核对）",
                " ({n} kept files of the operator's not checked)"
            ),
        };
        let kept = kept.get(lang);
        let line = msg!(
            "{dir}：全部{checked}个文件与 manifest.json 一致{kept}",
            "{dir}: all {checked} files match manifest.json{kept}"
        );
        println!("{}", line.get(lang));
        ExitCode::SUCCESS
    } else {
        let (missing, extra, altered) = (diff.missing.len(), diff.extra.len(), diff.altered.len());
        let line = msg!(
            "{dir}：缺少{missing}个、多出{extra}个、被改动{altered}个文件（manifest.json 共列出{checked}个文件）",
            "{dir}: {missing} missing, {extra} extra, {altered} altered (of {checked} files in manifest.json)"
        );
        println!("{}", line.get(lang));
        ExitCode::from(1)
    }
}
