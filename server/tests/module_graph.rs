//! The modules of `server/src` and `store/src` depend on each other in one
//! direction: no module reaches, through others, back to itself. A loop makes
//! every module in it a place to look for every change ("where is a payment
//! confirmed?"), so this test reads each module file's `crate::…` paths (in
//! `use` lines, braces included, and in code) and fails with the loop it finds.
//!
//! A node is a module file (`orders/settle.rs` is `orders::settle`, a
//! `mod.rs` is its folder); `lib.rs` and `main.rs` are left out (the root
//! wires every module, and its own items such as `crate::StoreError` are no
//! module). Comments are skipped: a doc link is no dependency. Files refer to
//! each other by `crate::` paths; `super::` is only used by inline test
//! modules for their own file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Loops that another change removes, each written as its modules in order.
/// Remove an entry with the change that removes its loop.
const KNOWN_LOOPS: &[(&str, &[&str])] = &[];

/// Module path of each `.rs` file under `src` (the crate root left out).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).expect("a source folder").flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let mut parts = prefix.to_vec();
                if !(stem == "mod" || (prefix.is_empty() && (stem == "lib" || stem == "main"))) {
                    parts.push(stem.to_string());
                }
                if !parts.is_empty() {
                    out.insert(parts.join("::"), path);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, &[], &mut out);
    out
}

/// The code without its comments (line, doc and block comments); strings are
/// kept as they are (a `//` inside one ends nothing we look at).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            // A raw string (`r"…"`, `r#"…"#`) ends only at its own closing.
            ('r', Some('"' | '#')) if !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') => {
                out.push(c);
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    chars.next();
                    hashes += 1;
                }
                if chars.peek() != Some(&'"') {
                    // `r#ident`: a raw identifier.
                    out.push_str(&"#".repeat(hashes));
                    continue;
                }
                chars.next();
                let closing = format!("\"{}", "#".repeat(hashes));
                let mut body = String::new();
                for c in chars.by_ref() {
                    body.push(c);
                    if body.ends_with(&closing) {
                        break;
                    }
                }
                out.push_str(&body);
            }
            // A char literal: `'"'` opens no string (a lifetime `'a` is left as it is).
            ('\'', Some(_)) => {
                out.push(c);
                let mut ahead = chars.clone();
                let first = ahead.next();
                let second = ahead.next();
                if first == Some('\\') {
                    // `'\''`, `'\\'`, `'\u{…}'`: the escaped char, then up to the quote.
                    out.extend(chars.next());
                    out.extend(chars.next());
                    for c in chars.by_ref() {
                        out.push(c);
                        if c == '\'' {
                            break;
                        }
                    }
                } else if second == Some('\'') {
                    out.extend(chars.next());
                    out.extend(chars.next());
                }
            }
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut depth = 1;
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '/' && c == '*' {
                        depth += 1;
                    } else if last == '*' && c == '/' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    last = if last == '*' && c == '/' { ' ' } else { c };
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every path after `crate::` in `code`, with `use crate::{a::b, c::{d, e}}`
/// spelled out as `a::b`, `c::d`, `c::e`.
fn crate_paths(code: &str) -> Vec<String> {
    fn tree(text: &str, prefix: &str, out: &mut Vec<String>) -> usize {
        // Reads one use tree from `text` (after `prefix`), returns the bytes read.
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut path = String::from(prefix);
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'{' {
                i += 1;
                loop {
                    while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
                        i += 1;
                    }
                    if i >= bytes.len() || bytes[i] == b'}' {
                        return i + 1;
                    }
                    i += tree(&text[i..], &path, out);
                }
            }
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let segment = &text[start..i];
            if !segment.is_empty() && segment != "self" {
                if !path.is_empty() {
                    path.push_str("::");
                }
                path.push_str(segment);
            }
            if text[i..].starts_with("::") {
                i += 2;
                continue;
            }
            // `x as y`: the alias names nothing of ours.
            if let Some(alias) = text[i..].trim_start().strip_prefix("as ") {
                let skipped = text[i..].len() - alias.len();
                let name = alias.trim_start();
                let len = name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len());
                i += skipped + (alias.len() - name.len()) + len;
            }
            if !path.is_empty() {
                out.push(path);
            }
            return i;
        }
    }
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `foo_crate::x` or `$crate::x` is not ours.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let read = tree(rest, "", &mut out);
        rest = &rest[read..];
    }
    out
}

/// Module → the modules its file refers to.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(src);
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let code = without_comments(&std::fs::read_to_string(file).expect("a readable source file"));
        let mut uses = BTreeSet::new();
        for path in crate_paths(&code) {
            // The longest module the path starts with (`orders::settle::Settlement` → `orders::settle`).
            let segments: Vec<&str> = path.split("::").collect();
            let target = (1..=segments.len()).rev().map(|n| segments[..n].join("::")).find(|m| modules.contains_key(m));
            if let Some(target) = target
                && target != *module
                // A module's own submodules are its own business.
                && !target.starts_with(&format!("{module}::"))
            {
                uses.insert(target);
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

/// The loops of `graph`: its strongly connected components of more than one
/// module, each with one loop through it (for the message).
fn loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(BTreeSet<String>, Vec<String>)> {
    // Tarjan's algorithm; the graphs are small, so recursion is fine.
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<(BTreeSet<String>, Vec<String>)>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        for w in &s.graph[v] {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                component.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                let shown = one_loop(s.graph, &component);
                s.found.push((component, shown));
            }
        }
    }
    let mut s = State { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// A shortest loop from the component's first module back to itself.
fn one_loop(graph: &BTreeMap<String, BTreeSet<String>>, component: &BTreeSet<String>) -> Vec<String> {
    let start = component.iter().next().expect("a component has a module").clone();
    let mut previous: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(v) = queue.pop_front() {
        for w in graph[&v].iter().filter(|w| component.contains(*w)) {
            if *w == start {
                let mut path = vec![v.clone()];
                while let Some(p) = previous.get(path.last().expect("not empty")) {
                    path.push(p.clone());
                }
                path.reverse();
                return path;
            }
            if !previous.contains_key(w) && *w != start {
                previous.insert(w.clone(), v.clone());
                queue.push_back(w.clone());
            }
        }
    }
    component.iter().cloned().collect()
}

fn check(krate: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("src");
    let graph = graph(&src);
    assert!(graph.len() > 10, "{krate}: found only {} modules in {}", graph.len(), src.display());
    let mut unexpected = Vec::new();
    for (component, found) in loops(&graph) {
        let members: BTreeSet<&str> = component.iter().map(String::as_str).collect();
        let known = KNOWN_LOOPS
            .iter()
            .any(|(k, modules)| *k == krate && modules.iter().copied().collect::<BTreeSet<_>>() == members);
        if !known {
            let mut shown = found.clone();
            shown.push(found[0].clone());
            let all: Vec<&str> = members.into_iter().collect();
            unexpected.push(format!("{krate}/src: {} (all of: {})", shown.join(" → "), all.join(", ")));
        }
    }
    assert!(unexpected.is_empty(), "import loops between modules:\n{}", unexpected.join("\n"));
}

#[test]
fn the_server_modules_have_no_import_loops() {
    check("server");
}

#[test]
fn the_store_modules_have_no_import_loops() {
    check("store");
}

#[test]
fn paths_are_read_from_use_trees_and_code() {
    let code = without_comments(
        "use crate::{a::b, c::{d, e as f}, g};\n// crate::commented\n/* crate::block */ let x = crate::h::i(); \
         use crate::j::{self, k};\nlet s = \"crate::in_string // no comment\"; let q = '\"'; let b = '\\\\'; crate::l::m();\n\
         let r = r#\"a \" // crate::in_raw\"#; crate::n::o();",
    );
    let paths = crate_paths(&code);
    for expected in ["a::b", "c::d", "c::e", "g", "h::i", "j", "j::k", "l::m", "n::o"] {
        assert!(paths.contains(&expected.to_string()), "{expected} not in {paths:?}");
    }
    assert!(!paths.iter().any(|p| p.contains("commented") || p.contains("block") || p == "c::f"), "{paths:?}");
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec!["a"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    let abc: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    assert_eq!(loops(&graph), vec![(abc.iter().cloned().collect(), abc)]);
}
