//! A document's mentions as one JSON line, written by hand: the same bytes
//! as serde_json's serialisation of [`DocMentions`] (tested against it),
//! at a fraction of the cost. Every document of a build and of `govgraph
//! extract` is written this way.

use super::{
    AgencyMention, ArticleMentions, DateMention, DeixisMention, DocMentions, EventMention,
    PersonMention, PersonRole, PlaceMention,
};
use crate::jsonw::{put_key, put_opt_int, put_str, put_uint};
use crate::text::Span;

/// `m` as JSON (no newline) appended to `out`.
pub fn write_doc(m: &DocMentions, out: &mut Vec<u8>) {
    out.push(b'{');
    put_key(out, "doc");
    put_str(out, &m.doc);
    next_key(out, "chars");
    put_uint(out, m.chars);
    next_key(out, "articles");
    put_list(out, &m.articles, put_article);
    out.push(b'}');
}

fn put_list<T>(out: &mut Vec<u8>, items: &[T], put: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        put(out, t);
    }
    out.push(b']');
}

fn put_span(out: &mut Vec<u8>, s: &Span) {
    out.extend_from_slice(b"{\"start\":");
    put_uint(out, s.start);
    out.extend_from_slice(b",\"end\":");
    put_uint(out, s.end);
    out.push(b'}');
}

/// `,"key":`: a field after the first.
fn next_key(out: &mut Vec<u8>, key: &str) {
    out.push(b',');
    put_key(out, key);
}

/// `,"key":` then the span.
fn field_span(out: &mut Vec<u8>, key: &str, s: &Span) {
    next_key(out, key);
    put_span(out, s);
}

fn put_opt_uint(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => put_uint(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

fn put_bool(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn put_article(out: &mut Vec<u8>, a: &ArticleMentions) {
    out.push(b'{');
    put_key(out, "index");
    put_uint(out, a.index);
    field_span(out, "span", &a.span);
    next_key(out, "headline");
    put_str(out, &a.headline);
    next_key(out, "persons");
    put_list(out, &a.persons, put_person);
    next_key(out, "places");
    put_list(out, &a.places, put_place);
    next_key(out, "agencies");
    put_list(out, &a.agencies, put_agency);
    next_key(out, "dates");
    put_list(out, &a.dates, put_date);
    next_key(out, "deixis");
    put_list(out, &a.deixis, put_deixis);
    next_key(out, "events");
    put_list(out, &a.events, put_event);
    if let Some(sig) = &a.repost {
        next_key(out, "repost");
        put_str(out, &sig.to_field());
    }
    out.push(b'}');
}

/// `{"text":…,"span":…` of a mention (the caller closes it).
fn open_mention(out: &mut Vec<u8>, text_key: &str, text: &str, span: &Span) {
    out.push(b'{');
    put_key(out, text_key);
    put_str(out, text);
    field_span(out, "span", span);
}

fn put_person(out: &mut Vec<u8>, p: &PersonMention) {
    open_mention(out, "name", &p.name, &p.span);
    next_key(out, "titles");
    put_list(out, &p.titles, |out, t| {
        open_mention(out, "text", &t.text, &t.span);
        out.push(b'}');
    });
    next_key(out, "role");
    put_str(
        out,
        match p.role {
            PersonRole::Official => "official",
            PersonRole::Reporter => "reporter",
            PersonRole::Other => "other",
        },
    );
    out.push(b'}');
}

fn put_place(out: &mut Vec<u8>, p: &PlaceMention) {
    open_mention(out, "text", &p.text, &p.span);
    next_key(out, "candidates");
    put_list(out, &p.candidates, |out, &c| put_uint(out, c as usize));
    next_key(out, "level");
    put_str(out, p.level.as_str());
    next_key(out, "parent_hint");
    put_opt_uint(out, p.parent_hint);
    next_key(out, "in_agency");
    put_bool(out, p.in_agency);
    next_key(out, "short");
    put_bool(out, p.short);
    out.push(b'}');
}

fn put_agency(out: &mut Vec<u8>, a: &AgencyMention) {
    open_mention(out, "text", &a.text, &a.span);
    next_key(out, "template");
    match &a.template {
        None => out.extend_from_slice(b"null"),
        Some((t, level)) => {
            out.push(b'[');
            put_str(out, t);
            out.push(b',');
            match level {
                Some(c) => put_str(out, c.encode_utf8(&mut [0; 4])),
                None => out.extend_from_slice(b"null"),
            }
            out.push(b']');
        }
    }
    out.push(b'}');
}

fn put_date(out: &mut Vec<u8>, d: &DateMention) {
    out.push(b'{');
    put_key(out, "span");
    put_span(out, &d.span);
    next_key(out, "year");
    put_opt_int(out, d.year.map(i64::from));
    next_key(out, "relative_year");
    put_opt_int(out, d.relative_year.map(i64::from));
    next_key(out, "month");
    put_uint(out, d.month as usize);
    next_key(out, "day");
    put_uint(out, d.day as usize);
    if !d.role.is_event() {
        next_key(out, "role");
        put_str(out, d.role.as_str());
    }
    if d.inferred_month {
        next_key(out, "inferred_month");
        out.extend_from_slice(b"true");
    }
    out.push(b'}');
}

fn put_deixis(out: &mut Vec<u8>, d: &DeixisMention) {
    open_mention(out, "text", &d.text, &d.span);
    next_key(out, "level");
    put_str(out, d.level.as_str());
    out.push(b'}');
}

fn put_event(out: &mut Vec<u8>, e: &EventMention) {
    out.push(b'{');
    put_key(out, "kind");
    put_str(out, &e.kind);
    next_key(out, "name");
    put_str(out, &e.name);
    field_span(out, "span", &e.span);
    next_key(out, "date");
    put_opt_uint(out, e.date);
    next_key(out, "participants");
    put_list(out, &e.participants, |out, p| {
        out.push(b'{');
        put_key(out, "person");
        put_uint(out, p.person);
        next_key(out, "role");
        put_str(out, &p.role);
        field_span(out, "evidence", &p.evidence);
        out.push(b'}');
    });
    next_key(out, "organizers");
    put_list(out, &e.organizers, |out, &i| put_uint(out, i));
    next_key(out, "places");
    put_list(out, &e.places, |out, &i| put_uint(out, i));
    next_key(out, "deixis_place");
    put_opt_uint(out, e.deixis_place);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract_document, Participant, TitleMention};
    use crate::ingest::Document;
    use crate::resources::gazetteer::Level;
    use crate::resources::Resources;

    fn same_as_serde(m: &DocMentions) {
        let mut out = Vec::new();
        write_doc(m, &mut out);
        let expected = serde_json::to_vec(m).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn seed_pages_are_written_as_serde_json_writes_them() {
        let res = Resources::builtin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut pages: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        pages.sort();
        assert!(!pages.is_empty());
        for p in pages {
            let m = extract_document(&res, &Document::read(&p).unwrap());
            assert!(m.articles.iter().any(|a| !a.events.is_empty()));
            same_as_serde(&m);
        }
    }

    #[test]
    fn every_field_and_variant_is_written_as_serde_json_writes_it() {
        let span = |s, e| Span::new(s, e);
        let article = ArticleMentions {
            index: 3,
            span: span(0, 99),
            headline: "标题\"引号\\\n\u{1}".into(),
            persons: vec![
                PersonMention {
                    name: "韩\"秀兰".into(),
                    span: span(1, 4),
                    titles: vec![TitleMention {
                        text: "县委常委".into(),
                        span: span(0, 1),
                    }],
                    role: PersonRole::Official,
                },
                PersonMention {
                    name: "甲".into(),
                    span: span(5, 6),
                    titles: vec![],
                    role: PersonRole::Reporter,
                },
                PersonMention {
                    name: "乙".into(),
                    span: span(7, 8),
                    titles: vec![],
                    role: PersonRole::Other,
                },
            ],
            places: vec![PlaceMention {
                text: "沁县".into(),
                span: span(9, 11),
                candidates: vec![0, 7, u32::MAX],
                level: Level::County,
                parent_hint: Some(2),
                in_agency: true,
                short: false,
            }],
            agencies: [
                None,
                Some(("{J}残联".to_string(), None)),
                Some(("x\"".into(), Some('县'))),
            ]
            .into_iter()
            .map(|template| AgencyMention {
                text: "县残联".into(),
                span: span(12, 15),
                template,
            })
            .collect(),
            dates: vec![
                DateMention {
                    span: span(16, 20),
                    year: Some(2024),
                    relative_year: Some(-1),
                    month: 10,
                    day: 22,
                    role: crate::extract::DateRole::Dateline,
                    inferred_month: false,
                },
                DateMention {
                    span: span(21, 25),
                    year: None,
                    relative_year: None,
                    month: 1,
                    day: 0,
                    role: crate::extract::DateRole::Event,
                    inferred_month: true,
                },
            ],
            deixis: [
                Level::Province,
                Level::City,
                Level::Township,
                Level::Village,
                Level::Community,
                Level::Other,
            ]
            .into_iter()
            .map(|level| DeixisMention {
                text: "我县".into(),
                span: span(26, 28),
                level,
            })
            .collect(),
            events: vec![EventMention {
                kind: "meeting".into(),
                name: "会议".into(),
                span: span(0, 40),
                date: Some(0),
                participants: vec![Participant {
                    person: 0,
                    role: "出席".into(),
                    evidence: span(1, 30),
                }],
                organizers: vec![1, 2],
                places: vec![0],
                deixis_place: None,
            }],
            repost: crate::repost::sign_chars(
                &"县委召开常委会议研究部署全县乡村振兴工作"
                    .chars()
                    .collect::<Vec<_>>(),
            ),
        };
        assert!(article.repost.is_some());
        let mut other = article.clone();
        other.events[0].date = None;
        other.events[0].deixis_place = Some(4);
        other.places[0].parent_hint = None;
        other.places[0].in_agency = false;
        other.places[0].short = true;
        same_as_serde(&DocMentions {
            doc: "page\\1.txt".into(),
            chars: 12345,
            articles: vec![article, other, ArticleMentions::default()],
        });
        same_as_serde(&DocMentions {
            doc: String::new(),
            chars: 0,
            articles: vec![],
        });
    }
}
