//! What counts as a valid phone number (SPEC §2).

/// Valid when, with spaces and dashes removed, it is a mainland mobile
/// (`1`, then `3`–`9`, then 9 digits) or a landline with area code (`0`,
/// then 9 to 11 more digits).
pub fn is_valid_phone(phone: &str) -> bool {
    let digits: Vec<u8> = phone.bytes().filter(|b| *b != b' ' && *b != b'-').collect();
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    match digits.first() {
        Some(b'1') => digits.len() == 11 && (b'3'..=b'9').contains(&digits[1]),
        Some(b'0') => (10..=12).contains(&digits.len()),
        _ => false,
    }
}

/// A valid phone's digits (spaces and dashes removed) as one number, the
/// same however it is written: what `contact-duplicate` compares. None for
/// a phone that is not valid. (A leading 1 keeps a landline's leading 0.)
pub fn phone_key(phone: &str) -> Option<u64> {
    if !is_valid_phone(phone) {
        return None;
    }
    // At most 12 digits after the leading 1: well inside a u64.
    phone
        .bytes()
        .filter(u8::is_ascii_digit)
        .try_fold(1u64, |n, b| n.checked_mul(10)?.checked_add(u64::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::{is_valid_phone, phone_key};

    #[test]
    fn a_phones_key_is_the_same_however_it_is_written_and_none_when_invalid() {
        assert_eq!(phone_key("138 1234 5678"), phone_key("13812345678"));
        assert_eq!(phone_key("138-1234-5678"), Some(113_812_345_678));
        assert_eq!(phone_key("0535-4211234"), Some(105_354_211_234));
        assert_eq!(phone_key("12345"), None);
        assert_eq!(phone_key(""), None);
    }

    #[test]
    fn mobiles_and_landlines_with_area_code_are_valid() {
        assert!(is_valid_phone("13812345678"));
        assert!(is_valid_phone("138 1234 5678"));
        assert!(is_valid_phone("0535-4211234"));
        assert!(is_valid_phone("010-12345678"));
        assert!(is_valid_phone("0535123456789"[..12].as_ref()));
    }

    #[test]
    fn short_foreign_or_lettered_numbers_are_invalid() {
        assert!(!is_valid_phone(""));
        assert!(!is_valid_phone("12812345678")); // second digit 2
        assert!(!is_valid_phone("1381234567")); // 10 digits
        assert!(!is_valid_phone("138123456789")); // 12 digits
        assert!(!is_valid_phone("4211234")); // no area code
        assert!(!is_valid_phone("053542112")); // 0 + 8 digits
        assert!(!is_valid_phone("0535421123456")); // 0 + 12 digits
        assert!(!is_valid_phone("138-1234-567x"));
        assert!(!is_valid_phone("+8613812345678"));
        assert!(!is_valid_phone("１３８１２３４５６７８")); // full-width digits
    }
}
