//! Official publication checks: a retained item must rest on a law, an administrative
//! regulation or a State Council decision (民发〔2020〕20号), which a 设定依据 names in
//! 《…》. A basis that names none (a department's "requirements", the list's own document
//! number) would not pass review, so `check` warns about it in the list in force.

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Content, Status};
use crate::msg;

/// Warns for each issued item of the current version whose `basis` is written but names no
/// law, regulation or decision in 《…》. Past versions stand as they were published; an item
/// without any `basis` is left to review, since a list may not give the column at all.
pub(super) fn check_retained_basis(content: &Content, diags: &mut Diagnostics) {
    let Some(version) = content.versions.last() else {
        return;
    };
    let default = content.site.default_language();
    for item in &version.items {
        if item.status.value != Status::Issued {
            continue;
        }
        let Some(basis) = &item.basis else {
            continue;
        };
        if cites_a_law(basis.get_or(default, default)) {
            continue;
        }
        let id = &item.id.value;
        diags.push(
            Diagnostic::warning(
                &version.file,
                Some(basis.pos),
                Code::BasisCitesNoLaw,
                msg!(
                    "保留事项 `{id}` 的设定依据没有引用法律、行政法规或国务院决定（没有《……》）",
                    "the legal basis of the retained item `{id}` cites no law, administrative \
                     regulation or State Council decision (nothing in 《…》)"
                ),
            )
            .help(msg!(
                "写明依据的名称和条款，例如 `《中国公民收养子女登记办法》第五条`；找不到这样的依据的，这项证明不应保留，改为 `status: cancelled` 并写明替代方式",
                "name the law and its article, e.g. `《中国公民收养子女登记办法》第五条`; an item \
                 with no such basis should not be retained: make it `status: cancelled` and \
                 give the alternative"
            )),
        );
    }
}

/// Whether `basis` names a document in 《…》 with something between the brackets.
fn cites_a_law(basis: &str) -> bool {
    basis.split('《').skip(1).any(|rest| {
        rest.find('》')
            .is_some_and(|end| !rest[..end].trim().is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::cites_a_law;

    #[test]
    fn a_basis_cites_a_law_only_with_a_title_in_book_brackets() {
        assert!(cites_a_law("《中国公民收养子女登记办法》第五条"));
        assert!(cites_a_law("依照《居住证暂行条例》"));
        assert!(!cites_a_law("本区有关工作要求；田民〔2023〕3号。"));
        assert!(!cites_a_law("《》"));
        assert!(!cites_a_law("《未写完"));
    }
}
