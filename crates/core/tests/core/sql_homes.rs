//! Every SQL statement of a table lives in that table's module, `crates/core/src/table/`
//! (see CONTRIBUTING.md, "SQL statement"): this test reads the core's sources and fails,
//! naming file and line, when SQL is written anywhere else. It looks only inside string
//! literals (SQL keywords in upper case) and at calls of `sqlx::query*`, so comments and
//! Rust names cannot trip it.

use std::path::{Path, PathBuf};

/// The files outside `table/` that may hold SQL, each with why.
const ALLOWED: &[(&str, &str)] = &[
    (
        "store.rs",
        "statements on the whole file: pragmas, integrity check, VACUUM, the read snapshot",
    ),
    (
        "writer.rs",
        "the write turn's own transaction: BEGIN IMMEDIATE, savepoints, COMMIT and ROLLBACK",
    ),
    (
        "raw.rs",
        "its test of taking sqlx's handle, on a scratch table in memory",
    ),
    (
        "seed.rs",
        "the demo data's one BEGIN IMMEDIATE (its rows go through table/)",
    ),
];

/// Upper-case SQL words that make a string literal SQL.
const SQL_WORDS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "FROM",
    "WHERE",
    "JOIN",
    "VALUES",
    "PRAGMA",
    "VACUUM",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "BEGIN",
    "COMMIT",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The contents of the string literals of Rust source `text`, each with the line it starts
/// on. Comments are skipped; a `'` starts a char literal only when one closes it two or
/// three characters on (otherwise it is a lifetime).
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        match c[i] {
            '\n' => line += 1,
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\'' => {
                if c.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
                if c.get(i + 1) == Some(&'\\') {
                    // '\n', '\'', '\u{…}': to the closing quote.
                    i += 2;
                    while i < c.len() && c[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
            }
            'r' if matches!(c.get(i + 1), Some('"') | Some('#'))
                && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) == Some(&'"') {
                    let start_line = line;
                    let mut s = String::new();
                    j += 1;
                    loop {
                        if j >= c.len() {
                            break;
                        }
                        if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                            j += 1 + hashes;
                            break;
                        }
                        line += usize::from(c[j] == '\n');
                        s.push(c[j]);
                        j += 1;
                    }
                    out.push((start_line, s));
                    i = j;
                    continue;
                }
            }
            '"' => {
                let start_line = line;
                let mut s = String::new();
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        i += 1;
                    }
                    line += usize::from(c.get(i) == Some(&'\n'));
                    if let Some(&ch) = c.get(i) {
                        s.push(ch);
                    }
                    i += 1;
                }
                out.push((start_line, s));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The SQL words standing as whole words in `s`.
fn sql_words(s: &str) -> Vec<&'static str> {
    let words: Vec<&str> = s
        .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
        .collect();
    SQL_WORDS
        .iter()
        .copied()
        .filter(|w| words.contains(w))
        .collect()
}

#[test]
fn sql_is_written_only_in_the_table_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).unwrap();
        if rel.starts_with("table") || ALLOWED.iter().any(|(f, _)| rel == Path::new(f)) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for (n, l) in text.lines().enumerate() {
            let code = l.split("//").next().unwrap_or_default();
            if code.contains("sqlx::query") {
                found.push(format!("{}:{}: calls sqlx::query", rel.display(), n + 1));
            }
        }
        for (n, s) in string_literals(&text) {
            let words = sql_words(&s);
            if !words.is_empty() {
                found.push(format!("{}:{n}: SQL {words:?}", rel.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside crates/core/src/table/ (move it to its table's module):\n{}",
        found.join("\n")
    );
}

/// The reader itself: it finds SQL in every kind of literal and nothing in comments.
#[test]
fn the_reader_finds_sql_in_literals_only() {
    let text = "// SELECT in a comment\n/* DELETE FROM x */ let a = 'x'; fn f<'a>() {}\n\
                let q = \"SELECT id\n FROM t\"; let r = r#\"UPDATE t\"#; let s = \"a \\\" b\";";
    let lits = string_literals(text);
    let with_sql: Vec<(usize, Vec<&str>)> = lits
        .iter()
        .map(|(n, s)| (*n, sql_words(s)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    assert_eq!(
        with_sql,
        vec![(3, vec!["SELECT", "FROM"]), (4, vec!["UPDATE"])]
    );
    assert_eq!(lits.last().unwrap().1, "a \" b");
}
