//! `query`: questions about a built graph (filled in by the query work).
