//! The sneakernet from the command line, checked with the stock tools a transfer guard and a
//! break-glass operator have: OpenSSH's `ssh-keygen -Y verify` with the exported
//! `allowed_signers`, and `age -d -i` with the exported identity.

use crate::bundle_common::read_frames;
use crate::common::QUICK_PASSPHRASES;
use assert_cmd::Command;
use registrar::bundle::format::{Manifest, from_cbor};
use std::path::{Path, PathBuf};
use std::process::Stdio;

const NOW: &str = "2026-11-21T02:00:00Z";

struct Dirs {
    tmp: tempfile::TempDir,
}

impl Dirs {
    fn p(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn secret(&self, name: &str, text: &str) -> PathBuf {
        let p = self.p(name);
        std::fs::write(&p, format!("{text}\n")).unwrap();
        p
    }
}

/// `registrar --store STORE --now NOW` as `user`, with a clean environment and the light key
/// work factor the tests use.
fn registrar(store: &Path, user: &str, passphrase: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env("REGISTRAR_KEY_WORK_FACTOR", "10")
        .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_USER")
        .env_remove("REGISTRAR_NOW")
        .env_remove("REGISTRAR_PASSPHRASE_FILE")
        .env_remove("REGISTRAR_KEY_PASSPHRASE_FILE")
        .arg("--store")
        .arg(store)
        .arg("--now")
        .arg(NOW)
        .arg("--user")
        .arg(user)
        .arg("--passphrase-file")
        .arg(passphrase);
    cmd
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn stock_openssh_verifies_and_stock_age_decrypts_what_registrar_exports() {
    let d = Dirs {
        tmp: tempfile::tempdir().unwrap(),
    };
    // The demo station MINUSCA-JMAC-1 (IM FP `imfp`, administrator `admin`).
    let jmac = d.p("jmac.redb");
    let admin_pass = d.secret("admin-pass", "demo-admin");
    let imfp_pass = d.secret("imfp-pass", "demo-imfp");
    let demo_keys = d.secret("demo-keys", "demo-station");
    registrar(&jmac, "admin", &admin_pass)
        .args(["demo", "--no-tui"])
        .assert()
        .success();
    // HQ, made with `init`.
    let hq = d.p("hq.redb");
    let hq_pass = d.secret("hq-pass", "hq admin passphrase");
    let hq_keys = d.secret("hq-keys", "hq station key passphrase");
    let o = registrar(&hq, "chief", &hq_pass)
        .args([
            "init",
            "--exercise",
            "--mission",
            "DPO HQ",
            "--station",
            "DPO-HQ",
            "--key-passphrase-file",
        ])
        .arg(&hq_keys)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("station keys made"), "{}", out(&o));

    // Each station's public keys, as `keys show --json` gives them, trusted by the other.
    let show = |store: &Path, user: &str, pass: &Path| -> serde_json::Value {
        let o = registrar(store, user, pass)
            .args(["keys", "show", "--json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", err(&o));
        serde_json::from_str(&out(&o)).unwrap()
    };
    let jk = show(&jmac, "imfp", &imfp_pass);
    let hk = show(&hq, "chief", &hq_pass);
    assert_eq!(jk["station"], "MINUSCA-JMAC-1");
    assert!(jk["age_recipient"].as_str().unwrap().starts_with("age1"));
    assert!(
        jk["signing_key"]
            .as_str()
            .unwrap()
            .starts_with("ssh-ed25519 ")
    );
    let jkey = d.secret("jmac.pub", jk["signing_key"].as_str().unwrap());
    let hkey = d.secret("hq.pub", hk["signing_key"].as_str().unwrap());

    // Trust is an administrator's: the IM FP is refused with exit code 4.
    registrar(&jmac, "imfp", &imfp_pass)
        .args(["keys", "trust", "--station", "DPO-HQ", "--age-recipient"])
        .arg(hk["age_recipient"].as_str().unwrap())
        .arg("--signing-key")
        .arg(&hkey)
        .args(["--clearance", "confidential"])
        .assert()
        .code(4);
    registrar(&jmac, "admin", &admin_pass)
        .args(["keys", "trust", "--station", "DPO-HQ", "--age-recipient"])
        .arg(hk["age_recipient"].as_str().unwrap())
        .arg("--signing-key")
        .arg(&hkey)
        .args(["--clearance", "confidential"])
        .assert()
        .success();
    registrar(&hq, "chief", &hq_pass)
        .args([
            "keys",
            "trust",
            "--station",
            "MINUSCA-JMAC-1",
            "--age-recipient",
        ])
        .arg(jk["age_recipient"].as_str().unwrap())
        .arg("--signing-key")
        .arg(&jkey)
        .args(["--clearance", "strictly_confidential"])
        .assert()
        .success();

    // The IM FP exports; the summary comes first, then the files and the stock commands.
    let medium = d.p("usb");
    std::fs::create_dir(&medium).unwrap();
    let o = registrar(&jmac, "imfp", &imfp_pass)
        .args(["export", "--to", "DPO-HQ", "--out"])
        .arg(&medium)
        .arg("--key-passphrase-file")
        .arg(&demo_keys)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("what will cross the gap"), "{text}");
    assert!(text.contains("receipt"), "{text}");
    assert!(text.contains("withheld"), "{text}");
    assert!(
        text.contains(
            "ssh-keygen -Y verify -f allowed_signers -I MINUSCA-JMAC-1 -n registrar-bundle@v1"
        ),
        "{text}"
    );
    assert!(text.contains("age -d -i"), "{text}");
    let name = "MINUSCA-JMAC-1_to_DPO-HQ_changes-000001_CONFIDENTIAL.age";
    let bundle = medium.join(name);
    assert!(bundle.exists(), "{text}");

    // The transfer guard: OpenSSH only, with the allowed_signers file HQ writes.
    let allowed = d.p("allowed_signers");
    registrar(&hq, "chief", &hq_pass)
        .args(["keys", "allowed-signers", "--out"])
        .arg(&allowed)
        .assert()
        .success();
    let verify = std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "MINUSCA-JMAC-1", "-n", "registrar-bundle@v1", "-s"])
        .arg(medium.join(format!("{name}.sig")))
        .stdin(Stdio::from(std::fs::File::open(&bundle).unwrap()))
        .output()
        .expect("ssh-keygen is installed");
    assert!(verify.status.success(), "{}{}", out(&verify), err(&verify));
    assert!(out(&verify).contains("Good \"registrar-bundle@v1\" signature for MINUSCA-JMAC-1"));
    // ... and it refuses a changed file.
    let mut changed = std::fs::read(&bundle).unwrap();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    let changed_path = d.p("changed.age");
    std::fs::write(&changed_path, &changed).unwrap();
    let bad = std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "MINUSCA-JMAC-1", "-n", "registrar-bundle@v1", "-s"])
        .arg(medium.join(format!("{name}.sig")))
        .stdin(Stdio::from(std::fs::File::open(&changed_path).unwrap()))
        .output()
        .unwrap();
    assert!(!bad.status.success());

    // Break-glass is an administrator's act too.
    registrar(&jmac, "imfp", &imfp_pass)
        .args(["keys", "export-identity", "--out"])
        .arg(d.p("not-allowed.age"))
        .assert()
        .code(4);
    assert!(!d.p("not-allowed.age").exists());
    // Break-glass: HQ's identity for the stock age (an administrator's act, in the log).
    let identity = d.p("DPO-HQ-identity.txt");
    let o = registrar(&hq, "chief", &hq_pass)
        .args(["keys", "export-identity", "--unprotected", "--out"])
        .arg(&identity)
        .arg("--key-passphrase-file")
        .arg(&hq_keys)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let protected = d.p("DPO-HQ-identity.age");
    registrar(&hq, "chief", &hq_pass)
        .args(["keys", "export-identity", "--out"])
        .arg(&protected)
        .assert()
        .success();
    assert!(
        std::fs::read(&protected)
            .unwrap()
            .starts_with(b"age-encryption.org/v1")
    );
    let plain = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&identity)
        .arg(&bundle)
        .output()
        .expect("age is installed");
    assert!(plain.status.success(), "{}", err(&plain));
    // Format 2: the items one after another, the signed manifest last.
    let (items, trailer) = read_frames(plain.stdout.as_slice()).unwrap();
    let manifest: Manifest = from_cbor(&trailer.manifest).unwrap();
    assert_eq!(manifest.item_count, items.len() as u64);
    assert_eq!(manifest.sender, "MINUSCA-JMAC-1");
    assert_eq!(manifest.recipient, "DPO-HQ");
    assert!(manifest.withheld > 0);

    // HQ imports: once, then again as a no-op that says so; the registry verifies.
    let import = |file: &Path| {
        registrar(&hq, "chief", &hq_pass)
            .arg("import")
            .arg(file)
            .arg("--key-passphrase-file")
            .arg(&hq_keys)
            .output()
            .unwrap()
    };
    let o = import(&bundle);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("imported bundle 1 from MINUSCA-JMAC-1"),
        "{}",
        out(&o)
    );
    let o = import(&bundle);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("already imported: nothing to do"),
        "{}",
        out(&o)
    );
    // A changed file: one line, exit 1.
    std::fs::copy(medium.join(format!("{name}.sig")), d.p("changed.age.sig")).unwrap();
    let o = import(&changed_path);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
    assert!(err(&o).contains("refused"), "{}", err(&o));
    registrar(&hq, "chief", &hq_pass)
        .arg("verify")
        .assert()
        .success();

    // JMAC's records are in HQ's queues; HQ lists the station's last bundle.
    let o = registrar(&hq, "chief", &hq_pass)
        .args(["queue", "pending", "--json"])
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"].as_str().unwrap().contains("-MINUSCA-JMAC-1-")),
        "{items}"
    );
    let o = registrar(&hq, "chief", &hq_pass)
        .args(["keys", "list"])
        .output()
        .unwrap();
    assert!(out(&o).contains("last received: changes 1"), "{}", out(&o));

    // A lost bundle written again by number: the same bundle, under its own name; HQ knows it.
    let again = d.p("usb-again");
    std::fs::create_dir(&again).unwrap();
    let o = registrar(&jmac, "imfp", &imfp_pass)
        .args(["export", "--to", "DPO-HQ", "--resend", "1", "--out"])
        .arg(&again)
        .arg("--key-passphrase-file")
        .arg(&demo_keys)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("(the same bundle 1, encrypted anew)"),
        "{}",
        out(&o)
    );
    let o = import(&again.join(name));
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("already imported"), "{}", out(&o));
    // A missing output directory is named as missing, and nothing is recorded.
    let o = registrar(&jmac, "imfp", &imfp_pass)
        .args(["export", "--to", "DPO-HQ", "--out"])
        .arg(d.p("not-mounted"))
        .arg("--key-passphrase-file")
        .arg(&demo_keys)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("no such directory (is the medium mounted?)"),
        "{}",
        err(&o)
    );
    // Nothing is quarantined; the clock bound is a setting.
    let o = registrar(&hq, "chief", &hq_pass)
        .args(["quarantine", "list"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("no bundle is quarantined"), "{}", out(&o));
    let o = registrar(&hq, "chief", &hq_pass)
        .args(["settings", "set", "--max-clock-lead-minutes", "30"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("maximum clock lead of another station: 30 min"),
        "{}",
        out(&o)
    );
}

/// Issue 13 user test: the demo had no trusted peer, so export and import could not be tried
/// without building a second registry by hand. The demo trusts DPO-HQ, whose registry is
/// beside it (`demo-hq.redb`, user `chief`), and HQ trusts the demo: an export at the demo
/// imports at HQ, and HQ's acknowledgement imports back, out of the box.
#[test]
fn the_demo_trusts_a_peer_whose_registry_is_beside_it_and_a_bundle_goes_there_and_back() {
    use crate::store_common::{NOW, fresh_demo_store, registrar_as, stderr_of, stdout_of};
    let dir = tempfile::tempdir().unwrap();
    let demo = fresh_demo_store(dir.path());
    let hq = dir.path().join("demo-hq.redb");
    assert!(hq.exists(), "the peer's registry is beside the demo's");
    let keys = dir.path().join("station.key");
    std::fs::write(&keys, "demo-station\n").unwrap();
    let medium = dir.path().join("usb");
    std::fs::create_dir(&medium).unwrap();

    let list = registrar_as(&demo, "imfp", "demo-imfp", NOW)
        .args(["keys", "list"])
        .output()
        .unwrap();
    assert!(stdout_of(&list).contains("DPO-HQ"), "{}", stdout_of(&list));

    let export = registrar_as(&demo, "imfp", "demo-imfp", NOW)
        .args(["export", "--to", "DPO-HQ", "--out"])
        .arg(&medium)
        .arg("--key-passphrase-file")
        .arg(&keys)
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", stderr_of(&export));
    let bundle = medium.join("MINUSCA-JMAC-1_to_DPO-HQ_changes-000001_CONFIDENTIAL.age");
    assert!(bundle.exists(), "{}", stdout_of(&export));

    let import = registrar_as(&hq, "chief", "demo-chief", NOW)
        .arg("import")
        .arg(&bundle)
        .arg("--key-passphrase-file")
        .arg(&keys)
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr_of(&import));
    assert!(
        stdout_of(&import).contains("from MINUSCA-JMAC-1"),
        "{}",
        stdout_of(&import)
    );

    // And back: HQ acknowledges, the demo imports it.
    let ack = registrar_as(&hq, "chief", "demo-chief", NOW)
        .args(["export", "--ack", "--to", "MINUSCA-JMAC-1", "--out"])
        .arg(&medium)
        .arg("--key-passphrase-file")
        .arg(&keys)
        .output()
        .unwrap();
    assert!(ack.status.success(), "{}", stderr_of(&ack));
    let back: Vec<PathBuf> = std::fs::read_dir(&medium)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("DPO-HQ_to_") && name.ends_with(".age")
        })
        .collect();
    assert_eq!(back.len(), 1, "{back:?}");
    let import = registrar_as(&demo, "imfp", "demo-imfp", NOW)
        .arg("import")
        .arg(&back[0])
        .arg("--key-passphrase-file")
        .arg(&keys)
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr_of(&import));
}
