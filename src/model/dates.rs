//! Date windows: what `--from`/`--to` mean, for `query` and `export`
//! alike. A bound is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real day of the
//! calendar); `--from 2018-10` starts on the 1st and `--to 2018-10` ends on
//! the 31st. An event date as graph.json writes it covers one day, a month
//! or a year ([`event_days`]); it lies in a window when all its days do
//! ([`date_in_window`]).

/// A calendar day as (year, month, day), compared as a tuple (days are
/// checked against the calendar where they are read: [`parse_bound`],
/// [`event_days`]).
pub type Day = (i32, u32, u32);

/// Which end of a window a date bound is: `2018-10` starts on the 1st as a
/// `From` and ends on the 31st as a `To`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundSide {
    /// The first day of the window.
    From,
    /// The last day of the window.
    To,
}

/// Parse a window bound: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_bound(s: &str, side: BoundSide) -> Result<Day, String> {
    let bad = || format!("{s:?} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY");
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, digits: usize| -> Result<u32, String> {
        if p.len() != digits || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let year = num(parts[0], 4)? as i32;
    let (month, day) = match (parts.len(), side) {
        (1, BoundSide::From) => (1, 1),
        (1, BoundSide::To) => (12, 31),
        (2, BoundSide::From) => (num(parts[1], 2)?, 1),
        (2, BoundSide::To) => {
            let m = num(parts[1], 2)?;
            (m, days_in_month(year, m))
        }
        (3, _) => (num(parts[1], 2)?, num(parts[2], 2)?),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&month) {
        return Err(bad());
    }
    if !(1..=days_in_month(year, month)).contains(&day) {
        return Err(format!(
            "{s:?} is not a date: {year:04}-{month:02} has {} days",
            days_in_month(year, month)
        ));
    }
    Ok((year, month, day))
}

/// Days in a month of the Gregorian calendar (0 for a month outside 1..=12).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// The days an event date covers, as graph.json writes it: `YYYY-MM-DD`
/// one day, `YYYY-MM` its month, `YYYY` its year. `None` for a date without
/// a year (`MM-DD`) or one that is not a date: it cannot be placed in time.
pub fn event_days(s: &str) -> Option<(Day, Day)> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts[0].len() != 4 {
        return None;
    }
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let (y, rest) = nums?.split_first().map(|(y, r)| (*y as i32, r.to_vec()))?;
    let month_ok = |m: u32| (1..=12).contains(&m);
    match rest.as_slice() {
        [] => Some(((y, 1, 1), (y, 12, 31))),
        [m] if month_ok(*m) => Some(((y, *m, 1), (y, *m, days_in_month(y, *m)))),
        [m, d] if month_ok(*m) && (1..=days_in_month(y, *m)).contains(d) => {
            Some(((y, *m, *d), (y, *m, *d)))
        }
        _ => None,
    }
}

/// Whether an event dated `date` lies in the window `from`..=`to` — the one
/// rule of `query --from/--to` and `export --from/--to`. `Some(true)`: all
/// its days are inside; `Some(false)`: all outside; `None`: it cannot be
/// told — no date, a date without a year (`MM-DD`: 10-24 of which year?),
/// or a month that straddles a bound. Callers leave those out and say how
/// many. An open window holds everything.
pub fn date_in_window(date: Option<&str>, from: Option<Day>, to: Option<Day>) -> Option<bool> {
    if from.is_none() && to.is_none() {
        return Some(true);
    }
    let (first, last) = event_days(date?)?;
    let inside = |d: Day| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
    if inside(first) && inside(last) {
        Some(true)
    } else if to.is_some_and(|t| first > t) || from.is_some_and(|f| last < f) {
        Some(false)
    } else {
        None
    }
}

/// A window of days, both ends inclusive, either open (`None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The first day (`--from`).
    pub from: Option<Day>,
    /// The last day (`--to`).
    pub to: Option<Day>,
}

/// Why `--from`/`--to` make no window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    /// A bound that is not a date.
    #[error("{flag} {value}: {reason}")]
    Bound {
        /// `--from` or `--to`.
        flag: &'static str,
        /// The bound as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `--from` after `--to`.
    #[error("--from {from} is after --to {to}")]
    Empty {
        /// `--from` as given.
        from: String,
        /// `--to` as given.
        to: String,
    },
}

impl Window {
    /// The window `--from from --to to` names: each bound a day of the
    /// calendar ([`parse_bound`]), and the window holding at least one day.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Window, WindowError> {
        let bound = |flag: &'static str, v: Option<&str>, side| {
            v.map(|v| {
                parse_bound(v, side).map_err(|reason| WindowError::Bound {
                    flag,
                    value: v.to_string(),
                    reason,
                })
            })
            .transpose()
        };
        let w = Window {
            from: bound("--from", from, BoundSide::From)?,
            to: bound("--to", to, BoundSide::To)?,
        };
        if let (Some(f), Some(t)) = (w.from, w.to) {
            if f > t {
                return Err(WindowError::Empty {
                    from: from.unwrap_or_default().to_string(),
                    to: to.unwrap_or_default().to_string(),
                });
            }
        }
        Ok(w)
    }

    /// True when neither end is set: the window holds every date.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether an event dated `date` lies in the window ([`date_in_window`]).
    pub fn contains(&self, date: Option<&str>) -> Option<bool> {
        date_in_window(date, self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_round_to_the_first_or_last_day() {
        assert_eq!(parse_bound("2021", BoundSide::From), Ok((2021, 1, 1)));
        assert_eq!(parse_bound("2021", BoundSide::To), Ok((2021, 12, 31)));
        assert_eq!(parse_bound("2021-04", BoundSide::To), Ok((2021, 4, 30)));
        assert_eq!(parse_bound("2020-02", BoundSide::To), Ok((2020, 2, 29)));
        assert_eq!(parse_bound("2100-02", BoundSide::To), Ok((2100, 2, 28)));
        assert_eq!(parse_bound("2021-04-09", BoundSide::From), Ok((2021, 4, 9)));
        let e = parse_bound("2021-02-29", BoundSide::From).unwrap_err();
        assert!(e.contains("28 days"), "{e}");
        for bad in ["21", "2021-4", "2021-00", "2021-04-31", "2021.04", "04-09"] {
            assert!(parse_bound(bad, BoundSide::To).is_err(), "{bad}");
        }
    }

    #[test]
    fn event_dates_cover_a_day_a_month_or_a_year() {
        assert_eq!(event_days("2021-04-09"), Some(((2021, 4, 9), (2021, 4, 9))));
        assert_eq!(event_days("2021-04"), Some(((2021, 4, 1), (2021, 4, 30))));
        assert_eq!(event_days("2021"), Some(((2021, 1, 1), (2021, 12, 31))));
        // No year, or not a date: it cannot be placed in time.
        for none in ["04-09", "2021-13", "2021-02-30", "soon", ""] {
            assert_eq!(event_days(none), None, "{none:?}");
        }
    }

    #[test]
    fn windows_hold_dates_wholly_inside_and_cannot_place_the_rest() {
        let w = Window::parse(Some("2021-03"), Some("2021-05-15")).unwrap();
        assert_eq!(w.from, Some((2021, 3, 1)));
        assert_eq!(w.to, Some((2021, 5, 15)));
        assert_eq!(w.contains(Some("2021-03-01")), Some(true));
        assert_eq!(w.contains(Some("2021-04")), Some(true));
        assert_eq!(w.contains(Some("2021-02-28")), Some(false));
        assert_eq!(w.contains(Some("2021-06")), Some(false));
        // A month across a bound, a date without a year, no date: untold.
        assert_eq!(w.contains(Some("2021-05")), None);
        assert_eq!(w.contains(Some("04-09")), None);
        assert_eq!(w.contains(None), None);
        // An open window holds everything, even what has no date.
        let open = Window::parse(None, None).unwrap();
        assert!(open.is_open());
        assert_eq!(open.contains(None), Some(true));
        // Half-open.
        let after = Window::parse(Some("2021"), None).unwrap();
        assert_eq!(after.contains(Some("2020-12-31")), Some(false));
        assert_eq!(after.contains(Some("2035-01")), Some(true));
    }

    #[test]
    fn windows_refuse_bad_bounds_and_empty_spans() {
        let e = Window::parse(Some("2021-02-30"), None).unwrap_err();
        assert!(
            matches!(&e, WindowError::Bound { flag: "--from", .. }),
            "{e}"
        );
        assert!(e.to_string().starts_with("--from 2021-02-30: "), "{e}");
        let e = Window::parse(None, Some("yesterday")).unwrap_err();
        assert!(matches!(&e, WindowError::Bound { flag: "--to", .. }), "{e}");
        assert_eq!(
            Window::parse(Some("2022"), Some("2021-12")),
            Err(WindowError::Empty {
                from: "2022".into(),
                to: "2021-12".into()
            })
        );
        // One day is a window.
        assert!(Window::parse(Some("2021-04-09"), Some("2021-04-09")).is_ok());
    }
}
