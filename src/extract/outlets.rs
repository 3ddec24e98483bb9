//! Media outlets and sources named by a page's furniture, not by an
//! organ's head word: 来源:某某新闻网, a lead 某某日报6月26日讯 or
//! 某某网7月10日消息, 某某日报记者 (a reporter's outlet), a credit
//! (某某区域经济/记者名), 某某新媒体出品. Each is an organisation; a place
//! inside one (闽侯 in 闽侯乡音报) is no place mention of its own.

use super::{AgencyMention, LineText};
use crate::text::is_han;
use regex::Regex;
use std::sync::LazyLock;

/// Longest outlet name, in characters.
const MAX_OUTLET: usize = 16;

/// Labels of a page's source line.
const SOURCE_LABELS: &[&str] = &["稿件来源", "信息来源", "文章来源", "来源"];
/// The part every source label holds (see [`source_outlet`]).
const SOURCE_MARK: &str = "来源";
/// Labels that may follow the source on the same line: the source ends there.
const NEXT_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "时间",
    "日期",
    "作者",
    "编辑",
    "责任编辑",
    "浏览",
    "点击",
    "发布机构",
    "字号",
    "阅读",
];
/// Endings of an outlet's name printed before 记者 (某某日报记者).
const OUTLET_ENDS: &[&str] = &[
    "日报",
    "晚报",
    "早报",
    "报社",
    "报",
    "新闻网",
    "网",
    "电视台",
    "广播电视台",
    "电台",
    "广电台",
    "融媒体中心",
    "通讯社",
    "分社",
    "新媒体",
    "客户端",
    "之声",
    "在线",
];

/// A lead naming its outlet: [■●◆] 某某(7月10日)?(讯|消息|电).
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[■●◆▲【\[(]*\s*([\p{Han}A-Za-z]{2,16}?)(?:\d{1,2}月\d{1,2}日)?(?:讯|消息|电)(?:[\s:(（,]|$)")
        .unwrap()
});
/// A credit naming its outlet: (某某/名字 名字).
static CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([\p{Han}]{2,16})/[\p{Han}]").unwrap());
/// 某某出品 closing a page.
static PRODUCED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han}A-Za-z]{2,16})出品\s*$").unwrap());

/// Outlets named in one line (local char spans are made document spans).
pub fn find_outlets(line: &LineText) -> Vec<AgencyMention> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    source_outlet(line, &mut spans);
    lead_outlet(line, &mut spans);
    reporter_outlets(line, &mut spans);
    // Each pattern runs only on lines holding its fixed part.
    let patterns = [(&*CREDIT, "/"), (&*PRODUCED, "出品")];
    for (re, _) in patterns.iter().filter(|(_, must)| line.text.contains(must)) {
        for c in re.captures_iter(&line.text) {
            let m = c.get(1).unwrap();
            spans.push((line.char_of(m.start()), line.char_of(m.end())));
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans
        .into_iter()
        .filter(|&(s, e)| e - s >= 2 && e - s <= MAX_OUTLET && !pointing(line, s))
        .map(|(s, e)| AgencyMention {
            text: line.str_of(s, e).to_string(),
            span: line.span(s, e),
            template: None,
        })
        .collect()
}

/// 本报, 本网, 我台: the page's own outlet, named by no name.
fn pointing(line: &LineText, s: usize) -> bool {
    matches!(line.chars.get(s), Some('本' | '我' | '该'))
}

/// 来源:某某新闻网 — the source runs to a space, a mark or the next label.
fn source_outlet(line: &LineText, out: &mut Vec<(usize, usize)>) {
    // Every label ends in 来源: most lines are passed over in one search.
    if !line.text.contains(SOURCE_MARK) {
        return;
    }
    for label in SOURCE_LABELS {
        let Some(b) = line.text.find(label) else {
            continue;
        };
        let mut s = line.char_of(b + label.len());
        let chars = &line.chars;
        while s < chars.len() && matches!(chars[s], ':' | ' ' | '：') {
            s += 1;
        }
        let mut e = s;
        while e < chars.len() && (is_han(chars[e]) || chars[e].is_ascii_alphanumeric()) {
            if NEXT_LABELS.iter().any(|l| line.rest(e).starts_with(l)) && e > s {
                break;
            }
            e += 1;
        }
        if e > s && chars[s..e].iter().any(|&c| is_han(c)) {
            out.push((s, e));
        }
        return;
    }
}

/// 某某日报6月26日讯, 某某网7月10日消息 at the start of a line.
fn lead_outlet(line: &LineText, out: &mut Vec<(usize, usize)>) {
    // The pattern's last word must be there before it is worth running.
    let t = &line.text;
    if !(t.contains('讯') || t.contains('电') || t.contains("消息")) {
        return;
    }
    if let Some(c) = LEAD.captures(t) {
        let m = c.get(1).unwrap();
        out.push((line.char_of(m.start()), line.char_of(m.end())));
    }
}

/// 某某日报记者, 某某网记者: the outlet a reporter writes for, read back
/// from 记者 to the start of the line, a mark or a space.
fn reporter_outlets(line: &LineText, out: &mut Vec<(usize, usize)>) {
    let chars = &line.chars;
    for (b, _) in line.text.match_indices("记者") {
        let e = line.char_of(b);
        let Some(end) = OUTLET_ENDS.iter().find(|w| line.str_of(0, e).ends_with(*w)) else {
            continue;
        };
        let mut s = e;
        while s > 0 && is_han(chars[s - 1]) && e - s < MAX_OUTLET {
            s -= 1;
        }
        // The name holds more than its ending, and starts at a mark.
        let starts_at_mark = s == 0 || !is_han(chars[s - 1]);
        if starts_at_mark && e - s > end.chars().count() {
            out.push((s, e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;

    fn outlets(s: &str) -> Vec<String> {
        find_outlets(&LineText::from_str(s, 0, LineKind::Body))
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn every_source_label_holds_the_mark_lines_are_screened_by() {
        assert!(SOURCE_LABELS.iter().all(|l| l.contains(SOURCE_MARK)));
    }

    #[test]
    fn outlets_sources_leads_reporters_credits() {
        assert_eq!(
            outlets("发布时间:2021-05-07 来源:清河新闻网 作者:王明"),
            ["清河新闻网"]
        );
        assert_eq!(outlets("来源:县融媒体中心发布时间:2021"), ["县融媒体中心"]);
        assert_eq!(outlets("江南日报6月26日讯(记者 王明)近日,"), ["江南日报"]);
        assert_eq!(outlets("清河新闻网3月2日消息:3月1日上午,"), ["清河新闻网"]);
        assert_eq!(outlets("■江南晚报记者 王明 特约记者 李强"), ["江南晚报"]);
        assert_eq!(outlets("(清河区域经济/王明 李强)5月5日"), ["清河区域经济"]);
        assert_eq!(outlets("江南日报新媒体出品"), ["江南日报新媒体"]);
        // The page's own outlet has no name; a reporter alone no outlet.
        assert!(outlets("本报讯(记者 王明)").is_empty());
        assert!(outlets("本网讯 11月4日,").is_empty());
        assert!(outlets("县长王明接受记者采访").is_empty());
    }
}
