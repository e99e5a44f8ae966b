//! `build --precompress`: `.gz` and `.br` siblings for servers that serve precompressed files.
//!
//! Both encoders are deterministic (gzip's header carries no time or name), so precompressed
//! builds stay byte-identical too.

use std::io::Write;

use crate::base::output_file::OutputFile;

const COMPRESSIBLE: &[&str] = &[
    ".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv",
];

/// The `.gz` and `.br` siblings of `file`, or none if it is not worth compressing.
pub(crate) fn siblings(file: &OutputFile) -> Vec<OutputFile> {
    if !COMPRESSIBLE.iter().any(|ext| file.path.ends_with(ext)) {
        return Vec::new();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&file.bytes).expect("writing to memory");
    let gz = gz.finish().expect("writing to memory");
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 9, 22);
        w.write_all(&file.bytes).expect("writing to memory");
    }
    vec![
        OutputFile {
            path: format!("{}.gz", file.path),
            bytes: gz,
        },
        OutputFile {
            path: format!("{}.br", file.path),
            bytes: br,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_decompress_to_the_original() {
        let page = OutputFile {
            path: "a.html".into(),
            bytes: "<p>清单</p>".repeat(50).into_bytes(),
        };
        let image = OutputFile {
            path: "b.png".into(),
            bytes: vec![1, 2, 3],
        };
        assert!(siblings(&image).is_empty(), "images are not compressed");
        let files = siblings(&page);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.html.gz", "a.html.br"]);
        let mut out = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&files[0].bytes[..]),
            &mut out,
        )
        .unwrap();
        assert_eq!(out.as_bytes(), page.bytes);
        let mut out = Vec::new();
        std::io::Read::read_to_end(
            &mut brotli::Decompressor::new(&files[1].bytes[..], 4096),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, page.bytes);
        assert_eq!(siblings(&page)[0].bytes, files[0].bytes, "deterministic");
    }
}
