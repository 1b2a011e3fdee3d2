//! What a page's JavaScript needs from the shell, read from its source: the operations it
//! calls and the Tauri core permissions it uses (`core:event:allow-listen`, …).
//!
//! The reader follows the page the way the browser runs it: the page's module scripts, every
//! module they import (loading a module runs its top-level statements), and from there only
//! the top-level functions that reached code names. An operation is called through a
//! *caller*: a function that hands its first parameter to Tauri's `invoke` (api.js `call`),
//! or to another caller (staff.js `staffCall`). Callers are found in the code, not listed
//! here, and so are named wrappers such as api.js `openWindow`, whose own `call('open_window'`
//! counts wherever `openWindow` is reached. Uses of `window.__TAURI__` other than `invoke`
//! (`tauri.event.listen(` → `core:event:allow-listen`) are core permissions.
//!
//! What it cannot read it reports instead of guessing: an operation named at run time, a
//! caller passed around as a value, an import form or a use of `__TAURI__` it does not know.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Something a page needs the shell to allow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// An operation of `frontdesk_core::ops::OPS` (`issue_ticket`).
    Op(String),
    /// A permission of Tauri's own (`core:event:allow-listen`).
    Core(String),
}

impl Need {
    /// The capability file's name for it: `allow-issue-ticket`, `core:event:allow-listen`.
    pub fn permission(&self) -> String {
        match self {
            Need::Op(name) => format!("allow-{}", name.replace('_', "-")),
            Need::Core(p) => p.clone(),
        }
    }
}

/// Each need, with the places that have it (`ui/js/desk.js: issue`).
pub type Needs = BTreeMap<Need, BTreeSet<String>>;

/// A module's text twice, char for char: `code` without comments, and `shape` also without
/// the insides of strings, templates and regular expressions (their delimiters kept, line
/// breaks kept), so that brackets and names count only where they are code.
struct Text {
    code: Vec<char>,
    shape: Vec<char>,
}

impl Text {
    fn code(&self, from: usize, to: usize) -> String {
        self.code[from..to].iter().collect()
    }
    fn shape(&self, from: usize, to: usize) -> String {
        self.shape[from..to].iter().collect()
    }
}

fn blank(v: &mut [char]) {
    for c in v {
        if *c != '\n' {
            *c = ' ';
        }
    }
}

/// Words after which a `/` starts a regular expression rather than a division.
const BEFORE_REGEX: [&str; 9] = [
    "return", "typeof", "case", "do", "else", "in", "of", "void", "await",
];

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn lex(src: &str) -> Text {
    let chars: Vec<char> = src.chars().collect();
    let mut code = chars.clone();
    let mut shape = chars.clone();
    let n = chars.len();
    let mut i = 0;
    let mut depth = 0usize; // open `{`, templates' `${` included
    let mut templates: Vec<usize> = Vec::new(); // the depth outside each open `${`
    let mut in_template = false;
    let mut last = 0usize; // index + 1 of the last significant char of code (0: none yet)
    while i < n {
        let c = chars[i];
        if in_template {
            match c {
                '\\' => {
                    blank(&mut shape[i..(i + 2).min(n)]);
                    i += 2;
                }
                '`' => {
                    in_template = false;
                    last = i + 1;
                    i += 1;
                }
                '$' if chars.get(i + 1) == Some(&'{') => {
                    templates.push(depth);
                    depth += 1;
                    in_template = false;
                    last = i + 2;
                    i += 2;
                }
                _ => {
                    blank(&mut shape[i..i + 1]);
                    i += 1;
                }
            }
            continue;
        }
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                let end = (i..n).find(|&j| chars[j] == '\n').unwrap_or(n);
                blank(&mut code[i..end]);
                blank(&mut shape[i..end]);
                i = end;
                continue;
            }
            '/' if next == Some('*') => {
                let end = (i + 2..n)
                    .find(|&j| chars[j] == '*' && chars.get(j + 1) == Some(&'/'))
                    .map_or(n, |j| j + 2);
                blank(&mut code[i..end]);
                blank(&mut shape[i..end]);
                i = end;
                continue;
            }
            '\'' | '"' => {
                let mut j = i + 1;
                while j < n && chars[j] != c && chars[j] != '\n' {
                    j += if chars[j] == '\\' { 2 } else { 1 };
                }
                let end = j.min(n);
                blank(&mut shape[i + 1..end]);
                i = end + 1;
                last = i;
                continue;
            }
            '`' => {
                in_template = true;
                i += 1;
                continue;
            }
            '/' if regex_may_start(&chars, last) => {
                if let Some(end) = regex_end(&chars, i) {
                    blank(&mut shape[i + 1..end]);
                    i = end + 1;
                    while i < n && chars[i].is_alphabetic() {
                        i += 1;
                    }
                    last = i;
                    continue;
                }
            }
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if templates.last() == Some(&depth) {
                    templates.pop();
                    in_template = true;
                    i += 1;
                    continue;
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            last = i + 1;
        }
        i += 1;
    }
    Text { code, shape }
}

/// Whether a `/` after the code ending at `last` starts a regular expression.
fn regex_may_start(chars: &[char], last: usize) -> bool {
    if last == 0 {
        return true;
    }
    let prev = chars[last - 1];
    if "(,=:[!&|?{};+-*%<>~^".contains(prev) {
        return true;
    }
    if is_ident(prev) {
        let start = (0..last)
            .rev()
            .take_while(|&j| is_ident(chars[j]))
            .last()
            .unwrap_or(last - 1);
        let word: String = chars[start..last].iter().collect();
        return BEFORE_REGEX.contains(&word.as_str());
    }
    false
}

/// The index of the `/` closing the regular expression opened at `open`, if it is one.
fn regex_end(chars: &[char], open: usize) -> Option<usize> {
    let mut in_class = false;
    let mut j = open + 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '/' if !in_class => return Some(j),
            '\n' => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// A top-level statement of a module.
struct Item {
    from: usize,
    to: usize,
    /// A function or class declaration: it runs only when reached code names it. Every other
    /// statement runs when the module loads.
    lazy: bool,
    /// The names it declares.
    names: Vec<String>,
    /// A function's parameters.
    params: Vec<String>,
}

impl Item {
    /// How the item is named in a report: its first name, or its first line.
    fn label(&self, text: &Text) -> String {
        match self.names.first() {
            Some(n) => n.clone(),
            None => text
                .code(self.from, self.to)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .chars()
                .take(40)
                .collect(),
        }
    }
}

struct Module {
    /// Relative to the ui folder, for reports.
    name: String,
    text: Text,
    items: Vec<Item>,
    /// A top-level name → its item.
    defs: BTreeMap<String, usize>,
    /// A local name → the module and name it is imported from.
    imports: BTreeMap<String, (PathBuf, String)>,
    /// `export { local as exported }`: an exported name → the local name it stands for.
    exports: BTreeMap<String, String>,
    /// Every module it imports.
    deps: Vec<PathBuf>,
    /// The names bound to `window.__TAURI__`.
    tauri: Vec<String>,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !is_ident(c))
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// The declaration an item starts with: `(lazy, names, params)`; `None` for a statement
/// that declares nothing.
fn declaration(head: &str) -> Option<(bool, Vec<String>, Vec<String>)> {
    let rest = head.strip_prefix("export ").unwrap_or(head).trim_start();
    let rest = rest.strip_prefix("async ").unwrap_or(rest).trim_start();
    if let Some(f) = rest.strip_prefix("function") {
        let f = f.trim_start().trim_start_matches('*').trim_start();
        let name: String = f.chars().take_while(|&c| is_ident(c)).collect();
        let params = f[name.len()..]
            .trim_start()
            .strip_prefix('(')
            .and_then(|p| p.split(')').next())
            .unwrap_or("");
        let params = params
            .split(',')
            .map(|p| p.split('=').next().unwrap_or("").trim().to_string())
            .collect();
        return Some((true, vec![name], params));
    }
    if let Some(c) = rest.strip_prefix("class ") {
        let name: String = c
            .trim_start()
            .chars()
            .take_while(|&c| is_ident(c))
            .collect();
        return Some((true, vec![name], Vec::new()));
    }
    for kw in ["const ", "let ", "var "] {
        if let Some(d) = rest.strip_prefix(kw) {
            // `const a = …`, `const { a, b } = …`, `const [a, b] = …`: the names before `=`.
            let pattern = d.split('=').next().unwrap_or("");
            return Some((false, words(pattern), Vec::new()));
        }
    }
    None
}

/// `import { a, b as c } from './x.js';` → `[(a, a), (c, b)]` and the specifier.
fn import(code: &str, module: &str) -> Result<(Vec<(String, String)>, String), String> {
    let s = code.trim().trim_end_matches(';').trim();
    let unknown = || format!("{module}: an import this test cannot read: {s}");
    let rest = s.strip_prefix("import").ok_or_else(unknown)?.trim_start();
    let (names, spec) = match rest.strip_prefix('{') {
        Some(r) => {
            let (names, from) = r.split_once('}').ok_or_else(unknown)?;
            let spec = from.trim().strip_prefix("from").ok_or_else(unknown)?.trim();
            let names = names
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| match n.split_once(" as ") {
                    Some((orig, local)) => (local.trim().to_string(), orig.trim().to_string()),
                    None => (n.to_string(), n.to_string()),
                })
                .collect();
            (names, spec)
        }
        // `import './x.js'`: loaded for what its statements do.
        None => (Vec::new(), rest),
    };
    let spec = spec.trim_matches(|c| c == '\'' || c == '"');
    if spec.is_empty() || spec.contains(['\'', '"', ' ']) {
        return Err(unknown());
    }
    Ok((names, spec.to_string()))
}

impl Module {
    fn read(path: &Path, ui: &Path) -> Result<Module, String> {
        let name = path.strip_prefix(ui).unwrap_or(path).display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let text = lex(&src);
        // Statements start at the left margin, outside any bracket.
        let mut starts = Vec::new();
        let mut depth = 0i64;
        let mut line_start = true;
        for (i, &c) in text.shape.iter().enumerate() {
            if line_start && depth == 0 && !c.is_whitespace() && !")]}".contains(c) {
                starts.push(i);
            }
            line_start = c == '\n';
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        let mut module = Module {
            name: name.clone(),
            items: Vec::new(),
            defs: BTreeMap::new(),
            imports: BTreeMap::new(),
            exports: BTreeMap::new(),
            deps: Vec::new(),
            tauri: Vec::new(),
            text,
        };
        for (k, &from) in starts.iter().enumerate() {
            let to = starts
                .get(k + 1)
                .copied()
                .unwrap_or(module.text.shape.len());
            let head = module.text.shape(from, to);
            let head = head.trim();
            if head.starts_with("import") {
                let (names, spec) = import(&module.text.code(from, to), &name)?;
                if !spec.starts_with('.') {
                    return Err(format!("{name} imports {spec}: only ./ modules are read"));
                }
                let dep = path
                    .parent()
                    .expect("a folder")
                    .join(&spec)
                    .canonicalize()
                    .map_err(|e| format!("{name} imports {spec}: {e}"))?;
                for (local, orig) in names {
                    module.imports.insert(local, (dep.clone(), orig));
                }
                module.deps.push(dep);
                continue;
            }
            if let Some(list) = head.strip_prefix("export {") {
                // `export { t, u as v };`: names of this module (its own or imported).
                let list = list.trim_end().trim_end_matches(';').trim_end();
                match list.strip_suffix('}') {
                    Some(list) => {
                        for n in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                            let (local, exported) = n.split_once(" as ").unwrap_or((n, n));
                            module
                                .exports
                                .insert(exported.trim().to_string(), local.trim().to_string());
                        }
                        continue;
                    }
                    None => return Err(format!("{name}: an export this test cannot read: {head}")),
                }
            }
            if head.starts_with("export default") || head.starts_with("export *") {
                return Err(format!(
                    "{name}: an export this test cannot read: {}",
                    head.lines().next().unwrap_or("")
                ));
            }
            let (lazy, names, params) =
                declaration(head).unwrap_or((false, Vec::new(), Vec::new()));
            let code = module.text.code(from, to);
            if names.len() == 1 && code.contains("= window.__TAURI__;") {
                module.tauri.push(names[0].clone());
            }
            for n in &names {
                module.defs.insert(n.clone(), module.items.len());
            }
            module.items.push(Item {
                from,
                to,
                lazy,
                names,
                params,
            });
        }
        let all = module.text.shape(0, module.text.shape.len());
        if all.contains("import(") {
            return Err(format!(
                "{name}: a dynamic import(): this test follows only static imports"
            ));
        }
        Ok(module)
    }

    /// Each name used in item `k`, with where it starts: a name after `.` is a property,
    /// not a use (a spread `...x` is).
    fn names_in(&self, k: usize) -> Vec<(usize, String)> {
        let it = &self.items[k];
        let s = &self.text.shape;
        let mut out = Vec::new();
        let mut i = it.from;
        while i < it.to {
            if is_ident(s[i]) && (i == 0 || !is_ident(s[i - 1])) {
                let end = (i..it.to).find(|&j| !is_ident(s[j])).unwrap_or(it.to);
                let property = i > 0 && s[i - 1] == '.' && !(i >= 3 && s[i - 3..i] == ['.'; 3]);
                if !property && !s[i].is_ascii_digit() && !self.is_key(k, i, end) {
                    out.push((i, s[i..end].iter().collect()));
                }
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Whether the name at `from..to` is an object literal's key (`{ call: 1 }`).
    fn is_key(&self, k: usize, from: usize, to: usize) -> bool {
        let s = &self.text.shape;
        let before = (self.items[k].from..from)
            .rev()
            .map(|j| s[j])
            .find(|c| !c.is_whitespace());
        matches!(self.next_char(k, to), Some((_, ':'))) && matches!(before, Some('{' | ','))
    }

    /// Where `pat` occurs in item `k` (outside strings and comments).
    fn find(&self, k: usize, pat: &str) -> Vec<usize> {
        let it = &self.items[k];
        let pat: Vec<char> = pat.chars().collect();
        (it.from..it.to.saturating_sub(pat.len() - 1))
            .filter(|&j| self.text.shape[j..j + pat.len()] == pat[..])
            .collect()
    }

    /// The name that starts at `i` (empty if none does).
    fn ident_at(&self, i: usize) -> String {
        self.text.shape[i.min(self.text.shape.len())..]
            .iter()
            .take_while(|&&c| is_ident(c))
            .collect()
    }

    /// The first non-space char at or after `i` within item `k`, and its index.
    fn next_char(&self, k: usize, i: usize) -> Option<(usize, char)> {
        (i..self.items[k].to)
            .map(|j| (j, self.text.shape[j]))
            .find(|(_, c)| !c.is_whitespace())
    }

    /// The index of the bracket closing the one opened at `open`.
    fn closing(&self, open: usize) -> Option<usize> {
        let mut depth = 0i64;
        for j in open..self.text.shape.len() {
            match self.text.shape[j] {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The first argument of the call whose `(` is at `open`: its text (strings intact).
    fn first_argument(&self, open: usize) -> String {
        let mut depth = 0i64;
        for j in open + 1..self.text.shape.len() {
            match self.text.shape[j] {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => return self.text.code(open + 1, j),
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => return self.text.code(open + 1, j),
                _ => {}
            }
        }
        self.text.code(open + 1, self.text.code.len())
    }
}

/// The operation names quoted in an argument: `'issue_ticket'`, or a choice of them
/// (`creating ? 'create_pin' : 'unlock'`).
fn quoted(arg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['\'', '"', '`'] {
        out.extend(
            arg.split(q)
                .skip(1)
                .step_by(2)
                .filter(|s| !s.contains("${"))
                .map(str::to_string),
        );
    }
    out
}

/// The modules of a ui folder and what they need.
pub struct Ui {
    root: PathBuf,
    modules: BTreeMap<PathBuf, Module>,
    /// The functions (module, name) that call an operation named by their first argument.
    callers: BTreeSet<(PathBuf, String)>,
}

/// A place in the code: a module and one of its items.
type Place = (PathBuf, usize);

impl Ui {
    /// Reads every module under `root/js`.
    pub fn read(root: &Path) -> Result<Ui, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", root.display()))?;
        let mut files = Vec::new();
        js_files(&root.join("js"), &mut files);
        let mut modules = BTreeMap::new();
        for f in files {
            let f = f.canonicalize().map_err(|e| e.to_string())?;
            modules.insert(f.clone(), Module::read(&f, &root)?);
        }
        let mut ui = Ui {
            root,
            modules,
            callers: BTreeSet::new(),
        };
        ui.find_callers();
        Ok(ui)
    }

    /// The item a name used in `module` stands for, if it is a top-level one of ui/js.
    fn resolve(&self, module: &Path, name: &str) -> Option<Place> {
        let m = self.modules.get(module)?;
        if let Some(&k) = m.defs.get(name) {
            return Some((module.to_path_buf(), k));
        }
        let (dep, orig) = m.imports.get(name)?;
        let exported = self.modules.get(dep)?;
        match exported.exports.get(orig) {
            // Passed on by an `export { … }` list: what the name is in that module.
            Some(local) => self.resolve(dep, local),
            None => Some((dep.clone(), *exported.defs.get(orig)?)),
        }
    }

    fn is_caller(&self, place: &Place) -> bool {
        let m = &self.modules[&place.0];
        m.items[place.1]
            .names
            .first()
            .is_some_and(|n| self.callers.contains(&(place.0.clone(), n.clone())))
    }

    /// A function is a caller when it hands its first parameter to `….invoke(` or to
    /// another caller.
    fn find_callers(&mut self) {
        loop {
            let mut found = Vec::new();
            for (path, m) in &self.modules {
                for (k, it) in m.items.iter().enumerate() {
                    let (Some(name), Some(p0)) = (it.names.first(), it.params.first()) else {
                        continue;
                    };
                    if !it.lazy
                        || p0.is_empty()
                        || self.callers.contains(&(path.clone(), name.clone()))
                    {
                        continue;
                    }
                    let passes_on = m.names_in(k).into_iter().any(|(i, used)| {
                        let Some((open, '(')) = m.next_char(k, i + used.len()) else {
                            return false;
                        };
                        m.first_argument(open).trim() == p0
                            && self
                                .resolve(path, &used)
                                .is_some_and(|p| p != (path.clone(), k) && self.is_caller(&p))
                    });
                    // Tauri's `invoke` is a property (`tauri.core.invoke(`): found on its own.
                    let invokes = m
                        .find(k, ".invoke(")
                        .into_iter()
                        .any(|j| m.first_argument(j + 7).trim() == p0);
                    if passes_on || invokes {
                        found.push((path.clone(), name.clone()));
                    }
                }
            }
            if found.is_empty() {
                return;
            }
            self.callers.extend(found);
        }
    }

    /// What item `k` of `module` needs, and what in it cannot be read.
    fn item_needs(&self, path: &Path, k: usize, needs: &mut Needs, problems: &mut Vec<String>) {
        let m = &self.modules[path];
        let it = &m.items[k];
        let place = format!("{}: {}", m.name, it.label(&m.text));
        let own_p0 = it.params.first().filter(|_| it.lazy);
        for (i, used) in m.names_in(k) {
            let Some(target) = self.resolve(path, &used) else {
                continue;
            };
            if !self.is_caller(&target) {
                continue;
            }
            match m.next_char(k, i + used.len()) {
                Some((open, '(')) => {
                    // `function call(cmd) {` or a method `call(cmd) {`: a definition.
                    let close = m.closing(open).unwrap_or(open);
                    if matches!(m.next_char(k, close + 1), Some((_, '{'))) {
                        continue;
                    }
                    let arg = m.first_argument(open);
                    let names = quoted(&arg);
                    if names.is_empty() {
                        if own_p0.is_some_and(|p| arg.trim() == p) {
                            continue; // a caller passing its caller's name on
                        }
                        problems.push(format!(
                            "{place} calls an operation named at run time ({}): name it in quotes",
                            arg.trim()
                        ));
                    }
                    for n in names {
                        needs.entry(Need::Op(n)).or_default().insert(place.clone());
                    }
                }
                _ => problems.push(format!(
                    "{place} passes `{used}` around as a value: the operations it calls cannot be read"
                )),
            }
        }
        // Tauri's own API: `tauri.event.listen(` → core:event:allow-listen.
        let mut roots: Vec<String> = m.tauri.iter().map(|t| format!("{t}.")).collect();
        roots.push("window.__TAURI__.".into());
        for root in &roots {
            for j in m.find(k, root) {
                if j > 0 && is_ident(m.text.shape[j - 1]) {
                    continue;
                }
                let api = m.ident_at(j + root.chars().count());
                if api == "core" {
                    continue; // `invoke`: the operations, read above
                }
                let dot = j + root.chars().count() + api.chars().count();
                let func = if m.text.shape.get(dot) == Some(&'.') {
                    m.ident_at(dot + 1)
                } else {
                    String::new()
                };
                let called = !func.is_empty()
                    && matches!(
                        m.next_char(k, dot + 1 + func.chars().count()),
                        Some((_, '('))
                    );
                if !called {
                    problems.push(format!(
                        "{place} uses `{root}{api}` in a way this test cannot read: call `{root}{api}.function(…)`"
                    ));
                    continue;
                }
                needs
                    .entry(Need::Core(format!("core:{api}:allow-{}", kebab(&func))))
                    .or_default()
                    .insert(place.clone());
            }
        }
        let body = m.text.shape(it.from, it.to);
        if body.contains("__TAURI__") && !m.tauri.iter().any(|t| it.names.contains(t)) {
            let direct = body.matches("__TAURI__").count();
            let read = body.matches("window.__TAURI__.").count();
            if direct != read {
                problems.push(format!(
                    "{place} uses window.__TAURI__ in a way this test cannot read"
                ));
            }
        }
    }

    /// The modules `page` (a file of the ui folder) loads: its module scripts and every
    /// module they import.
    pub fn page_modules(&self, page: &str) -> Result<BTreeSet<PathBuf>, String> {
        let html =
            std::fs::read_to_string(self.root.join(page)).map_err(|e| format!("{page}: {e}"))?;
        let mut todo = Vec::new();
        let mut rest = html.as_str();
        while let Some(open) = rest.find("<script") {
            let tag_end = rest[open..]
                .find('>')
                .ok_or(format!("{page}: an open <script"))?
                + open;
            let tag = &rest[open..tag_end];
            let close = rest[tag_end..]
                .find("</script>")
                .ok_or(format!("{page}: <script> not closed"))?
                + tag_end;
            let inline = rest[tag_end + 1..close].trim();
            let src = tag.split("src=\"").nth(1).and_then(|s| s.split('"').next());
            match src {
                Some(src) if tag.contains("type=\"module\"") && inline.is_empty() => {
                    let f = self
                        .root
                        .join(src)
                        .canonicalize()
                        .map_err(|e| format!("{page} loads {src}: {e}"))?;
                    todo.push(f);
                }
                _ => return Err(format!("{page}: a script this test cannot read: {tag}>")),
            }
            rest = &rest[close..];
        }
        let mut seen = BTreeSet::new();
        while let Some(f) = todo.pop() {
            if seen.insert(f.clone()) {
                let m = self.modules.get(&f).ok_or(format!(
                    "{page} loads {}, which is not under js/",
                    f.display()
                ))?;
                todo.extend(m.deps.iter().cloned());
            }
        }
        if seen.is_empty() {
            return Err(format!("{page} loads no module"));
        }
        Ok(seen)
    }

    /// What `page` needs: from the statements its modules run on loading, and every
    /// function reached from them by name; and what in that code cannot be read.
    pub fn page_needs(&self, page: &str) -> (Needs, Vec<String>) {
        let modules = match self.page_modules(page) {
            Ok(m) => m,
            Err(e) => return (Needs::new(), vec![e]),
        };
        let mut todo: Vec<Place> = Vec::new();
        for path in &modules {
            for (k, it) in self.modules[path].items.iter().enumerate() {
                if !it.lazy {
                    todo.push((path.clone(), k));
                }
            }
        }
        let mut reached = BTreeSet::new();
        while let Some(place) = todo.pop() {
            if !reached.insert(place.clone()) {
                continue;
            }
            let m = &self.modules[&place.0];
            for (_, used) in m.names_in(place.1) {
                if let Some(p) = self.resolve(&place.0, &used) {
                    todo.push(p);
                }
            }
        }
        let mut needs = Needs::new();
        let mut problems = Vec::new();
        for (path, k) in &reached {
            self.item_needs(path, *k, &mut needs, &mut problems);
        }
        (needs, problems)
    }

    /// What every module of the folder needs, reached or not, for the checks that hold for
    /// all code (also the browser-only pages); and what cannot be read in any of it.
    pub fn all_needs(&self) -> (Needs, Vec<String>) {
        let mut needs = Needs::new();
        let mut problems = Vec::new();
        for (path, m) in &self.modules {
            for k in 0..m.items.len() {
                self.item_needs(path, k, &mut needs, &mut problems);
            }
        }
        (needs, problems)
    }
}

fn kebab(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() {
            out.push('-');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}
