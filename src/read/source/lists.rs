//! The files of the other lists: `lists/<kind>/*.yaml`, one folder per kind of list. Which
//! kinds the site declares is site.yaml's, read later; here every folder is read, so that a
//! folder of a kind the site does not declare is named rather than passed over.

use std::fs;
use std::path::Path;

use super::{name_not_utf8, problem_at, texts_in, Problem};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::msg;

/// The version files of every folder in `lists/`, by their paths in the content folder; none
/// without a `lists/` folder, so a content folder without it reads as before.
pub(super) fn files(root: &Path, diags: &mut Diagnostics) -> Vec<String> {
    let path = root.join("lists");
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return Vec::new();
    };
    if meta.file_type().is_symlink() {
        diags.push(problem_at(&Problem::Link(path)));
        return Vec::new();
    }
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(Diagnostic::error(
                &path,
                None,
                Code::ReadFailed,
                msg!("无法读取文件夹：{e}", "cannot read the folder: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut kinds = Vec::new();
    for entry in entries.flatten() {
        let entry_path = entry.path();
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let Ok(name) = entry.file_name().into_string() else {
            diags.push(name_not_utf8(&entry_path).help(msg!(
                "请重新命名：`lists/` 里的文件夹以清单种类命名，例如 `lists/assistance/`",
                "rename it: a folder in `lists/` is named after its kind, e.g. `lists/assistance/`"
            )));
            continue;
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => kinds.push(name),
            Ok(t) if t.is_symlink() => diags.push(problem_at(&Problem::Link(entry_path))),
            _ => diags.push(
                Diagnostic::error(
                    &entry_path,
                    None,
                    Code::ListLayout,
                    msg!(
                        "`lists/{name}` 不是文件夹；`lists/` 里每种清单一个文件夹",
                        "`lists/{name}` is not a folder; `lists/` holds one folder per kind of list"
                    ),
                )
                .help(msg!(
                    "把版本文件放进清单种类的文件夹，例如 `lists/assistance/2024-03-15.yaml`",
                    "put the version file in its kind's folder, e.g. `lists/assistance/2024-03-15.yaml`"
                )),
            ),
        }
    }
    kinds.sort();
    let mut files = Vec::new();
    for kind in kinds {
        files.extend(texts_in(root, &format!("lists/{kind}"), "yaml", diags));
    }
    files
}
