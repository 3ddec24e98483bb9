//! Page splitting: classify each line, then group lines into articles.
//!
//! A page has no markup we can trust. Headlines are short lines without
//! closing punctuation; an article starts at a headline block followed by a
//! lead (本报讯, a byline, a dateline), at a markdown heading, or after a
//! closing byline. Other short lines inside an article are section heads.

use super::{Article, Line, LineKind};
use crate::resources::names::looks_like_name;
use crate::text::{is_han, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Longest line (in characters) that can still be a headline.
const MAX_HEADLINE_CHARS: usize = 64;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]?(上接|下转|接上|转下|转第|接第)[^)）]{0,8}[版页][)）]?$").unwrap()
});
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(本报讯|本报|新华社|[(（]?(记者|通讯员|特约记者)|——|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日)").unwrap()
});

/// The lead of a news report: an article has one, so a second one opens the next.
static NEWS_LEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(本报讯|新华社)").unwrap());

/// What the grouping needs to know of a line besides its kind.
#[derive(Debug, Clone, Copy)]
struct LineInfo {
    /// Starts with 本报讯 / 新华社.
    news_lead: bool,
    /// Short and not ending a sentence: may be a headline run into the text.
    unfinished: bool,
}

/// Candidate kinds before grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cand {
    /// `#`..`###` heading.
    Heading,
    /// `####` or deeper.
    DeepHeading,
    /// Short line without closing punctuation.
    Short,
    Body,
    Byline,
    Caption,
    Marker,
}

/// Split a normalised page into articles.
pub fn split_articles(text: &str) -> Vec<Article> {
    let lines = classify_lines(text);
    let mut articles: Vec<Article> = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut has_body = false;
    let mut closed = false;
    let mut lead_seen = false;

    let flush = |cur: &mut Vec<Line>, articles: &mut Vec<Article>| {
        if cur.is_empty() {
            return;
        }
        let span = Span::new(cur[0].span.start, cur[cur.len() - 1].span.end);
        articles.push(Article {
            index: articles.len(),
            span,
            lines: std::mem::take(cur),
        });
    };

    for &(span, cand, info) in &lines {
        // A second 本报讯 in one article is the next report, whose headline
        // (a short line not ending a sentence) was read as running text.
        if cand == Cand::Body && info.news_lead && lead_seen && has_body && !closed {
            let mut head = Vec::new();
            while head.len() < 3
                && cur.len() > 1
                && cur.last().is_some_and(|l: &Line| {
                    l.kind == LineKind::Body
                        && lines
                            .iter()
                            .find(|x| x.0 == l.span)
                            .is_some_and(|x| x.2.unfinished)
                })
            {
                head.push(cur.pop().expect("non-empty"));
            }
            flush(&mut cur, &mut articles);
            for mut l in head.into_iter().rev() {
                l.kind = LineKind::Headline;
                cur.push(l);
            }
            lead_seen = false;
        }
        if info.news_lead {
            lead_seen = true;
        }
        let kind = match cand {
            Cand::Heading => {
                if has_body {
                    flush(&mut cur, &mut articles);
                    has_body = false;
                    closed = false;
                    lead_seen = info.news_lead;
                }
                LineKind::Headline
            }
            Cand::DeepHeading => {
                if has_body && !closed {
                    LineKind::Subhead
                } else {
                    if closed {
                        flush(&mut cur, &mut articles);
                        has_body = false;
                        closed = false;
                        lead_seen = info.news_lead;
                    }
                    LineKind::Headline
                }
            }
            Cand::Short => {
                if !has_body {
                    LineKind::Headline
                } else if closed {
                    flush(&mut cur, &mut articles);
                    has_body = false;
                    closed = false;
                    lead_seen = info.news_lead;
                    LineKind::Headline
                } else {
                    LineKind::Subhead
                }
            }
            Cand::Body => {
                if closed {
                    flush(&mut cur, &mut articles);
                    closed = false;
                    lead_seen = info.news_lead;
                }
                has_body = true;
                LineKind::Body
            }
            Cand::Byline => {
                if has_body {
                    closed = true;
                }
                LineKind::Byline
            }
            Cand::Caption => {
                closed = true;
                has_body = true;
                LineKind::Caption
            }
            Cand::Marker => {
                if closed {
                    flush(&mut cur, &mut articles);
                    has_body = false;
                    closed = false;
                    lead_seen = info.news_lead;
                }
                LineKind::Marker
            }
        };
        cur.push(Line { span, kind });
    }
    flush(&mut cur, &mut articles);
    articles
}

fn classify_lines(text: &str) -> Vec<(Span, Cand, LineInfo)> {
    let mut out = Vec::new();
    // The trimmed text of each line in `out`, kept here rather than sliced
    // out of `text` again by char offset (which is quadratic on long pages).
    let mut texts: Vec<&str> = Vec::new();
    let mut pos = 0usize; // char offset of the line start
    for raw in text.split('\n') {
        let n = raw.chars().count();
        let lead_ws = raw.chars().take_while(|c| c.is_whitespace()).count();
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let tlen = trimmed.chars().count();
            let span = Span::new(pos + lead_ws, pos + lead_ws + tlen);
            out.push((span, classify(trimmed)));
            texts.push(trimmed);
        }
        pos += n + 1;
    }
    // A short line opens an article when, past further short lines and
    // bylines, the first running text is a lead (本报讯, 记者, a dateline) or
    // a heading; a line starting with —— is a subtitle.
    let mut result = out.clone();
    for i in 0..out.len() {
        if out[i].1 != Cand::Short {
            continue;
        }
        let mut j = i + 1;
        while j < out.len() && matches!(out[j].1, Cand::Short | Cand::Byline) && j - i <= 4 {
            j += 1;
        }
        let lead = j < out.len()
            && (LEAD.is_match(texts[j]) || matches!(out[j].1, Cand::Heading | Cand::Marker));
        if lead || texts[i].starts_with("——") {
            result[i].1 = Cand::Heading;
        }
    }
    result
        .into_iter()
        .zip(texts.iter())
        .map(|((span, cand), t)| {
            let last = t.chars().last().unwrap_or(' ');
            let ends_sentence = matches!(last, '。' | '!' | '?' | '…' | '”' | '"' | ';');
            let info = LineInfo {
                news_lead: NEWS_LEAD.is_match(t),
                unfinished: !ends_sentence && span.len() <= MAX_HEADLINE_CHARS,
            };
            (span, cand, info)
        })
        .collect()
}

fn classify(line: &str) -> Cand {
    if let Some(rest) = line.strip_prefix('#') {
        let level = 1 + rest.chars().take_while(|&c| c == '#').count();
        return if level <= 3 {
            Cand::Heading
        } else {
            Cand::DeepHeading
        };
    }
    if MARKER.is_match(line) {
        return Cand::Marker;
    }
    let n = line.chars().count();
    if n <= 40 && line.ends_with('摄') {
        return Cand::Caption;
    }
    if is_byline(line) {
        return Cand::Byline;
    }
    let last = line.chars().last().unwrap_or(' ');
    let closes = matches!(
        last,
        '。' | '!' | '?' | ';' | '…' | '”' | '"' | ':' | ',' | '、' | '」' | '’'
    );
    // Two commas make running text (a paragraph cut short), not a headline.
    let commas = || {
        line.chars()
            .filter(|&c| c == ',' || c == '\u{ff0c}')
            .count()
    };
    if n <= MAX_HEADLINE_CHARS && !closes && commas() < 2 && line.chars().any(is_han) {
        Cand::Short
    } else {
        Cand::Body
    }
}

/// A line that only names reporters: 杨桂英 / (赵丽华 胡玉梅) / ·王娜 崔静· /
/// (本报记者) / 本报记者 张三.
pub fn is_byline(line: &str) -> bool {
    let inner = line
        .trim_matches(|c: char| matches!(c, '(' | ')' | '·' | '•' | '【' | '】' | '[' | ']' | ' '));
    // A character takes one to four bytes: most lines are told by length.
    let too_long = inner.len() > 4 * 40 || (inner.len() > 40 && inner.chars().count() > 40);
    if inner.is_empty() || too_long {
        return false;
    }
    if matches!(inner, "本报记者" | "记者" | "通讯员" | "本报通讯员") {
        return true;
    }
    let mut names = 0;
    for tok in inner.split([' ', '、', '\t']).filter(|t| !t.is_empty()) {
        let tok = tok
            .trim_start_matches("本报记者")
            .trim_start_matches("实习记者")
            .trim_start_matches("记者")
            .trim_start_matches("通讯员");
        if tok.is_empty() {
            continue;
        }
        if !looks_like_name(tok) {
            return false;
        }
        names += 1;
    }
    names > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Vec<LineKind>> {
        split_articles(text)
            .iter()
            .map(|a| a.lines.iter().map(|l| l.kind).collect())
            .collect()
    }

    #[test]
    fn split_markdown_headlines_and_lone_name_byline() {
        let page = "### 县政府召开会议\n\n10月24日,县政府召开会议。\n\n胡静\n\n### 我县召开推进会\n\n10月22日,我县召开推进会。\n";
        let k = kinds(page);
        assert_eq!(k.len(), 2);
        assert_eq!(
            k[0],
            vec![LineKind::Headline, LineKind::Body, LineKind::Byline]
        );
    }

    #[test]
    fn split_plain_headline_before_lead() {
        let page = "开展爱国卫生运动\n活动启动 贺建军出席\n本报讯 记者周晓燕报道:12月8日,活动启动。\n市人大常委会调研 王耀带队\n本报讯 记者孙海燕报道:12月7日,调研。\n";
        let k = kinds(page);
        assert_eq!(k.len(), 2);
        assert_eq!(k[0][0], LineKind::Headline);
        assert_eq!(k[1][0], LineKind::Headline);
    }

    #[test]
    fn split_section_head_stays_in_article() {
        let page =
            "标题一\n本报讯 今年以来,开展工作。\n严防死守 疫无反顾\n面对新的形势,干部下沉一线。\n";
        let k = kinds(page);
        assert_eq!(k.len(), 1);
        assert_eq!(k[0][2], LineKind::Subhead);
    }

    #[test]
    fn split_text_after_closing_byline_is_new_article() {
        let page = "### 标题\n\n正文一段。\n\n刘文博\n\n10月17日,故县开展宣传活动。\n";
        assert_eq!(kinds(page).len(), 2);
    }

    #[test]
    fn split_caption_and_marker() {
        let page =
            "12月8日,工人正在制作内衣。\n本报记者 易文军 摄\n(上接第一版)县城区小学生午餐全覆盖。\n";
        let arts = split_articles(page);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].lines[1].kind, LineKind::Caption);
    }

    #[test]
    fn split_byline_shapes() {
        assert!(is_byline("杨桂英"));
        assert!(is_byline("(赵丽华 胡玉梅)"));
        assert!(is_byline("·王娜 崔静 高卫东·"));
        assert!(is_byline("(本报记者)"));
        assert!(!is_byline("新闻时评"));
        assert!(!is_byline("地方关注"));
    }
    #[test]
    fn split_second_news_lead_opens_next_report() {
        let page = "县医院开展义诊\n本报讯 5月3日,县医院开展义诊活动。\n当天共接诊群众200余人。\n义诊活动 县中医院针灸科走进社区、\n本报讯 5月6日,县中医院针灸科走进社区。\n";
        let arts = split_articles(page);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].lines.len(), 3);
        assert_eq!(arts[1].lines[0].kind, LineKind::Headline);
        assert_eq!(arts[1].lines[1].kind, LineKind::Body);
    }

    #[test]
    fn split_cut_paragraph_with_commas_is_no_headline() {
        let page = "### 标题\n\n本报讯 今年以来,该县持续开展活动。\n\n近年来,该镇综合服务站整合资源,带动村民积极参与\n\n县水利局抓防汛\n\n本报讯 县水利局部署防汛工作。\n";
        let k = kinds(page);
        assert_eq!(k.len(), 2, "{k:?}");
        assert_eq!(
            k[0],
            vec![LineKind::Headline, LineKind::Body, LineKind::Body]
        );
    }
}
