//! The real terminal: raw mode and the alternate screen behind a guard
//! that restores them on every exit path (quit, error, panic, SIGTERM,
//! SIGHUP, a lost tty). Draws only when something changed; otherwise
//! sleeps in `poll(2)` on the tty and a signal pipe for up to a second,
//! then checks the database.
//!
//! Why our own `poll` rather than only crossterm's: crossterm's reader
//! loops for ever when the tty reads EOF or EIO (a dropped SSH link), and
//! a signal caught on another thread would not wake it. Here the tty's
//! POLLHUP/POLLERR ends the program at once, and SIGTERM/SIGHUP/SIGWINCH
//! write to a pipe that wakes the loop immediately; crossterm is asked
//! for events only when there is something to read.
//!
//! crossterm is built with `use-dev-tty` (Cargo.toml): its default reader
//! waits on the tty edge-triggered and reads 1 KiB per wake-up, so a
//! burst of more than 1 KiB left bytes that never woke it again while
//! our level-triggered `poll` said "ready" for ever — a core pinned and
//! the keys after it (`q` too) stuck behind. Its `use-dev-tty` reader
//! polls level-triggered and reads on until the tty is empty. Pastes
//! come bracketed, as one event that goes into the field typed into.

use super::app::App;
use super::views;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{cursor, execute};
use std::fs::File;
use std::io::{stdout, IsTerminal, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Restores the terminal when dropped.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
        let _ = execute!(stdout(), cursor::Show);
    }
}

mod sys {
    //! `poll(2)` from the C library the program already links (std offers
    //! no poll; the crate has no libc dependency).
    use std::os::fd::RawFd;

    pub const POLLIN: i16 = 0x001;
    pub const POLLERR: i16 = 0x008;
    pub const POLLHUP: i16 = 0x010;
    pub const POLLNVAL: i16 = 0x020;

    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct PollFd {
        pub fd: RawFd,
        pub events: i16,
        pub revents: i16,
    }

    extern "C" {
        fn poll(fds: *mut PollFd, nfds: std::ffi::c_ulong, timeout: std::ffi::c_int) -> std::ffi::c_int;
    }

    /// Wait until one of `fds` is ready or `timeout_ms` passed; the number
    /// ready, or the OS error (EINTR included).
    pub fn wait(fds: &mut [PollFd], timeout_ms: i32) -> std::io::Result<usize> {
        // SAFETY: `fds` is a valid, exclusively borrowed array of `pollfd`
        // (same layout as C's struct) of the length passed.
        let n = unsafe { poll(fds.as_mut_ptr(), fds.len() as std::ffi::c_ulong, timeout_ms) };
        if n < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }
}

/// What the loop waits on: the tty crossterm reads (stdin when it is a
/// terminal, else /dev/tty, as crossterm chooses) and the signal pipe.
struct Waker {
    _tty: Option<File>,
    tty_fd: RawFd,
    pipe: UnixStream,
}

/// Why waiting ended.
enum Wake {
    /// Input, a resize or a signal: ask crossterm and check the flags.
    Ready,
    Timeout,
    /// The tty hung up or failed: quit.
    Lost,
}

impl Waker {
    fn new(signals: &[i32]) -> std::io::Result<Waker> {
        let (tty, tty_fd) = if std::io::stdin().is_terminal() {
            (None, std::io::stdin().as_raw_fd())
        } else {
            let f = File::open("/dev/tty")?;
            let fd = f.as_raw_fd();
            (Some(f), fd)
        };
        let (pipe, writer) = UnixStream::pair()?;
        pipe.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        for &sig in signals {
            signal_hook::low_level::pipe::register(sig, writer.try_clone()?)?;
        }
        Ok(Waker {
            _tty: tty,
            tty_fd,
            pipe,
        })
    }

    fn wait(&mut self, timeout: Duration) -> Wake {
        let mut fds = [
            sys::PollFd {
                fd: self.tty_fd,
                events: sys::POLLIN,
                revents: 0,
            },
            sys::PollFd {
                fd: self.pipe.as_raw_fd(),
                events: sys::POLLIN,
                revents: 0,
            },
        ];
        match sys::wait(&mut fds, timeout.as_millis().min(i32::MAX as u128) as i32) {
            Ok(0) => Wake::Timeout,
            Ok(_) => {
                if fds[0].revents & (sys::POLLHUP | sys::POLLERR | sys::POLLNVAL) != 0 {
                    return Wake::Lost;
                }
                if fds[1].revents & sys::POLLIN != 0 {
                    // Drain the pipe: the flags say which signal came.
                    let mut buf = [0u8; 64];
                    while matches!(self.pipe.read(&mut buf), Ok(n) if n > 0) {}
                }
                Wake::Ready
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Wake::Ready,
            Err(_) => Wake::Lost,
        }
    }
}

/// Ctrl-Z: give the terminal back to the shell as it was, stop until the
/// shell continues us (`fg`), then take the screen again and redraw.
fn suspend(terminal: &mut ratatui::DefaultTerminal) -> anyhow::Result<()> {
    use ratatui::crossterm::terminal::{enable_raw_mode, EnterAlternateScreen};
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(stdout(), cursor::Show);
    // SIGTSTP to the whole process group, as the terminal's own ^Z would
    // (a wrapping shell stops too, so the login shell sees the job stop);
    // its default action stops us here, and SIGCONT (`fg`) resumes.
    // SAFETY: kill(2) with pid 0 and a valid signal number has no memory effects.
    if unsafe { libc::kill(0, libc::SIGTSTP) } != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    terminal.clear()?;
    Ok(())
}

pub fn run(mut app: App) -> anyhow::Result<i32> {
    use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};
    // Which signal asked us to stop (0: none).
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [SIGTERM, SIGHUP] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    let mut waker = Waker::new(&[SIGTERM, SIGHUP, SIGWINCH])?;
    // try_init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;
    let _ = execute!(stdout(), EnableBracketedPaste);
    loop {
        if app.wants.redraw {
            app.wants.redraw = false;
            let _ = execute!(stdout(), BeginSynchronizedUpdate);
            // Whatever the frame needs is made ready first: drawing reads only.
            let size = terminal.size()?;
            app.prepare(ratatui::layout::Rect::new(0, 0, size.width, size.height));
            terminal.draw(|f| views::draw(f, &app))?;
            let _ = execute!(stdout(), EndSynchronizedUpdate);
            let _ = stdout().flush();
        }
        if app.wants.quit {
            return Ok(0);
        }
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(128 + sig as i32);
        }
        // While the data is read in the background, look for it often.
        let wait = if app.working() { 30 } else { 1000 };
        match waker.wait(Duration::from_millis(wait)) {
            Wake::Lost => return Ok(1),
            Wake::Timeout => {}
            Wake::Ready => {
                // Everything the tty has, then one frame. (The `use-dev-tty`
                // reader never looks at the tty for a zero timeout.)
                loop {
                    match event::poll(Duration::from_millis(1)) {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => break,
                        Err(_) => return Ok(1),
                    }
                    match event::read() {
                        Ok(Event::Key(k)) => app.queue_key(k),
                        Ok(Event::Paste(text)) => app.paste(&text),
                        Ok(Event::Resize(_, _)) => app.wants.redraw = true,
                        Ok(_) => {}
                        Err(_) => return Ok(1),
                    }
                    if app.wants.quit || signal.load(Ordering::Relaxed) != 0 {
                        break;
                    }
                }
                app.flush_typing();
                if app.wants.suspend {
                    app.wants.suspend = false;
                    suspend(&mut terminal)?;
                    app.wants.redraw = true;
                }
            }
        }
        app.tick();
    }
}
