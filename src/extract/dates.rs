//! Dates: 2023年12月8日, 10月22日下午, 今年5月9日, 12月8日至10日,
//! 2021-06-26 (a page's header), 二〇二三年三月五日, and day-only dates
//! (14日, 5至6日) that take their month from the date printed before them
//! in the article or, failing that, from the page's own date.
//!
//! Each date has a [`DateRole`]: the date of what is reported, a dateline
//! (X站5月18日讯, 某报6月26日电), or the page's date (发布时间, 2021-06-26).
//! An event takes its sentence's own date before a dateline, and never a
//! page's date.

use super::{DateMention, DateRole, LineText};
use regex::Regex;
use std::sync::LazyLock;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // 3月8至9日: a range of days dates by its first.
    Regex::new(
        r"(?:(\d{4})年|(今年|去年|前年|明年))?(\d{1,2})月(?:(\d{1,2})(?:[至到—-]\d{1,2})?[日号])?",
    )
    .unwrap()
});
/// 2021-06-26, 2021/6/26, 2021.06.26: how pages print their own date.
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$)").unwrap()
});
/// 二〇二三年三月五日, 三月五日.
static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:([〇零一二三四五六七八九]{4})年)?([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})[日号]")
        .unwrap()
});
/// 14日, 5至6日, 5日至6日: a day of the month printed alone.
static DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})(?:日?[至到—-]\d{1,2})?[日号]").unwrap());

/// Words right after a date that make it a dateline (某报6月26日讯).
const DATELINE_MARKS: &[&str] = &["讯", "电", "消息", "报道"];
/// Words before a date, on its line, that make it the page's own date.
const PAGE_DATE_MARKS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发表时间",
    "更新时间",
    "时间:",
    "日期:",
    "来源:",
];

/// Find the dates printed in a line (not day-only ones: see
/// [`find_days`]); impossible month/day values are skipped.
pub fn find_dates(line: &LineText) -> Vec<DateMention> {
    let mut out = Vec::new();
    let text = line.text.as_str();
    let has_month = text.contains('月');
    if has_month {
        for c in DATE.captures_iter(text) {
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
            if recurs(&text[..m.start()]) {
                continue;
            }
            let year = c.get(1).and_then(|y| y.as_str().parse().ok());
            let relative_year = c.get(2).map(|r| match r.as_str() {
                "今年" => 0,
                "去年" => -1,
                "前年" => -2,
                _ => 1,
            });
            out.push(mention(
                line,
                m.start(),
                m.end(),
                year,
                relative_year,
                month,
                day,
            ));
        }
        for c in CN_DATE.captures_iter(text) {
            let m = c.get(0).unwrap();
            let year = c.get(1).and_then(|y| chinese_year(y.as_str()));
            let (Some(month), Some(day)) = (chinese_number(&c[2]), chinese_number(&c[3])) else {
                continue;
            };
            if (1..=12).contains(&month) && (1..=31).contains(&day) && !recurs(&text[..m.start()]) {
                out.push(mention(line, m.start(), m.end(), year, None, month, day));
            }
        }
    }
    if text.contains(['-', '/', '.']) {
        for c in ISO_DATE.captures_iter(text) {
            let (y, mo, d) = (c.get(1).unwrap(), &c[2], &c[3]);
            let (Ok(year), Ok(month), Ok(day)) = (y.as_str().parse(), mo.parse(), d.parse()) else {
                continue;
            };
            if (1..=12).contains(&month) && (1..=31).contains(&day) {
                let end = c.get(3).unwrap().end();
                let mut dm = mention(line, y.start(), end, Some(year), None, month, day);
                dm.role = DateRole::Page;
                out.push(dm);
            }
        }
    }
    out.sort_by_key(|d| d.span);
    out
}

/// Day-only dates of a line (14日, 5至6日), outside the spans of the
/// line's full dates, each given the month (and printed year) of `before`:
/// the date printed last before it. Updates `before` as it goes, with the
/// line's full dates too, so a caller walking an article's lines in order
/// carries the month along.
pub fn find_days(
    line: &LineText,
    full: &[DateMention],
    before: &mut Option<DateMention>,
) -> Vec<DateMention> {
    let mut out = Vec::new();
    let text = line.text.as_str();
    let mut full_iter = full.iter().peekable();
    let days: Vec<regex::Captures> = if text.contains(['日', '号']) {
        DAY.captures_iter(text).collect()
    } else {
        Vec::new()
    };
    let mut days = days.into_iter().peekable();
    // Walk full dates and days in text order, so each day takes the month
    // of the date right before it.
    loop {
        let next_day = days.peek().map(|c| c.get(0).unwrap().start());
        let next_full = full_iter
            .peek()
            .map(|d| line.byte_of(d.span.start - line.start));
        match (next_day, next_full) {
            (None, None) => break,
            (Some(_), Some(f)) if f <= next_day.unwrap() => {
                let d = full_iter.next().unwrap();
                if d.day != 0 {
                    *before = Some(*d);
                }
            }
            (None, Some(_)) => {
                let d = full_iter.next().unwrap();
                if d.day != 0 {
                    *before = Some(*d);
                }
            }
            (Some(_), _) => {
                let c = days.next().unwrap();
                let m = c.get(0).unwrap();
                let span = line.span_of_bytes(m.start(), m.end());
                if full.iter().any(|d| d.span.overlaps(span)) {
                    continue;
                }
                // 2018年3月23日 is a full date; 第3日, 10日元 and a digit run
                // (2018323日, a page that lost its 年 and 月) are none.
                let prev = text[..m.start()].chars().next_back();
                if prev.is_some_and(|p| p.is_ascii_digit() || "月年第.".contains(p)) {
                    continue;
                }
                let day: u32 = c[1].parse().unwrap_or(0);
                let Some(ctx) = *before else {
                    continue;
                };
                if !(1..=31).contains(&day) || recurs(&text[..m.start()]) {
                    continue;
                }
                // A day before the context's day is next month's only
                // when far before it (28日 … 2日): otherwise same month.
                let mut month = ctx.month;
                if ctx.day >= 25 && day + 20 <= ctx.day {
                    month = month % 12 + 1;
                }
                let mut dm = mention(line, m.start(), m.end(), None, None, month, day);
                dm.year = if month == ctx.month { ctx.year } else { None };
                dm.relative_year = if month == ctx.month {
                    ctx.relative_year
                } else {
                    None
                };
                dm.inferred_month = true;
                out.push(dm);
                *before = Some(DateMention {
                    role: DateRole::Event,
                    ..dm
                });
            }
        }
    }
    out
}

/// 每年10月17日 recurs: it dates no single event.
fn recurs(before: &str) -> bool {
    ["每年", "每月", "每逢", "每到"]
        .iter()
        .any(|w| before.ends_with(w))
}

/// A date mention for bytes `[b0, b1)` of the line, its role read from
/// the words around it.
fn mention(
    line: &LineText,
    b0: usize,
    b1: usize,
    year: Option<i32>,
    relative_year: Option<i32>,
    month: u32,
    day: u32,
) -> DateMention {
    let text = line.text.as_str();
    let after = &text[b1..];
    let role = if DATELINE_MARKS.iter().any(|w| after.starts_with(w)) {
        DateRole::Dateline
    } else if PAGE_DATE_MARKS.iter().any(|w| text[..b0].contains(w)) {
        DateRole::Page
    } else {
        DateRole::Event
    };
    DateMention {
        span: line.span_of_bytes(b0, b1),
        year,
        relative_year,
        month,
        day,
        role,
        inferred_month: false,
    }
}

/// 二〇二三 → 2023.
fn chinese_year(s: &str) -> Option<i32> {
    let mut y = 0;
    for c in s.chars() {
        y = y * 10 + i32::try_from(digit(c)?).ok()?;
    }
    Some(y)
}

/// A Chinese number up to 99 (五, 十, 十一, 二十三, 三十).
fn chinese_number(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

fn digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or((c == '零').then_some(0))
        .map(|p| p as u32)
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

    fn roles(s: &str) -> Vec<DateRole> {
        find_dates(&LineText::from_str(s, 0, LineKind::Body))
            .iter()
            .map(|d| d.role)
            .collect()
    }

    /// Full dates and days of lines read in order, as (month, day, inferred).
    fn with_days(lines: &[&str]) -> Vec<(u32, u32, bool)> {
        let mut before = None;
        let mut out = Vec::new();
        for l in lines {
            let line = LineText::from_str(l, 0, LineKind::Body);
            let full = find_dates(&line);
            let days = find_days(&line, &full, &mut before);
            let mut all: Vec<DateMention> = full.into_iter().chain(days).collect();
            all.sort_by_key(|d| d.span);
            out.extend(all.iter().map(|d| (d.month, d.day, d.inferred_month)));
        }
        out
    }

    #[test]
    fn dates_plain_and_full() {
        assert_eq!(
            dates("3月5日上午,市第一督查组来我县督导检查。"),
            vec![(None, None, 3, 5)]
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
        assert_eq!(
            dates("3月8至9日,考察组到清河县交流"),
            vec![(None, None, 3, 8)]
        );
        assert!(dates("13月40日").is_empty());
    }

    #[test]
    fn dates_chinese_numerals_and_page_dates() {
        assert_eq!(
            dates("二〇二三年三月五日,县政府召开会议"),
            vec![(Some(2023), None, 3, 5)]
        );
        assert_eq!(dates("十二月二十一日上午"), vec![(None, None, 12, 21)]);
        assert_eq!(
            dates("来源:县融媒体中心 发布时间:2021-06-26 09:30"),
            vec![(Some(2021), None, 6, 26)]
        );
        assert_eq!(
            roles("来源:县融媒体中心 发布时间:2021-06-26"),
            vec![DateRole::Page]
        );
        assert_eq!(roles("发布时间:2021年06月26日"), vec![DateRole::Page]);
        // Version numbers and decimals are no dates.
        assert!(dates("增长3.5.2个百分点,电话0731-2266-1234").is_empty());
    }

    #[test]
    fn dates_dateline_then_the_events_own_date() {
        assert_eq!(
            roles("县新闻网5月12日消息:5月10日,省调研组来我县调研。"),
            vec![DateRole::Dateline, DateRole::Event]
        );
        assert_eq!(roles("某日报6月26日讯 近日,"), vec![DateRole::Dateline]);
    }

    #[test]
    fn dates_day_only_takes_the_month_before_it() {
        assert_eq!(
            with_days(&[
                "7月14日,调研组来到县里。",
                "15日上午,调研组召开座谈会;16日离开。"
            ]),
            vec![(7, 14, false), (7, 15, true), (7, 16, true)]
        );
        // A range gives its first day; no month before: no date.
        assert_eq!(with_days(&["5至6日,培训班举办。"]), vec![]);
        assert_eq!(
            with_days(&["发布时间:2024-03-02", "1日至3日,县里举办活动。"]),
            vec![(3, 2, false), (3, 1, true)]
        );
        // Past the month's end: the next month.
        assert_eq!(
            with_days(&["9月28日启动,", "2日结束。"]),
            vec![(9, 28, false), (10, 2, true)]
        );
        // Digit runs and ordinal days are no dates.
        assert_eq!(
            with_days(&["3月1日开幕。", "2018323日上午,第3日"]),
            vec![(3, 1, false)]
        );
    }
}
