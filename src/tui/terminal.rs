//! The real terminal: raw mode and the alternate screen behind a guard
//! that restores them on every exit path (quit, error, panic, SIGTERM,
//! SIGHUP, a lost tty). Draws only when something changed; otherwise
//! blocks on input for up to a second, then checks the database.

use super::app::App;
use super::views;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{cursor, execute};
use std::io::{stdout, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Restores the terminal when dropped.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        ratatui::restore();
        let _ = execute!(stdout(), cursor::Show);
    }
}

pub fn run(mut app: App) -> anyhow::Result<i32> {
    // Which signal asked us to stop (0: none).
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    // try_init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;
    let mut code = 0;
    loop {
        if app.dirty {
            app.dirty = false;
            let _ = execute!(stdout(), BeginSynchronizedUpdate);
            terminal.draw(|f| views::draw(f, &mut app))?;
            let _ = execute!(stdout(), EndSynchronizedUpdate);
            let _ = stdout().flush();
        }
        if app.quit {
            break;
        }
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            code = 128 + sig as i32;
            break;
        }
        match event::poll(Duration::from_millis(1000)) {
            Ok(true) => match event::read() {
                Ok(Event::Key(k)) => app.handle_key(k),
                Ok(Event::Resize(_, _)) => app.dirty = true,
                Ok(_) => {}
                Err(_) => {
                    code = 1;
                    break;
                }
            },
            Ok(false) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => {
                code = 1;
                break;
            }
        }
        app.tick();
    }
    Ok(code)
}
