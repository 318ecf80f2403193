//! Synthetic counties for the city and province benchmark scales: each a
//! 25 × 20 rectangle of whole grid squares (written directly, no boolean
//! operations), with Muping's town sizes and invented place names. The
//! counties sit side by side, so together they tile one big rectangle.

use super::codes::Codes;
use super::land::{lay_out, rectangle, Land, Piece, Town, Village};
use super::rng::Rng;
use geo::MultiPolygon;

const COLS: u32 = 25;
const ROWS: u32 = 20;
const STEP_LON: f64 = 0.0211;
const STEP_LAT: f64 = 0.0168;
/// Villages per town, as in Muping.
const TOWN_SIZES: [usize; 13] = [40, 26, 39, 45, 47, 80, 52, 23, 56, 56, 53, 36, 31];

const FIRST: &[&str] = &[
    "东", "西", "南", "北", "大", "小", "石", "山", "河", "泉", "柳", "杨", "龙", "凤", "马", "牛", "白", "黄", "青",
    "高", "新", "古", "金", "桃", "梨", "松", "槐", "沙", "潮", "海",
];
const SECOND: &[&str] = &[
    "庄", "岭", "口", "泊", "埠", "集", "店", "沟", "屯", "河", "山", "桥", "湾", "崖", "夼", "疃", "格庄", "家庄",
];

/// One synthetic county: its code and parent (the city's code).
pub struct Plan {
    pub code: String,
    pub parent_code: String,
    /// The county's place in the big rectangle (column, row).
    pub at: (u32, u32),
}

/// The counties of a city (12) or a province (14 cities of 10), placed on a grid.
pub fn plans(counties_per_city: usize, cities: usize) -> Vec<Plan> {
    let per_row = if cities == 1 { 4 } else { 14 };
    let mut out = Vec::with_capacity(counties_per_city * cities);
    for c in 0..cities {
        let city = if cities == 1 {
            "3790".to_string()
        } else {
            format!("37{}", 71 + c)
        };
        for k in 0..counties_per_city {
            let n = out.len() as u32;
            out.push(Plan {
                code: format!("{city}{:02}", k + 1),
                parent_code: city.clone(),
                at: (n % per_row, n / per_row),
            });
        }
    }
    out
}

/// (min_lon, min_lat) of the big rectangle.
pub fn origin(province: bool) -> (f64, f64) {
    if province {
        (115.0, 34.4)
    } else {
        (119.8, 36.4)
    }
}

/// [x0, y0, x1, y1] of everything the plans cover.
pub fn extent(plans: &[Plan], province: bool) -> [f64; 4] {
    let (x, y) = origin(province);
    let cols = plans.iter().map(|p| p.at.0 + 1).max().unwrap_or(0);
    let rows = plans.iter().map(|p| p.at.1 + 1).max().unwrap_or(0);
    [
        x,
        y,
        x + f64::from(cols * COLS) * STEP_LON,
        y + f64::from(rows * ROWS) * STEP_LAT,
    ]
}

fn place_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(FIRST), rng.pick(SECOND))
}

pub fn county(plan: &Plan, province: bool, rng: &mut Rng, codes: &mut Codes) -> Land {
    let (ox, oy) = origin(province);
    let mut towns = Vec::with_capacity(TOWN_SIZES.len());
    let mut villages = Vec::new();
    for (t, size) in TOWN_SIZES.iter().enumerate() {
        let code = format!("{}{:03}", plan.code, t + 1);
        let suffix = if t < 3 { "街道" } else { "镇" };
        let mut town = Town {
            code: code.clone(),
            name: format!("{}{}", place_name(rng), suffix),
            villages: vec![],
        };
        for v in 0..*size {
            town.villages.push(villages.len());
            let kind = if t < 3 && v % 3 == 0 {
                "社区居委会"
            } else {
                "村委会"
            };
            villages.push(Village {
                code: format!("{code}{:03}", v + 1),
                name: format!("{}{}", place_name(rng), kind),
                town: t,
            });
        }
        towns.push(town);
    }
    // Global grid lines, so that neighbouring counties share edges exactly.
    let mut pieces = Vec::with_capacity((COLS * ROWS) as usize);
    for j in 0..ROWS {
        for i in 0..COLS {
            let gi = plan.at.0 * COLS + i;
            let gj = plan.at.1 * ROWS + j;
            let x0 = ox + f64::from(gi) * STEP_LON;
            let y0 = oy + f64::from(gj) * STEP_LAT;
            let x1 = ox + f64::from(gi + 1) * STEP_LON;
            let y1 = oy + f64::from(gj + 1) * STEP_LAT;
            pieces.push(Piece {
                i,
                j,
                square: [x0, y0, x1, y1],
                full: true,
                shape: MultiPolygon(vec![rectangle(x0, y0, x1, y1)]),
            });
        }
    }
    let near = Some(rng.below(pieces.len()));
    let cells = lay_out(pieces, near, None, &towns, &villages, rng, codes);
    let name = format!("{}{}县", rng.pick(FIRST), rng.pick(FIRST));
    Land {
        code: plan.code.clone(),
        name,
        parent_code: plan.parent_code.clone(),
        towns,
        villages,
        cells,
    }
}
