//! All integration tests in one binary (each extra test binary links the whole dependency
//! tree again). One module per area; the helpers of each area are modules beside them.

mod access_common;
mod bundle_common;
mod common;
mod store_common;
mod tui_common;

mod access;
mod access_back_off;
mod bundle_clearance;
mod bundle_cli;
mod bundle_conflicts;
mod bundle_exchange;
mod bundle_forgery;
mod bundle_forgery_random;
mod bundle_medium;
mod bundle_property;
mod bundle_tamper;
mod cli;
mod cli_hostile_text;
mod cli_install;
mod cli_passphrase_file;
mod fuzz_smoke;
mod guidelines;
mod guidelines_answers;
mod guidelines_authority;
mod guidelines_breach;
mod import_sheet;
mod no_network;
mod reports;
mod store_derived_state;
mod store_interrupted_build;
mod store_tamper;
mod store_write_on_damage;
mod truth;
mod tui_contrast;
mod tui_e2e;
mod tui_fast_path;
mod tui_forms;
mod tui_lock;
mod tui_need_to_know;
mod tui_stations;
mod tui_themes;
mod tui_truth;
mod tui_views;
mod tui_worker;
