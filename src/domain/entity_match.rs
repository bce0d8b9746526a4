//! Near-duplicate entity names (G C "Registers": one entity, one record): names that differ
//! only by case, accents, punctuation or word order are the same name.

use super::entity::Entity;

/// A name reduced to what identifies it: lower case, accents folded, punctuation dropped,
/// words sorted.
pub fn name_key(name: &str) -> String {
    let mut words = search_words(name);
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// The words of a text as search compares them: lower case, accents folded, split at
/// anything not a letter or digit (so an id `RCP-HQ-0007` is `rcp`, `hq`, `0007`).
pub fn search_words(text: &str) -> Vec<String> {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().map(str::to_string).collect()
}

/// The registered entities (not merged away) whose name is close to `name`: the same key,
/// one letter apart ([`one_edit_apart`]), or the same name with one word dropped
/// ([`one_word_dropped`]). `UNICEF` and `UNICEF Country Office` are not close;
/// `UNICEF Country Office`, `Country Office, Unicef` and `UNICEF Office` are.
pub fn near_matches<'a>(name: &str, entities: &'a [Entity]) -> Vec<&'a Entity> {
    let key = name_key(name);
    if key.is_empty() {
        return Vec::new();
    }
    entities
        .iter()
        .filter(|e| e.merged_into.is_none())
        .filter(|e| {
            let other = name_key(e.name());
            !other.is_empty()
                && (other == key || one_edit_apart(&other, &key) || one_word_dropped(&other, &key))
        })
        .collect()
}

/// Two name keys one letter apart (a typo), for keys of six letters or more.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    edit_distance(a, b) <= 1
}

/// Two name keys the same but for one word the shorter drops, when the shorter keeps at least
/// two words (`central african armed forces` and `central african forces`).
pub fn one_word_dropped(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.len() >= 2 && long.len() == short.len() + 1 && short.iter().all(|w| long.contains(w))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 || a.len() < 6 {
        return if a == b { 0 } else { 2 };
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_c_registers_names_differing_by_case_accents_punctuation_or_order_are_one_key() {
        assert_eq!(
            name_key("UNICEF Country Office"),
            name_key("Unicef country office")
        );
        assert_eq!(
            name_key("Ministère de l'Intérieur"),
            name_key("ministere de l interieur")
        );
        assert_eq!(
            name_key("Country Office, UNICEF"),
            name_key("UNICEF Country Office")
        );
        assert_ne!(name_key("UNICEF"), name_key("UNICEF Country Office"));
        assert_ne!(
            name_key("UNHCR Field Office"),
            name_key("UNICEF Field Office")
        );
    }

    #[test]
    fn g_c_registers_a_name_that_drops_one_word_is_near_a_longer_one_of_two_words_or_more() {
        let k = |n: &str| name_key(n);
        assert!(one_word_dropped(
            &k("Central African Armed Forces"),
            &k("Central African Forces")
        ));
        assert!(one_word_dropped(
            &k("UNICEF Office"),
            &k("UNICEF Country Office")
        ));
        assert!(!one_word_dropped(&k("UNICEF"), &k("UNICEF Country Office")));
        assert!(!one_word_dropped(&k("UNICEF"), &k("UNICEF Office")));
        assert!(!one_word_dropped(
            &k("UNHCR Field Office"),
            &k("UNICEF Field Office")
        ));
        assert!(!one_word_dropped(&k("UNICEF Office"), &k("UNICEF Office")));
    }
}
