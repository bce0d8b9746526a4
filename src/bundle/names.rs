//! Bundle file names: sender, recipient, kind and number, and the highest marking inside, so a
//! person handling the medium knows what it carries without opening it, e.g.
//! `MINUSCA-JMAC-1_to_DPO-HQ_changes-000007_CONFIDENTIAL.age`.

use crate::domain::marking::Classification;
use crate::domain::station::BundleKind;

pub fn marking_word(level: Classification) -> &'static str {
    match level {
        Classification::Unclassified => "UNCLASSIFIED",
        Classification::Confidential => "CONFIDENTIAL",
        Classification::StrictlyConfidential => "STRICTLY-CONFIDENTIAL",
    }
}

/// `<sender>_to_<recipient>_<kind>-<number>_<MARKING>.age`
pub fn bundle_file_name(
    sender: &str,
    recipient: &str,
    kind: BundleKind,
    number: u64,
    highest: Classification,
) -> String {
    format!(
        "{sender}_to_{recipient}_{}-{number:06}_{}.age",
        kind.key(),
        marking_word(highest)
    )
}

/// The outer signature travels beside the bundle.
pub fn signature_path(bundle: &std::path::Path) -> std::path::PathBuf {
    let mut name = bundle.as_os_str().to_owned();
    name.push(".sig");
    std::path::PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_sender_recipient_number_and_marking() {
        assert_eq!(
            bundle_file_name(
                "MINUSCA-JMAC-1",
                "DPO-HQ",
                BundleKind::Changes,
                7,
                Classification::Confidential
            ),
            "MINUSCA-JMAC-1_to_DPO-HQ_changes-000007_CONFIDENTIAL.age"
        );
        assert_eq!(
            signature_path(std::path::Path::new("d/x.age")),
            std::path::Path::new("d/x.age.sig")
        );
    }
}
