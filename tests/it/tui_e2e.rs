//! The real binary in a real terminal (tmux): log in, open the urgent queue, open help,
//! quit; the terminal is given back as it was — the alternate screen left, the shell prompt
//! back, and the tty settings (raw mode) identical to before.

use crate::tui_common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tui_common::{NOW, demo_copy};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux is installed (CI installs it)")
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn type_text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "e2e", "-l", text])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    fn alternate_screen(&self) -> bool {
        let out = self.run(&["display-message", "-p", "-t", "e2e", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Waits until the screen shows `text` (up to 15 s), and returns it.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {text:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {what}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display())
}

#[test]
fn log_in_open_the_urgent_queue_open_help_quit_and_the_terminal_is_restored() {
    let fixture = demo_copy();
    let dir = fixture.dir.path();
    let tmux = Tmux {
        socket: format!("registrar-e2e-{}", std::process::id()),
    };
    let shell = format!(
        "env -i PATH=/usr/bin:/bin HOME={} TERM=xterm-256color PS1='e2e$ ' sh -i",
        quote(dir)
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        &shell,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    tmux.wait_for("e2e$");
    let before = dir.join("stty.before");
    let after = dir.join("stty.after");
    let command = format!(
        "stty -g > {b}; {bin} --store {store} --now {NOW}; stty -g > {a}; cmp -s {b} {a} && echo TERMINAL-RESTORED",
        b = quote(&before),
        a = quote(&after),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_registrar"))),
        store = quote(&fixture.path),
    );
    tmux.type_text(&command);
    tmux.send(&["Enter"]);

    // Login first, on the alternate screen.
    tmux.wait_for("Log in");
    assert!(
        tmux.alternate_screen(),
        "the console uses the alternate screen"
    );
    tmux.type_text("imfp");
    tmux.send(&["Enter"]);
    tmux.type_text("demo-imfp");
    tmux.send(&["Enter"]);
    let dashboard = tmux.wait_for("PENDING");
    assert!(dashboard.contains("URGENT"), "{dashboard}");
    assert!(dashboard.contains("EXERCISE TIME"), "{dashboard}");
    assert!(
        !dashboard.contains("demo-imfp"),
        "the passphrase never shows"
    );

    // The urgent queue on its own: countdowns in words.
    tmux.type_text("u");
    let urgent = tmux.wait_until("the urgent queue alone", |s| {
        s.contains("URGENT") && !s.contains("PENDING")
    });
    assert!(
        urgent.contains("OVERDUE") || urgent.contains("left"),
        "{urgent}"
    );

    // Help, generated from the keymap of the screen under it.
    tmux.type_text("?");
    let help = tmux.wait_for("Keys — queue");
    assert!(help.contains("open"), "{help}");
    tmux.send(&["Escape"]);
    tmux.wait_until("help closed", |s| !s.contains("Keys — queue"));
    tmux.send(&["Escape"]);
    tmux.wait_for("PENDING");

    // Quit from the dashboard: the shell is back, the tty as it was.
    tmux.type_text("q");
    let shell_back = tmux.wait_for("TERMINAL-RESTORED");
    assert!(!tmux.alternate_screen(), "the alternate screen is left");
    assert!(shell_back.contains("e2e$"), "{shell_back}");
    assert!(!shell_back.contains("PENDING"), "{shell_back}");
}
