//! Checks a [`DocMentions`] read back from a shard (`govgraph merge`,
//! `build --append`) before it reaches resolve.
//!
//! `extract_document` only produces records whose indices and spans are
//! consistent, and resolve and graph rely on that (they index vectors with
//! them). A shard on disk may have been truncated, edited or written by
//! another version; serde checks its shape, this checks its references, so a
//! bad record is reported with its reason instead of panicking later.

use super::{ArticleMentions, DocMentions};
use crate::resources::Resources;
use crate::text::Span;

/// Years a printed date may carry (resolve formats them as four digits).
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;
/// Relative years (今年 = 0, 去年 = -1) a record may carry.
const RELATIVE_YEARS: std::ops::RangeInclusive<i32> = -100..=100;

/// Check that every index of a record points inside its vector, every span
/// lies inside the document and every division id exists.
///
/// Returns the first problem found, phrased for a user ("article 2: event 0
/// names person 7, but the article has 3 persons").
pub fn check_record(res: &Resources, dm: &DocMentions) -> Result<(), String> {
    if dm.chars as u64 > crate::ingest::MAX_PAGE_BYTES {
        return Err(format!(
            "a document of {} characters is larger than any page can be",
            dm.chars
        ));
    }
    let doc = Span::new(0, dm.chars);
    let divisions = res.gazetteer.divisions.len();
    for (ai, a) in dm.articles.iter().enumerate() {
        check_article(a, doc, divisions).map_err(|e| format!("article {ai}: {e}"))?;
    }
    Ok(())
}

fn span_ok(what: &str, s: Span, within: Span) -> Result<(), String> {
    if s.start > s.end || !within.contains(s) {
        return Err(format!(
            "{what} span {}..{} lies outside {}..{}",
            s.start, s.end, within.start, within.end
        ));
    }
    Ok(())
}

fn index_ok(what: &str, i: usize, len: usize, of: &str) -> Result<(), String> {
    if i >= len {
        return Err(format!(
            "{what} names {of} {i}, but the article has only {len} {of} mention(s)"
        ));
    }
    Ok(())
}

fn check_article(a: &ArticleMentions, doc: Span, divisions: usize) -> Result<(), String> {
    span_ok("article", a.span, doc)?;
    let inside = a.span;
    for (i, p) in a.persons.iter().enumerate() {
        span_ok(&format!("person {i}"), p.span, inside)?;
        for t in &p.titles {
            span_ok(&format!("person {i} title"), t.span, inside)?;
        }
    }
    for (i, p) in a.places.iter().enumerate() {
        span_ok(&format!("place {i}"), p.span, inside)?;
        if let Some(&d) = p.candidates.iter().find(|&&d| d as usize >= divisions) {
            return Err(format!(
                "place {i} names division {d}, which does not exist"
            ));
        }
        if let Some(h) = p.parent_hint {
            index_ok(&format!("place {i}"), h, a.places.len(), "place")?;
        }
    }
    for (i, g) in a.agencies.iter().enumerate() {
        span_ok(&format!("agency {i}"), g.span, inside)?;
    }
    for (i, d) in a.dates.iter().enumerate() {
        span_ok(&format!("date {i}"), d.span, inside)?;
        // Day 0: only year and month printed (see `DateMention::day`).
        if !(1..=12).contains(&d.month) || !(0..=31).contains(&d.day) {
            return Err(format!("date {i} has month {} day {}", d.month, d.day));
        }
        if d.year.is_some_and(|y| !YEARS.contains(&y))
            || d.relative_year
                .is_some_and(|r| !RELATIVE_YEARS.contains(&r))
        {
            return Err(format!("date {i} has an impossible year"));
        }
    }
    for (i, d) in a.deixis.iter().enumerate() {
        span_ok(&format!("deixis {i}"), d.span, inside)?;
    }
    for (i, e) in a.events.iter().enumerate() {
        let what = format!("event {i}");
        span_ok(&what, e.span, inside)?;
        if let Some(d) = e.date {
            index_ok(&what, d, a.dates.len(), "date")?;
        }
        if let Some(d) = e.deixis_place {
            index_ok(&what, d, a.deixis.len(), "deixis")?;
        }
        for p in &e.participants {
            index_ok(&what, p.person, a.persons.len(), "person")?;
            span_ok(&format!("{what} participant"), p.evidence, inside)?;
        }
        for &o in &e.organizers {
            index_ok(&what, o, a.agencies.len(), "agency")?;
        }
        for &p in &e.places {
            index_ok(&what, p, a.places.len(), "place")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract_document;
    use crate::ingest::Document;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn record() -> DocMentions {
        let doc = Document::from_text(
            "p.txt",
            "### 县政府召开会议\n\n10月24日,县委常委、副县长黄振东在定昌镇出席会议。\n",
        );
        extract_document(&RES, &doc)
    }

    #[test]
    fn shard_check_accepts_extracted_records() {
        assert_eq!(check_record(&RES, &record()), Ok(()));
    }

    #[test]
    fn shard_check_accepts_the_seed_pages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(dir).unwrap() {
            let doc = Document::read(&entry.unwrap().path()).unwrap();
            let r = extract_document(&RES, &doc);
            assert_eq!(check_record(&RES, &r), Ok(()), "{}", doc.name);
        }
    }

    #[test]
    fn shard_check_names_bad_person_index() {
        let mut r = record();
        let a = &mut r.articles[0];
        assert!(!a.events.is_empty() && !a.events[0].participants.is_empty());
        a.events[0].participants[0].person = 99;
        let err = check_record(&RES, &r).unwrap_err();
        assert!(
            err.starts_with("article 0: event 0 names person 99"),
            "{err}"
        );
    }

    #[test]
    fn shard_check_names_span_outside_document() {
        let mut r = record();
        r.chars = 3;
        let err = check_record(&RES, &r).unwrap_err();
        assert!(err.contains("article span"), "{err}");
    }

    #[test]
    fn shard_check_names_unknown_division() {
        let mut r = record();
        let p = r.articles[0]
            .places
            .iter_mut()
            .find(|p| !p.candidates.is_empty())
            .expect("定昌镇 is in the gazetteer");
        p.candidates.push(u32::MAX);
        let err = check_record(&RES, &r).unwrap_err();
        assert!(err.contains("division 4294967295"), "{err}");
    }
}
