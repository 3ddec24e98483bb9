//! Dates: 2023年12月8日, 10月22日下午, 今年5月9日, 12月8日至10日.

use super::{DateMention, LineText};
use regex::Regex;
use std::sync::LazyLock;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4})年|(今年|去年|前年|明年))?(\d{1,2})月(?:(\d{1,2})[日号])?").unwrap()
});

/// Find dates in a line; impossible month/day values are skipped.
pub fn find_dates(line: &LineText) -> Vec<DateMention> {
    let mut out = Vec::new();
    // Every date names its month: most lines have no 月 and need no
    // regex search (a substring search is many times faster).
    if !line.text.contains('月') {
        return out;
    }
    for c in DATE.captures_iter(&line.text) {
        let m = c.get(0).unwrap();
        let month: u32 = c[3].parse().unwrap_or(0);
        // A month without a day is a date only with its year (2019年11月).
        let day: u32 = match c.get(4) {
            Some(d) => d.as_str().parse().unwrap_or(0),
            None if c.get(1).is_some() => 0,
            None => continue,
        };
        if !(1..=12).contains(&month) || day > 31 || (c.get(4).is_some() && day == 0) {
            continue;
        }
        // 每年10月17日 recurs: it dates no single event.
        let before = &line.text[..m.start()];
        if ["每年", "每月", "每逢", "每到"]
            .iter()
            .any(|w| before.ends_with(w))
        {
            continue;
        }
        let year = c.get(1).and_then(|y| y.as_str().parse().ok());
        let relative_year = c.get(2).map(|r| match r.as_str() {
            "今年" => 0,
            "去年" => -1,
            "前年" => -2,
            _ => 1,
        });
        out.push(DateMention {
            span: line.span_of_bytes(m.start(), m.end()),
            year,
            relative_year,
            month,
            day,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;

    fn dates(s: &str) -> Vec<(Option<i32>, Option<i32>, u32, u32)> {
        find_dates(&LineText::from_str(s, 0, LineKind::Body))
            .iter()
            .map(|d| (d.year, d.relative_year, d.month, d.day))
            .collect()
    }

    #[test]
    fn dates_plain_and_full() {
        assert_eq!(
            dates("10月22日下午,市第二督查组在我县督导检查。"),
            vec![(None, None, 10, 22)]
        );
        assert_eq!(
            dates("决定自2023年12月10日20时启动预警"),
            vec![(Some(2023), None, 12, 10)]
        );
    }

    #[test]
    fn dates_month_with_year_and_recurring_days() {
        assert_eq!(
            dates("2019年11月至今,在刘志华的带领下"),
            vec![(Some(2019), None, 11, 0)]
        );
        assert!(dates("11月至今").is_empty());
        assert!(dates("在每年10月17日,支队都开展义诊活动").is_empty());
    }

    #[test]
    fn dates_relative_and_range() {
        assert_eq!(dates("今年5月9日,调研组"), vec![(None, Some(0), 5, 9)]);
        assert_eq!(
            dates("12月8日至10日,沁县举办培训班"),
            vec![(None, None, 12, 8)]
        );
        assert!(dates("13月40日").is_empty());
    }
}
