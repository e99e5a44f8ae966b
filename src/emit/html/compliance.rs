//! The portal-compliance links of the footer (国办发〔2017〕47号 and the monitoring checks):
//! the 党政机关网站标识's verification page, the 公安机关备案 record, and the 我为政府网站找错
//! link with the site code and the page's address. The monitoring tools check these links
//! by their exact shape, so they are made here, once, at build time and without script.

/// The 党政机关网站标识's verification page at bszs.conac.cn (the id is letters and digits,
/// checked when site.yaml is read).
pub(super) fn conac_href(id: &str) -> String {
    format!("https://bszs.conac.cn/sitename?method=show&id={id}")
}

/// The 公安机关备案 record's page: the record's number is the digits of `police_record`
/// (`皖公网安备 34040302000000号` → `34040302000000`); `None` when it holds no digit.
pub(super) fn police_record_href(record: &str) -> Option<String> {
    let digits: String = record.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty())
        .then(|| format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}"))
}

/// The 我为政府网站找错 address for the page at `page_url`: `site_code` and `url` as query
/// parameters, appended to any the configured address already has.
pub(super) fn error_report_href(base: &str, site_code: Option<&str>, page_url: &str) -> String {
    let mut href = String::with_capacity(base.len() + page_url.len() * 2 + 32);
    href.push_str(base);
    href.push(if base.contains('?') { '&' } else { '?' });
    if let Some(code) = site_code {
        href.push_str("site_code=");
        push_query_value(&mut href, code);
        href.push('&');
    }
    href.push_str("url=");
    push_query_value(&mut href, page_url);
    href
}

/// `value` percent-encoded as a query value: every byte but the unreserved characters of
/// RFC 3986, so that `/`, `:`, `?`, `&` and `#` of the page's address stay inside the value.
fn push_query_value(out: &mut String, value: &str) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_link_carries_the_digits_of_the_record_number() {
        assert_eq!(
            police_record_href("皖公网安备 34040302000000号").as_deref(),
            Some("https://beian.mps.gov.cn/#/query/webSearch?code=34040302000000")
        );
        assert_eq!(police_record_href("皖公网安备号"), None);
    }

    #[test]
    fn the_error_report_link_encodes_the_page_address_as_one_parameter() {
        assert_eq!(
            error_report_href(
                "https://zfwzgl.www.gov.cn/exposure/jiucuo.html",
                Some("3404030000"),
                "https://www.example.gov.cn/zmsx/en/items/a-b/?x=1&y#z"
            ),
            "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3404030000&url=\
             https%3A%2F%2Fwww.example.gov.cn%2Fzmsx%2Fen%2Fitems%2Fa-b%2F%3Fx%3D1%26y%23z"
        );
        assert_eq!(
            error_report_href("https://e.gov.cn/j?a=1", None, "https://s.gov.cn/"),
            "https://e.gov.cn/j?a=1&url=https%3A%2F%2Fs.gov.cn%2F"
        );
    }
}
