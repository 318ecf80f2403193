//! Keys in: a key becomes an action through the keymap of the context
//! shown, or text typed into the field that has the focus.

use super::*;

impl App {
    /// One key from the terminal. Only presses count.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        self.queue_key(ev);
        self.flush_typing();
    }

    /// One key of several read at once (the terminal drains the tty, then
    /// calls [`App::flush_typing`]): characters typed into a text field
    /// are gathered and go in as one edit, so a burst of thousands of keys
    /// narrows a filter or searches once, not once a key.
    pub fn queue_key(&mut self, ev: KeyEvent) {
        if ev.kind != KeyEventKind::Press {
            return;
        }
        self.wants.redraw = true;
        let key = Key::from_event(&ev);
        let [interrupt, suspend] = super::super::keymap::FIXED_KEYS;
        if key == interrupt {
            self.flush_typing();
            return self.interrupt();
        }
        if key == suspend {
            self.flush_typing();
            self.wants.suspend = true;
            return;
        }
        let ctx = self.context();
        let action = match ctx {
            Context::Detail => self
                .keymap
                .lookup(Context::Detail, key)
                .or_else(|| self.keymap.lookup(self.view.context(), key))
                .or_else(|| self.keymap.lookup(Context::Global, key)),
            Context::Filter | Context::Picker | Context::Form | Context::Confirm | Context::Help => {
                self.keymap.lookup(ctx, key)
            }
            _ => self
                .keymap
                .lookup(ctx, key)
                .or_else(|| self.keymap.lookup(Context::Global, key)),
        };
        if action.is_none() && matches!(ctx, Context::Filter | Context::Picker | Context::Form) {
            if let Some(Edit::Insert(c)) = text_edit(key) {
                self.typing.typed.push(c);
                return;
            }
        }
        self.flush_typing();
        // What the last key said is gone once the operator acts again (it
        // would sit under the next form as if about it).
        if action.is_some() {
            self.message = None;
        }
        match action {
            Some(a) => self.dispatch(a),
            None => self.text_input(ctx, key),
        }
        self.fill_window(self.view);
    }

    /// Ctrl-C: quit, but first ask when a form holds what was typed (a
    /// second Ctrl-C, at the question, quits).
    pub(super) fn interrupt(&mut self) {
        let typed_into_form = self
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::Form { form, .. } if form.touched()));
        let asking = matches!(
            self.overlays.last(),
            Some(Overlay::Confirm {
                change: Change::Quit,
                ..
            })
        );
        if typed_into_form && !asking {
            let text = self.tr(
                "表单尚未保存：放弃并退出？y/n",
                "The form is not saved: discard it and quit? y/n",
            );
            return self.push_confirm(text, Change::Quit, Seen::default());
        }
        self.wants.quit = true;
    }

    /// The characters gathered by [`App::queue_key`] go into the field.
    pub fn flush_typing(&mut self) {
        if self.typing.typed.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.typing.typed);
        let ctx = self.context();
        self.edit_text(ctx, Edit::Paste(text));
        self.fill_window(self.view);
    }

    /// Keys bound to nothing: text for filters, pickers and forms. Typed
    /// characters (pasted Chinese too: they arrive as keys) go in at the
    /// cursor; Left/Right/Home/End move it; Backspace/Delete edit at it.
    pub(super) fn text_input(&mut self, ctx: Context, key: Key) {
        let Some(e) = text_edit(key) else { return };
        self.edit_text(ctx, e);
    }

    /// A paste (the terminal's bracketed paste): one edit of whatever is
    /// being typed into — the lookup, a filter, a picker, a form field.
    /// Elsewhere it is dropped rather than read as a stream of view keys.
    pub fn paste(&mut self, text: &str) {
        self.flush_typing();
        self.wants.redraw = true;
        match self.context() {
            ctx @ (Context::Filter | Context::Picker | Context::Form) => {
                self.edit_text(ctx, Edit::Paste(text.to_string()));
                self.fill_window(self.view);
            }
            _ => self.say(self.tr(
                "粘贴只用于输入框（查找、筛选、表单）",
                "Paste goes into a text field (lookup, filter, form)",
            )),
        }
    }

    pub(super) fn edit_text(&mut self, ctx: Context, e: Edit) {
        match ctx {
            Context::Filter => {
                let mut cursor = self.typing.filter_cursor;
                let replace = std::mem::take(&mut self.typing.filter_selected);
                let Some(t) = self.table_mut() else { return };
                let mut text = t.filter.clone();
                if replace && matches!(e, Edit::Insert(_) | Edit::Paste(_) | Edit::Backspace | Edit::Delete) {
                    text.clear();
                    cursor = 0;
                    if matches!(e, Edit::Backspace | Edit::Delete) {
                        t.set_filter("");
                        self.typing.filter_cursor = 0;
                        return;
                    }
                }
                if input::edit(&mut text, &mut cursor, e) {
                    t.set_filter(&text);
                    t.top();
                }
                self.typing.filter_cursor = cursor;
            }
            Context::Picker => {
                let Some(Overlay::Picker {
                    picker, source, seen, ..
                }) = self.overlays.last_mut()
                else {
                    return;
                };
                if !picker.edit(e) {
                    return;
                }
                // (The search reads a query's first 200 characters itself.)
                let narrowed = if *source == PickSource::Lookup {
                    lookup_items(&self.store, &self.snap, self.lang, picker.query()).map(|(items, matches)| {
                        picker.set_narrowed(items, matches, matches);
                    })
                } else {
                    pick_lists::narrow(&self.store, &self.snap, self.lang, source, picker.query()).map(|n| {
                        if let Some(n) = n {
                            picker.set_narrowed(n.items, n.matches, n.total);
                            note_shown(&self.store, source, picker, seen);
                        }
                    })
                };
                if let Err(e) = narrowed {
                    self.store_error(e);
                }
            }
            Context::Form => {
                let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
                    return;
                };
                if !form.edit(e) {
                    return;
                }
                form.error = None;
                // (Only the field typed in changed: the others keep their matches.)
                let focus = form.focus;
                let mut failed = None;
                if let Some(field) = form.fields.get_mut(focus) {
                    if let FieldKind::Lookup(kind) = field.kind {
                        match lookup_matches(&self.store, &self.snap, kind, &field.value, PICK_SHOWN) {
                            Ok(matches) => field.matches = matches,
                            Err(e) => {
                                field.matches.clear();
                                failed = Some(e);
                            }
                        }
                        field.resolved = match field.matches.as_slice() {
                            [one] => Some(one.clone()),
                            _ => None,
                        };
                    }
                }
                if let Some(e) = failed {
                    self.store_error(e);
                }
            }
            _ => {}
        }
    }
}

/// The edit a key makes in a line of text, if any.
pub(super) fn text_edit(key: Key) -> Option<Edit> {
    Some(match key.code {
        KeyCode::Char('u') if key.ctrl => Edit::Clear,
        KeyCode::Char('a') if key.ctrl => Edit::Home,
        KeyCode::Char('e') if key.ctrl => Edit::End,
        KeyCode::Char(c) if !key.ctrl && !key.alt => Edit::Insert(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        _ => return None,
    })
}
