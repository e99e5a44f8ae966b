//! From text to the plain content model (`crate::model`): `content` decodes the parsed YAML
//! of site.yaml, the version files and the policy files, with the line and column of every
//! value; `load` ties reading (`crate::read`), parsing (`crate::yaml`) and decoding together,
//! with the theme and the files the content contributes (the footer emblem; the attachments,
//! which `attachments` reads and checks; the images of policy bodies, `policy_images`).

pub(crate) mod attachments;
pub mod content;
pub mod load;
pub(crate) mod policy_images;
