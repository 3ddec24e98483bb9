//! Event dates as graph.json writes them (`YYYY-MM-DD`, or `MM-DD` when the
//! year is unknown), their order on a timeline, and `--from`/`--to` ranges.

use super::QueryError;
use crate::model::dates::{Window, WindowError};

/// True for `YYYY-MM-DD`.
pub(crate) fn is_full_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Timeline order: full dates first in calendar order, then dates without a
/// year (by month and day), then undated events.
pub(crate) fn sort_key(date: Option<&str>) -> (u8, String) {
    match date {
        Some(d) if is_full_date(d) => (0, d.to_string()),
        Some(d) => (1, d.to_string()),
        None => (2, String::new()),
    }
}

/// An inclusive range of dates from `--from` and `--to`, each `YYYY`,
/// `YYYY-MM` or `YYYY-MM-DD` (`--to 2018` includes all of 2018): the
/// [`Window`] `export --from/--to` reads too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange(Window);

impl DateRange {
    /// Parse the bounds; a bound that is not a day of the calendar, or a
    /// window without a day, is a [`QueryError::BadArgument`].
    pub fn new(from: Option<&str>, to: Option<&str>) -> Result<DateRange, QueryError> {
        Window::parse(from, to).map(DateRange).map_err(|e| match e {
            WindowError::Bound {
                flag,
                value,
                reason,
            } => QueryError::BadArgument {
                arg: format!("{flag} {value}"),
                reason,
            },
            WindowError::Empty { from, to } => QueryError::BadArgument {
                arg: format!("--from {from} --to {to}"),
                reason: "the window is empty: --from is after --to".into(),
            },
        })
    }

    /// True when no bound is set.
    pub fn is_open(&self) -> bool {
        self.0.is_open()
    }

    /// Whether an event date lies in the range: the rule `export` applies
    /// too ([`Window::contains`]). `None` says the date cannot be placed in
    /// it (no date, no year, a month across a bound).
    pub fn contains(&self, date: Option<&str>) -> Option<bool> {
        self.0.contains(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_range_bounds_are_inclusive_prefixes() {
        let r = DateRange::new(Some("2018-10"), Some("2018")).unwrap();
        assert_eq!(r.contains(Some("2018-10-01")), Some(true));
        assert_eq!(r.contains(Some("2018-12-31")), Some(true));
        assert_eq!(r.contains(Some("2018-09-30")), Some(false));
        assert_eq!(r.contains(Some("2019-01-01")), Some(false));
        assert_eq!(r.contains(Some("10-22")), None);
        // A month inside the window is in it; one across a bound cannot be told.
        assert_eq!(r.contains(Some("2018-11")), Some(true));
        let mid = DateRange::new(Some("2018-10-15"), None).unwrap();
        assert_eq!(mid.contains(Some("2018-10")), None);
        assert_eq!(mid.contains(Some("2018-09")), Some(false));
        assert_eq!(r.contains(None), None);
        assert_eq!(DateRange::default().contains(None), Some(true));
    }

    #[test]
    fn dates_range_rejects_bad_bounds() {
        for bad in [
            "2018-13",
            "18-10-01",
            "2018/10/01",
            "yesterday",
            "2018-10-1",
        ] {
            let e = DateRange::new(Some(bad), None).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn dates_sort_full_then_yearless_then_none() {
        let mut v = vec![None, Some("05-17"), Some("2018-10-25"), Some("2018-10-22")];
        v.sort_by_key(|d| sort_key(*d));
        assert_eq!(
            v,
            vec![Some("2018-10-22"), Some("2018-10-25"), Some("05-17"), None]
        );
    }
}
