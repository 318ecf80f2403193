//! Hostile input to every small parser: dates, booleans, phones, enum
//! words, keymap TOML (whole files and user patches), GeoJSON geometry.
//! Nothing panics, and what is accepted is what SPEC says.

use lianluo::model::*;
use proptest::prelude::*;
use std::path::Path;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn dates_never_panic_and_accepted_ones_print_back(text in "\\PC{0,40}") {
        if let Some(d) = parse_date(&text) {
            // Whatever was accepted is a real calendar date that reads back.
            prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Some(d));
        }
    }

    #[test]
    fn dates_in_every_spelling_agree(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=28) {
        let iso = format!("{y:04}-{m:02}-{d:02}");
        let expected = chrono::NaiveDate::from_ymd_opt(y, m, d);
        prop_assert_eq!(parse_date(&iso), expected);
        prop_assert_eq!(parse_date(&format!("{y}/{m}/{d}")), expected);
        prop_assert_eq!(parse_date(&format!("{y}年{m}月{d}日")), expected);
    }

    #[test]
    fn phones_never_panic_and_valid_ones_are_digits_of_the_right_length(text in "\\PC{0,30}") {
        if is_valid_phone(&text) {
            let digits: String = text.chars().filter(|c| *c != ' ' && *c != '-').collect();
            prop_assert!(digits.chars().all(|c| c.is_ascii_digit()));
            prop_assert!((10..=12).contains(&digits.len()));
        }
    }

    #[test]
    fn mobiles_of_the_right_shape_are_valid(second in 3u8..=9, rest in "[0-9]{9}") {
        let phone = format!("1{second}{rest}");
        prop_assert!(is_valid_phone(&phone));
        let masked = mask_phone(&phone);
        prop_assert!(masked.contains("****"));
        prop_assert_eq!(masked.chars().count(), 11);
    }

    #[test]
    fn sanitized_text_has_no_control_characters(text in "\\PC{0,20}[\\x00-\\x1f\\x7f\\u{9b}]{0,5}\\PC{0,20}") {
        let clean = sanitize(&text);
        prop_assert!(!clean.chars().any(|c| c.is_control()));
    }

    #[test]
    fn booleans_and_enum_words_never_panic(text in "\\PC{0,16}") {
        let _ = parse_bool(&text);
        let _ = Status::parse(&text);
        let _ = DeputyLevel::parse(&text);
        let _ = ContactRole::parse(&text);
        let _ = StationKind::parse(&text);
        let _ = lianluo::store::Kind::parse(&text);
    }

    #[test]
    fn keymap_files_of_any_text_are_parsed_or_refused_with_a_line(text in "\\PC{0,200}") {
        match lianluo::tui::keymap::parse(Path::new("user.toml"), &text) {
            Ok(_) => {}
            Err(e) => {
                let shown = e.to_string();
                prop_assert!(shown.contains("user.toml"), "{}", shown);
            }
        }
    }

    #[test]
    fn keymap_entries_with_random_keys_and_actions_never_panic(
        section in "(global|cells|contacts|picker|map|[a-z]{1,8})",
        keys in "\\PC{0,12}",
        action in "([a-z]{1,10}\\.[a-z]{1,10}|none|quit|contacts\\.reassign)",
    ) {
        let text = format!("[{section}]\nbind = [{{ keys = {keys:?}, action = {action:?} }}]\n");
        let _ = lianluo::tui::keymap::parse(Path::new("user.toml"), &text);
    }

    #[test]
    fn geometry_of_any_json_never_panics(text in "\\PC{0,120}") {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
            let _ = lianluo::spatial::parse_geometry(&value);
        }
    }

    #[test]
    fn polygons_with_random_coordinates_are_accepted_only_in_range(
        pts in proptest::collection::vec((-400.0f64..400.0, -200.0f64..200.0), 0..8)
    ) {
        let mut ring: Vec<[f64; 2]> = pts.iter().map(|(x, y)| [*x, *y]).collect();
        if let Some(first) = ring.first().copied() {
            ring.push(first);
        }
        let geom = serde_json::json!({"type": "Polygon", "coordinates": [ring]});
        if parse_geometry_ok(&geom) {
            prop_assert!(ring.len() >= 4);
            prop_assert!(ring.iter().all(|p| (-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1])));
        }
    }
}

fn parse_geometry_ok(v: &serde_json::Value) -> bool {
    lianluo::spatial::parse_geometry(v).is_ok()
}
