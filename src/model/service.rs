//! What an item says about getting the certificate elsewhere than at the committee's counter:
//! its online channels (线上办理渠道), the agency to go to instead (`refer_to`) and the
//! written commitment that replaces it (告知承诺). Each is a small record of texts, kept apart
//! from `Item`'s flat texts because each is compared, shown and exported as one thing.

use super::{shift_line, Spanned, Text};
use crate::base::diagnostics::Pos;

/// One online channel: a name (皖事通, 安徽政务服务网) and the https:// address it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub pos: Pos,
    pub name: Text,
    pub url: Spanned<String>,
}

/// The agency a cancelled item sends citizens to instead (a police station, a social
/// security office), with where it is, its telephone and its hours when the list gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferTo {
    pub pos: Pos,
    pub agency: Text,
    pub address: Option<Text>,
    pub phone: Option<Spanned<String>>,
    pub hours: Option<Text>,
}

/// 告知承诺: the citizen signs a promise instead of bringing the certificate. Its parts are
/// named fields, so that the 承诺书 form (a file) can join them as one more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    pub pos: Pos,
    /// Markdown: who may promise and what the promise says.
    pub conditions: Text,
    /// Markdown: what happens when the promise proves false.
    pub consequences: Text,
    /// Who checks the promise afterwards (事后核查).
    pub verified_by: Text,
    /// The 承诺书 to download and sign, published like a specimen.
    pub form: Option<super::Attachment>,
}

fn same_opt(a: &Option<Text>, b: &Option<Text>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.same_as(b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

impl Channel {
    /// The same channel, wherever it is written.
    pub fn same_as(&self, other: &Channel) -> bool {
        self.name.same_as(&other.name) && self.url.value == other.url.value
    }

    pub(super) fn shift_lines(&mut self, delta: i64) {
        shift_line(&mut self.pos, delta);
        shift_line(&mut self.url.pos, delta);
        self.name.shift_lines(delta);
    }
}

/// Whether two lists of channels are the same, in the same order.
pub(crate) fn same_channels(a: &[Channel], b: &[Channel]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
}

impl ReferTo {
    pub fn same_as(&self, other: &ReferTo) -> bool {
        self.agency.same_as(&other.agency)
            && same_opt(&self.address, &other.address)
            && self.phone.as_ref().map(|p| &p.value) == other.phone.as_ref().map(|p| &p.value)
            && same_opt(&self.hours, &other.hours)
    }

    /// Its texts with their keys, in the order they are written.
    pub fn texts(&self) -> Vec<(&'static str, &Text)> {
        let mut texts = vec![("agency", &self.agency)];
        texts.extend(self.address.as_ref().map(|t| ("address", t)));
        texts.extend(self.hours.as_ref().map(|t| ("hours", t)));
        texts
    }

    pub(super) fn shift_lines(&mut self, delta: i64) {
        shift_line(&mut self.pos, delta);
        if let Some(phone) = &mut self.phone {
            shift_line(&mut phone.pos, delta);
        }
        self.agency.shift_lines(delta);
        for text in [&mut self.address, &mut self.hours].into_iter().flatten() {
            text.shift_lines(delta);
        }
    }
}

impl Promise {
    pub fn same_as(&self, other: &Promise) -> bool {
        // The form as named: every version reads the one file on disk at that path.
        let same_form = match (&self.form, &other.form) {
            (Some(a), Some(b)) => a.file.value == b.file.value && same_opt(&a.title, &b.title),
            (a, b) => a.is_none() && b.is_none(),
        };
        (self.texts().iter())
            .zip(other.texts())
            .all(|((_, a), (_, b))| a.same_as(b))
            && same_form
    }

    /// Its texts with their keys, in the order the page shows them.
    pub fn texts(&self) -> [(&'static str, &Text); 3] {
        [
            ("conditions", &self.conditions),
            ("consequences", &self.consequences),
            ("verified_by", &self.verified_by),
        ]
    }

    pub(super) fn shift_lines(&mut self, delta: i64) {
        shift_line(&mut self.pos, delta);
        for text in [
            &mut self.conditions,
            &mut self.consequences,
            &mut self.verified_by,
        ] {
            text.shift_lines(delta);
        }
        if let Some(form) = &mut self.form {
            form.shift_lines(delta);
        }
    }
}

/// `a` and `b` the same, or both absent, by `same`.
pub(crate) fn same_opt_by<T>(a: &Option<T>, b: &Option<T>, same: impl Fn(&T, &T) -> bool) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}
