//! XML helpers shared by the GEXF, GraphML and SVG writers: escaping, and
//! the node attributes GEXF and GraphML both write.
//!
//! Text is escaped for XML 1.0 and characters XML 1.0 forbids (C0 controls
//! other than tab, newline and carriage return; U+FFFE, U+FFFF) are dropped.

/// Whether `c` may appear in an XML 1.0 document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{d7ff}').contains(&c)
        || ('\u{e000}'..='\u{fffd}').contains(&c)
        || c >= '\u{10000}'
}

/// Node attributes both XML formats write, in order.
pub(crate) const NODE_ATTRS: [&str; 5] = ["label_zh", "label_en", "kind", "parent", "country"];

/// A node's values for [`NODE_ATTRS`]; absent values (no parent) are `None`.
pub(crate) fn node_values(n: &crate::model::ActorInfo) -> [Option<&str>; 5] {
    [
        Some(n.label_zh.as_str()),
        Some(n.label_en.as_str()),
        Some(n.kind.as_str()),
        n.parent.as_deref(),
        Some(n.country.as_str()),
    ]
}

/// A node's display label, the `label` attribute of every format (the
/// networkx and Gephi convention): its Chinese and English names on one
/// line (one of them when both are the same), or its id.
pub(crate) fn node_label(n: &crate::model::ActorInfo) -> String {
    super::dot::node_label_lines(n).join(" ")
}

/// An `#rrggbb` colour as its red, green and blue parts (grey when it is
/// not one).
pub(crate) fn rgb(hex: &str) -> (u8, u8, u8) {
    let part = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0x99)
    };
    if hex.len() == 7 && hex.starts_with('#') {
        (part(1), part(3), part(5))
    } else {
        (0x99, 0x99, 0x99)
    }
}

/// Escapes `s` for an attribute value in double quotes (also fine as text).
/// Whitespace controls are written as character references so attribute
/// normalisation keeps them.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops() {
        assert_eq!(
            escape("a<b>&\"c'\u{0}\u{1b}\u{fffe}]]>-->\n😀"),
            "a&lt;b&gt;&amp;&quot;c&apos;]]&gt;--&gt;&#10;😀"
        );
    }
}
