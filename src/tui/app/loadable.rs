//! What a screen an effect fills holds (issue 13): loading, loaded, or stale with why.

/// What a screen an effect fills holds: nothing yet, what came, or what came before with why
/// the last reload failed (shown, never dropped).
#[derive(Debug, Default)]
pub enum Loadable<T> {
    #[default]
    Loading,
    Loaded(T),
    /// The last good value, and why reading it again failed.
    Stale(T, String),
    /// Nothing to show, and why.
    Failed(String),
}

impl<T> Loadable<T> {
    /// A result arrives: a failure keeps what was there, marked stale.
    pub fn arrive(&mut self, result: Result<T, String>) {
        *self = match (std::mem::take(self), result) {
            (_, Ok(v)) => Loadable::Loaded(v),
            (Loadable::Loaded(v) | Loadable::Stale(v, _), Err(e)) => Loadable::Stale(v, e),
            (_, Err(e)) => Loadable::Failed(e),
        };
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Loadable::Loaded(v) | Loadable::Stale(v, _) => Some(v),
            _ => None,
        }
    }

    /// Why the last reload failed, when what is shown is older than that.
    pub fn stale(&self) -> Option<&str> {
        match self {
            Loadable::Stale(_, e) => Some(e),
            _ => None,
        }
    }
}
