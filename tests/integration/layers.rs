//! The shape of `src/` stays as docs/architecture.md draws it: each layer imports only from
//! the layers below it, and no module imports, through any chain, a module that imports it.
//!
//! Read from the source text (`crate::` paths, in `use` lines and inline), not from the
//! compiler: a lower layer reaching up is a one-line change that compiles fine and is only
//! noticed when the knot is already tied. Test modules (after `#[cfg(test)]`, or in a
//! `tests.rs` of their own) may build their data with any layer and are not counted; neither
//! is `fixture.rs`, the shared test support.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::repo;

/// The library's layers from the bottom up; a module may import from its own layer and the
/// ones before it. The crate root (`lib.rs`: the build itself) stands above them all.
const LAYERS: &[&str] = &[
    "base", "yaml", "read", "model", "decode", "validate", "derive", "emit", "import", "write",
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The module a file belongs to, as `layer::module` (or just `layer` for the layer's own
/// file): `src/emit/feed.rs` and `src/emit/feed/x.rs` are both `emit::feed`.
fn module_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.iter().take(2).cloned().collect::<Vec<_>>().join("::")
}

/// The modules a piece of source names through `crate::` paths, as `layer::module`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let path: Vec<&str> = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .take(2)
                .collect();
            // Items of the crate root (`crate::Options`) are `lib`; a layer's own module
            // names the layer, and `crate::emit::feed` names `emit::feed`.
            let name = match path.as_slice() {
                [] => continue,
                // `#[macro_export]` puts `msg!` at the crate root; base::message defines it.
                ["msg"] => "base::message".to_string(),
                [first, ..] if first.starts_with(char::is_uppercase) => "lib".to_string(),
                [layer, module] if module.starts_with(char::is_lowercase) => {
                    format!("{layer}::{module}")
                }
                [layer, ..] => layer.to_string(),
            };
            found.insert(name);
        }
    }
    found
}

fn layer_rank(module: &str) -> Option<usize> {
    let layer = module.split("::").next().unwrap();
    LAYERS.iter().position(|l| *l == layer)
}

/// The library's modules and what each imports, skipping test code.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap().to_path_buf();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        // The binary (main.rs and its commands) sees the library only from outside.
        if rel == Path::new("main.rs") || top == "cmd" || top == "cmd.rs" {
            continue;
        }
        // Test support and test modules kept in files of their own (`mod tests;`).
        let is_tests = rel.file_stem().is_some_and(|s| s == "tests")
            || rel.components().any(|c| c.as_os_str() == "tests");
        if rel == Path::new("fixture.rs") || is_tests {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let module = match rel == Path::new("lib.rs") {
            true => "lib".to_string(),
            false => module_of(&rel),
        };
        let deps = graph.entry(module.clone()).or_default();
        deps.extend(imports(code));
    }
    // `crate::validate::check` names a function of the module `validate`, not a module
    // `validate::check`: a name that is no module's is its layer's.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for (module, deps) in graph.iter_mut() {
        *deps = std::mem::take(deps)
            .into_iter()
            .map(|d| match modules.contains(&d) {
                true => d,
                false => d.split("::").next().unwrap().to_string(),
            })
            .filter(|d| d != module)
            .collect();
    }
    graph
}

#[test]
fn every_library_module_is_in_a_layer() {
    let strays: Vec<String> = graph()
        .into_keys()
        .filter(|m| m != "lib" && layer_rank(m).is_none())
        .collect();
    assert!(
        strays.is_empty(),
        "modules outside the layers {LAYERS:?}: {strays:?}; put each in the folder of its \
         layer (docs/architecture.md)"
    );
}

#[test]
fn no_layer_imports_from_a_layer_above_it() {
    let mut wrong = Vec::new();
    for (module, deps) in graph() {
        let Some(rank) = layer_rank(&module) else {
            continue;
        };
        for dep in deps {
            match layer_rank(&dep) {
                Some(r) if r <= rank => {}
                _ => wrong.push(format!("{module} imports {dep}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that reach up a layer (layers from the bottom: {LAYERS:?}):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_imports_itself_through_others() {
    let graph = graph();
    // Depth-first search from every module; a path back to a module on the stack is a cycle.
    fn visit<'g>(
        node: &'g str,
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = stack.iter().position(|n| *n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node);
            cycles.push(cycle.join(" → "));
            return;
        }
        if !done.insert(node) {
            return;
        }
        stack.push(node);
        for dep in graph.get(node).into_iter().flatten() {
            visit(dep, graph, stack, done, cycles);
        }
        stack.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_import_reader_sees_use_lines_and_inline_paths() {
    let code = "use crate::base::diagnostics::{Diagnostic, Pos};\n\
                // crate::write::output is only mentioned\n\
                let x = crate::emit::feed::atom(&y);\n\
                use crate::validate;\n\
                let o = crate::Options::default();";
    let want = ["base::diagnostics", "emit::feed", "lib", "validate"];
    assert_eq!(
        imports(code),
        want.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()
    );
    assert_eq!(module_of(Path::new("emit/feed/atom.rs")), "emit::feed");
    assert_eq!(module_of(Path::new("cmd/serve/mod.rs")), "cmd::serve");
    assert_eq!(module_of(Path::new("validate.rs")), "validate");
}
