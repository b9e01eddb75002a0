//! The articles an edge names: distinct ids in sorted order, stored as
//! indices into a table of ids that every edge of a graph shares, each
//! index written as its gap to the one before in one to five bytes
//! ([`Ascending`]).
//!
//! A corpus graph names each article on several edges (a 3 GB corpus of a
//! million articles: 13 million article entries on one graph, as many again
//! on the outlet graphs). A shared string pointer per entry costs 16 bytes,
//! an index 4; a gap is mostly under 128 (an edge names a good share of
//! the articles), which takes one byte. The ids themselves are stored once,
//! in the table. The table is sorted, so ascending indices are ids in
//! sorted order. The graph builder and the [`Merger`](super::Merger) keep
//! indices into their own list of ids while they fold, and make the sorted
//! table once, at the end.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Distinct article ids, sorted; see the module header.
#[derive(Clone)]
pub struct Articles {
    /// Distinct ids, sorted; shared by the edges of one graph.
    table: Arc<[Arc<str>]>,
    /// Ascending indices into `table`.
    idx: Ascending,
}

impl Articles {
    /// The distinct ids of `ids`, sorted, over a table of their own.
    pub fn from_ids<I, S>(ids: I) -> Articles
    where
        I: IntoIterator<Item = S>,
        S: Into<Arc<str>>,
    {
        let mut names: Vec<Arc<str>> = ids.into_iter().map(Into::into).collect();
        names.sort_unstable();
        names.dedup();
        let idx = Ascending::from_ascending(0..names.len() as u32);
        Articles {
            table: names.into(),
            idx,
        }
    }

    /// The list of `idx` over `table` (which must be sorted and distinct:
    /// its maker checks that, once for all the edges sharing it); `idx` is
    /// sorted and de-duplicated here.
    pub(crate) fn over(table: Arc<[Arc<str>]>, mut idx: Vec<u32>) -> Articles {
        debug_assert!(idx.iter().all(|&i| (i as usize) < table.len()));
        idx.sort_unstable();
        idx.dedup();
        Articles {
            table,
            idx: Ascending::from_ascending(idx),
        }
    }

    pub fn len(&self) -> usize {
        self.idx.len()
    }

    pub fn is_empty(&self) -> bool {
        self.idx.len() == 0
    }

    /// The ids, in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.idx.iter().map(|i| &*self.table[i as usize])
    }

    /// The id table the list indexes (shared by the edges of a graph).
    pub(crate) fn table(&self) -> &Arc<[Arc<str>]> {
        &self.table
    }

    /// The list's indices into [`Articles::table`], ascending.
    pub(crate) fn indices(&self) -> impl Iterator<Item = u32> + '_ {
        self.idx.iter()
    }

    /// Whether both lists are over one table (tests of sharing).
    #[cfg(test)]
    pub(crate) fn shares_table(&self, other: &Articles) -> bool {
        Arc::ptr_eq(&self.table, &other.table)
    }

    /// The ids joined by `sep`.
    pub fn join(&self, sep: &str) -> String {
        let mut out = String::new();
        for (i, id) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(id);
        }
        out
    }
}

/// Strictly ascending `u32`s, each written as its gap to the one before
/// (the first: to zero) in LEB128, seven bits a byte: gaps under 128 take
/// one byte, and no gap more than five.
#[derive(Clone, Default)]
pub(crate) struct Ascending {
    bytes: Vec<u8>,
    len: usize,
    last: u32,
}

impl Ascending {
    /// From values that ascend strictly.
    pub(crate) fn from_ascending(values: impl IntoIterator<Item = u32>) -> Ascending {
        let mut out = Ascending::default();
        for v in values {
            out.push(v);
        }
        out.bytes.shrink_to_fit();
        out
    }

    /// Appends `v`, which must be larger than every value before it.
    pub(crate) fn push(&mut self, v: u32) {
        debug_assert!(self.len == 0 || v > self.last, "{v} after {}", self.last);
        let mut gap = if self.len == 0 { v } else { v - self.last };
        while gap >= 0x80 {
            self.bytes.push((gap as u8 & 0x7f) | 0x80);
            gap >>= 7;
        }
        self.bytes.push(gap as u8);
        self.last = v;
        self.len += 1;
    }

    /// The largest value (the last pushed).
    pub(crate) fn last(&self) -> Option<u32> {
        (self.len > 0).then_some(self.last)
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The values, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.bytes.iter();
        let mut value = 0u32;
        std::iter::from_fn(move || {
            let (mut gap, mut shift) = (0u32, 0);
            loop {
                let b = *bytes.next()?;
                gap |= u32::from(b & 0x7f) << shift;
                if b & 0x80 == 0 {
                    break;
                }
                shift += 7;
            }
            value += gap;
            Some(value)
        })
    }
}

/// The union of two ascending, distinct sequences, ascending and distinct,
/// compared by `key` (of equal items, the one of `a` is kept).
pub(crate) fn merge_sorted<T, K: Ord + ?Sized>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
    key: impl Fn(&T) -> &K,
) -> Vec<T> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut out = Vec::with_capacity(a.size_hint().0 + b.size_hint().0);
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match key(x).cmp(key(y)) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    b.next();
                    a.next()
                }
            },
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

impl Default for Articles {
    fn default() -> Articles {
        Articles {
            table: Arc::new([]),
            idx: Ascending::default(),
        }
    }
}

impl PartialEq for Articles {
    fn eq(&self, other: &Articles) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Articles {}

impl std::fmt::Debug for Ascending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl std::fmt::Debug for Articles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for Articles {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Articles {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

/// A JSON array of strings, as a `Vec<String>` would be.
impl Serialize for Articles {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.collect_seq(self.iter())
    }
}

/// From an array of strings, sorted and made distinct.
impl<'de> Deserialize<'de> for Articles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Articles, D::Error> {
        let ids: Vec<String> = Vec::deserialize(d)?;
        Ok(Articles::from_ids(ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(ids: &[&str]) -> Arc<[Arc<str>]> {
        ids.iter().map(|&s| Arc::from(s)).collect()
    }

    #[test]
    fn from_ids_sorts_and_dedups() {
        let a = Articles::from_ids(["b", "a", "c", "a"]);
        assert_eq!(a, ["a", "b", "c"]);
        assert_eq!(a.len(), 3);
        assert_eq!(a.join(";"), "a;b;c");
        assert_eq!(Articles::default().join(";"), "");
        assert!(Articles::default().is_empty());
        assert_eq!(format!("{a:?}"), r#"["a", "b", "c"]"#);
    }

    #[test]
    fn over_a_shared_table() {
        let t = table(&["a1", "a2", "b1", "b2"]);
        let x = Articles::over(t.clone(), vec![3, 0, 3]);
        let y = Articles::over(t.clone(), vec![1, 0]);
        assert_eq!(x, ["a1", "b2"]);
        assert_eq!(y, ["a1", "a2"]);
        assert!(x.shares_table(&y) && Arc::ptr_eq(&x.table, &t));
        assert!(!x.shares_table(&Articles::from_ids(["a1", "b2"])));
    }

    #[test]
    fn equality_ignores_tables() {
        let x = Articles::over(table(&["a", "b", "c"]), vec![0, 2]);
        let y = Articles::from_ids(["c", "a"]);
        assert_eq!(x, y);
        assert_ne!(x, Articles::from_ids(["a"]));
        assert_ne!(x, Articles::from_ids(["a", "b"]));
    }

    #[test]
    fn ascending_values_round_trip_through_their_gaps() {
        let values = [
            0,
            1,
            2,
            127,
            128,
            129,
            300,
            16_383,
            16_384,
            1 << 21,
            u32::MAX - 1,
            u32::MAX,
        ];
        let a = Ascending::from_ascending(values);
        assert_eq!(a.iter().collect::<Vec<_>>(), values);
        assert_eq!((a.len(), a.last()), (values.len(), Some(u32::MAX)));
        // Gaps 0 1 1 125 1 1 171 16083 1 2080768 4292870142 1: bytes
        // 1 1 1 1 1 1 2 2 1 3 5 1.
        assert_eq!(a.bytes.len(), 20);
        let b = Ascending::from_ascending([5]);
        assert_eq!(b.iter().collect::<Vec<_>>(), [5]);
        assert_eq!(Ascending::default().iter().count(), 0);
        assert_eq!(Ascending::default().last(), None);
        let mut c = Ascending::default();
        for v in (0..100_000).step_by(3) {
            c.push(v);
        }
        assert!(c.iter().eq((0..100_000).step_by(3)));
        assert_eq!(c.bytes.len(), c.len(), "gaps under 128 take a byte each");
    }

    #[test]
    fn json_is_an_array_of_strings() {
        let x = Articles::over(table(&["a\"1", "b", "c"]), vec![2, 0]);
        let text = serde_json::to_string(&x).unwrap();
        assert_eq!(text, r#"["a\"1","c"]"#);
        let back: Articles = serde_json::from_str(r#"["c","a\"1","c"]"#).unwrap();
        assert_eq!(back, x);
        assert!(serde_json::from_str::<Articles>("[1]").is_err());
    }
}
