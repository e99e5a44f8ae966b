//! From text to the plain content model: `load` reads the content folder (through `read`),
//! parses it (`yaml`) and decodes it, with the line and column of every value, and collects
//! the theme and the files the content contributes (the footer emblem).

pub mod load;
