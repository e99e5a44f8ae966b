//! schema.org JSON-LD for item pages (`GovernmentService`), escaped so that it is safe inside
//! a `<script>` element.

use serde::Serialize;

use super::renderer::Renderer;
use crate::model::{Item, Status, Text};

/// An item page's schema.org `GovernmentService`. Fields are in the order of their JSON
/// names, as a map of them would serialize.
#[derive(Serialize)]
struct JsonLdService<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    /// Only when the content says the item is free (`fee: 免费`): an absent fee says nothing.
    #[serde(
        rename = "isAccessibleForFree",
        skip_serializing_if = "Option::is_none"
    )]
    is_accessible_for_free: Option<bool>,
    name: &'a str,
    provider: JsonLdOrganization<'a>,
    #[serde(rename = "serviceOperator", skip_serializing_if = "Option::is_none")]
    service_operator: Option<JsonLdOrganization<'a>>,
    /// `null` when the category has no name.
    #[serde(rename = "serviceType")]
    service_type: Option<&'a str>,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonLdOrganization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    /// `Some(None)` writes `"telephone": null`; `None` leaves the key out.
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<Option<&'a str>>,
}

impl<'a> Renderer<'a> {
    /// schema.org `GovernmentService` for an item page, safe inside a `<script>` element.
    pub(super) fn json_ld(&self, lang: usize, item: &'a Item) -> String {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &'a Text| t.get_or(code, default);
        let site = &self.content.site;
        let url = self.absolute(
            lang,
            &crate::derive::plan::PageKind::Item(item.id.value.clone()),
        );
        let service = JsonLdService {
            context: "https://schema.org",
            kind: "GovernmentService",
            description: item.purpose.as_ref().map(pick),
            in_language: code,
            is_accessible_for_free: (item.status.value == Status::Issued
                && item
                    .fee
                    .as_ref()
                    .is_some_and(|f| f.get(default) == Some("免费")))
            .then_some(true),
            name: pick(&item.name),
            provider: JsonLdOrganization {
                kind: "GovernmentOrganization",
                name: pick(&site.publisher),
                telephone: Some(site.contact.phone.as_deref()),
            },
            service_operator: item.issuer.as_ref().map(|i| JsonLdOrganization {
                kind: "Organization",
                name: pick(i),
                telephone: None,
            }),
            service_type: site.category_name(&item.category.value).map(pick),
            url: &url,
        };
        let json = serde_json::to_string(&service).expect("JSON-LD serializes");
        // `<`, `>` and `&` never appear raw, so the text cannot close the script element.
        if !json.contains(['<', '>', '&']) {
            return json;
        }
        let mut safe = String::with_capacity(json.len() + 16);
        for c in json.chars() {
            match c {
                '<' => safe.push_str("\\u003c"),
                '>' => safe.push_str("\\u003e"),
                '&' => safe.push_str("\\u0026"),
                c => safe.push(c),
            }
        }
        safe
    }
}
