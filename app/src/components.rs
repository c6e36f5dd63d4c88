//! Building blocks shared by pages.

pub mod camera;
pub mod chart;
pub mod event_card;
pub mod fields;
pub mod layout;
pub mod post_form;
pub mod report_charts;
pub mod status;
pub mod table;
pub mod trail;
pub mod year;
