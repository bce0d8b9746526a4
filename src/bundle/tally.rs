//! What several bundles imported in turn came to, each kind counted apart: applied, held
//! until an earlier bundle arrives, already imported (nothing to do), set aside in
//! quarantine, refused. A held or already-imported bundle is never counted as imported.

use super::import::Outcome;

/// What one import did, as a summary counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Its events (or its acknowledgement) are now in the registry.
    Applied,
    /// Kept until bundle `missing` from `sender` arrives; nothing of it applied yet.
    Held { sender: String, missing: u64 },
    /// Imported before: nothing to do.
    AlreadyImported,
    /// Set aside for a person to decide; nothing of it applied.
    Quarantined,
}

impl Outcome {
    /// What this import did, as a summary of several counts it.
    pub fn kind(&self) -> Kind {
        match self {
            Outcome::Applied { .. } => Kind::Applied,
            Outcome::AlreadyImported { .. } => Kind::AlreadyImported,
            Outcome::Acknowledged { already: true, .. } => Kind::AlreadyImported,
            Outcome::Acknowledged { .. } => Kind::Applied,
            Outcome::Held {
                sender, missing, ..
            } => Kind::Held {
                sender: sender.clone(),
                missing: *missing,
            },
            Outcome::Quarantined { .. } => Kind::Quarantined,
            Outcome::Noted { outcome, .. } => outcome.kind(),
        }
    }
}

/// The counts of several imports.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub files: usize,
    pub applied: usize,
    /// Per held bundle, the sender and the bundle it waits for.
    pub held: Vec<(String, u64)>,
    pub already_imported: usize,
    pub quarantined: usize,
    pub refused: usize,
    /// Not imported because a stop was asked for (nothing of them added).
    pub stopped: usize,
}

impl Tally {
    pub fn add(&mut self, kind: &Kind) {
        self.files += 1;
        match kind {
            Kind::Applied => self.applied += 1,
            Kind::Held { sender, missing } => self.held.push((sender.clone(), *missing)),
            Kind::AlreadyImported => self.already_imported += 1,
            Kind::Quarantined => self.quarantined += 1,
        }
    }

    pub fn refuse(&mut self) {
        self.files += 1;
        self.refused += 1;
    }

    pub fn stop(&mut self) {
        self.files += 1;
        self.stopped += 1;
    }

    /// One line: "Of 3 bundles: 1 applied, 1 held (waiting for bundle 4 from X), 1 refused".
    pub fn line(&self) -> String {
        let mut parts = vec![format!("{} applied", self.applied)];
        if !self.held.is_empty() {
            let mut waits: Vec<String> = Vec::new();
            for (sender, missing) in &self.held {
                let wait = format!("bundle {missing} from {sender}");
                if !waits.contains(&wait) {
                    waits.push(wait);
                }
            }
            parts.push(format!(
                "{} held (waiting for {})",
                self.held.len(),
                waits.join(", ")
            ));
        }
        if self.already_imported > 0 {
            parts.push(format!(
                "{} already imported (nothing to do)",
                self.already_imported
            ));
        }
        if self.quarantined > 0 {
            parts.push(format!("{} quarantined", self.quarantined));
        }
        if self.refused > 0 {
            parts.push(format!("{} refused", self.refused));
        }
        if self.stopped > 0 {
            parts.push(format!("{} not imported (stopped as asked)", self.stopped));
        }
        format!(
            "Of {} bundle{}: {}",
            self.files,
            if self.files == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_and_already_imported_are_not_counted_as_applied() {
        let mut t = Tally::default();
        t.add(&Kind::Held {
            sender: "HQ".into(),
            missing: 4,
        });
        t.refuse();
        assert_eq!(
            t.line(),
            "Of 2 bundles: 0 applied, 1 held (waiting for bundle 4 from HQ), 1 refused"
        );
        let mut t = Tally::default();
        t.add(&Kind::AlreadyImported);
        t.add(&Kind::Applied);
        assert_eq!(
            t.line(),
            "Of 2 bundles: 1 applied, 1 already imported (nothing to do)"
        );
    }
}
