//! Export of the statistics screen's tables: one CSV per table in UTF-8 with a BOM (Excel
//! then opens Chinese text correctly), or one `.xlsx` workbook with a sheet per table.
//! The UI sends the translations of the column names and keys, so a file reads in the
//! language of the screen it was exported from.

use super::{Cell, StatsQuery, Table};
use crate::error::{Error, Result};
use crate::hall::Hall;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file kind of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One CSV file per table.
    Csv,
    /// One workbook, one sheet per table.
    Xlsx,
}

/// What to export, with the screen's translations of column names, table titles and
/// keys (a missing translation writes the key itself).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportRequest {
    pub query: StatsQuery,
    pub format: ExportFormat,
    #[serde(default)]
    pub labels: HashMap<String, String>,
}

/// UTF-8's byte order mark: Excel reads a CSV without it in the system's code page.
pub const BOM: &str = "\u{feff}";

struct Labels<'a>(&'a HashMap<String, String>);

impl Labels<'_> {
    fn get<'k>(&'k self, key: &'k str) -> &'k str {
        self.0.get(key).map(String::as_str).unwrap_or(key)
    }
    /// A cell as text: numbers as Rust prints them (no thousands separator), keys translated.
    fn cell(&self, c: &Cell) -> String {
        match c {
            Cell::Int(v) => v.to_string(),
            Cell::Num(v) => v.to_string(),
            Cell::Text(t) => t.clone(),
            Cell::Key { key } => key
                .split(' ')
                .map(|k| self.get(k))
                .collect::<Vec<_>>()
                .join("、"),
            Cell::Empty => String::new(),
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A table as CSV text, BOM first, CRLF line ends (as Excel writes them).
pub(crate) fn csv(table: &Table, labels: &HashMap<String, String>) -> String {
    let l = Labels(labels);
    let mut out = String::from(BOM);
    let head: Vec<String> = table.columns.iter().map(|c| csv_field(l.get(c))).collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| csv_field(&l.cell(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(28)
        .collect();
    let base = if clean.trim().is_empty() {
        "sheet".to_string()
    } else {
        clean
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn export_error(e: impl std::fmt::Display) -> Error {
    Error::ExportFailed {
        reason: e.to_string(),
    }
}

/// Writes the tables as one workbook at `path`.
pub(crate) fn xlsx(tables: &[Table], labels: &HashMap<String, String>, path: &Path) -> Result<()> {
    let l = Labels(labels);
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let mut taken: Vec<String> = Vec::new();
    for table in tables {
        let name = sheet_name(l.get(&format!("table_{}", table.id)), &taken);
        taken.push(name.clone());
        let sheet = book.add_worksheet();
        sheet.set_name(&name).map_err(export_error)?;
        for (c, col) in table.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, l.get(col), &bold)
                .map_err(export_error)?;
            sheet.set_column_width(c as u16, 14).map_err(export_error)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Int(v) => sheet.write_number(r, c, *v as f64),
                    Cell::Num(v) => sheet.write_number(r, c, *v),
                    Cell::Empty => continue,
                    other => {
                        let text = l.cell(other);
                        // An empty text is an empty cell, as in the CSV.
                        if text.is_empty() {
                            continue;
                        }
                        sheet.write_string(r, c, text)
                    }
                }
                .map_err(export_error)?;
            }
        }
    }
    book.save(path).map_err(export_error)?;
    Ok(())
}

impl Hall {
    /// Writes the statistics of `req.query` into `dir` (created if missing): a CSV per
    /// table or one workbook; returns the files written.
    pub async fn export_statistics(&self, req: ExportRequest, dir: &Path) -> Result<Vec<PathBuf>> {
        let stats = self.statistics(req.query).await?;
        std::fs::create_dir_all(dir).map_err(export_error)?;
        let stem = format!("frontdesk-{}_{}", stats.from, stats.to);
        match req.format {
            ExportFormat::Csv => {
                let mut files = Vec::new();
                for t in &stats.tables {
                    let path = dir.join(format!("{stem}-{}.csv", t.id));
                    std::fs::write(&path, csv(t, &req.labels)).map_err(export_error)?;
                    files.push(path);
                }
                Ok(files)
            }
            ExportFormat::Xlsx => {
                let path = dir.join(format!("{stem}.xlsx"));
                xlsx(&stats.tables, &req.labels, &path)?;
                Ok(vec![path])
            }
        }
    }
}
