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
pub(super) struct Encoder {
    templates: [OnceLock<Template>; VERSIONS],
}

impl Default for Encoder {
    fn default() -> Encoder {
        Encoder {
            templates: std::array::from_fn(|_| OnceLock::new()),
        }
    }
}

/// The modules of a code: a bit per module, set for dark, each row starting a new word so
/// that the SVG finds a row's runs a word at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Modules {
    width: usize,
    /// Words per row.
    stride: usize,
    bits: Vec<u64>,
}

impl Modules {
    /// Modules from `true` for dark, row by row from the top left.
    fn from_dark(width: usize, dark: &[bool]) -> Modules {
        let stride = width.div_ceil(64);
        let mut bits = vec![0; stride * width];
        for (y, row) in dark.chunks(width).enumerate() {
            for (x, &d) in row.iter().enumerate() {
                bits[y * stride + x / 64] |= u64::from(d) << (x % 64);
            }
        }
        Modules {
            width,
            stride,
            bits,
        }
    }

    /// Modules across (and down).
    #[cfg(test)]
    fn width(&self) -> usize {
        self.width
    }

    #[cfg(test)]
    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.bits[y * self.stride + x / 64] >> (x % 64) & 1 == 1
    }

    /// The bit of module (x, y) in `bits`.
    fn bit(&self, x: usize, y: usize) -> u32 {
        u32::try_from(y * self.stride * 64 + x).expect("at most 177 × 192 bits")
    }

    fn rows(&self) -> std::slice::Chunks<'_, u64> {
        self.bits.chunks(self.stride)
    }
}

/// Everything but the data of a code of one version.
#[derive(Debug)]
struct Template {
    /// The modules of a code whose data bits are all zero, masked.
    base: Modules,
    /// The data modules (bits of `base`), in the order data bits fill them.
    order: Vec<u32>,
}

impl Template {
    fn new(version: Version) -> Template {
        let mut canvas = Canvas::new(version, EC_LEVEL);
        canvas.draw_all_functional_patterns();
        let width = version.width() as usize;
        let w = version.width();
        // The layout only: which bit a module is.
        let layout = Modules::from_dark(width, &[]);
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
                        order.push(layout.bit(x as usize, y as usize));
                    }
                }
            }
            upward = !upward;
            x -= 2;
        }
        canvas.apply_mask(MASK);
        Template {
            base: Modules::from_dark(width, &dark_modules(canvas)),
            order,
        }
    }
}

impl Encoder {
    /// The modules of the smallest QR code holding `data`.
    pub(super) fn modules(&self, data: &[u8]) -> QrResult<Modules> {
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
        let mut code = template.base.clone();
        // Eight modules per byte, most significant bit first. (A `flat_map` over the bits
        // zipped with the order compiled to about thirty instructions a bit.)
        for (&byte, modules) in codewords.iter().chain(&ec).zip(template.order.chunks(8)) {
            for (j, &at) in modules.iter().enumerate() {
                let bit = u64::from(byte >> (7 - j) & 1);
                code.bits[at as usize / 64] ^= bit << (at % 64);
            }
        }
        Ok(code)
    }

    /// The QR code of `data` as a standalone SVG document (one module = one user unit), or
    /// `None` when the data does not fit a QR code.
    pub(super) fn svg(&self, data: &[u8]) -> Option<String> {
        Some(svg_of(&self.modules(data).ok()?))
    }
}

/// A drawn canvas's modules, `true` for dark, row by row from the top left.
fn dark_modules(canvas: Canvas) -> Vec<bool> {
    let colors = canvas.into_colors().into_iter();
    colors.map(|c| c == Color::Dark).collect()
}

/// The SVG document of a code's modules.
fn svg_of(code: &Modules) -> String {
    let width = code.width;
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
    svg.reserve(width * width * 2 + 16);
    // Runs are found a word at a time (`trailing_zeros`), not a module at a time, where the
    // branch on each module's colour mispredicted about as often as a coin toss: that loop
    // was half of a code's time.
    for (y, bits) in code.rows().enumerate() {
        // Where the pen stands after the previous run of this row, if any: later runs move
        // relative to it, which keeps the numbers short.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while let Some(start) = next_bit(bits, x, true) {
            x = next_bit(bits, start, false).unwrap_or(width);
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

/// The index of the first bit at or after `from` that is `set` (or clear), if any. Bits past
/// the row's width are clear, so a set bit is always inside the row and a row that is dark to
/// its end has no clear bit in its words, or one at the width.
fn next_bit(bits: &[u64], from: usize, set: bool) -> Option<usize> {
    let flip = if set { 0 } else { u64::MAX };
    let mut w = from / 64;
    let mut word = (*bits.get(w)? ^ flip) & (u64::MAX << (from % 64));
    loop {
        if word != 0 {
            return Some(w * 64 + word.trailing_zeros() as usize);
        }
        w += 1;
        word = *bits.get(w)? ^ flip;
    }
}

/// Append `n` in decimal. A code has a few hundred runs and a site a code per item page:
/// `write!` goes through the formatting machinery for each of them. Numbers are below 200.
fn push_number(out: &mut Vec<u8>, n: usize) {
    let digit = |d: usize| b'0' + (d % 10) as u8;
    match n {
        0..10 => out.push(digit(n)),
        10..100 => out.extend_from_slice(&[digit(n / 10), digit(n)]),
        _ => {
            push_number(out, n / 10);
            out.push(digit(n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code drawn whole on qrcode's canvas: bits → codewords → canvas → mask.
    fn drawn(data: &[u8]) -> QrResult<Modules> {
        let bits = qrcode::bits::encode_auto(data, EC_LEVEL)?;
        let version = bits.version();
        let (codewords, ec) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL)?;
        let mut canvas = Canvas::new(version, EC_LEVEL);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&codewords, &ec);
        canvas.apply_mask(MASK);
        let width = version.width() as usize;
        Ok(Modules::from_dark(width, &dark_modules(canvas)))
    }

    fn modules(data: &[u8]) -> QrResult<Modules> {
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
            versions.insert(want.width());
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
    fn format_bits(code: &Modules) -> String {
        let at = |x: usize, y: usize| if code.is_dark(x, y) { '1' } else { '0' };
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
            let code = modules(data.as_bytes()).unwrap();
            assert_eq!(format_bits(&code), "101010000010010", "{data}");
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
        // A site's URL, and codes 64 and 128 modules wide or wider (rows of two and three
        // words) and of every width around those.
        let mut data = vec![URL.as_bytes().to_vec()];
        for len in (200..420)
            .step_by(7)
            .chain((960..1200).step_by(11))
            .chain([2331])
        {
            data.push(
                (0..len)
                    .map(|i| b"qingdan-/:.0123"[(i * 5 + len) % 15])
                    .collect(),
            );
        }
        let mut widths = std::collections::BTreeSet::new();
        for data in data {
            let code = modules(&data).unwrap();
            widths.insert(code.width());
            svg_draws_exactly(&code, &svg(&data).unwrap());
        }
        for w in [61, 65, 125, 129, 177] {
            assert!(widths.contains(&w), "width {w} in {widths:?}");
        }
    }

    fn svg_draws_exactly(code: &Modules, svg: &str) {
        let width = code.width();
        let size = width + 8;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("\"/></svg>"));
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        assert_eq!(svg.matches("<path").count(), 1);
        assert_eq!(svg.matches('<').count(), 4, "svg, rect, path, /svg");
        let grid = raster(svg, size);
        for y in 0..size {
            for x in 0..size {
                let inside = (4..4 + width).contains(&x) && (4..4 + width).contains(&y);
                let expected = inside && code.is_dark(x - 4, y - 4);
                assert_eq!(grid[y * size + x], expected, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn data_too_long_for_any_code_gives_none() {
        assert!(svg(&vec![b'a'; 4000]).is_none());
    }
}
