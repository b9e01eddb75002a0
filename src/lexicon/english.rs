//! English inflection of cue verbs: accuse -> accuses, accused, accusing.

use std::collections::BTreeMap;

/// Forms of an English verb phrase: the first word is inflected, the rest
/// kept (`call on` -> `calls on`, `called on`, `calling on`). Irregular
/// verbs take their forms from `irregular` (`hold` -> `held`).
pub fn inflect(phrase: &str, irregular: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut words = phrase.splitn(2, ' ');
    let head = words.next().unwrap_or("");
    let rest = words.next().map(|r| format!(" {r}")).unwrap_or_default();
    let mut forms = vec![head.to_string()];
    if let Some(irr) = irregular.get(head) {
        forms.extend(irr.iter().cloned());
    }
    forms.extend(regular(head));
    let mut out: Vec<String> = forms.into_iter().map(|f| format!("{f}{rest}")).collect();
    out.sort();
    out.dedup();
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn regular(v: &str) -> Vec<String> {
    let chars: Vec<char> = v.chars().collect();
    let n = chars.len();
    if n < 2 {
        return vec![];
    }
    let last = chars[n - 1];
    let prev = chars[n - 2];
    if let Some(stem) = v.strip_suffix("ie") {
        return vec![format!("{v}s"), format!("{v}d"), format!("{stem}ying")];
    }
    if last == 'e' {
        let stem = &v[..v.len() - 1];
        return vec![format!("{v}s"), format!("{v}d"), format!("{stem}ing")];
    }
    if last == 'y' && !is_vowel(prev) {
        let stem = &v[..v.len() - 1];
        return vec![
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{v}ing"),
        ];
    }
    if v.ends_with('s')
        || v.ends_with("sh")
        || v.ends_with("ch")
        || v.ends_with('x')
        || v.ends_with('z')
    {
        return vec![format!("{v}es"), format!("{v}ed"), format!("{v}ing")];
    }
    // Consonant-vowel-consonant monosyllables double the consonant (ban -> banned).
    let short_cvc = n <= 4
        && !is_vowel(last)
        && !matches!(last, 'w' | 'x' | 'y')
        && is_vowel(prev)
        && n >= 3
        && !is_vowel(chars[n - 3]);
    if short_cvc {
        return vec![
            format!("{v}s"),
            format!("{v}{last}ed"),
            format!("{v}{last}ing"),
        ];
    }
    // British spelling doubles a final -l after one vowel (label ->
    // labelled, cancel -> cancelling); American does not: both are kept.
    if last == 'l' && is_vowel(prev) && n > 3 && !is_vowel(chars[n - 3]) {
        return vec![
            format!("{v}s"),
            format!("{v}ed"),
            format!("{v}led"),
            format!("{v}ing"),
            format!("{v}ling"),
        ];
    }
    vec![format!("{v}s"), format!("{v}ed"), format!("{v}ing")]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(v: &str) -> Vec<String> {
        let mut irr = BTreeMap::new();
        irr.insert("hold".to_string(), vec!["held".to_string()]);
        inflect(v, &irr)
    }

    #[test]
    fn regular_and_irregular_forms() {
        assert_eq!(
            forms("accuse"),
            ["accuse", "accused", "accuses", "accusing"]
        );
        assert_eq!(forms("spy"), ["spied", "spies", "spy", "spying"]);
        assert_eq!(forms("ban"), ["ban", "banned", "banning", "bans"]);
        assert_eq!(
            forms("attack"),
            ["attack", "attacked", "attacking", "attacks"]
        );
        assert_eq!(
            forms("breach"),
            ["breach", "breached", "breaches", "breaching"]
        );
        assert!(forms("hold").contains(&"held".to_string()));
        assert!(forms("call on").contains(&"called on".to_string()));
        assert!(forms("urge").contains(&"urging".to_string()));
    }
}
