//! Byte-to-text decoding: UTF-8 (with or without BOM, borrowed without a
//! copy), UTF-16 LE/BE (BOM, or BOM-less when the NUL pattern is
//! unmistakable), and legacy Chinese encodings (GB18030/GBK, Big5) guessed
//! with `chardetng`. Binary input (NUL bytes, mostly control bytes) and
//! undecodable input are refused with a reason.

use std::borrow::Cow;

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and the name of the encoding it was read in.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    /// What was repaired on the way (NUL bytes removed, bad sequences replaced).
    pub warnings: Vec<String>,
}

/// Largest share of NUL bytes a text file may have (stray NULs from a
/// broken scrape) before it counts as binary.
const MAX_NUL_SHARE: f64 = 0.05;
/// Largest share of invalid sequences for a file still read as UTF-8.
const MAX_INVALID_UTF8_SHARE: f64 = 0.01;

/// UTF-8 with a few invalid sequences (a truncated or spliced scrape):
/// read with U+FFFD in their place. `None` when it is not mostly UTF-8.
fn mostly_utf8(bytes: &[u8]) -> Option<(String, usize)> {
    let mut bad = 0usize;
    let mut multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    let limit = ((bytes.len() as f64 * MAX_INVALID_UTF8_SHARE) as usize).max(8);
    // Legacy encodings fail on most of their multi-byte characters; real
    // UTF-8 with a few broken bytes has many valid ones, or bytes that no
    // Chinese legacy encoding reads either.
    let legacy_fails = || {
        [GB18030, BIG5].iter().all(|e| {
            e.decode_without_bom_handling_and_without_replacement(bytes)
                .is_none()
        })
    };
    (bad <= limit && (multibyte >= bad * 4 || legacy_fails()))
        .then(|| (String::from_utf8_lossy(bytes).into_owned(), bad))
}

/// Share of a sample that may be C0 control bytes before input is "binary".
const MAX_CONTROL_SHARE: f64 = 0.05;

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // ASCII-heavy UTF-16 has a NUL in nearly every other byte, on one side.
    if odd_nul * 10 >= pairs * 6 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 6 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn looks_binary(bytes: &[u8]) -> Option<String> {
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls as f64 > bytes.len() as f64 * MAX_NUL_SHARE {
        return Some(format!(
            "binary file ({nuls} NUL bytes in {} bytes)",
            bytes.len()
        ));
    }
    let sample = &bytes[..bytes.len().min(65536)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if control as f64 > sample.len() as f64 * MAX_CONTROL_SHARE {
        return Some(format!(
            "binary file ({control} control bytes in the first {} bytes)",
            sample.len()
        ));
    }
    None
}

/// Decodes a document. Borrows when the input is UTF-8 already. Stray NUL
/// bytes (a few, in a text file) are removed with a warning.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls == 0 || Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return decode_clean(bytes);
    }
    if let Some(reason) = looks_binary(bytes) {
        return Err(reason);
    }
    let stripped: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
    let d = decode_clean(&stripped)?;
    let mut warnings = d.warnings;
    warnings.insert(0, format!("{nuls} NUL bytes removed"));
    Ok(Decoded {
        text: Cow::Owned(d.text.into_owned()),
        encoding: d.encoding,
        warnings,
    })
}

/// Decodes a document. Borrows when the input is UTF-8 already.
fn decode_clean(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    if bytes.is_empty() {
        return Err("empty file".to_string());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            return match std::str::from_utf8(body) {
                Ok(s) => Ok(Decoded {
                    text: Cow::Borrowed(s),
                    encoding: "UTF-8",
                    warnings: Vec::new(),
                }),
                Err(e) => Err(format!(
                    "invalid UTF-8 after a UTF-8 BOM at byte {}",
                    e.valid_up_to() + bom_len
                )),
            };
        }
        return match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(s) => Ok(Decoded {
                text: Cow::Owned(s.into_owned()),
                encoding: enc.name(),
                warnings: Vec::new(),
            }),
            None => Err(format!("undecodable {} text after its BOM", enc.name())),
        };
    }
    if memchr::memchr(0, bytes).is_some() {
        if let Some(enc) = utf16_without_bom(bytes) {
            if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                return Ok(Decoded {
                    text: Cow::Owned(s.into_owned()),
                    encoding: enc.name(),
                    warnings: Vec::new(),
                });
            }
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(reason) = looks_binary(bytes) {
            return Err(reason);
        }
        return Ok(Decoded {
            text: Cow::Borrowed(s),
            encoding: "UTF-8",
            warnings: Vec::new(),
        });
    }
    if let Some(reason) = looks_binary(bytes) {
        return Err(reason);
    }
    if let Some((text, bad)) = mostly_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Owned(text),
            encoding: "UTF-8",
            warnings: vec![format!(
                "{bad} invalid UTF-8 sequences replaced with U+FFFD"
            )],
        });
    }
    // ISO-2022-JP is not a news encoding here, and UTF-8 was tried above.
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    let mut candidates = vec![guess];
    for e in [GB18030, BIG5] {
        if !candidates.contains(&e) {
            candidates.push(e);
        }
    }
    for enc in candidates {
        if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            let s = s.into_owned();
            if let Some(reason) = looks_binary(s.as_bytes()) {
                return Err(reason);
            }
            return Ok(Decoded {
                text: Cow::Owned(s),
                encoding: enc.name(),
                warnings: Vec::new(),
            });
        }
    }
    // Last resort: the guess with replacement characters, if they are rare.
    let (s, _, _) = guess.decode(bytes);
    let bad = s.chars().filter(|&c| c == '\u{FFFD}').count();
    if bad * 100 <= s.chars().count() {
        return Ok(Decoded {
            text: Cow::Owned(s.into_owned()),
            encoding: guess.name(),
            warnings: Vec::new(),
        });
    }
    Err(format!(
        "undecodable text: not UTF-8, and {bad} invalid sequences as {}",
        guess.name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "外交部发言人在例行记者会上表示，有关国家的指责毫无根据，中方坚决反对并已提出严正交涉。我们敦促对方停止散布虚假信息。";

    #[test]
    fn utf8_is_borrowed() {
        let d = decode(ZH.as_bytes()).unwrap();
        assert!(matches!(d.text, Cow::Borrowed(_)));
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(ZH.as_bytes());
        assert_eq!(decode(&with_bom).unwrap().text, ZH);
    }

    #[test]
    fn legacy_and_utf16() {
        let (gbk, _, _) = GB18030.encode(ZH);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, ZH);
        let trad = "外交部發言人在例行記者會上表示，有關國家的指責毫無根據，我方堅決反對並已提出嚴正交涉。我們敦促對方停止散佈虛假資訊。";
        let (big5, _, _) = BIG5.encode(trad);
        let d = decode(&big5).unwrap();
        assert_eq!(d.text, trad);
        assert_eq!(d.encoding, "Big5");
        let mut le = vec![0xFF, 0xFE];
        for u in "Embassy rejects claims".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, "Embassy rejects claims");
        let bomless: Vec<u8> = "Embassy rejects claims"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&bomless).unwrap().text, "Embassy rejects claims");
    }

    #[test]
    fn refusals() {
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3])
            .unwrap_err()
            .contains("binary"));
        let controls: Vec<u8> = (0..200u8).map(|i| i % 8 + 1).collect();
        assert!(decode(&controls).unwrap_err().contains("binary"));
    }
}
