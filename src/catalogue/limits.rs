//! The platform's numeric limits that rules check and the page shows, in one place so that
//! the builder's controls and the refusals cannot disagree.

/// Genesys allows at most this many private Embeddable Framework deployments per org.
pub const MAX_PRIVATE: usize = 5;

/// The shortest and longest access-token lifetimes an OAuth client accepts, in seconds
/// (Genesys' OAuth client settings: 5 minutes to 48 hours).
pub const MIN_TOKEN_LIFETIME: i64 = 300;
pub const MAX_TOKEN_LIFETIME: i64 = 172_800;

/// The recommended token lifetime: 18 hours, so tokens expire outside a shift.
pub const RECOMMENDED_TOKEN_LIFETIME: i64 = 64800;
