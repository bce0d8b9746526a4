//! No network code, ever (SECURITY.md "No network"): no crate that speaks a network protocol
//! or opens sockets is in the dependency tree. The one event-loop crate the terminal library
//! needs (mio, to wait for the keyboard and for signals) has its "net" feature turned on only
//! by signal-hook-mio, which uses a local Unix socket pair to wake the console on a signal
//! (a window resize); nothing else may turn it on. The run-time half is
//! scripts/no-network.sh: every command under strace, no socket outside AF_UNIX.

use std::path::Path;
use std::process::Command;

/// Crates whose purpose is the network: HTTP clients and servers, TLS, sockets, async
/// runtimes with networking, DNS, SSH/git transports.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "h2",
    "h3",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "attohttpc",
    "surf",
    "socket2",
    "tokio",
    "async-std",
    "async-net",
    "smol",
    "async-io",
    "rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "tungstenite",
    "tokio-tungstenite",
    "quinn",
    "hickory-resolver",
    "trust-dns-resolver",
    "ssh2",
    "libssh2-sys",
    "git2",
    "ldap3",
    "lettre",
    "tonic",
    "axum",
    "actix-web",
    "warp",
    "rocket",
];

fn lock_packages() -> Vec<String> {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    lock.lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|n| n.trim_end_matches('"').to_string())
        .collect()
}

#[test]
fn no_networking_crate_is_in_the_lock_file() {
    let packages = lock_packages();
    assert!(packages.len() > 50, "Cargo.lock not read: {packages:?}");
    let found: Vec<&String> = packages
        .iter()
        .filter(|p| NETWORK_CRATES.contains(&p.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "networking crates in Cargo.lock: {found:?}"
    );
}

/// Only these crates may turn on mio's "net" feature (see the module's comment).
const MIO_NET_ALLOWED: &[&str] = &["signal-hook-mio"];

#[test]
fn mio_networking_is_turned_on_only_for_the_signal_pipe() {
    if !lock_packages().iter().any(|p| p == "mio") {
        return;
    }
    let out = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "-e",
            "features",
            "-i",
            "mio",
            "--prefix",
            "depth",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Depth-prefixed lines: "1mio feature \"net\"" then its dependents at depth 2.
    let mut under_net = false;
    let mut enablers = Vec::new();
    for line in text.lines() {
        let depth: String = line.chars().take_while(char::is_ascii_digit).collect();
        let rest = &line[depth.len()..];
        match depth.parse::<u32>() {
            Ok(1) => under_net = rest.starts_with("mio feature \"net\""),
            Ok(2) if under_net => enablers.push(
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            ),
            _ => {}
        }
    }
    assert!(text.contains("mio feature"), "{text}");
    let others: Vec<&String> = enablers
        .iter()
        .filter(|e| !MIO_NET_ALLOWED.contains(&e.as_str()))
        .collect();
    assert!(
        others.is_empty(),
        "mio's networking turned on by {others:?}:\n{text}"
    );
}
