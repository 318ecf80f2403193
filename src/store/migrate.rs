//! The steps of a migration that SQL alone cannot take.

use super::Result;
use crate::model::is_valid_code;
use rusqlite::{params, Transaction};
use std::collections::HashSet;

/// Schema 4: every distinct handling-unit text becomes a unit (kind
/// `other`, named by the text), and the suggestions name it by its code:
/// the text itself when it is a valid code, else the text with whitespace
/// removed when that is a valid code not taken, else a generated `U0001`,
/// `U0002`, … not already taken. The texts are taken in
/// sorted order, so the same file always migrates to the same codes.
pub(super) fn units_from_text(tx: &Transaction) -> Result<()> {
    let texts: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT handling_unit FROM suggestions WHERE handling_unit <> '' ORDER BY handling_unit",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Texts that are codes already keep them; then the others, squeezed,
    // where that gives a code not yet taken.
    let mut taken: HashSet<String> = texts.iter().filter(|t| is_valid_code(t)).cloned().collect();
    let mut plans: Vec<(String, Option<String>)> = Vec::new();
    for text in &texts {
        if is_valid_code(text) {
            plans.push((text.clone(), Some(text.clone())));
            continue;
        }
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if is_valid_code(&squeezed) && taken.insert(squeezed.clone()) {
            plans.push((text.clone(), Some(squeezed)));
        } else {
            plans.push((text.clone(), None));
        }
    }
    let mut next = 0;
    let mut insert = tx.prepare("INSERT INTO units(code, name, kind) VALUES (?1, ?2, 'other')")?;
    let mut rename = tx.prepare("UPDATE suggestions SET handling_unit = ?1 WHERE handling_unit = ?2")?;
    for (text, code) in plans {
        let code = match code {
            Some(code) => code,
            None => loop {
                next += 1;
                let generated = format!("U{next:04}");
                if taken.insert(generated.clone()) {
                    break generated;
                }
            },
        };
        // The name is the text as stored: it passed the import's checks.
        insert.execute(params![code, text])?;
        if code != text {
            rename.execute(params![code, text])?;
        }
    }
    Ok(())
}
