//! `build --precompress`: `.gz` and `.br` siblings for servers that serve precompressed files.
//!
//! Both encoders are deterministic (gzip's header carries no time or name), so precompressed
//! builds stay byte-identical too.

use std::io::Write;

use rayon::prelude::*;

use crate::render::OutputFile;

const COMPRESSIBLE: &[&str] = &[
    ".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv",
];

/// Add a `.gz` and a `.br` file beside every compressible file.
pub fn precompress(files: Vec<OutputFile>) -> Vec<OutputFile> {
    let extra: Vec<OutputFile> = files.par_iter().flat_map_iter(siblings).collect();
    let mut files = files;
    files.extend(extra);
    files
}

/// The `.gz` and `.br` siblings of `file`, or none if it is not worth compressing.
pub fn siblings(file: &OutputFile) -> Vec<OutputFile> {
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
        let files = precompress(vec![
            OutputFile {
                path: "a.html".into(),
                bytes: "<p>清单</p>".repeat(50).into_bytes(),
            },
            OutputFile {
                path: "b.png".into(),
                bytes: vec![1, 2, 3],
            },
        ]);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.html", "b.png", "a.html.gz", "a.html.br"]);
        let mut out = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&files[2].bytes[..]),
            &mut out,
        )
        .unwrap();
        assert_eq!(out.as_bytes(), files[0].bytes);
        let mut out = Vec::new();
        std::io::Read::read_to_end(
            &mut brotli::Decompressor::new(&files[3].bytes[..], 4096),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, files[0].bytes);
        assert_eq!(
            precompress(vec![files[0].clone()])[1].bytes,
            files[2].bytes,
            "deterministic"
        );
    }
}
