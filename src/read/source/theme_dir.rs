//! The theme folder a site names with `theme: DIR`: found inside the content folder and read
//! within bounds.
//!
//! It used to be read whole, wherever it pointed: `theme: /usr/share` read 933 MB and
//! `theme: /dev` hung. Now the folder must lie inside the content folder (no absolute path, no
//! `..`, no links), only the three folders a theme has are read (`templates/`, `static/`,
//! `i18n/`), each holding only the kinds of file it can use, and the number of files, their
//! depth, each file's size and their total size are limited. Anything else at the top of the
//! theme folder (a README, a licence) is ignored with a warning; a file of the wrong kind
//! inside one of the three folders is an error, because it was evidently meant to be used.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::open::{self, human, irregular, Limit, Problem, Words};
use super::{name_not_utf8, problem_at};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::message::Message;
use crate::msg;

/// Each theme file: templates, styles, scripts, strings and images are far smaller.
pub(super) const FILE_LIMIT: Limit = Limit {
    bytes: 10 << 20,
    kind: Words {
        zh: "主题文件",
        en: "a theme file",
    },
    help: Words {
        zh: "主题文件是模板、样式、脚本、界面文字和小图片：请把文件改小",
        en: "theme files are templates, styles, scripts, UI strings and small images: make the file smaller",
    },
};
/// All theme files together.
pub(super) const TOTAL_LIMIT: u64 = 64 << 20;
/// Theme files in all (the default theme has 17).
pub(super) const MAX_FILES: usize = 1000;
/// Folders below `templates/` or `static/` (`static/img/icons/` is 2).
pub(super) const MAX_DEPTH: usize = 8;

/// What a theme's `static/` may hold; all of it is published under `assets/`.
pub(super) const STATIC_KINDS: &[&str] = &[
    "css", "js", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2", "ttf",
    "otf", "txt",
];

/// Published as `assets/content/`, which holds the files the content contributes (the emblem).
pub(super) const RESERVED_STATIC: &str = "static/content";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Templates,
    Strings,
    Static,
}

impl Area {
    fn of(name: &str) -> Option<Area> {
        match name {
            "templates" => Some(Area::Templates),
            "i18n" => Some(Area::Strings),
            "static" => Some(Area::Static),
            _ => None,
        }
    }

    fn accepts(self, name: &str) -> bool {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match (self, ext.as_deref()) {
            (Area::Templates, Some("html")) | (Area::Strings, Some("yaml")) => true,
            (Area::Static, Some(ext)) => STATIC_KINDS.contains(&ext),
            _ => false,
        }
    }

    fn kinds(self) -> Message {
        match self {
            Area::Templates => msg!(
                "`templates/` 存放以 `.html` 结尾的 Tera 模板",
                "`templates/` holds Tera templates ending in `.html`"
            ),
            Area::Strings => msg!(
                "`i18n/` 存放界面文字，每种语言一个 `<语言代码>.yaml`",
                "`i18n/` holds UI strings, one `<language code>.yaml` each"
            ),
            Area::Static => {
                let kinds = STATIC_KINDS.join(", ");
                msg!(
                    "`static/` 存放原样发布的文件：{kinds}",
                    "`static/` holds files published as they are: {kinds}"
                )
            }
        }
    }
}

/// The folder `theme:` names: relative, inside the content folder, no link on the way, a
/// folder. Problems are reported at the `theme:` line (`site`, `pos`).
pub(crate) fn resolve(
    root: &Path,
    value: &str,
    site: &Path,
    pos: Pos,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    let refuse = |code: Code, message: Message, help: Message| {
        Diagnostic::error(site, Some(pos), code, message).help(help)
    };
    let rel = Path::new(value);
    let plain = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    // `theme: .` would make the content folder itself the theme.
    let names_a_folder = rel.components().any(|c| matches!(c, Component::Normal(_)));
    if !plain || !names_a_folder {
        diags.push(refuse(
            Code::ThemeFolder,
            msg!(
                "主题文件夹 `{value}` 不是内容文件夹里的文件夹",
                "the theme folder `{value}` is not a folder inside the content folder"
            ),
            msg!(
                "`theme:` 写内容文件夹里的一个文件夹，例如 `theme: my-theme`；请把主题移到那里，或者删去这一行，使用默认主题",
                "`theme:` names a folder inside the content folder, e.g. `theme: my-theme`; move the theme there, or remove the line to use the default theme"
            ),
        ));
        return None;
    }
    let shown = root.join(rel);
    match folder_inside(root, rel) {
        Ok(path) => Some(path),
        Err(Problem::Io(_, e)) if e.kind() == std::io::ErrorKind::NotFound => {
            let shown = shown.display();
            diags.push(refuse(
                Code::ThemeMissing,
                msg!(
                    "主题文件夹 `{shown}` 不存在",
                    "the theme folder `{shown}` does not exist"
                ),
                msg!(
                    "`theme:` 写相对于内容文件夹的文件夹；删去这一行则使用默认主题",
                    "`theme:` is a folder relative to the content folder; remove the line to use the default theme"
                ),
            ));
            None
        }
        Err(Problem::NotRegular(path, what)) => {
            let path = path.display();
            diags.push(refuse(
                Code::ThemeFolder,
                Message::new(
                    format!("主题 `{path}` 是{}，不是文件夹", what.zh),
                    format!("the theme `{path}` is {}, not a folder", what.en),
                ),
                msg!(
                    "`theme:` 写一个含有 templates/、static/ 和 i18n/ 的文件夹",
                    "`theme:` names a folder that holds templates/, static/ and i18n/"
                ),
            ));
            None
        }
        Err(problem) => {
            let (message, help) = problem.describe();
            let message = msg!("主题文件夹：", "the theme folder:").then(&message);
            diags.push(refuse(problem.code(), message, help));
            None
        }
    }
}

/// `root/rel` when it is a folder inside `root` reached without links, else what it is.
fn folder_inside(root: &Path, rel: &Path) -> Result<PathBuf, Problem> {
    let path = open::no_links(root, rel)?;
    let canon = path
        .canonicalize()
        .map_err(|e| Problem::Io(path.clone(), e))?;
    let canon_root = root
        .canonicalize()
        .map_err(|e| Problem::Io(root.into(), e))?;
    match fs::metadata(&canon) {
        _ if !canon.starts_with(&canon_root) => Err(Problem::Outside(path)),
        Ok(m) if m.is_dir() => Ok(path),
        Ok(m) => Err(Problem::NotRegular(
            path,
            irregular(&m.file_type()).unwrap_or(open::FILE),
        )),
        Err(e) => Err(Problem::Io(path, e)),
    }
}

/// The theme's files as (path relative to `dir` with `/`, bytes), sorted; problems with them
/// go to `diags`, each at the file.
pub(crate) fn read(dir: &Path, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let mut walk = Walk {
        files: Vec::new(),
        total: 0,
        stopped: false,
        diags,
    };
    for (name, path, kind) in walk.entries(dir) {
        match Area::of(&name) {
            Some(area) if kind.is_dir() => walk.folder(&path, &name, area, 0),
            Some(_) if kind.is_symlink() => walk.problem(&Problem::Link(path)),
            Some(_) => walk.diags.push(
                Diagnostic::error(
                    &path,
                    None,
                    Code::ThemeLayout,
                    msg!(
                        "主题里的 `{name}` 必须是文件夹",
                        "`{name}` in a theme must be a folder"
                    ),
                )
                .help(msg!(
                    "把 `{name}/` 建成存放主题文件的文件夹，或者删除它",
                    "make `{name}/` a folder of theme files, or remove it"
                )),
            ),
            None => walk.diags.push(
                Diagnostic::warning(
                    &path,
                    None,
                    Code::ThemeExtraFile,
                    msg!("不属于主题，已忽略", "not part of a theme; ignored"),
                )
                .help(msg!(
                    "主题文件夹只含 templates/、static/ 和 i18n/；请把其他文件移出去",
                    "a theme folder holds templates/, static/ and i18n/; move other files out of it"
                )),
            ),
        }
    }
    walk.files.sort();
    walk.files
}

struct Walk<'a> {
    files: Vec<(String, Vec<u8>)>,
    total: u64,
    /// A limit on the number or total size was hit: the rest is not read.
    stopped: bool,
    diags: &'a mut Diagnostics,
}

impl Walk<'_> {
    /// The entries of `dir` that are not hidden, as (name, path, type), sorted; a name that is
    /// not UTF-8 is reported.
    fn entries(&mut self, dir: &Path) -> Vec<(String, PathBuf, fs::FileType)> {
        let read = match fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                self.problem(&Problem::Io(dir.to_path_buf(), e));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.problem(&Problem::Io(dir.to_path_buf(), e));
                    continue;
                }
            };
            let path = entry.path();
            let Ok(name) = entry.file_name().into_string() else {
                self.diags.push(name_not_utf8(&path).help(msg!(
                    "请只用字母、数字、`-` 和 `.` 重新命名",
                    "rename it using letters, digits, `-` and `.`"
                )));
                continue;
            };
            // Editors' swap files, `.git`, `.DS_Store`: never part of a theme.
            if name.starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(kind) => out.push((name, path, kind)),
                Err(e) => self.problem(&Problem::Io(path, e)),
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn folder(&mut self, dir: &Path, rel: &str, area: Area, depth: usize) {
        for (name, path, kind) in self.entries(dir) {
            if self.stopped {
                return;
            }
            let rel = format!("{rel}/{name}");
            if kind.is_symlink() {
                self.problem(&Problem::Link(path));
            } else if kind.is_dir() {
                self.subfolder(&path, &rel, area, depth + 1);
            } else if !kind.is_file() {
                self.problem(&Problem::NotRegular(
                    path,
                    irregular(&kind).unwrap_or(open::FILE),
                ));
            } else if !area.accepts(&name) {
                let kinds = area.kinds();
                self.diags.push(
                    Diagnostic::error(
                        &path,
                        None,
                        Code::ThemeFileKind,
                        msg!(
                            "主题不能在这里使用这种文件",
                            "a theme cannot use this kind of file here"
                        ),
                    )
                    .help(Message::new(
                        format!("{}；请移走或删除这个文件", kinds.zh),
                        format!("{}; move or remove the file", kinds.en),
                    )),
                );
            } else {
                self.file(&path, rel, area);
            }
        }
    }

    fn subfolder(&mut self, dir: &Path, rel: &str, area: Area, depth: usize) {
        let refuse = |message: Message, help: Message| {
            Diagnostic::error(dir, None, Code::ThemeLayout, message).help(help)
        };
        if area == Area::Strings {
            self.diags.push(refuse(
                msg!("`i18n/` 里不能有文件夹", "`i18n/` has no folders"),
                area.kinds(),
            ));
        } else if rel == RESERVED_STATIC {
            self.diags.push(refuse(
                msg!(
                    "`static/content/` 留给内容文件夹里的文件（页脚标识）使用",
                    "`static/content/` is reserved for files from the content folder (the footer emblem)"
                ),
                msg!(
                    "把这个文件夹改名，例如改为 `static/theme/`",
                    "rename the folder, e.g. to `static/theme/`"
                ),
            ));
        } else if depth > MAX_DEPTH {
            self.diags.push(refuse(
                msg!(
                    "主题的文件夹层级太深",
                    "the theme's folders are nested too deeply"
                ),
                msg!(
                    "主题的文件夹在 templates/ 或 static/ 下最多嵌套{MAX_DEPTH}层",
                    "a theme's folders may be nested at most {MAX_DEPTH} levels below templates/ or static/"
                ),
            ));
        } else {
            self.folder(dir, rel, area, depth);
        }
    }

    fn file(&mut self, path: &Path, rel: String, area: Area) {
        if self.files.len() == MAX_FILES {
            self.stopped = true;
            self.diags.push(
                Diagnostic::error(
                    path,
                    None,
                    Code::ThemeTooLarge,
                    msg!(
                        "主题的文件超过{MAX_FILES}个",
                        "the theme has more than {MAX_FILES} files"
                    ),
                )
                .help(msg!(
                    "主题只需覆盖少数模板、样式和界面文字：请删除用不到的文件",
                    "a theme overrides a few templates, styles and strings; remove the files it does not use"
                )),
            );
            return;
        }
        let bytes = match open::read_regular(path, FILE_LIMIT) {
            Ok(bytes) => bytes,
            Err(problem) => return self.problem(&problem),
        };
        self.total += bytes.len() as u64;
        if self.total > TOTAL_LIMIT {
            self.stopped = true;
            let most = human(TOTAL_LIMIT);
            self.diags.push(
                Diagnostic::error(
                    path,
                    None,
                    Code::ThemeTooLarge,
                    Message::new(
                        format!("主题的文件合计超过{}", most.zh),
                        format!("the theme's files are larger than {} in all", most.en),
                    ),
                )
                .help(msg!(
                    "主题只需覆盖少数模板、样式和界面文字：请删除用不到的文件，或者把图片改小",
                    "a theme overrides a few templates, styles and strings; remove the files it does not use, or make images smaller"
                )),
            );
            return;
        }
        if area == Area::Strings {
            self.diags.extend(super::forbidden_characters(
                path,
                &String::from_utf8_lossy(&bytes),
            ));
        }
        self.files.push((rel, bytes));
    }

    fn problem(&mut self, problem: &Problem) {
        self.diags.push(problem_at(problem));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_area_accepts_its_own_kinds_only() {
        assert!(Area::Templates.accepts("item.html"));
        assert!(!Area::Templates.accepts("item.yaml"));
        assert!(Area::Strings.accepts("ug.yaml"));
        assert!(!Area::Strings.accepts("ug.yml"));
        assert!(Area::Static.accepts("logo.PNG"));
        assert!(!Area::Static.accepts("run.sh"));
        assert!(!Area::Static.accepts("noextension"));
    }
}
