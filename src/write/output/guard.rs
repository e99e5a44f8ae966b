//! Which output folders a build refuses before it touches anything.
//!
//! A build replaces the whole output folder, so an output that is the content folder,
//! contains it, or lies inside the content or theme folder would delete the sources. Paths are
//! compared after resolving symbolic links and `..`, so no spelling of a folder slips past.

use std::path::{Component, Path, PathBuf};

use super::Protected;
use crate::base::codes::Code;
use crate::base::diagnostics::Diagnostic;
use crate::base::message::Message;
use crate::msg;

/// `path` made absolute, its existing part canonicalized (symbolic links resolved) and the
/// rest, which does not exist yet, appended with `.` and `..` applied.
pub(super) fn resolve(path: &Path) -> Result<PathBuf, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(
            path,
            None,
            Code::ReadFailed,
            msg!("无法解析路径：{e}", "cannot resolve the path: {e}"),
        )
    };
    let absolute = std::path::absolute(path).map_err(cannot)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let mut base = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                // `..` last (`std::path::absolute` keeps it), or the root itself.
                _ => match existing.parent() {
                    Some(parent) => {
                        rest.push("..".into());
                        existing = parent;
                    }
                    None => return Err(cannot(std::io::ErrorKind::NotFound.into())),
                },
            },
        }
    };
    // The missing components cannot be symbolic links, so applying `..` to them by name is
    // what the file system will do; one that climbs into `base` climbs out of a real folder.
    for name in rest.iter().rev() {
        match Path::new(name).components().next() {
            Some(Component::ParentDir) => {
                base.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => base.push(name),
        }
    }
    Ok(base)
}

/// Refuse an output folder (`out`, resolved) that would destroy one of `protected` (what it
/// is, and its path as the user gave it). `shown` is the output as the user gave it.
pub(super) fn refuse_overlap(
    shown: &Path,
    out: &Path,
    protected: &[(Protected, PathBuf)],
) -> Result<(), Diagnostic> {
    for (what, folder) in protected {
        let real = resolve(folder)?;
        let relation = if out == real {
            ("就是", "is")
        } else if real.starts_with(out) {
            ("包含了", "contains")
        } else if out.starts_with(&real) {
            ("位于", "is inside")
        } else {
            continue;
        };
        let (folder, (relation_zh, relation_en)) = (folder.display(), relation);
        let what = what.name();
        let where_zh = match relation_en {
            "is inside" => "里面",
            _ => "",
        };
        return Err(Diagnostic::error(
            shown,
            None,
            Code::OutputOverlap,
            Message::new(
                format!(
                    "输出文件夹{relation_zh}{}（{folder}）{where_zh}；生成时会替换整个输出文件夹，这会把它删除",
                    what.zh
                ),
                format!(
                    "the output folder {relation_en} the {} ({folder}); a build replaces the whole output folder and would delete it",
                    what.en
                ),
            ),
        )
        .help(msg!(
            "请把 `--output` 指定为内容文件夹和主题文件夹以外的文件夹，例如 `content` 旁边的 `output`",
            "choose an --output folder outside the content and theme folders, e.g. `output` beside `content`"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_canonicalizes_the_existing_part_and_applies_dots_to_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("c")).unwrap();
        std::os::unix::fs::symlink(real.join("c"), real.join("link")).unwrap();
        assert_eq!(resolve(&real.join("link")).unwrap(), real.join("c"));
        assert_eq!(
            resolve(&real.join("link/new/x")).unwrap(),
            real.join("c/new/x")
        );
        assert_eq!(resolve(&real.join("new/../c")).unwrap(), real.join("c"));
        assert_eq!(resolve(&real.join("new/./..")).unwrap(), real);
        assert_eq!(
            resolve(&real.join("a/b/../../c/.")).unwrap(),
            real.join("c")
        );
    }

    #[test]
    fn an_output_that_is_contains_or_lies_inside_a_protected_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let content = root.join("site/content");
        let theme = root.join("themes/t");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&theme).unwrap();
        let protected = [
            (Protected::Content, content.clone()),
            (Protected::Theme, root.join("site/content/../../themes/t")),
        ];
        let check = |out: &Path| refuse_overlap(out, &resolve(out).unwrap(), &protected);
        let e = check(&content.join("out")).unwrap_err();
        assert_eq!(e.code, Code::OutputOverlap);
        assert!(
            e.message.zh.starts_with("输出文件夹位于内容文件夹（"),
            "{e}"
        );
        assert!(e.message.zh.contains("）里面；"), "{e}");
        for (out, relation) in [
            (content.clone(), "is the content"),
            (root.join("site"), "contains the content"),
            (root.clone(), "contains the content"),
            (content.join("out"), "is inside the content"),
            (content.join("new/deeper"), "is inside the content"),
            (theme.clone(), "is the theme"),
            (theme.join("out"), "is inside the theme"),
            (root.join("themes"), "contains the theme"),
            (root.join("other/../site/content"), "is the content"),
        ] {
            let e = check(&out).unwrap_err();
            assert!(e.message.en.contains(relation), "{}: {e}", out.display());
        }
        for out in [
            root.join("site/output"),
            root.join("content"),
            root.join("site/content-out"),
        ] {
            assert!(check(&out).is_ok(), "{}", out.display());
        }
    }
}
