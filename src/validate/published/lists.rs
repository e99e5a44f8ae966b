//! The other lists' version files (`lists/<kind>/<date>.yaml`) are public records as the
//! certificate versions are: their pages, feeds and open data say what each list said on its
//! date. A build records their SHA-256 beside the certificate versions' (the output's
//! `manifest.json`, `sources`), and the next `check` or `build` warns, with the same codes,
//! when an older list version's file no longer has that hash, or is gone. The newest version
//! of each list is left out: staff still correct it between building and uploading.

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, SourceTexts};
use crate::model::lists::ListKind;
use crate::model::Content;
use crate::msg;

use super::{edited, relative, Hashes, Record};
use crate::validate::adjustments::date_message;

/// Adds to `hashes` the SHA-256 of each version file read (`texts`) of a list the site
/// declares, by its path in the content folder (`lists/assistance/2023-01-10.yaml`). A folder
/// of a kind the site does not declare is not published, so not recorded.
pub(crate) fn record(content: &Content, texts: &SourceTexts, hashes: &mut Hashes) {
    for list in &content.lists {
        let dir = content.root.join("lists").join(list.kind().as_str());
        for (path, text) in texts.range(dir.clone()..) {
            if !path.starts_with(&dir) {
                break;
            }
            if path.parent() != Some(dir.as_path()) {
                continue;
            }
            if let Some(rel) = relative(&content.root, path) {
                hashes.insert(rel, sha256_hex(text.as_bytes()));
            }
        }
    }
}

/// Whether a recorded path names a list's version file, `lists/<kind>/<name>.yaml` with a
/// kind qingdan knows: such paths are reported here, not as certificate versions, and they
/// are the only others a manifest's record (which anyone with the output may have written) is
/// trusted with, since they name nothing outside the content's `lists/`.
pub(crate) fn is_list_version(rel: &str) -> bool {
    let Some((kind, name)) = (rel.strip_prefix("lists/")).and_then(|r| r.split_once('/')) else {
        return false;
    };
    ListKind::ALL.iter().any(|k| k.as_str() == kind)
        && name.ends_with(".yaml")
        && !name.contains(['/', '\\'])
}

/// Warn for every version but each list's newest whose file differs from `record`, and for
/// every list file in `record` that `current` no longer has.
pub(super) fn check(content: &Content, record: &Record, current: &Hashes, diags: &mut Diagnostics) {
    let manifest = record.manifest.display().to_string();
    for list in &content.lists {
        let kind = list.kind().as_str();
        let older = list.versions.len().saturating_sub(1);
        for version in &list.versions[..older] {
            if !edited(&content.root, &version.file, record, current) {
                continue;
            }
            let when = date_message(version.date.value);
            let (zh_when, en_when) = (&when.zh, &when.en);
            diags.push(
                Diagnostic::warning(
                    &version.file,
                    Some(version.date.pos),
                    Code::PublishedVersionEdited,
                    msg!(
                        "这个已公布的清单版本（{zh_when}）在上次生成网站之后被修改过",
                        "this published version of the list ({en_when}) was edited after the last build published it"
                    ),
                )
                .help(msg!(
                    "已公布的清单版本不应再修改：请把这个文件改回公布时的样子；要调整清单，请在 `lists/{kind}/` 中新建一个以公布日期命名的版本文件（如 `lists/{kind}/2024-06-01.yaml`），写上调整后的完整清单，并在 `notes` 中说明原因；上次生成网站时的记录在 `{manifest}`",
                    "a published version of a list should not be edited: put this file back as it was published, and publish a change to the list as a new version file in `lists/{kind}/` named by its date (e.g. `lists/{kind}/2024-06-01.yaml`) with the whole list as it now stands, saying why in its `notes`; the last build's record is `{manifest}`"
                )),
            );
        }
    }
    for rel in record.hashes.keys().filter(|rel| is_list_version(rel)) {
        if current.contains_key(rel) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                &content.root.join(rel),
                None,
                Code::PublishedVersionMissing,
                msg!(
                    "已公布的清单版本 `{rel}` 不在内容文件夹中了（被删除或改名）",
                    "the published list version `{rel}` is no longer in the content folder (deleted or renamed)"
                ),
            )
            .help(msg!(
                "已公布的清单版本不应删除或改名，否则网站上它的页面和链接会消失：请把文件按原名放回；要删去或调整事项，请在同一文件夹中新建一个以公布日期命名的版本文件；上次生成网站时的记录在 `{manifest}`",
                "a published version of a list is not deleted or renamed, or its pages and links leave the site: put the file back under its name; to remove or change items, add a new version file named by its date in the same folder; the last build's record is `{manifest}`"
            )),
        );
    }
}

/// Lowercase hex SHA-256, as the manifest writes every hash.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in sha2::Sha256::digest(bytes) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_known_kinds_version_file_is_trusted_from_a_manifest() {
        assert!(is_list_version("lists/assistance/2023-01-10.yaml"));
        assert!(is_list_version("lists/burdens/2023-01-10.yaml"));
        for rel in [
            "lists/assistance/../../../etc/passwd.yaml",
            "lists/../certificates/2023-01-10.yaml",
            "lists/other/2023-01-10.yaml",
            "lists/assistance/2023-01-10.yml",
            "lists/assistance\\..\\x.yaml",
            "lists/2023-01-10.yaml",
            "certificates/2023-01-10.yaml",
        ] {
            assert!(!is_list_version(rel), "{rel}");
        }
    }

    #[test]
    fn the_hash_is_the_manifests_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
