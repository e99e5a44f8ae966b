//! Attachments: the files the content names for the site to publish as they are (a version's
//! `attachments`, an item's `specimen`), read, checked and placed.
//!
//! A file is named by its path relative to the content folder. It must stay inside that folder
//! (no absolute path, no `..`, no symbolic link anywhere on the way: `read::source` reads it under
//! the same rules as the content's own files), be a regular file of at most
//! `ATTACHMENT_MAX_BYTES`, have one of `ATTACHMENT_EXTENSIONS` and start as a file of that kind
//! does. Each problem is reported at the `file:` line that names it.
//!
//! Where a file is published (`model::published`) depends on where it belongs, never on a name
//! alone: `versions/<date>/files/<n>-<name>.<ext>` for a version's n-th attachment, and
//! `items/<id>/files/specimen-<date>.<ext>` for an item's specimen, dated by the first version
//! whose item carries those very bytes, so the same template listed in every later version is
//! one file with one URL. The bytes are copied unchanged.
//!
//! `publish` is the one entry point; `check_file` reads and checks one file for any other use
//! (a 承诺书 to download, an image in Markdown).

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Component, Path};

use sha2::{Digest, Sha256};

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::message::Message;
use crate::base::output_file::OutputFile;
use crate::model::published::{
    promise_form_path, specimen_path, version_attachment_path, FileKind, PublishedFile,
    ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES,
};
use crate::model::{Content, Spanned};
use crate::msg;
use crate::read::source::{self, Limit, Problem, Words};

/// The size limit of one attachment, with what to say when a file is larger.
pub(crate) const ATTACHMENT_LIMIT: Limit = Limit {
    bytes: ATTACHMENT_MAX_BYTES,
    kind: Words {
        zh: "附件",
        en: "an attachment",
    },
    help: Words {
        zh: "请压缩文件后再发布：扫描件用较低的分辨率（150 dpi 足够阅读）另存为 PDF，或者把附件拆成几个文件",
        en: "make the file smaller before publishing it: save a scan at a lower resolution (150 dpi reads well) as PDF, or split it into several files",
    },
};

/// A file read and checked: its kind and bytes.
#[derive(Debug, Clone)]
pub(crate) struct CheckedFile {
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// Read and check every attachment of `content` (in the content folder `root`), fill in where
/// each is published, and return the files to publish. Problems go into `diags`, each at the
/// `file:` line in `file` of its version.
pub(crate) fn publish(
    root: &Path,
    content: &mut Content,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut reader = Reader {
        root,
        read: HashMap::new(),
    };
    let mut files = Vec::new();
    // An item's specimen: the path it was first published at, by item id and content.
    let mut specimens: HashMap<(String, FileKind, [u8; 32]), String> = HashMap::new();
    // A promise's 承诺书, likewise.
    let mut forms: HashMap<(String, FileKind, [u8; 32]), String> = HashMap::new();
    for version in &mut content.versions {
        // Shared with `serve`'s memory of the decoded versions: copied only when it has files
        // to publish, which are recorded on the copy.
        let has_files = |item: &crate::model::Item| {
            item.specimen.is_some() || (item.promise.as_ref()).is_some_and(|p| p.form.is_some())
        };
        if version.attachments.is_empty() && !version.items.iter().any(has_files) {
            continue;
        }
        let version = std::sync::Arc::make_mut(version);
        let date = version.date.value.to_string();
        let file = version.file.clone();
        for (n, attachment) in version.attachments.iter_mut().enumerate() {
            let Some(checked) = reader.get(&file, &attachment.file, diags) else {
                continue;
            };
            let path = version_attachment_path(&date, n + 1, &attachment.file.value);
            attachment.published = Some(PublishedFile {
                path: path.clone(),
                kind: checked.kind,
                size: checked.bytes.len() as u64,
            });
            files.push(OutputFile {
                path,
                bytes: checked.bytes.clone(),
            });
        }
        for item in &mut version.items {
            let id = item.id.value.as_str();
            let form = (item.promise.as_mut()).and_then(|p| p.form.as_mut());
            let place = |date: &str, rel: &str| promise_form_path(id, date, rel);
            for (attachment, seen, path_of) in [
                (form, &mut forms, &place as &dyn Fn(&str, &str) -> String),
                (
                    item.specimen.as_mut(),
                    &mut specimens,
                    &|d: &str, r: &str| specimen_path(id, d, r),
                ),
            ] {
                let Some(attachment) = attachment else {
                    continue;
                };
                let Some(checked) = reader.get(&file, &attachment.file, diags) else {
                    continue;
                };
                // The path it was first published at, by item id and content.
                let hash: [u8; 32] = Sha256::digest(&checked.bytes).into();
                let path = seen
                    .entry((id.to_string(), checked.kind, hash))
                    .or_insert_with(|| {
                        let path = path_of(&date, &attachment.file.value);
                        files.push(OutputFile {
                            path: path.clone(),
                            bytes: checked.bytes.clone(),
                        });
                        path
                    });
                attachment.published = Some(PublishedFile {
                    path: path.clone(),
                    kind: checked.kind,
                    size: checked.bytes.len() as u64,
                });
            }
        }
    }
    files
}

/// Reads each file once, however many versions and items name it.
struct Reader<'a> {
    root: &'a Path,
    /// By the path as written; `None` when it could not be used (reported where it is named).
    read: HashMap<String, Result<CheckedFile, (Code, Message, Message)>>,
}

impl Reader<'_> {
    /// The checked file `named` in `file`, or its problem reported at `named`'s position.
    fn get(
        &mut self,
        file: &Path,
        named: &Spanned<String>,
        diags: &mut Diagnostics,
    ) -> Option<&CheckedFile> {
        let root = self.root;
        let result = (self.read)
            .entry(named.value.clone())
            .or_insert_with(|| check_file(root, &named.value));
        match result {
            Ok(checked) => Some(checked),
            Err((code, message, help)) => {
                diags.push(
                    Diagnostic::error(file, Some(named.pos), *code, message.clone())
                        .help(help.clone()),
                );
                None
            }
        }
    }
}

/// Read the file at `rel` (a path relative to the content folder `root`, as the content writes
/// it) and check it as an attachment: its problem as a code, a message and a help otherwise.
pub(crate) fn check_file(root: &Path, rel: &str) -> Result<CheckedFile, (Code, Message, Message)> {
    let path = Path::new(rel);
    let plain = !rel.is_empty()
        && !rel.contains('\\')
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain {
        return Err((
            Code::AttachmentPath,
            msg!(
                "附件 `{rel}` 不是内容文件夹里的文件：路径不能以 `/` 开头，不能含有 `..` 或 `\\`",
                "the attachment `{rel}` is not a file inside the content folder: the path may not start with `/` or contain `..` or `\\`"
            ),
            msg!(
                "把文件放进内容文件夹（例如 `files/` 文件夹），写它相对于内容文件夹的路径，用 `/` 分隔，例如 `file: files/2025-notice.pdf`",
                "put the file inside the content folder (e.g. in `files/`) and write its path from there, with `/`, e.g. `file: files/2025-notice.pdf`"
            ),
        ));
    }
    let Some(kind) = FileKind::from_name(rel) else {
        let kinds = ATTACHMENT_EXTENSIONS.join(", ");
        return Err((
            Code::AttachmentKind,
            msg!(
                "附件 `{rel}` 的文件类型不能发布",
                "the attachment `{rel}` is not a kind of file qingdan publishes"
            ),
            msg!(
                "附件要存为以下类型之一（看文件名的扩展名）：{kinds}；例如把文件另存为 PDF",
                "save the attachment as one of these kinds (by its extension): {kinds}; e.g. save it as PDF"
            ),
        ));
    };
    let bytes = match source::read_asset(root, path, ATTACHMENT_LIMIT) {
        Ok(bytes) => bytes,
        Err(Problem::Io(_, e)) if e.kind() == ErrorKind::NotFound => {
            return Err((
                Code::AttachmentMissing,
                msg!(
                    "附件 `{rel}` 不存在",
                    "the attachment `{rel}` does not exist"
                ),
                msg!(
                    "把文件放进内容文件夹，路径从内容文件夹（site.yaml 所在的文件夹）算起，大小写和扩展名都要一致",
                    "put the file in the content folder; the path starts from the content folder (where site.yaml is), with the same case and extension"
                ),
            ));
        }
        Err(problem) => {
            let (message, help) = problem.describe();
            let message = msg!("附件：", "the attachment:").then(&message);
            return Err((problem.code(), message, help));
        }
    };
    if !kind.matches(&bytes) {
        let (ext, signature) = (kind_name(rel), kind.signature());
        return Err((
            Code::AttachmentContent,
            msg!(
                "附件 `{rel}` 的内容不是 {ext} 文件：这类文件以 {signature} 开头",
                "the attachment `{rel}` is not a {ext} file inside: such files start with {signature}"
            ),
            msg!(
                "文件的扩展名与内容不符（可能是改过扩展名）：用原来的程序打开它，另存为所需的类型，再写上新的文件名",
                "the file's extension does not match what it holds (it may have been renamed): open it in the program that made it, save it as the kind you need, and write the new name"
            ),
        ));
    }
    Ok(CheckedFile { kind, bytes })
}

/// The extension of `rel` in capitals, as the messages name a kind: `PDF`, `DOCX`.
fn kind_name(rel: &str) -> String {
    rel.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_uppercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_checked_by_path_kind_and_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
        std::fs::write(dir.path().join("b.pdf"), b"PK\x03\x04").unwrap();
        std::fs::write(dir.path().join("c.exe"), b"MZ").unwrap();
        let code = |rel: &str| check_file(dir.path(), rel).map(|f| f.kind).map_err(|e| e.0);
        assert_eq!(code("a.pdf"), Ok(FileKind::Pdf));
        assert_eq!(code("./a.pdf"), Ok(FileKind::Pdf));
        assert_eq!(code("b.pdf"), Err(Code::AttachmentContent));
        assert_eq!(code("c.exe"), Err(Code::AttachmentKind));
        assert_eq!(code("../a.pdf"), Err(Code::AttachmentPath));
        assert_eq!(code("/etc/a.pdf"), Err(Code::AttachmentPath));
        assert_eq!(code("files\\a.pdf"), Err(Code::AttachmentPath));
        assert_eq!(code("gone.pdf"), Err(Code::AttachmentMissing));
        assert_eq!(code("no/such/folder.pdf"), Err(Code::AttachmentMissing));
    }
}
