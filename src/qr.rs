//! The QR code printed on item pages, as a compact SVG.
//!
//! `QrCode::new` draws the symbol eight times and scores every mask pattern to pick the one
//! with the fewest scanner-unfriendly runs; for a site with a code per item page that was a
//! quarter to a third of the whole build. Every mask yields a valid symbol (the format
//! information tells the scanner which one was used), so the code is built with one fixed mask
//! from the crate's lower-level parts: bits → codewords → canvas → mask.
//!
//! The SVG is one path of horizontal runs, each a stroke one module wide centred on its row,
//! instead of one closed square per dark module: about a fifth of the bytes.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, QrResult};

/// The mask every code uses: pattern 000, `(x + y) % 2 == 0`.
const MASK: MaskPattern = MaskPattern::Checkerboard;

/// Medium error correction (15 % of the codewords may be lost): a printed and folded page.
const EC_LEVEL: EcLevel = EcLevel::M;

/// Light modules around the symbol, as ISO/IEC 18004 requires.
const QUIET_ZONE: usize = 4;

/// The modules of the smallest QR code holding `data`: the width, then `true` for dark,
/// row by row from the top left.
pub fn modules(data: &[u8]) -> QrResult<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(data, EC_LEVEL)?;
    let version = bits.version();
    let (codewords, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL)?;
    let mut canvas = Canvas::new(version, EC_LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    canvas.apply_mask(MASK);
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok((version.width() as usize, dark))
}

/// The QR code of `data` as a standalone SVG document (one module = one user unit), or
/// `None` when the data does not fit a QR code.
pub fn svg(data: &[u8]) -> Option<String> {
    let (width, dark) = modules(data).ok()?;
    let size = width + 2 * QUIET_ZONE;
    let mut svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{s}" height="{s}""#,
            r##" viewBox="0 0 {s} {s}" shape-rendering="crispEdges">"##,
            r##"<rect width="{s}" height="{s}" fill="#fff"/><path stroke="#000" d=""##
        ),
        s = size
    );
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
                    svg.push('M');
                    push_number(&mut svg, start + QUIET_ZONE);
                    svg.push(' ');
                    push_number(&mut svg, y + QUIET_ZONE);
                    svg.push_str(".5");
                }
                Some(p) => {
                    svg.push('m');
                    push_number(&mut svg, start - p);
                    svg.push_str(" 0");
                }
            }
            svg.push('h');
            push_number(&mut svg, x - start);
            pen = Some(x);
        }
    }
    svg.push_str(r#""/></svg>"#);
    Some(svg)
}

/// Append `n` in decimal. A code has a few hundred runs and a site a code per item page:
/// `write!` goes through the formatting machinery for each of them.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

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
