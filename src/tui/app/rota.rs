//! The rota in a station's detail (SPEC §6, §11): the cursor goes from
//! slot to slot, and one key records the attendance of the slot under it
//! through the reception form (the deputy and the day filled in, the
//! constituents asked, 0 by default).

use super::*;

/// Where an Up/Down/Top/Bottom key puts a station detail's cursor among
/// `slots` slots; None for another key, or when there is no slot (then
/// the detail scrolls as any other).
pub(super) fn moved(cursor: usize, slots: usize, action: Action) -> Option<usize> {
    let last = slots.checked_sub(1)?;
    let cursor = cursor.min(last);
    Some(match action {
        Action::MoveUp => cursor.saturating_sub(1),
        Action::MoveDown => (cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(10),
        Action::PageDown => (cursor + 10).min(last),
        Action::MoveTop => 0,
        Action::MoveBottom => last,
        _ => return None,
    })
}

impl App {
    /// The key (`date/station/deputy`, as `edit rota` takes it) of the
    /// rota slot under the cursor of the station detail on top, if any.
    pub(super) fn current_slot(&self) -> Option<String> {
        let Some(Overlay::Detail(d)) = self.overlays.last() else {
            return None;
        };
        if d.kind != DetailKind::Station {
            return None;
        }
        let slots = views::rota::station_slots(&d.rows, &d.code, self.snap.today);
        let s = slots.get(d.cursor.min(slots.len().checked_sub(1)?))?;
        Some(format!(
            "{}/{}/{}",
            s.slot.date, s.slot.station_code, s.slot.deputy_code
        ))
    }

    /// `rota.attend` (and Enter) in a station's detail: record the
    /// attendance of the slot under the cursor. In the Stations view it
    /// opens the station's rota.
    pub(super) fn attend_slot(&mut self) {
        let Some(Overlay::Detail(d)) = self.overlays.last() else {
            // In the Stations view: the station's rota first.
            if self.view == View::Stations && self.overlays.is_empty() {
                return self.open();
            }
            return self.say(self.tr(
                "请在联络站详情（联络站视图按 Enter）中选择排班",
                "Choose a rota slot in a station's detail (Enter in the Stations view)",
            ));
        };
        if d.kind != DetailKind::Station {
            return self.say(self.tr(
                "排班在联络站详情中登记（联络站视图按 Enter）",
                "Rota slots are recorded in a station's detail (Enter in the Stations view)",
            ));
        }
        let (station, cursor) = (d.code.clone(), d.cursor);
        let slots = views::rota::station_slots(&d.rows, &station, self.snap.today);
        match slots.get(cursor.min(slots.len().saturating_sub(1))) {
            Some(s) => {
                let (deputy, date) = (s.slot.deputy_code.to_string(), s.slot.date);
                self.start_reception_on(station, Some(deputy), Some(date), s.constituents);
            }
            None => self.say(self.tr(
                "本年没有排班；按 Esc 后在联络站视图按 a 登记排班外的接待",
                "No rota slot this year; Esc, then a in the Stations view records a reception",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_among_the_slots() {
        assert_eq!(moved(0, 3, Action::MoveDown), Some(1));
        assert_eq!(moved(2, 3, Action::MoveDown), Some(2));
        assert_eq!(moved(0, 3, Action::MoveUp), Some(0));
        assert_eq!(moved(9, 3, Action::MoveUp), Some(1));
        assert_eq!(moved(0, 30, Action::PageDown), Some(10));
        assert_eq!(moved(0, 3, Action::MoveBottom), Some(2));
        assert_eq!(moved(0, 0, Action::MoveDown), None);
        assert_eq!(moved(0, 3, Action::Back), None);
    }
}
