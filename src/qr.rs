//! The QR code printed on item pages, as a compact SVG.
//!
//! `QrCode::new` draws the symbol eight times and scores every mask pattern to pick the one
//! with the fewest scanner-unfriendly runs; for a site with a code per item page that was a
//! quarter to a third of the whole build. Every mask yields a valid symbol (the format
//! information tells the scanner which one was used), so every code uses one fixed mask.
//!
//! What a code of a given version looks like apart from its data (finder, timing and
//! alignment patterns, format and version information, and the mask over the data area) is
//! the same for every code of that version, and so is the order in which data bits fill the
//! data area. An `Encoder` draws that once per version with qrcode's canvas (`Template`); a
//! code is then its bits and error correction (qrcode's encoder) flipped into a copy of the
//! template. Tests compare it with drawing every code on qrcode's canvas.
//!
//! The SVG is one path of horizontal runs, each a stroke one module wide centred on its row,
//! instead of one closed square per dark module: about a fifth of the bytes.

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, QrResult, Version};

/// The mask every code uses: pattern 000, `(x + y) % 2 == 0`.
const MASK: MaskPattern = MaskPattern::Checkerboard;

/// Medium error correction (15 % of the codewords may be lost): a printed and folded page.
const EC_LEVEL: EcLevel = EcLevel::M;

/// Light modules around the symbol, as ISO/IEC 18004 requires.
const QUIET_ZONE: usize = 4;

/// The versions of a (normal) QR code.
const VERSIONS: usize = 40;

/// Makes QR codes, drawing each version's `Template` the first time a code needs it. One per
/// build, shared by the threads rendering pages.
#[derive(Debug)]
pub struct Encoder {
    templates: [OnceLock<Template>; VERSIONS],
}

impl Default for Encoder {
    fn default() -> Encoder {
        Encoder {
            templates: std::array::from_fn(|_| OnceLock::new()),
        }
    }
}

/// Everything but the data of a code of one version.
#[derive(Debug)]
struct Template {
    width: usize,
    /// The modules of a code whose data bits are all zero, masked: `true` for dark.
    base: Vec<bool>,
    /// The data modules (indexes into `base`), in the order data bits fill them.
    order: Vec<u32>,
}

impl Template {
    fn new(version: Version) -> Template {
        let mut canvas = Canvas::new(version, EC_LEVEL);
        canvas.draw_all_functional_patterns();
        let width = version.width() as usize;
        let w = version.width();
        // ISO/IEC 18004 7.7.3: two columns at a time from the right, upwards then downwards in
        // turn, stepping over the vertical timing pattern (column 6); modules the function
        // patterns took are skipped.
        let mut order = Vec::with_capacity(width * width);
        let (mut x, mut upward) = (w - 1, true);
        while x > 0 {
            if x == 6 {
                x = 5;
            }
            for i in 0..w {
                let y = if upward { w - 1 - i } else { i };
                for x in [x, x - 1] {
                    if canvas.get(x, y) == Module::Empty {
                        order.push(u32::try_from(y as usize * width + x as usize).expect("small"));
                    }
                }
            }
            upward = !upward;
            x -= 2;
        }
        canvas.apply_mask(MASK);
        Template {
            width,
            base: dark_modules(canvas),
            order,
        }
    }
}

impl Encoder {
    /// The modules of the smallest QR code holding `data`: the width, then `true` for dark,
    /// row by row from the top left.
    pub fn modules(&self, data: &[u8]) -> QrResult<(usize, Vec<bool>)> {
        let bits = qrcode::bits::encode_auto(data, EC_LEVEL)?;
        let version = bits.version();
        let (codewords, ec) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL)?;
        let Version::Normal(n) = version else {
            unreachable!("encode_auto chooses among normal versions");
        };
        let slot = usize::try_from(n - 1).expect("versions count from 1");
        let template = self.templates[slot].get_or_init(|| Template::new(version));
        // A dark data bit inverts its module: the template holds the mask over zero bits.
        let mut dark = template.base.clone();
        let bits = codewords
            .iter()
            .chain(&ec)
            .flat_map(|byte| (0..8).rev().map(move |j| byte >> j & 1 == 1));
        for (bit, &at) in bits.zip(&template.order) {
            dark[at as usize] ^= bit;
        }
        Ok((template.width, dark))
    }

    /// The QR code of `data` as a standalone SVG document (one module = one user unit), or
    /// `None` when the data does not fit a QR code.
    pub fn svg(&self, data: &[u8]) -> Option<String> {
        let (width, dark) = self.modules(data).ok()?;
        Some(svg_of(width, &dark))
    }
}

/// A drawn canvas's modules, `true` for dark, row by row from the top left.
fn dark_modules(canvas: Canvas) -> Vec<bool> {
    let colors = canvas.into_colors().into_iter();
    colors.map(|c| c == Color::Dark).collect()
}

/// The SVG document of a code's modules.
fn svg_of(width: usize, dark: &[bool]) -> String {
    let size = width + 2 * QUIET_ZONE;
    let mut svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{s}" height="{s}""#,
            r##" viewBox="0 0 {s} {s}" shape-rendering="crispEdges">"##,
            r##"<rect width="{s}" height="{s}" fill="#fff"/><path stroke="#000" d=""##
        ),
        s = size
    )
    .into_bytes();
    // About seven bytes per run, and a run per three or four modules of a row.
    svg.reserve(dark.len() * 2 + 16);
    for (y, row) in dark.chunks(width).enumerate() {
        // Where the pen stands after the previous run of this row, if any: later runs move
        // relative to it, which keeps the numbers short.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            match pen {
                None => {
                    svg.push(b'M');
                    push_number(&mut svg, start + QUIET_ZONE);
                    svg.push(b' ');
                    push_number(&mut svg, y + QUIET_ZONE);
                    svg.extend_from_slice(b".5");
                }
                Some(p) => {
                    svg.push(b'm');
                    push_number(&mut svg, start - p);
                    svg.extend_from_slice(b" 0");
                }
            }
            svg.push(b'h');
            push_number(&mut svg, x - start);
            pen = Some(x);
        }
    }
    svg.extend_from_slice(br#""/></svg>"#);
    String::from_utf8(svg).expect("ASCII")
}

/// Append `n` in decimal. A code has a few hundred runs and a site a code per item page:
/// `write!` goes through the formatting machinery for each of them.
fn push_number(out: &mut Vec<u8>, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(b'0' + (n % 10) as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code drawn whole on qrcode's canvas: bits → codewords → canvas → mask.
    fn drawn(data: &[u8]) -> QrResult<(usize, Vec<bool>)> {
        let bits = qrcode::bits::encode_auto(data, EC_LEVEL)?;
        let version = bits.version();
        let (codewords, ec) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL)?;
        let mut canvas = Canvas::new(version, EC_LEVEL);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&codewords, &ec);
        canvas.apply_mask(MASK);
        Ok((version.width() as usize, dark_modules(canvas)))
    }

    fn modules(data: &[u8]) -> QrResult<(usize, Vec<bool>)> {
        Encoder::default().modules(data)
    }

    fn svg(data: &[u8]) -> Option<String> {
        Encoder::default().svg(data)
    }

    #[test]
    fn codes_from_templates_are_the_codes_drawn_whole() {
        // Every version from 1 to 40 (lengths up to the 2,331 bytes version 40-M holds), each
        // twice through one encoder so that the second comes from a kept template, and the
        // item URLs of a site.
        let encoder = Encoder::default();
        let mut versions = std::collections::BTreeSet::new();
        let mut lengths: Vec<usize> = (0..=120).collect();
        lengths.extend((130..2331).step_by(23));
        lengths.push(2331);
        for len in lengths {
            let data: Vec<u8> = (0..len)
                .map(|i| b"qingdan-/:.0123abcXYZ"[(i * 7 + len) % 21])
                .collect();
            let want = drawn(&data).unwrap();
            assert_eq!(encoder.modules(&data).unwrap(), want, "{len} bytes");
            assert_eq!(encoder.modules(&data).unwrap(), want, "{len} bytes, again");
            versions.insert(want.0);
        }
        assert_eq!(versions.len(), 40, "widths seen: {versions:?}");
        for id in ["kinship", "residence-and-rental", "migrant-court-6"] {
            for lang in ["", "en/"] {
                let url = format!("https://www.tjaq.gov.cn/qingdan/{lang}items/{id}/");
                assert_eq!(
                    encoder.modules(url.as_bytes()).unwrap(),
                    drawn(url.as_bytes()).unwrap()
                );
            }
        }
    }

    const URL: &str = "https://example.gov.cn/test/en/items/kinship/";

    /// The 15 format-information bits next to the top-left finder pattern, most significant
    /// first: row 8 from the left (skipping the timing column), then column 8 upwards.
    fn format_bits(width: usize, dark: &[bool]) -> String {
        let at = |x: usize, y: usize| if dark[y * width + x] { '1' } else { '0' };
        let row = [0, 1, 2, 3, 4, 5, 7, 8].map(|x| at(x, 8));
        let column = [7, 5, 4, 3, 2, 1, 0].map(|y| at(8, y));
        row.iter().chain(&column).collect()
    }

    #[test]
    fn every_code_uses_mask_000_at_level_m() {
        // ISO/IEC 18004 table C.1: level M, mask 000 is 101010000010010. Codes of different
        // data and sizes all carry it, so no mask was chosen per code.
        for data in [
            URL,
            "https://x.cn/",
            &format!("https://example.gov.cn/{}/", "a".repeat(120)),
        ] {
            let (width, dark) = modules(data.as_bytes()).unwrap();
            assert_eq!(dark.len(), width * width);
            assert_eq!(format_bits(width, &dark), "101010000010010", "{data}");
        }
    }

    /// Draws the path back into modules: `M x y.5` starts a row, `m dx 0` skips light
    /// modules, `h n` draws n dark ones.
    fn raster(svg: &str, size: usize) -> Vec<bool> {
        let d = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a path with data");
        let mut grid = vec![false; size * size];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        while let Some(cmd) = rest.chars().next() {
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |i| i + 1);
            let args: Vec<&str> = rest[1..end].split(' ').collect();
            match cmd {
                'M' => {
                    x = args[0].parse().unwrap();
                    y = args[1].strip_suffix(".5").unwrap().parse().unwrap();
                }
                'm' => {
                    assert_eq!(args[1], "0", "moves stay on the row");
                    x += args[0].parse::<usize>().unwrap();
                }
                'h' => {
                    let n: usize = args[0].parse().unwrap();
                    assert!(n > 0);
                    for i in x..x + n {
                        assert!(!grid[y * size + i], "runs do not overlap");
                        grid[y * size + i] = true;
                    }
                    x += n;
                }
                other => panic!("unexpected path command {other}"),
            }
            rest = &rest[end..];
        }
        grid
    }

    #[test]
    fn svg_is_one_path_of_exactly_the_dark_modules_inside_a_quiet_zone() {
        let (width, dark) = modules(URL.as_bytes()).unwrap();
        let svg = svg(URL.as_bytes()).unwrap();
        let size = width + 8;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("\"/></svg>"));
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        assert_eq!(svg.matches("<path").count(), 1);
        assert_eq!(svg.matches('<').count(), 4, "svg, rect, path, /svg");
        let grid = raster(&svg, size);
        for y in 0..size {
            for x in 0..size {
                let inside = (4..4 + width).contains(&x) && (4..4 + width).contains(&y);
                let expected = inside && dark[(y - 4) * width + (x - 4)];
                assert_eq!(grid[y * size + x], expected, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn data_too_long_for_any_code_gives_none() {
        assert!(svg(&vec![b'a'; 4000]).is_none());
    }
}
