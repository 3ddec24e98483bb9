//! Events: one per reported action. A dated sentence with a trigger
//! (召开, 调研, 督查, 培训, 启动 …) opens an event; the sentences after it,
//! up to the next dated one, add participants (出席, 主持, 强调 …).
//! Reporters never take part.

use super::{ArticleMentions, DateRole, EventMention, LineText, Participant, PersonRole};
use crate::ingest::LineKind;
use crate::resources::{LineWords, Resources};
use crate::text::{is_han, Span};

/// Kinds that say more than "campaign" or "other"; preferred when a
/// sentence has several triggers.
const SPECIFIC: &[&str] = &[
    "meeting",
    "inspection",
    "research",
    "training",
    "ceremony",
    "exhibition",
    "volunteer",
    "enforcement",
];

/// Where participants of the next sentences go.
enum Scope {
    /// No event is open.
    Closed,
    /// A dated sentence without a trigger or people: an event once someone
    /// takes part. `line` is the paragraph it opened in; `cross` lets it run
    /// past its paragraph.
    Pending {
        event: Box<EventMention>,
        line: usize,
        cross: bool,
    },
    /// An event taking participants.
    Open {
        event: usize,
        line: usize,
        cross: bool,
    },
}

/// The date of a sentence: the first printed in it as the date of what
/// it reports, else its dateline; never the page's own date.
fn date_in(am: &ArticleMentions, sent: &Sentence) -> Option<usize> {
    let inside = |role: DateRole| {
        am.dates
            .iter()
            .position(|d| d.role == role && sent.span.contains(d.span))
    };
    inside(DateRole::Event).or_else(|| inside(DateRole::Dateline))
}

struct Sentence<'a> {
    line: &'a LineText,
    /// The line's words (its triggers among them).
    words: &'a LineWords,
    s: usize,
    e: usize,
    span: Span,
}

/// Find the events of an article from its lines and the mentions found in them.
/// `words` are the lines' words ([`Resources::line_words`]).
pub fn find_events(
    res: &Resources,
    lines: &[LineText],
    words: &[LineWords],
    am: &ArticleMentions,
) -> Vec<EventMention> {
    let mut sentences = Vec::new();
    for (line, words) in lines.iter().zip(words) {
        if matches!(
            line.kind,
            LineKind::Byline | LineKind::Caption | LineKind::Marker
        ) {
            continue;
        }
        for (s, e) in line.sentences() {
            sentences.push(Sentence {
                line,
                words,
                s,
                e,
                span: line.span(s, e),
            });
        }
    }
    // A dated sentence opens a scope that runs to the end of its paragraph;
    // the lead event of an article with few dates runs to the next date
    // (a report on one event names its people anywhere in the text).
    let dated = sentences
        .iter()
        .filter(|s| s.line.kind != LineKind::Headline && date_in(am, s).is_some())
        .count();
    let mut events: Vec<EventMention> = Vec::new();
    let mut scope = Scope::Closed;
    let mut lead_seen = false;
    let mut headline_people: Vec<Participant> = Vec::new();
    for sent in &sentences {
        let text = sent.line.str_of(sent.s, sent.e);
        let date = date_in(am, sent);
        // The line's triggers that start in this sentence, from its start.
        let (b0, b1) = (sent.line.byte_of(sent.s), sent.line.byte_of(sent.e));
        let triggers: Vec<(usize, usize, String)> = sent
            .words
            .triggers
            .iter()
            .filter(|t| (b0..b1).contains(&t.0))
            .map(|(s, e, k)| (s - b0, e - b0, k.clone()))
            .collect();
        let people = participants(res, sent, am);
        if sent.line.kind == LineKind::Headline {
            if !triggers.is_empty() {
                headline_people.extend(people);
            }
            continue;
        }
        if let Scope::Pending { line, cross, .. } | Scope::Open { line, cross, .. } = &scope {
            if *line != sent.line.start && !cross {
                scope = Scope::Closed;
            }
        }
        if date.is_some() {
            let cross = !lead_seen && dated <= 2;
            lead_seen = true;
            let ev = new_event(res, sent, text, &triggers, date, am);
            scope = if triggers.is_empty() && people.is_empty() {
                Scope::Pending {
                    event: Box::new(ev),
                    line: sent.line.start,
                    cross,
                }
            } else {
                events.push(ev);
                Scope::Open {
                    event: events.len() - 1,
                    line: sent.line.start,
                    cross,
                }
            };
        } else if matches!(scope, Scope::Closed) && !triggers.is_empty() {
            let ev = new_event(res, sent, text, &triggers, None, am);
            // 近日,县妇联联合县卫健局开展筛查活动。县妇联主席某某参加活动。:
            // the event is named where it is told, its people come after.
            scope = if people.is_empty() {
                Scope::Pending {
                    event: Box::new(ev),
                    line: sent.line.start,
                    cross: false,
                }
            } else {
                events.push(ev);
                Scope::Open {
                    event: events.len() - 1,
                    line: sent.line.start,
                    cross: false,
                }
            };
        }
        if people.is_empty() {
            continue;
        }
        if let Scope::Pending { event, line, cross } = scope {
            events.push(*event);
            scope = Scope::Open {
                event: events.len() - 1,
                line,
                cross,
            };
        }
        if let Scope::Open { event, .. } = scope {
            for p in people {
                add_participant(&mut events[event], p, am);
            }
        }
    }
    if let Some(first) = events.first_mut() {
        for p in headline_people {
            add_participant(first, p, am);
        }
    }
    events
}

/// Add a participant: a role the person does not have yet is added (出席
/// and 讲话); a specific role replaces the default 参加.
fn add_participant(ev: &mut EventMention, p: Participant, am: &ArticleMentions) {
    let name = &am.persons[p.person].name;
    let same = |q: &Participant| am.persons[q.person].name == *name;
    if ev.participants.iter().any(|q| same(q) && q.role == p.role) {
        return;
    }
    if p.role == "参加" && ev.participants.iter().any(same) {
        return;
    }
    if let Some(q) = ev
        .participants
        .iter_mut()
        .find(|q| same(q) && q.role == "参加")
    {
        q.role = p.role;
        q.evidence = p.evidence;
        return;
    }
    ev.participants.push(p);
}

/// People of the sentence who take part, with the role the text gives.
fn participants(res: &Resources, sent: &Sentence, am: &ArticleMentions) -> Vec<Participant> {
    let mut out = Vec::new();
    for (i, p) in am.persons.iter().enumerate() {
        if !sent.span.contains(p.span) || p.role == PersonRole::Reporter {
            continue;
        }
        // A name cited with a post after it (维护习近平总书记核心地位) is
        // referred to, not present.
        let cited = |q: &crate::extract::PersonMention| {
            q.name == p.name && q.titles.iter().any(|t| t.span.start >= q.span.end)
        };
        if am.persons.iter().any(cited) {
            continue;
        }
        // 对|县长某某表示感谢, 向|某某汇报: a name after a preposition is
        // the object of the verb that follows it, not its doer.
        if governed_by_preposition(sent, p) {
            out.push(Participant {
                person: i,
                role: "参加".to_string(),
                evidence: sent.span,
            });
            continue;
        }
        // The role word printed after the name (or after the list it ends).
        let local_end = p.span.end - sent.line.start;
        // The first role word in the rest of the sentence: a list of people
        // shares the verb printed after its last name.
        let after = sent.line.str_of(local_end, (local_end + 40).min(sent.e));
        for role in roles_after(res, after) {
            out.push(Participant {
                person: i,
                role,
                evidence: sent.span,
            });
        }
    }
    out
}

/// Prepositions whose object a person named right after them is.
const OBJECT_PREPOSITIONS: &str = "对向给为替";

/// Is the person (with the titles printed before the name) printed right
/// after a preposition of [`OBJECT_PREPOSITIONS`] in the sentence?
fn governed_by_preposition(sent: &Sentence, p: &crate::extract::PersonMention) -> bool {
    let start = p
        .titles
        .iter()
        .filter(|t| t.span.end <= p.span.start)
        .map(|t| t.span.start)
        .min()
        .unwrap_or(p.span.start);
    start.checked_sub(sent.line.start).is_some_and(|local| {
        local > sent.s && OBJECT_PREPOSITIONS.contains(sent.line.chars[local - 1])
    })
}

/// The roles of a person from the text after their name: the first role
/// word, and those joined to it (出席并讲话, 主持并讲话, 调研、指导) — or
/// 参加 when none is printed.
fn roles_after(res: &Resources, after: &str) -> Vec<String> {
    let found = res.roles.find(after);
    let Some(first) = found.first() else {
        return vec!["参加".to_string()];
    };
    let mut roles = vec![first.2.clone()];
    let mut end = first.1;
    for (s, e, r) in found.iter().skip(1) {
        let between = &after[end..*s];
        // 出席会议并讲话: the first word's object may stand before the 并.
        let object_then_and = between
            .strip_suffix('并')
            .is_some_and(|o| (1..=3).contains(&o.chars().count()) && o.chars().all(is_han));
        if !["并", "和", "、", "及", "并作", "并发表", "并作了"].contains(&between)
            && !object_then_and
        {
            break;
        }
        if !roles.contains(r) {
            roles.push(r.clone());
        }
        end = *e;
    }
    roles
}

fn new_event(
    res: &Resources,
    sent: &Sentence,
    text: &str,
    triggers: &[(usize, usize, String)],
    date: Option<usize>,
    am: &ArticleMentions,
) -> EventMention {
    let chosen = triggers
        .iter()
        .find(|(_, _, k)| SPECIFIC.contains(&k.as_str()))
        .or_else(|| triggers.first());
    let kind = chosen
        .map(|t| t.2.clone())
        .unwrap_or_else(|| "other".into());
    let trig_char = chosen.map(|t| text[..t.0].chars().count()).unwrap_or(0);
    let trig_end = chosen.map(|t| text[..t.1].chars().count()).unwrap_or(0);
    let name = clause_name(text, trig_char, trig_end);
    let trig_doc = sent.span.start + trig_char;
    let organizers = am
        .agencies
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            sent.span.contains(a.span) && a.span.end <= trig_doc && !is_venue(sent, am, a.span)
        })
        .map(|(i, _)| i)
        .collect();
    // A place inside an official's title (岳阳县县长) says whose official
    // it is, not where the event was.
    let in_title = |span: Span| {
        am.persons
            .iter()
            .flat_map(|p| p.titles.iter())
            .any(|t| t.span.contains(span))
    };
    let places = am
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| sent.span.contains(p.span) && !p.in_agency && !in_title(p.span))
        .map(|(i, _)| i)
        .collect();
    // 我市/本县/该县 name where it happened; 全省 in 全省经济工作会议 does not.
    let deixis_place = am
        .deixis
        .iter()
        .position(|d| sent.span.contains(d.span) && !d.text.starts_with('全'));
    let _ = res;
    EventMention {
        kind,
        name,
        span: sent.span,
        date,
        participants: Vec::new(),
        organizers,
        places,
        deixis_place,
    }
}

/// Words that print an organisation as the place where something happens
/// (在县医院开展义诊, 深入县污水处理厂调研), not as who does it.
const VENUE_WORDS: &[&str] = &["在", "于", "到", "赴", "深入", "走进", "来到", "前往"];

/// Is the agency at `span` printed as a venue: after a venue word, or
/// listed (、) after an agency that is one.
fn is_venue(sent: &Sentence, am: &ArticleMentions, span: crate::text::Span) -> bool {
    let line = sent.line;
    let local = span.start - line.start;
    let before = line.str_of(local.saturating_sub(2), local);
    if VENUE_WORDS.iter().any(|w| before.ends_with(w)) {
        return true;
    }
    local > 0
        && line.chars[local - 1] == '、'
        && am
            .agencies
            .iter()
            .find(|a| a.span.end + 1 == span.start && sent.span.contains(a.span))
            .is_some_and(|a| is_venue(sent, am, a.span))
}

/// The clause holding the trigger, without a leading date: a readable name.
fn clause_name(text: &str, trig: usize, trig_end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_sep = |c: char| matches!(c, ',' | ';' | ':' | '。' | '!' | '?');
    let mut s = trig.min(chars.len());
    while s > 0 && !is_sep(chars[s - 1]) {
        s -= 1;
    }
    let mut e = trig_end.min(chars.len());
    while e < chars.len() && !is_sep(chars[e]) {
        e += 1;
    }
    let clause: String = chars[s..e].iter().collect();
    let clause = clause.trim().to_string();
    if clause.chars().count() > 48 {
        clause.chars().take(48).collect::<String>() + "…"
    } else {
        clause
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::{extract_article, LineText};
    use crate::ingest::LineKind;
    use crate::resources::Resources;
    use crate::text::Span;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    type Found = (String, Option<(u32, u32)>, Vec<String>);

    fn article(lines: &[(&str, LineKind)]) -> crate::extract::ArticleMentions {
        let mut start = 0;
        let ls: Vec<LineText> = lines
            .iter()
            .map(|(t, k)| {
                let l = LineText::tagged(t, start, *k, &RES.jieba);
                start += t.chars().count() + 1;
                l
            })
            .collect();
        extract_article(&RES, 0, Span::new(0, start), &ls, None)
    }

    fn events(lines: &[(&str, LineKind)]) -> Vec<Found> {
        let am = article(lines);
        am.events
            .iter()
            .map(|e| {
                (
                    e.kind.clone(),
                    e.date.map(|d| (am.dates[d].month, am.dates[d].day)),
                    e.participants
                        .iter()
                        .map(|p| format!("{}:{}", am.persons[p.person].name, p.role))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn events_each_person_keeps_their_own_roles() {
        let e = events(&[(
            "10月24日,县委召开理论学习中心组学习会议,县委常委王丽领学,县委书记张强出席并讲话。",
            LineKind::Body,
        )]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].2, ["王丽:领学", "张强:出席", "张强:讲话"]);
    }

    #[test]
    fn events_signing_and_reporting_are_roles() {
        let e = events(&[(
            "5月6日,县政府与远景公司举行签约仪式。副县长刘敏汇报了项目情况,县长王强与远景公司总经理唐明签约。",
            LineKind::Body,
        )]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].2, ["刘敏:汇报", "王强:签约", "唐明:签约"]);
        // Who hears a report does not give it.
        let e = events(&[(
            "5月6日,县长王强到远景公司调研。王强听取了企业发展情况汇报。",
            LineKind::Body,
        )]);
        assert_eq!(e[0].2, ["王强:调研", "王强:听取"]);
    }

    #[test]
    fn events_attending_the_meeting_and_speaking() {
        let e = events(&[(
            "3月2日,全县春耕生产工作会议召开。县长王强出席会议并讲话,副县长刘敏主持会议。",
            LineKind::Body,
        )]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].2, ["王强:出席", "王强:讲话", "刘敏:主持"]);
    }

    #[test]
    fn events_person_after_a_preposition_is_no_doer() {
        let e = events(&[(
            "5月6日,县长王强会见了远景公司总经理唐明一行。王强对唐明一行表示欢迎。",
            LineKind::Body,
        )]);
        assert_eq!(e.len(), 1, "{e:?}");
        // 表示 is 王强's (a speaker's role); 唐明 is only present.
        assert_eq!(e[0].2, ["王强:会见", "唐明:参加", "王强:强调"]);
    }

    #[test]
    fn events_meeting_with_attendees_and_speaker() {
        let ev = events(&[
            ("县政府召开秸秆禁烧工作会议", LineKind::Headline),
            ("10月24日下午,县政府组织召开秸秆禁烧工作会议。县委常委、常务副县长韩秀兰,副县长黄振东、陈丽娟出席会议。韩秀兰强调,要压实网格责任。", LineKind::Body),
            ("胡静", LineKind::Byline),
        ]);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].0, "meeting");
        assert_eq!(ev[0].1, Some((10, 24)));
        // What she said later in the report is a role of hers too.
        assert_eq!(
            ev[0].2,
            vec!["韩秀兰:出席", "黄振东:出席", "陈丽娟:出席", "韩秀兰:强调"]
        );
    }

    #[test]
    fn events_research_visit_led_by_official() {
        let ev = events(&[(
            "10月25日上午,县委常委、常务副县长韩秀兰带领卫计局、医疗集团等相关部门负责人到县人民医院调研医改工作。",
            LineKind::Body,
        )]);
        assert_eq!(ev[0].0, "research");
        assert_eq!(ev[0].2, vec!["韩秀兰:带队"]);
    }

    #[test]
    fn events_told_first_take_the_people_after() {
        let am = article(&[(
            "近日,县妇联联合县卫健局在城关镇卫生院开展“两癌”免费筛查活动。县妇联主席郑丽参加活动。",
            LineKind::Body,
        )]);
        assert_eq!(am.events.len(), 1, "{:?}", am.events);
        let e = &am.events[0];
        assert!(e.name.starts_with("县妇联联合县卫健局"), "{}", e.name);
        let people: Vec<&str> = e
            .participants
            .iter()
            .map(|p| am.persons[p.person].name.as_str())
            .collect();
        assert_eq!(people, ["郑丽"]);
        // The hospital is where it happens, not who runs it.
        let organizers: Vec<&str> = e
            .organizers
            .iter()
            .map(|&i| am.agencies[i].text.as_str())
            .collect();
        assert_eq!(organizers, ["县妇联", "县卫健局"]);
    }

    #[test]
    fn events_venues_are_no_organizers() {
        let am = article(&[(
            "11月21日,县卫健局在县人民医院、县中医院举行义诊活动。副县长吴刚出席。",
            LineKind::Body,
        )]);
        let e = &am.events[0];
        let organizers: Vec<&str> = e
            .organizers
            .iter()
            .map(|&i| am.agencies[i].text.as_str())
            .collect();
        assert_eq!(organizers, ["县卫健局"]);
    }

    #[test]
    fn events_reporters_never_take_part() {
        let ev = events(&[(
            "本报讯 记者周晓燕报道:12月8日,活动启动仪式在潞城区举办。市委常委、副市长贺建军出席。",
            LineKind::Body,
        )]);
        assert_eq!(ev[0].0, "ceremony");
        assert_eq!(ev[0].2, vec!["贺建军:出席"]);
    }

    #[test]
    fn events_dated_scene_takes_people_named_later() {
        let ev = events(&[
            (
                "5月27日,城南小学的校领导提前到岗,为迎接学生返校紧张地忙碌。",
                LineKind::Body,
            ),
            (
                "“学校制定了错峰入校方案。”校长彭志远介绍说。",
                LineKind::Body,
            ),
        ]);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].1, Some((5, 27)));
        assert_eq!(ev[0].2, vec!["彭志远:强调"]);
    }

    #[test]
    fn events_kind_per_trigger_family() {
        let cases = [
            (
                "3月2日,县委召开常委会会议。县委书记王伟主持会议。",
                "meeting",
            ),
            (
                "3月2日,市督查组到我县督查安全生产工作。副县长李强陪同。",
                "inspection",
            ),
            (
                "3月2日,副市长赵建国到蔡家坡镇调研乡村振兴工作。",
                "research",
            ),
            (
                "3月2日,全县党外干部理论学习班开班,副县长谭玉梅领学。",
                "training",
            ),
            (
                "3月2日,县人民医院新院区揭牌仪式举行,县长刘志强出席。",
                "ceremony",
            ),
            (
                "3月2日,茶叶产业博览会开幕,副省长易国平出席博览会。",
                "exhibition",
            ),
            (
                "3月2日,团县委组织志愿者开展义诊,县委副书记叶伟参加。",
                "volunteer",
            ),
            (
                "3月2日,县市场监管局开展专项整治行动,局长张明带队。",
                "enforcement",
            ),
            (
                "3月2日,全县开展爱国卫生宣传活动,副县长何思敏参加活动。",
                "campaign",
            ),
        ];
        for (sentence, kind) in cases {
            let ev = events(&[(sentence, LineKind::Body)]);
            assert_eq!(ev.len(), 1, "{sentence}");
            assert_eq!(ev[0].0, kind, "{sentence}");
            assert_eq!(ev[0].1, Some((3, 2)), "{sentence}");
            assert_eq!(ev[0].2.len(), 1, "{sentence}: {:?}", ev[0].2);
        }
    }

    #[test]
    fn events_inspection_by_group() {
        let ev = events(&[(
            "3月5日上午,市第一督查组来我县督导检查春耕备耕工作。",
            LineKind::Body,
        )]);
        assert_eq!(ev[0].0, "inspection");
    }

    #[test]
    fn events_each_date_opens_its_own_event() {
        let ev = events(&[
            (
                "6月3日,该院康复科主任李晓梅在社区学校为老人进行了健康讲座。",
                LineKind::Body,
            ),
            (
                "6月4日,由康复科联合儿科进行了免费义诊活动,副院长陈建国现场指导。",
                LineKind::Body,
            ),
        ]);
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].2, vec!["李晓梅:参加"]);
        assert_eq!(ev[1].0, "volunteer");
        assert_eq!(ev[1].2, vec!["陈建国:指导"]);
    }
}
