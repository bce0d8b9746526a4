//! The keys of fields many forms share, typed by what they hold.

use super::field::Key;
use crate::domain::entity::EntityKind;
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::role::Role;
use crate::domain::share::Channel;

/// The UN classification the record is marked with.
pub const MARKING: Key<Classification> = Key::new("marking");
pub const NATURE: Key<Nature> = Key::new("nature");
pub const CHANNEL: Key<Channel> = Key::new("channel");
/// The authority a decision is taken as (G 8 a, G 9 a).
pub const AUTHORITY: Key<Role> = Key::new("authority");
/// An entity's kind (G 8.1.2: the kind decides the assessment).
pub const KIND: Key<EntityKind> = Key::new("kind");
