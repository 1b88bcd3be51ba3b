pub mod diag;
pub mod model;
pub mod number;
pub mod score;
pub mod system;
pub mod yaml;
