//! Lexicon diagnostics: every problem names `file:line:col` and the value.

use std::fmt;
use std::ops::Range;

/// How bad a diagnostic is: errors stop a run, lints are reported by
/// `lexicon check` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub value: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}: {}",
            self.file, self.line, self.col, self.message
        )?;
        if !self.value.is_empty() {
            write!(f, ": {:?}", self.value)?;
        }
        Ok(())
    }
}

/// A loaded file's name and text, for turning byte spans into line:col.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// 1-based line and column (in chars) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    pub fn diag(
        &self,
        sev: Severity,
        span: Range<usize>,
        value: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = self.line_col(span.start);
        Diagnostic {
            severity: sev,
            file: self.name.clone(),
            line,
            col,
            value: value.to_string(),
            message: message.into(),
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Lexicon errors that stop a run, all of them at once.
#[derive(Debug, Clone)]
pub struct LexiconError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LexiconError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let f = SourceFile {
            name: "a.toml".into(),
            text: "a = 1\nzh = [\"美国\", \"x\"]\n".into(),
        };
        let off = f.text.find("\"x\"").unwrap();
        assert_eq!(f.line_col(off), (2, 13));
        assert_eq!(f.line_col(0), (1, 1));
    }
}
