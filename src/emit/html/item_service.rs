//! The item page's view of `online`, `refer_to` and `promise`: channels as links, the agency
//! to go to instead (with a `tel:` link, shown in the verdict of a cancelled item in place of
//! the district's number) and the 告知承诺 section.

use serde::Serialize;

use super::loc::{Loc, Md, L};
use crate::model::Item;

#[derive(Serialize)]
pub(super) struct ChannelView<'a> {
    name: L<'a>,
    url: &'a str,
}

#[derive(Serialize)]
pub(super) struct ReferToView<'a> {
    agency: L<'a>,
    address: Option<L<'a>>,
    phone: Option<&'a str>,
    /// The `tel:` address: digits and `+` only.
    tel: Option<String>,
    hours: Option<L<'a>>,
}

#[derive(Serialize)]
pub(super) struct PromiseView<'a> {
    conditions: Md,
    consequences: Md,
    verified_by: L<'a>,
}

/// The digits and `+` of a telephone number, as a `tel:` link dials them.
pub(super) fn tel(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

pub(super) fn online<'a>(loc: &Loc, item: &'a Item) -> Vec<ChannelView<'a>> {
    (item.online.iter())
        .map(|c| ChannelView {
            name: loc.text(&c.name),
            url: &c.url.value,
        })
        .collect()
}

pub(super) fn refer_to<'a>(loc: &Loc, item: &'a Item) -> Option<ReferToView<'a>> {
    item.refer_to.as_ref().map(|r| ReferToView {
        agency: loc.text(&r.agency),
        address: loc.opt(&r.address),
        phone: r.phone.as_ref().map(|p| p.value.as_str()),
        tel: r.phone.as_ref().map(|p| tel(&p.value)),
        hours: loc.opt(&r.hours),
    })
}

pub(super) fn promise<'a>(loc: &Loc, item: &'a Item) -> Option<PromiseView<'a>> {
    item.promise.as_ref().map(|p| PromiseView {
        conditions: loc.md(&p.conditions),
        consequences: loc.md(&p.consequences),
        verified_by: loc.text(&p.verified_by),
    })
}
