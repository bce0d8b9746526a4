//! A value together with who recorded it and when. The store fills `by` and `at` from the
//! event's actor and time, so a payload can never name someone other than the actor.

use super::ids::Time;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributed<T> {
    pub value: T,
    pub by: String,
    pub at: Time,
}

impl<T> Attributed<T> {
    pub fn new(value: T, by: impl Into<String>, at: Time) -> Self {
        Attributed {
            value,
            by: by.into(),
            at,
        }
    }
}

impl<T> std::ops::Deref for Attributed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
