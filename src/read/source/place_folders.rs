//! The delta folders of places (`places/<place-id>/*.yaml`): each folder holds one place's
//! dated local differences from its parent's list. Only reading is done here: which place a
//! folder names, and what its files mean, is for `decode` and `validate`.

use std::fs;
use std::path::PathBuf;

use super::{
    cannot_read_folder, name_not_utf8, problem_at, texts_in, Folder, Problem, SourceFile,
    YAML_LIMIT,
};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::msg;

/// One folder `places/<id>/`: the id it is named by and its `.yaml` files, sorted by name.
#[derive(Debug, Clone)]
pub struct PlaceFolder {
    /// The folder's name, which should be a place's id.
    pub id: String,
    /// The folder as shown to the user.
    pub path: PathBuf,
    pub files: Vec<SourceFile>,
}

/// The folders of `places/` in name order; nothing when there is no `places/`.
pub(super) fn read_place_folders(content: &Folder, diags: &mut Diagnostics) -> Vec<PlaceFolder> {
    let root = content.root;
    let dir = root.join("places");
    let Ok(meta) = fs::symlink_metadata(&dir) else {
        return Vec::new();
    };
    if meta.file_type().is_symlink() {
        diags.push(problem_at(&Problem::Link(dir)));
        return Vec::new();
    }
    if !meta.is_dir() {
        diags.push(not_a_folder(dir, "places"));
        return Vec::new();
    }
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(cannot_read_folder(&dir, &e));
            return Vec::new();
        }
    };
    let mut ids = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let Ok(name) = entry.file_name().into_string() else {
            diags.push(name_not_utf8(&path).help(msg!(
                "请把文件夹改名为地点的 id，例如 `places/xiejiaji/`",
                "rename the folder to a place's id, e.g. `places/xiejiaji/`"
            )));
            continue;
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => ids.push(name),
            Ok(t) if t.is_symlink() => diags.push(problem_at(&Problem::Link(path))),
            _ => diags.push(not_a_folder(path, &format!("places/{name}"))),
        }
    }
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let rels = texts_in(root, &format!("places/{id}"), "yaml", diags);
            PlaceFolder {
                path: dir.join(&id),
                files: content.read_all(&rels, YAML_LIMIT, diags),
                id,
            }
        })
        .collect()
}

/// The error for `rel` (`places` or `places/<name>`), which is not a folder.
fn not_a_folder(path: PathBuf, rel: &str) -> Diagnostic {
    Diagnostic::error(
        &path,
        None,
        Code::NotAPlaceFolder,
        msg!(
            "`{rel}` 不是文件夹；`places/` 里每个地点一个文件夹",
            "`{rel}` is not a folder; `places/` holds one folder per place"
        ),
    )
    .help(msg!(
        "把地点的调整文件放进以地点 id 命名的文件夹，例如 `places/xiejiaji/2024-03-15.yaml`",
        "put a place's delta files in a folder named by its id, e.g. \
         `places/xiejiaji/2024-03-15.yaml`"
    ))
}
