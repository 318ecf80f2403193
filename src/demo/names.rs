//! Synthetic people and words: names, phones, sectors, suggestion titles
//! and handling units. Nobody here is a real person.

use super::rng::Rng;

/// Common surnames (weighted by repetition toward Shandong's frequent
/// ones), including polyphonic ones (曾 zeng/ceng, 单 shan/dan, 解 xie/jie,
/// 乐 yue/le, 朴 piao/pu) so that pinyin lookup meets every reading.
const SURNAMES: &[&str] = &[
    "王", "王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "刘", "孙", "孙", "于", "于", "姜", "姜",
    "曲", "曲", "牟", "陈", "杨", "赵", "黄", "周", "吴", "徐", "胡", "朱", "高", "高", "林", "何", "郭", "马", "罗",
    "梁", "宋", "郑", "谢", "韩", "唐", "冯", "董", "程", "曹", "袁", "许", "沈", "曾", "彭", "吕", "苏", "卢", "蒋",
    "蔡", "贾", "丁", "魏", "薛", "叶", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "范", "方", "石", "姚", "谭",
    "邹", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "万", "段",
    "钱", "汤", "尹", "常", "武", "乔", "贺", "龚", "单", "解", "乐", "初", "鞠", "宫", "战", "隋", "柳", "衣", "迟",
];

const GIVEN: &[&str] = &[
    "国", "建", "军", "伟", "明", "华", "玉", "秀", "英", "兰", "桂", "芳", "丽", "海", "涛", "强", "磊", "洋", "勇",
    "林", "汉", "志", "红", "霞", "春", "梅", "德", "文", "平", "立", "新", "成", "永", "庆", "福", "宝", "云", "峰",
    "东", "俊", "静", "敏", "燕", "娟", "杰", "刚", "辉", "鹏", "晓", "丹", "宁", "超", "波", "亮", "飞", "斌", "旭",
    "爱", "佳", "嘉", "欣", "琳", "婷", "雪", "瑞", "鑫", "浩", "宇", "泽", "晨", "凯", "帅", "源", "青", "山", "荣",
];

/// A two- or three-character Chinese name.
pub fn person(rng: &mut Rng) -> String {
    let mut name = String::from(rng.pick(SURNAMES));
    name.push_str(rng.pick(GIVEN));
    if rng.chance(0.7) {
        name.push_str(rng.pick(GIVEN));
    }
    name
}

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159",
    "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199",
];

/// A valid mainland mobile number.
pub fn mobile(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(MOBILE_PREFIXES), rng.below(100_000_000))
}

/// A Muping landline with its area code (0535).
pub fn landline(rng: &mut Rng) -> String {
    format!("0535-4{:06}", rng.below(1_000_000))
}

/// A phone as rosters hold them: not valid (too short, no area code, a
/// typo) or empty, for `contact-bad-phone`.
pub fn bad_phone(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => String::new(),
        1 => format!("{}", 4_000_000 + rng.below(1_000_000)),
        2 => mobile(rng)[..10].to_string(),
        _ => format!("1{}{:09}", 2, rng.below(1_000_000_000)),
    }
}

/// 行业/界别 of a deputy.
pub const SECTORS: &[&str] = &[
    "农业农村",
    "农业农村",
    "农业农村",
    "工业企业",
    "工业企业",
    "个体工商",
    "教育",
    "医疗卫生",
    "党政机关",
    "村居干部",
    "村居干部",
    "村居干部",
    "科技",
    "法律",
    "文化旅游",
    "交通物流",
    "金融",
    "社会组织",
];

/// A suggestion theme: the words of a title and the unit that handles it
/// (None: the town government of the cell).
pub struct Issue {
    pub title: &'static str,
    pub unit: Option<&'static str>,
}

/// The bureaus the themes name, each once, in the order first named.
pub fn unit_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for unit in ISSUES.iter().filter_map(|i| i.unit) {
        if !names.contains(&unit) {
            names.push(unit);
        }
    }
    names
}

pub const ISSUES: &[Issue] = &[
    Issue {
        title: "路灯维修",
        unit: None,
    },
    Issue {
        title: "村道硬化",
        unit: Some("区交通运输局"),
    },
    Issue {
        title: "饮水安全",
        unit: Some("区水务局"),
    },
    Issue {
        title: "垃圾清运",
        unit: Some("区综合行政执法局"),
    },
    Issue {
        title: "排水沟清淤",
        unit: Some("区水务局"),
    },
    Issue {
        title: "危房改造",
        unit: Some("区住房和城乡建设局"),
    },
    Issue {
        title: "老旧小区改造",
        unit: Some("区住房和城乡建设局"),
    },
    Issue {
        title: "公交线路延伸",
        unit: Some("区交通运输局"),
    },
    Issue {
        title: "农村公厕管护",
        unit: Some("区农业农村局"),
    },
    Issue {
        title: "果园灌溉设施",
        unit: Some("区农业农村局"),
    },
    Issue {
        title: "苹果销售渠道",
        unit: Some("区商务局"),
    },
    Issue {
        title: "卫生室设备更新",
        unit: Some("区卫生健康局"),
    },
    Issue {
        title: "幼儿园学位",
        unit: Some("区教育和体育局"),
    },
    Issue {
        title: "校车接送",
        unit: Some("区教育和体育局"),
    },
    Issue {
        title: "养老服务站建设",
        unit: Some("区民政局"),
    },
    Issue {
        title: "河道护岸修复",
        unit: Some("区水务局"),
    },
    Issue {
        title: "山林防火通道",
        unit: Some("区应急管理局"),
    },
    Issue {
        title: "村内监控安装",
        unit: Some("公安牟平分局"),
    },
    Issue {
        title: "快递进村",
        unit: Some("区商务局"),
    },
    Issue {
        title: "网络信号覆盖",
        unit: Some("区工业和信息化局"),
    },
    Issue {
        title: "文化广场修缮",
        unit: Some("区文化和旅游局"),
    },
    Issue {
        title: "宅基地审批",
        unit: Some("区自然资源局"),
    },
    Issue {
        title: "燃气管道入户",
        unit: Some("区住房和城乡建设局"),
    },
    Issue {
        title: "冬季供暖",
        unit: Some("区住房和城乡建设局"),
    },
    Issue {
        title: "积水点整治",
        unit: None,
    },
    Issue {
        title: "违章建筑拆除",
        unit: None,
    },
    Issue {
        title: "占道经营治理",
        unit: Some("区综合行政执法局"),
    },
    Issue {
        title: "农田水毁修复",
        unit: None,
    },
];

/// The short form of a village name: 杜家村居委会 → 杜家村, 南塂村委会 → 南塂.
pub fn village_short(name: &str) -> &str {
    for suffix in ["社区居民委员会", "村民委员会", "居民委员会", "村委会", "居委会", "社区"] {
        if let Some(s) = name.strip_suffix(suffix) {
            if !s.is_empty() {
                return s;
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::is_valid_phone;

    #[test]
    fn mobiles_and_landlines_are_valid_and_bad_phones_are_not() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            assert!(is_valid_phone(&mobile(&mut rng)));
            assert!(is_valid_phone(&landline(&mut rng)));
            assert!(!is_valid_phone(&bad_phone(&mut rng)));
        }
    }

    #[test]
    fn names_are_two_or_three_characters() {
        let mut rng = Rng::new(4);
        for _ in 0..100 {
            let n = person(&mut rng).chars().count();
            assert!((2..=3).contains(&n));
        }
    }

    #[test]
    fn village_suffixes_are_dropped() {
        assert_eq!(village_short("杜家村居委会"), "杜家村");
        assert_eq!(village_short("南塂村委会"), "南塂");
        assert_eq!(village_short("委会"), "委会");
    }
}
