//! The operator's language. All user-facing text exists in Chinese and
//! English; `tr(lang, zh, en)` picks one at the place where it is written.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    Zh,
    #[default]
    En,
}

impl Lang {
    /// `--lang` if given, else `zh` when `$LC_ALL`, `$LC_MESSAGES` or
    /// `$LANG` starts with zh (SPEC §5), else `en`. Any of them counts: a
    /// server's `LC_ALL=C.UTF-8` must not hide an operator's `LANG=zh_CN`.
    pub fn detect(flag: Option<&str>) -> Lang {
        if let Some(f) = flag {
            return Lang::parse(f).unwrap_or_default();
        }
        let zh = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .any(|var| std::env::var(var).map(|v| v.starts_with("zh")).unwrap_or(false));
        if zh {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh_cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
}

/// Pick the text for the language.
pub fn tr<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// An audit log's action (`contacts.reassign`) as the operator reads it.
pub fn action_words(action: &str, lang: Lang) -> &str {
    let (zh, en) = match action {
        "import" => ("导入", "import"),
        "contacts.reassign" => ("改派联络员", "reassign contacts"),
        "contacts.move" => ("调整联络员网格", "move a contact"),
        "assignments.change" => ("调整代表分工", "change assignments"),
        "suggestions.add" => ("登记意见建议", "add a suggestion"),
        "suggestions.move" => ("推进建议状态", "move a suggestion"),
        "suggestions.extend" => ("建议办理延期", "extend a suggestion"),
        "receptions.add" => ("登记接待", "record a reception"),
        "config.set" => ("修改设置", "change a setting"),
        "undo" => ("撤销", "undo"),
        other => (other, other),
    };
    tr(lang, zh, en)
}
