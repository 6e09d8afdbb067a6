//! Pseudonymous interview codes: two groups of three capitals and digits, without the
//! characters read or written alike (0/O, 1/I/L, 2/Z, 5/S, 8/B), so a code copied by
//! hand in a noisy corridor is copied right. A code never carries a name
//! (`vigil_core::validate::is_pseudonym` refuses lower case and spaces).

use rand::Rng;

/// The characters a code is made of.
pub const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// A fresh code such as `K7Q-4XM`; about 244 million of them.
pub fn new_pseudonym(rng: &mut impl Rng) -> String {
    let mut group = || -> String { (0..3).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect() };
    format!("{}-{}", group(), group())
}

/// A code no interview in `taken` uses yet.
pub fn unused_pseudonym<'a>(rng: &mut impl Rng, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    loop {
        let code = new_pseudonym(rng);
        if !taken.clone().any(|t| t == code) {
            return code;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::validate::is_pseudonym;

    #[test]
    fn codes_are_pseudonyms_without_look_alikes_and_differ() {
        let mut rng = rand::rng();
        let codes: Vec<String> = (0..200).map(|_| new_pseudonym(&mut rng)).collect();
        for code in &codes {
            assert!(is_pseudonym(code), "{code}");
            assert_eq!(code.len(), 7, "{code}");
            assert_eq!(code.as_bytes()[3], b'-', "{code}");
            assert!(!code.chars().any(|c| "0O1IL2Z5S8B".contains(c)), "{code}");
        }
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert!(distinct.len() > 190, "codes repeat: {} distinct of 200", distinct.len());
        assert_ne!(new_pseudonym(&mut rng), new_pseudonym(&mut rng));
    }

    #[test]
    fn a_code_already_used_on_the_visit_is_not_given_again() {
        use rand::SeedableRng;
        let first = new_pseudonym(&mut rand::rngs::StdRng::seed_from_u64(7));
        let again = unused_pseudonym(&mut rand::rngs::StdRng::seed_from_u64(7), [first.as_str()].into_iter());
        assert_ne!(again, first);
        assert!(is_pseudonym(&again));
    }
}
