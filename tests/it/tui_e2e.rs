//! The real binary in a real terminal (tmux): log in, open the urgent queue, open help,
//! quit; the terminal is given back as it was — the alternate screen left, the shell prompt
//! back, and the tty settings (raw mode) identical to before.

use crate::tui_common;

use crate::tmux_common::{Tmux, quote};
use std::path::Path;
use tui_common::{NOW, demo_copy};

#[test]
fn log_in_open_the_urgent_queue_open_help_quit_and_the_terminal_is_restored() {
    let fixture = demo_copy();
    let dir = fixture.dir.path();
    let tmux = Tmux::new("e2e");
    let shell = format!(
        "env -i PATH=/usr/bin:/bin HOME={} TERM=xterm-256color PS1='e2e$ ' sh -i",
        quote(dir)
    );
    tmux.start(100, 30, &shell);
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
