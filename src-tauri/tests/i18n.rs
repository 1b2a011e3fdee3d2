//! The screens' text: zh-CN and English have the same keys with the same {placeholders},
//! and every key a page or script names literally exists (a missing one shows as its key).

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

fn dict(lang: &str) -> Map<String, Value> {
    let path = ui_dir().join("i18n").join(format!("{lang}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        other => panic!("{} is not a JSON object: {other:?}", path.display()),
    }
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let zh = dict("zh-CN");
    let en = dict("en");
    let zh_keys: BTreeSet<_> = zh.keys().collect();
    let en_keys: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        zh_keys.difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in zh-CN.json missing from en.json"
    );
    assert_eq!(
        en_keys.difference(&zh_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in en.json missing from zh-CN.json"
    );
    for (k, v) in &zh {
        let (Some(a), Some(b)) = (v.as_str(), en[k].as_str()) else {
            panic!("{k}: every text is a string");
        };
        assert_eq!(
            placeholders(a),
            placeholders(b),
            "{k}: the placeholders differ between zh-CN and en"
        );
        assert!(
            !a.trim().is_empty() && !b.trim().is_empty(),
            "{k}: empty text"
        );
    }
}

/// The literal keys after each `marker` in `text`, up to `end`.
fn literal_keys(text: &str, marker: &str, end: char) -> Vec<String> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            text[i + marker.len()..]
                .split_once(end)
                .map(|(k, _)| k.to_string())
        })
        .filter(|k| !k.is_empty() && !k.contains('$') && !k.contains(' '))
        .collect()
}

#[test]
fn every_literal_key_exists() {
    let zh = dict("zh-CN");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(ui_dir())
        .unwrap()
        .chain(std::fs::read_dir(ui_dir().join("js")).unwrap())
    {
        let path = entry.unwrap().path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if ext != "html" && ext != "js" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut keys = Vec::new();
        for marker in [
            "data-i18n=\"",
            "data-i18n-placeholder=\"",
            "data-i18n-title=\"",
        ] {
            keys.extend(literal_keys(&text, marker, '"'));
        }
        if ext == "js" {
            for marker in ["t('", " t(\"", "(t('"] {
                keys.extend(literal_keys(
                    &text,
                    marker,
                    if marker.ends_with('"') { '"' } else { '\'' },
                ));
            }
        }
        for k in keys {
            if k.contains('.') && !zh.contains_key(&k) {
                missing.push(format!(
                    "{}: {k}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "keys used but not in the i18n files: {missing:#?}"
    );
}
