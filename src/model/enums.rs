//! The closed vocabularies of SPEC §2: each value has a stable English code
//! and a Chinese label, and is read from either (Chinese synonyms too).

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $variant:ident = $code:literal, $zh:literal $(| $alias:literal)* ; )+
        }
    ) => {
        $(#[$meta])*
        // Serialized by its code, as files and the database write it (a
        // reply's result is `A`, not a snake-cased `a`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable English code, as in files, JSON and the database.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            /// The Chinese label shown to operators.
            pub fn zh(self) -> &'static str {
                match self { $( $name::$variant => $zh, )+ }
            }

            /// The label in the operator's language.
            pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
                match lang {
                    crate::i18n::Lang::Zh => self.zh(),
                    crate::i18n::Lang::En => self.code(),
                }
            }

            /// Reads the English code (any case) or a Chinese word.
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($code) || t == $zh $(|| t == $alias)* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// The accepted English codes, for error messages.
            pub fn codes() -> String {
                [$( $code ),+].join("/")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// Level of a division.
    AreaLevel {
        County = "county", "县" | "区" | "县级市";
        Town = "town", "镇" | "乡" | "街道" | "镇街";
        Village = "village", "村" | "社区" | "村居";
    }
}

vocabulary! {
    /// The five levels of people's congress deputies.
    DeputyLevel {
        National = "national", "全国";
        Provincial = "provincial", "省";
        City = "city", "市";
        County = "county", "县" | "区";
        Township = "township", "乡镇" | "乡" | "镇";
    }
}

vocabulary! {
    /// Who a liaison contact is in the village.
    ContactRole {
        Secretary = "secretary", "书记";
        Committee = "committee", "两委成员";
        Cadre = "cadre", "社区干部";
        GridWorker = "grid_worker", "网格员";
        Other = "other", "其他";
    }
}

vocabulary! {
    StationKind {
        General = "general", "总站";
        Specialty = "specialty", "特色站";
        Town = "town", "镇街站";
        Point = "point", "联络点";
        Room = "room", "联络室";
        Online = "online", "网上";
    }
}

vocabulary! {
    /// Where a suggestion was collected.
    SuggestionSource {
        Reception = "reception", "接待日";
        Liaison = "liaison", "联络员";
        Online = "online", "网上";
        Visit = "visit", "走访";
        Session = "session", "人代会";
    }
}

vocabulary! {
    /// The tier of a suggestion.
    Category {
        Key = "key", "重点";
        Difficult = "difficult", "难点";
        General = "general", "一般";
    }
}

vocabulary! {
    /// The status of a suggestion in its closed loop (SPEC §4).
    Status {
        Received = "received", "已收集" | "收集";
        Assigned = "assigned", "已交办" | "交办";
        Handling = "handling", "办理中";
        Replied = "replied", "已答复" | "答复";
        Closed = "closed", "已办结" | "办结";
        Reopened = "reopened", "重新办理";
    }
}

vocabulary! {
    Satisfaction {
        Satisfied = "satisfied", "满意";
        Basic = "basic", "基本满意";
        Unsatisfied = "unsatisfied", "不满意";
    }
}

vocabulary! {
    /// What kind of body a handling unit (承办单位) is.
    UnitKind {
        Bureau = "bureau", "部门";
        Town = "town", "镇街";
        Enterprise = "enterprise", "企业";
        Other = "other", "其他";
    }
}

vocabulary! {
    /// A deputy's part in a reception slot of the rota (SPEC §11).
    RotaRole {
        Lead = "lead", "主接待";
        Member = "member", "参加";
    }
}

vocabulary! {
    /// The duties a deputy performs besides receptions (履职活动, SPEC §11).
    ActivityKind {
        Training = "training", "培训";
        Inspection = "inspection", "视察";
        Survey = "survey", "调研";
        Meeting = "meeting", "座谈" | "会议";
        Visit = "visit", "走访";
    }
}

vocabulary! {
    /// The class of a handling unit's answer (办理结果, SPEC §10).
    ReplyResult {
        A = "A", "已解决";
        B = "B", "正在解决";
        C = "C", "暂不能解决";
        D = "D", "留作参考";
    }
}

vocabulary! {
    /// Severity of a coverage gap.
    Severity {
        High = "high", "高";
        Medium = "medium", "中";
        Low = "low", "低";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_english_codes_in_any_case_and_chinese_words() {
        assert_eq!(DeputyLevel::parse("County"), Some(DeputyLevel::County));
        assert_eq!(DeputyLevel::parse("区"), Some(DeputyLevel::County));
        assert_eq!(DeputyLevel::parse("乡镇"), Some(DeputyLevel::Township));
        assert_eq!(AreaLevel::parse("街道"), Some(AreaLevel::Town));
        assert_eq!(ContactRole::parse("网格员"), Some(ContactRole::GridWorker));
        assert_eq!(Status::parse("重新办理"), Some(Status::Reopened));
        assert_eq!(Satisfaction::parse("基本满意"), Some(Satisfaction::Basic));
        assert_eq!(StationKind::parse("bogus"), None);
    }

    #[test]
    fn serde_writes_and_reads_the_code() {
        assert_eq!(serde_json::to_string(&ReplyResult::A).ok().as_deref(), Some("\"A\""));
        assert_eq!(
            serde_json::to_string(&ContactRole::GridWorker).ok().as_deref(),
            Some("\"grid_worker\"")
        );
        assert_eq!(serde_json::from_str::<ReplyResult>("\"B\"").ok(), Some(ReplyResult::B));
    }

    #[test]
    fn every_code_reads_back_as_itself() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(*s));
            assert_eq!(Status::parse(s.zh()), Some(*s));
        }
    }
}
