//! `registrar preauth` (G 8.1.8, G 9.10; issue 9): an entry names the series it covers, and
//! its periodic review records the reviewer's checklist — a missing item is refused (exit 3).

use crate::store_common::{NOW, demo_store, registrar_as, stderr_of, stdout_of};

const ADD: [&str; 15] = [
    "preauth",
    "add",
    "--entity",
    "European Union Training Mission",
    "--direction",
    "sharing",
    "--products",
    "Weekly security overview",
    "--reference-prefix",
    "JMAC/WSO/",
    "--nature",
    "strategic",
    "--max-classification",
    "confidential",
    "--marking=unclassified",
];

#[test]
fn g8_1_8_preauth_add_names_the_series_and_renew_records_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let hom = || registrar_as(&store, "hom", "demo-hom", NOW);

    // Without a scope the entry is refused by the words (exit 2).
    let out = hom().args(&ADD[..8]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));

    let out = hom().args(ADD).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let id = stdout_of(&out)
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert!(id.starts_with("PRE-"), "{id}");

    let review = [
        "preauth",
        "renew",
        id.as_str(),
        "--finding",
        "four weekly overviews, as agreed",
        "--reference-prefix",
        "JMAC/WSO/",
        "--nature",
        "strategic",
        "--max-classification",
        "confidential",
        "--products-within-scope",
        "--still-regular",
        "--no-unrecorded-concern",
    ];
    // One item not confirmed: refused by the rule, which says to revoke instead.
    let out = hom().args(review).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("G 8.1.8") && err.contains("revoke"), "{err}");

    let out = hom()
        .args(review)
        .arg("--assessment-read")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}
