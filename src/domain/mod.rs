//! The Guidelines' rules as pure code: records, grades, markings, workflow state machines,
//! guards, queues and settings. No I/O: time comes in as an argument, the registry through
//! the `RegistryView` trait.

pub mod access;
pub mod after_the_fact;
pub mod answer;
pub mod answer_text;
pub mod apply;
mod apply_monitoring;
mod apply_truth;
pub mod assessment_receipt;
pub mod assessment_sharing;
pub mod attributed;
pub mod breach;
pub mod change;
pub mod conflict;
pub mod correction;
pub mod determination;
pub mod entity;
pub mod entity_match;
pub mod entity_review;
pub mod follow_up;
pub mod grades;
pub mod guards;
pub mod ids;
pub mod marking;
pub mod memory;
pub mod merge;
pub mod monitoring;
pub mod nature;
pub mod originator_control;
pub mod pre_authorisation;
pub mod pre_authorisation_scope;
pub mod previous_issues;
pub mod queue;
pub mod receipt;
pub mod receipt_scan;
pub mod record;
pub mod refusal;
pub mod risk_assessment;
pub mod role;
pub mod settings;
pub mod share;
pub mod stated_time;
pub mod station;
pub mod user;
pub mod view;
pub mod who_acts;
