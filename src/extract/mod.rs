//! `extract`: per-article mentions of people with their titles, places,
//! agencies, dates, deictic references (我县) and events.
//!
//! **Boundary.** [`extract_document`] is a pure function of one
//! [`Document`] and the [`Resources`]: it never sees a second document and
//! never touches the filesystem, so documents extract in parallel and in
//! shards. Its output, [`DocMentions`], is plain serialisable data (the
//! shard format of `govgraph extract`).
//!
//! Each sub-module finds one kind of span; conflicts between kinds are
//! settled here, after all of them ran.

mod agencies;
#[cfg(test)]
mod cases;
mod dates;
mod events;
mod line;
mod lists;
mod outlets;
mod people;
mod places;
mod shard_check;
mod shard_line;
mod tagged;

pub use line::{ends_sentence, LineText, Tag, Token};
pub use shard_check::check_record;
pub use shard_line::write_doc;

use crate::ingest::{Document, LineKind};
use crate::resources::gazetteer::{DivId, Level};
use crate::resources::{self, LineWords, Resources};
use crate::text::Span;
use serde::{Deserialize, Serialize};

/// How a person appears in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum PersonRole {
    /// Holds a public office or post.
    Official,
    /// Wrote or photographed the article.
    Reporter,
    /// Anyone else.
    Other,
}

/// A title printed with a person mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleMention {
    /// The title as printed (县委常委).
    pub text: String,
    /// Where.
    pub span: Span,
}

/// A person named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMention {
    /// The name.
    pub name: String,
    /// Where.
    pub span: Span,
    /// Titles printed with this mention, in order.
    pub titles: Vec<TitleMention>,
    /// Official, reporter or other.
    pub role: PersonRole,
}

/// A place named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Surface form.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Gazetteer divisions it may denote (empty for villages and other places).
    pub candidates: Vec<DivId>,
    /// Level, when known from the gazetteer or the suffix.
    pub level: Level,
    /// For villages and communities: the index of the place mention printed
    /// right before it (定昌镇柳树村), its parent.
    pub parent_hint: Option<usize>,
    /// True when the name is printed inside an agency name (沁县残联): it then
    /// tells the jurisdiction but is not a place mention of its own.
    pub in_agency: bool,
    /// True when printed as a short form (涿鹿 for 涿鹿县).
    #[serde(default)]
    pub short: bool,
}

/// An agency named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyMention {
    /// Surface form.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Canonical template for short forms (`{J}残疾人联合会`) and the level
    /// character it was printed with.
    pub template: Option<(String, Option<char>)>,
}

/// What a printed date dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DateRole {
    /// What the article reports.
    #[default]
    Event,
    /// The report's dateline (某报6月26日讯): an event's date only when its
    /// sentence prints no other.
    Dateline,
    /// The page's own date (发布时间:2021-06-26): never an event's date;
    /// it gives day-only dates their month.
    Page,
}

impl DateRole {
    /// Is this the default role (left out of shard lines)?
    pub fn is_event(&self) -> bool {
        *self == DateRole::Event
    }

    /// Name on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            DateRole::Event => "event",
            DateRole::Dateline => "dateline",
            DateRole::Page => "page",
        }
    }
}

/// A calendar date printed in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// Where.
    pub span: Span,
    /// Printed year, if any.
    pub year: Option<i32>,
    /// Year relative to the page year (今年 = 0, 去年 = -1) when printed so.
    pub relative_year: Option<i32>,
    /// Month 1-12.
    pub month: u32,
    /// Day 1-31, or 0 when only year and month are printed (2019年11月).
    pub day: u32,
    /// What it dates.
    #[serde(default, skip_serializing_if = "DateRole::is_event")]
    pub role: DateRole,
    /// True for a day printed alone (15日上午): its month (and year) come
    /// from the date printed before it or the page's date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred_month: bool,
}

/// 我县, 该县, 全市, 本区 ...: a reference to the article's own jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeixisMention {
    /// Surface form.
    pub text: String,
    /// Where.
    pub span: Span,
    /// The level it points at.
    pub level: Level,
}

/// A person's part in an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Index into [`ArticleMentions::persons`].
    pub person: usize,
    /// 出席, 主持, 讲话, 带队, 调研, 陪同, 督查, 强调, 参加 ...
    pub role: String,
    /// The sentence that says so.
    pub evidence: Span,
}

/// A reported action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMention {
    /// meeting, inspection, research, training, ceremony, campaign,
    /// exhibition, volunteer, enforcement, other.
    pub kind: String,
    /// A short name (the clause that reports it).
    pub name: String,
    /// The sentence that reports it.
    pub span: Span,
    /// Index into [`ArticleMentions::dates`].
    pub date: Option<usize>,
    /// Who took part.
    pub participants: Vec<Participant>,
    /// Indices into [`ArticleMentions::agencies`].
    pub organizers: Vec<usize>,
    /// Indices into [`ArticleMentions::places`].
    pub places: Vec<usize>,
    /// Index into [`ArticleMentions::deixis`] when the place is 我县 etc.
    pub deixis_place: Option<usize>,
}

/// Everything found in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ArticleMentions {
    /// Article index in the document.
    pub index: usize,
    /// Article span.
    pub span: Span,
    /// The headline text (lines joined by a space).
    pub headline: String,
    /// People.
    pub persons: Vec<PersonMention>,
    /// Places.
    pub places: Vec<PlaceMention>,
    /// Agencies.
    pub agencies: Vec<AgencyMention>,
    /// Dates.
    pub dates: Vec<DateMention>,
    /// 我县 and the like.
    pub deixis: Vec<DeixisMention>,
    /// Events.
    pub events: Vec<EventMention>,
    /// The MinHash signature of the article's text, by which reposts are
    /// found across the corpus (`None`: too short to sign; shards written
    /// before signatures existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repost: Option<crate::repost::Signature>,
}

/// Everything found in one document: the extract stage's output and the
/// shard record of `govgraph extract`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMentions {
    /// Document base name.
    pub doc: String,
    /// Number of characters in the document.
    pub chars: usize,
    /// Per article.
    pub articles: Vec<ArticleMentions>,
}

/// Extract all mentions of one document.
pub fn extract_document(res: &Resources, doc: &Document) -> DocMentions {
    // Byte offset of every character, so each line is sliced in O(its length).
    let index = crate::text::CharIndex::new(&doc.text);
    let article_lines: Vec<Vec<LineText>> = doc
        .articles
        .iter()
        .map(|a| {
            let mut lines = Vec::new();
            for l in &a.lines {
                if l.kind == LineKind::Marker {
                    continue;
                }
                let text = &doc.text[index.byte_of(l.span.start)..index.byte_of(l.span.end)];
                let mut line = LineText::from_str(text, l.span.start, l.kind);
                line.tag(&res.jieba);
                lines.push(line);
            }
            lines
        })
        .collect();
    let page = page_date(&article_lines);
    let articles = doc
        .articles
        .iter()
        .zip(&article_lines)
        .map(|(a, lines)| {
            let mut am = extract_article(res, a.index, a.span, lines, page);
            cite_across_breaks(&doc.text, &index, &mut am);
            am.repost = crate::repost::sign_article(&doc.text, &index, a);
            am
        })
        .collect();
    DocMentions {
        doc: doc.name.clone(),
        chars: doc.text.chars().count(),
        articles,
    }
}

/// The page's own date: the first date printed as one (发布时间, a header's
/// 2021-06-26) or as a dateline (某报6月26日讯), anywhere on the page.
pub fn page_date(lines: &[Vec<LineText>]) -> Option<DateMention> {
    lines
        .iter()
        .flatten()
        .flat_map(dates::find_dates)
        .find(|d| d.role != DateRole::Event && d.day != 0)
}

/// Extract the mentions of one article from its lines. `page_date`: the
/// page's own date (see [`page_date`]), which gives day-only dates printed
/// before any other date their month.
pub fn extract_article(
    res: &Resources,
    index: usize,
    span: Span,
    lines: &[LineText],
    page_date: Option<DateMention>,
) -> ArticleMentions {
    let headline = lines
        .iter()
        .filter(|l| l.kind == LineKind::Headline)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut am = ArticleMentions {
        index,
        span,
        headline,
        ..Default::default()
    };
    // Day-only dates take the month of the date printed before them, or
    // of the page's date.
    let mut before = page_date;
    for line in lines {
        let full = dates::find_dates(line);
        let days = dates::find_days(line, &full, &mut before);
        let first = am.dates.len();
        am.dates.extend(full);
        am.dates.extend(days);
        am.dates[first..].sort_by_key(|d| d.span);
        am.deixis.extend(places::find_deixis(line));
    }
    let words: Vec<LineWords> = lines.iter().map(|l| res.line_words(&l.text)).collect();
    for (line, words) in lines.iter().zip(&words) {
        let mut agencies = agencies::find_agencies_in(res, line, words);
        agencies::trim_at_clauses(res, line, &mut agencies);
        agencies::whole_company_names(res, line, &mut agencies);
        // Outlets named by the page's furniture take in what the grammar
        // read inside them (某某县人民政府网 holds 某某县人民政府).
        let outlets = outlets::find_outlets(line);
        agencies.retain(|a| !outlets.iter().any(|o| o.span.overlaps(a.span)));
        agencies.extend(outlets);
        lists::list_agencies(res, line, words, &mut agencies);
        agencies.sort_by_key(|a| a.span);
        let villages = places::villages_named_by_their_organs(line, &mut agencies);
        let persons = people::find_people_in(res, line, &agencies, words);
        let places = places::find_places(res, line, &words.titles, &agencies, &persons);
        am.agencies.extend(agencies);
        am.persons.extend(persons);
        append_line_places(&mut am.places, places, villages);
    }
    agencies_across_line_breaks(res, lines, &mut am);
    tagged::add_tagged(res, lines, &words, &mut am);
    glue_short_forms_to_known_places(lines, &mut am);
    agencies::attach_units(&mut am.agencies);
    people::propagate_names(lines, &mut am.persons);
    people::listed_with_known_people(res, lines, &mut am.persons);
    people::drop_appellations(res, &mut am.persons);
    people::titles_in_parentheses(lines, &words, &mut am.persons);
    drop_places_inside_people(&mut am);
    drop_agencies_inside_people(res, &mut am);
    am.events = events::find_events(res, lines, &words, &am);
    am
}

/// A paragraph broken in the middle of a word (与岳阳 | 华峰化工有限公司签订…, a
/// page laid out in columns): an agency name across the break is read from
/// the end of one line and the start of the next. Its span covers the break;
/// its text leaves the break out.
fn agencies_across_line_breaks(res: &Resources, lines: &[LineText], am: &mut ArticleMentions) {
    const REACH: usize = 16;
    let stop =
        |c: char| !(crate::text::is_han(c) || c.is_ascii_alphanumeric() || c == '“' || c == '”');
    for w in lines.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.kind != LineKind::Body || b.kind != LineKind::Body {
            continue;
        }
        let (Some(&last), Some(&first)) = (a.chars.last(), b.chars.first()) else {
            continue;
        };
        if !crate::text::is_han(last) || !crate::text::is_han(first) {
            continue;
        }
        let n = a.chars.len();
        let mut ts = n;
        while ts > 0 && n - ts < REACH && !stop(a.chars[ts - 1]) {
            ts -= 1;
        }
        let mut he = 0;
        while he < b.chars.len() && he < REACH && !stop(b.chars[he]) {
            he += 1;
        }
        let joint = n - ts;
        let text: String = a.chars[ts..].iter().chain(b.chars[..he].iter()).collect();
        let mut v = LineText::from_str(&text, a.start + ts, LineKind::Body);
        v.tag(&res.jieba);
        let gap = b.start - (a.start + n);
        for m in agencies::find_agencies(res, &v) {
            let (s, e) = (m.span.start - v.start, m.span.end - v.start);
            if s >= joint || e <= joint {
                continue;
            }
            let span = Span::new(m.span.start, m.span.end + gap);
            am.agencies
                .retain(|x| !(span.contains(x.span) && x.span != span));
            if am.agencies.iter().any(|x| x.span.overlaps(span)) {
                continue;
            }
            am.agencies.push(AgencyMention {
                text: m.text,
                span,
                template: m.template,
            });
        }
    }
}

/// Mentions read across a line break cite the text they cover, break
/// included; one with more than white space in the break is dropped.
fn cite_across_breaks(text: &str, index: &crate::text::CharIndex, am: &mut ArticleMentions) {
    am.agencies.retain_mut(|a| {
        if a.span.len() == a.text.chars().count() {
            return true;
        }
        let covered = &text[index.byte_of(a.span.start)..index.byte_of(a.span.end)];
        let joined: String = covered.chars().filter(|c| !c.is_whitespace()).collect();
        if joined == a.text {
            a.text = covered.to_string();
            true
        } else {
            false
        }
    });
}

/// A short form whose level word ends a place named elsewhere in the article
/// (岳阳县北磴镇 …, then 北磴镇党委, where jieba reads 北|磴|镇党委): that
/// place is printed here too, and the short form is its organ.
fn glue_short_forms_to_known_places(lines: &[LineText], am: &mut ArticleMentions) {
    let mut extra = Vec::new();
    for a in &am.agencies {
        let Some((_, Some(level))) = &a.template else {
            continue;
        };
        if !a.text.starts_with(*level) {
            continue;
        }
        let at = a.span.start + 1;
        if am.places.iter().any(|p| p.span.end == at) {
            continue;
        }
        let Some(line) = lines
            .iter()
            .find(|l| l.start <= a.span.start && a.span.start < l.start + l.chars.len())
        else {
            continue;
        };
        let local = at - line.start;
        let found = am.places.iter().find(|p| {
            let n = p.text.chars().count();
            n >= 3
                && p.text.ends_with(*level)
                && n <= local
                && line.str_of(local - n, local) == p.text
        });
        if let Some(p) = found {
            let n = p.text.chars().count();
            let mut q = p.clone();
            q.span = Span::new(at - n, at);
            q.parent_hint = None;
            extra.push(q);
        }
    }
    am.places.extend(extra);
}

/// Append a line's places (those its villages named by their organs do not
/// overlap, and those villages) to the article's, in text order. A parent
/// hint numbers the line's places: it is renumbered to the article's.
fn append_line_places(
    article: &mut Vec<PlaceMention>,
    places: Vec<PlaceMention>,
    villages: Vec<PlaceMention>,
) {
    let n = places.len();
    let mut line: Vec<(Option<usize>, PlaceMention)> = places
        .into_iter()
        .enumerate()
        .filter(|(_, p)| !villages.iter().any(|v| v.span.overlaps(p.span)))
        .map(|(k, p)| (Some(k), p))
        .collect();
    line.extend(villages.into_iter().map(|v| (None, v)));
    line.sort_by_key(|(_, p)| p.span);
    // Where each of the line's places lands in the article (none: dropped).
    let mut at = vec![None; n];
    for (new, (old, _)) in line.iter().enumerate() {
        if let Some(old) = old {
            at[*old] = Some(article.len() + new);
        }
    }
    for (_, mut p) in line {
        p.parent_hint = p.parent_hint.and_then(|h| at[h]);
        article.push(p);
    }
}

/// A place read inside a person's name (赵永康: 永康) is none: the
/// article-level readings find some people after the places of their line.
/// Parent hints are renumbered.
fn drop_places_inside_people(am: &mut ArticleMentions) {
    let gone: Vec<bool> = am
        .places
        .iter()
        .map(|p| am.persons.iter().any(|q| q.span.overlaps(p.span)))
        .collect();
    if !gone.iter().any(|&g| g) {
        return;
    }
    let new_index: Vec<Option<usize>> = gone
        .iter()
        .scan(0usize, |next, &g| {
            Some(if g {
                None
            } else {
                *next += 1;
                Some(*next - 1)
            })
        })
        .collect();
    let mut k = 0;
    am.places.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    for p in &mut am.places {
        p.parent_hint = p.parent_hint.and_then(|h| new_index[h]);
    }
}

/// An "agency" that overlaps a person's name is a misreading (王某所 ...).
/// One read back over a person (副省长某某带领省政府办公厅) starts after
/// them, at the level word or place that opens its name; without one it is
/// no name.
fn drop_agencies_inside_people(res: &Resources, am: &mut ArticleMentions) {
    let persons = &am.persons;
    am.agencies.retain_mut(|a| {
        if persons
            .iter()
            .any(|p| p.span.overlaps(a.span) && !a.span.contains(p.span))
        {
            return false;
        }
        let Some(last) = persons
            .iter()
            .filter(|p| a.span.contains(p.span) && p.span.start > a.span.start)
            .map(|p| p.span.end)
            .max()
        else {
            return true;
        };
        let chars: Vec<char> = a.text.chars().collect();
        if chars.len() != a.span.len() {
            return false;
        }
        let from = last - a.span.start;
        let opens = (from..chars.len()).find(|&k| {
            let rest: String = chars[k..].iter().collect();
            resources::classes::is_division_level_char(chars[k])
                || res.gazetteer.first(&rest).is_some_and(|h| h.start == 0)
        });
        match opens {
            Some(k) if chars.len() - k >= 2 => {
                a.text = chars[k..].iter().collect();
                a.span = Span::new(a.span.start + k, a.span.end);
                a.template = res.abbreviations.get(&a.text).cloned();
                true
            }
            _ => false,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    #[test]
    fn extract_short_form_glued_to_a_place_named_before() {
        // 北磴镇 is in no gazetteer: known from 岳阳县北磴镇, it is the
        // place of 北磴镇党委 too.
        let doc = Document::from_text(
            "t.txt",
            "本报讯 岳阳县北磴镇开展网格化治理。北磴镇党委政府部署秋收工作。\n",
        );
        let dm = extract_document(&RES, &doc);
        let am = &dm.articles[0];
        let organ = am.agencies.iter().find(|a| a.text == "镇党委").unwrap();
        assert!(
            am.places
                .iter()
                .any(|p| p.text == "北磴镇" && p.span.end == organ.span.start + 1),
            "{:?}",
            am.places
        );
    }
    #[test]
    fn extract_titles_in_parentheses_after_the_name() {
        let doc = Document::from_text(
            "t.txt",
            "本报讯 岳阳县召开会议。王立平（县委办主任）、章红(县委常委、副县长)列席会议。李梅（女）发言。\n",
        );
        let dm = extract_document(&RES, &doc);
        let people: Vec<String> = dm.articles[0]
            .persons
            .iter()
            .map(|p| {
                let t: Vec<&str> = p.titles.iter().map(|t| t.text.as_str()).collect();
                format!("{}[{}]{:?}", p.name, t.join("|"), p.role)
            })
            .collect();
        assert_eq!(
            people,
            [
                "王立平[县委办主任]Official",
                "章红[县委常委|副县长]Official",
                "李梅[]Other"
            ]
        );
    }

    #[test]
    fn extract_village_hint_names_its_township_in_the_article() {
        // The first line's place comes first in the article's list: the
        // hint of the second line's village must still name 新墙镇.
        let doc = Document::from_text(
            "t.txt",
            "岳阳县推进茶叶产业\n本报讯 岳阳县大力发展茶叶。该县新墙镇清溪村建成茶园。\n",
        );
        let dm = extract_document(&RES, &doc);
        let am = &dm.articles[0];
        let village = am.places.iter().find(|p| p.text == "清溪村").unwrap();
        let hint = village.parent_hint.expect("hint");
        assert_eq!(am.places[hint].text, "新墙镇", "{:?}", am.places);
    }

    #[test]
    fn extract_bare_units_belong_to_the_organisation_named_before() {
        let doc = Document::from_text(
            "t.txt",
            "本报讯 县中医院针灸科开展义诊。由针灸科联合康复科进行了讲座。\n",
        );
        let dm = extract_document(&RES, &doc);
        let a = &dm.articles[0].agencies;
        let unit = a.iter().find(|a| a.text == "康复科").expect("康复科");
        assert_eq!(
            unit.template,
            Some(("{J}中医院康复科".to_string(), Some('县')))
        );
        // Without an organisation to belong to, a unit is no mention.
        let doc = Document::from_text("t.txt", "本报讯 由针灸科联合康复科进行了讲座。\n");
        let dm = extract_document(&RES, &doc);
        assert!(
            dm.articles[0].agencies.is_empty(),
            "{:?}",
            dm.articles[0].agencies
        );
    }
    #[test]
    fn extract_agency_read_over_a_person_starts_after_them() {
        let doc = Document::from_text(
            "t.txt",
            "本报讯 5月18日,副省长王明带领省政府办公厅负责同志调研。\n",
        );
        let dm = extract_document(&RES, &doc);
        let a: Vec<&str> = dm.articles[0]
            .agencies
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(a, ["省政府办公厅"]);
    }

    #[test]
    fn extract_agency_across_a_broken_paragraph() {
        let page = "本报讯 今年以来,该县持续推进校企合作,与岳阳\n\n华峰化工有限公司签订协议。\n";
        let doc = Document::from_text("t.txt", page);
        let dm = extract_document(&RES, &doc);
        let a = &dm.articles[0].agencies;
        let m = a
            .iter()
            .find(|m| m.text.replace('\n', "") == "岳阳华峰化工有限公司")
            .unwrap_or_else(|| panic!("{a:?}"));
        let covered: String = page.chars().skip(m.span.start).take(m.span.len()).collect();
        assert_eq!(covered, "岳阳\n\n华峰化工有限公司");
        assert_eq!(m.text, covered);
        assert_eq!(a.len(), 1, "{a:?}");
    }
}
