//! People: names with the titles printed before them (县委常委、常务副县长韩秀兰),
//! lists sharing one title (副县长黄振东、陈丽娟), reporters in bylines
//! (本报讯 记者X, (通讯员X Y), a lone name closing an article), and names
//! that act without a title (韩秀兰强调).

use super::{AgencyMention, LineText, PersonMention, PersonRole, TitleMention};
use crate::ingest::LineKind;
use crate::resources::lexicon::TitleWord;
use crate::resources::{LineWords, Resources};
use crate::text::is_han;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Characters that end a title chain when walking back from a post.
const CHAIN_STOP: &str =
    "的在和与及由对向为是等据经请从被让把将给跟随并又也都还就即有到了着过使令派任聘选共同";
/// Characters that never occur in a given name (一 does: 王一鸣).
const NOT_GIVEN: &str =
    "某的了在是和与及等到率赴县市区镇乡村局委会部省厅处科院所站队组办司们这那个二三四五六七八九十";
/// Longest title chain, in characters.
const MAX_TITLE: usize = 24;
/// Words after a name that make it act: accepted without a title when jieba agrees.
const ACT_WORDS: &[&str] = &[
    "强调",
    "要求",
    "指出",
    "表示",
    "介绍",
    "说",
    "一行",
    "带队",
    "带领",
    "出席",
    "主持",
    "讲话",
    "获得",
    "深入",
    "调研",
    "认为",
    "告诉",
    "宣布",
    "致辞",
    "参加",
    "陪同",
    "率队",
    "督导",
    "的带领",
    "领学",
    "总书记",
];
/// Posts printed after a name (习近平总书记): the post is the title.
const ADDRESS_POSTS: &[&str] = &["总书记"];

/// All of [`ACT_WORDS`] in one automaton, built once.
static ACT_MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(ACT_WORDS).expect("act word automaton"));

/// Where each act word occurs in `text`: (word, byte start), word by word
/// in [`ACT_WORDS`] order and each word's occurrences left to right without
/// overlap — the order in which names before them are tried. One pass over
/// the line instead of a substring search per word.
fn act_word_hits(text: &str) -> Vec<(&'static str, usize)> {
    let mut hits: Vec<(usize, usize)> = ACT_MATCHER
        .find_overlapping_iter(text)
        .map(|m| (m.pattern().as_usize(), m.start()))
        .collect();
    hits.sort_unstable();
    let mut out = Vec::with_capacity(hits.len());
    let mut last: Option<(usize, usize)> = None; // (word, end of its last hit)
    for (w, start) in hits {
        if matches!(last, Some((lw, end)) if lw == w && start < end) {
            continue;
        }
        last = Some((w, start + ACT_WORDS[w].len()));
        out.push((ACT_WORDS[w], start));
    }
    out
}

/// Find people in one line.
#[cfg(test)]
pub fn find_people(
    res: &Resources,
    line: &LineText,
    agencies: &[AgencyMention],
) -> Vec<PersonMention> {
    find_people_in(res, line, agencies, &res.line_words(&line.text))
}

/// [`find_people`] with the line's words already found.
pub fn find_people_in(
    res: &Resources,
    line: &LineText,
    agencies: &[AgencyMention],
    words: &LineWords,
) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    if line.kind == LineKind::Byline || line.kind == LineKind::Caption {
        byline_people(res, line, &mut out);
        return out;
    }
    titled_people(res, line, &words.titles, &mut out);
    acting_people(res, line, agencies, &mut out);
    user_people(res, line, &mut out);
    out.sort_by_key(|p| p.span);
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// Names on a byline or caption line: all reporters.
fn byline_people(res: &Resources, line: &LineText, out: &mut Vec<PersonMention>) {
    let chars = &line.chars;
    let mut title: Option<TitleMention> = None;
    let mut i = 0;
    while i < chars.len() {
        if !is_han(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_han(chars[j]) {
            j += 1;
        }
        let word: String = chars[i..j].iter().collect();
        // 本报记者易文军 / 记者 易文军 / 易文军 / 摄
        let mut name_start = i;
        for (s, e, w) in res.titles.find(&word) {
            if s == 0 && w == TitleWord::Reporter {
                let e = word[..e].chars().count();
                title = Some(TitleMention {
                    text: chars[i..i + e].iter().collect(),
                    span: line.span(i, i + e),
                });
                name_start = i + e;
            }
        }
        let name: String = chars[name_start..j].iter().collect();
        if name_start < j && crate::resources::names::looks_like_name(&name) {
            out.push(PersonMention {
                name,
                span: line.span(name_start, j),
                titles: title.iter().cloned().collect(),
                role: PersonRole::Reporter,
            });
        }
        i = j;
    }
}

/// Length of a personal name starting at `pos`, if one does.
fn name_at(res: &Resources, chars: &[char], pos: usize) -> Option<usize> {
    let sl = res.surnames.surname_len(&chars[pos.min(chars.len())..])?;
    let given_ok = |len: usize| -> bool {
        pos + len <= chars.len()
            && chars[pos + sl..pos + len]
                .iter()
                .all(|&c| is_han(c) && !NOT_GIVEN.contains(c))
    };
    let short = sl + 1;
    let long = sl + 2;
    let b_short = given_ok(short) && boundary(res, chars, pos + short);
    let b_long = given_ok(long) && boundary(res, chars, pos + long);
    if b_short && !b_long {
        return Some(short);
    }
    if b_long && !b_short {
        return Some(long);
    }
    if b_short && b_long {
        // Both readings end at a boundary: ask the tagger.
        return Some(match jieba_name_len(res, chars, pos) {
            Some(l) if l == long => long,
            _ => short,
        });
    }
    match jieba_name_len(res, chars, pos) {
        Some(l) if (short..=long).contains(&l) && given_ok(l) => Some(l),
        _ => None,
    }
}

/// Does a name end well at `k`: end of line, a non-Han character, or a word
/// that follows names?
fn boundary(res: &Resources, chars: &[char], k: usize) -> bool {
    if k >= chars.len() || !is_han(chars[k]) {
        return true;
    }
    let rest: String = chars[k..(k + 4).min(chars.len())].iter().collect();
    res.name_followers
        .first(&rest)
        .map(|(s, _, _)| s == 0)
        .unwrap_or(false)
}

/// Length of the person-name token jieba reads at `pos`, if it reads one.
fn jieba_name_len(res: &Resources, chars: &[char], pos: usize) -> Option<usize> {
    let window: String = chars[pos..(pos + 6).min(chars.len())].iter().collect();
    let tags = res.jieba.tag(&window, true);
    let first = tags.first()?;
    if first.tag.starts_with("nr") {
        Some(first.word.chars().count())
    } else {
        None
    }
}

/// Is the local range a person name according to jieba, reading the sentence?
fn jieba_says_name(res: &Resources, line: &LineText, s: usize, e: usize) -> bool {
    if let Some(i) = line.token_at(s) {
        let t = &line.tokens[i];
        if t.start == s && t.end == e {
            return t.tag.starts_with("nr");
        }
        // 李|红梅: jieba cuts a surname off a given name it knows as a word;
        // 余|文明 at the start of a sentence: it takes the surname for a
        // word of its own.
        let surname = t.tag.starts_with("nr")
            || ((s == 0 || !is_han(line.chars[s - 1]))
                && res.surnames.surname_len(&line.chars[s..]) == Some(1));
        let surname_then_given = t.start == s
            && t.end == s + 1
            && surname
            && line
                .tokens
                .get(i + 1)
                .is_some_and(|g| g.end == e && g.tag.starts_with("nr"));
        if surname_then_given {
            return true;
        }
    }
    let (ss, se) = line.sentence_at(s);
    let sent = line.str_of(ss, se);
    let mut c = ss;
    for t in res.jieba.tag(sent, true) {
        let n = t.word.chars().count();
        if c == s && c + n == e {
            return t.tag.starts_with("nr");
        }
        if c > s {
            break;
        }
        c += n;
    }
    false
}

/// The title chain ending at local char `end` (exclusive), walking back to a
/// delimiter: returns the titles printed, split at post boundaries and 、.
fn title_chain(
    res: &Resources,
    line: &LineText,
    posts: &[(usize, usize, TitleWord)],
    post_idx: usize,
) -> Vec<(usize, usize)> {
    let chars = &line.chars;
    let mut titles = Vec::new();
    let mut idx = post_idx;
    loop {
        let (ps, pe, _) = posts[idx];
        // Walk back from the post's start to a stop character, the end of an
        // earlier post, or the length limit. A post followed by an agency
        // head is part of an organ's name (客户经理中心), not a title of its own.
        let mut s = ps;
        let mut prev = idx;
        let prev_end = loop {
            if prev == 0 {
                break None;
            }
            let q = posts[prev - 1].1;
            let rest: String = chars[q..(q + 4).min(chars.len())].iter().collect();
            let head_follows = res
                .agency_heads
                .first(&rest)
                .map(|h| h.0 == 0)
                .unwrap_or(false);
            if head_follows && q < ps {
                prev -= 1;
                continue;
            }
            break Some(q);
        };
        // Never stop inside a skipped post (客户[经]理: 经 is a stop character).
        let skipped_start = (prev < idx).then(|| posts[prev].0);
        while s > 0
            && pe - (s - 1) <= MAX_TITLE
            && (is_han(chars[s - 1]) || chars[s - 1].is_ascii_alphanumeric())
            && (!CHAIN_STOP.contains(chars[s - 1]) || skipped_start.is_some_and(|k| s > k))
            && prev_end != Some(s)
        {
            s -= 1;
        }
        // 该县县委副书记, 我市市长: the page's place named by a pointing word
        // is no part of the title (its level word says which place).
        if s + 2 < ps && "该本我".contains(chars[s]) && "省市县区镇乡州旗".contains(chars[s + 1])
        {
            s += 2;
        }
        idx = prev;
        titles.push((s, pe));
        // Continue to an earlier title glued on (县委组织部部长统战部长) or
        // joined by 、 (县委常委、常务副县长).
        match prev_end {
            Some(q) if q == s && idx > 0 => idx -= 1,
            Some(q) if s > 0 && q + 1 == s && chars[s - 1] == '、' => idx -= 1,
            _ => break,
        }
    }
    titles.reverse();
    titles
}

/// Names printed right after a title: 县委常委、常务副县长韩秀兰; 记者 周晓燕;
/// 副县长黄振东、陈丽娟 (a list shares the title).
fn titled_people(
    res: &Resources,
    line: &LineText,
    titles: &[(usize, usize, TitleWord)],
    out: &mut Vec<PersonMention>,
) {
    let chars = &line.chars;
    let posts: Vec<(usize, usize, TitleWord)> = titles
        .iter()
        .filter(|(_, _, w)| *w != TitleWord::Body)
        .map(|&(s, e, w)| (line.char_of(s), line.char_of(e), w))
        .collect();
    for (k, &(_, pe, word)) in posts.iter().enumerate() {
        let reporter = word == TitleWord::Reporter;
        let mut pos = pe;
        if reporter && pos < chars.len() && chars[pos] == ' ' {
            pos += 1;
        }
        // A post directly followed by another post is part of a longer title.
        if posts.iter().any(|&(s, _, _)| s == pos) {
            continue;
        }
        let Some(len) = name_at(res, chars, pos) else {
            continue;
        };
        // “百名教师万行家”: a slogan in quotes, not a person.
        let chain_start = title_chain(res, line, &posts, k)
            .first()
            .map(|t| t.0)
            .unwrap_or(pos);
        if chain_start > 0 && chars[chain_start - 1] == '“' && chars.get(pos + len) == Some(&'”')
        {
            continue;
        }
        let titles: Vec<TitleMention> = title_chain(res, line, &posts, k)
            .into_iter()
            .map(|(s, e)| TitleMention {
                text: line.str_of(s, e).to_string(),
                span: line.span(s, e),
            })
            .collect();
        let role = if reporter {
            PersonRole::Reporter
        } else {
            PersonRole::Official
        };
        out.push(PersonMention {
            name: line.str_of(pos, pos + len).to_string(),
            span: line.span(pos, pos + len),
            titles: titles.clone(),
            role,
        });
        // A list after the name shares its titles: 、 between officials,
        // spaces between reporters.
        let mut e = pos + len;
        while e + 1 < chars.len() && (chars[e] == '、' || (reporter && chars[e] == ' ')) {
            let next = e + 1;
            if posts.iter().any(|&(s, _, _)| s == next) {
                break;
            }
            match name_at(res, chars, next) {
                Some(l) => {
                    out.push(PersonMention {
                        name: line.str_of(next, next + l).to_string(),
                        span: line.span(next, next + l),
                        titles: titles.clone(),
                        role,
                    });
                    e = next + l;
                }
                None => break,
            }
        }
    }
}

/// Names that act without a printed title: 韩秀兰强调, 在刘志华的带领下,
/// 宏达机械设备工程部邹海涛说. Needs jieba to read the name as a name.
fn acting_people(
    res: &Resources,
    line: &LineText,
    agencies: &[AgencyMention],
    out: &mut Vec<PersonMention>,
) {
    for (act, bstart) in act_word_hits(&line.text) {
        let k = line.char_of(bstart);
        for len in [3usize, 2, 4] {
            if k < len {
                continue;
            }
            let s = k - len;
            let span = line.span(s, k);
            if out.iter().any(|p| p.span.overlaps(span)) {
                break;
            }
            if agencies.iter().any(|a| a.span.overlaps(span)) {
                continue;
            }
            let name = line.sub(s, k);
            if !crate::resources::names::looks_like_name(&name) && !res.user_people.contains(&name)
            {
                continue;
            }
            if res.user_people.contains(&name) || jieba_says_name(res, line, s, k) {
                // 习近平总书记: a post printed after the name is its title.
                let (titles, role) = if ADDRESS_POSTS.contains(&act) {
                    let e = k + act.chars().count();
                    (
                        vec![TitleMention {
                            text: act.to_string(),
                            span: line.span(k, e),
                        }],
                        PersonRole::Official,
                    )
                } else {
                    (Vec::new(), PersonRole::Other)
                };
                out.push(PersonMention {
                    name,
                    span,
                    titles,
                    role,
                });
                break;
            }
        }
    }
    listed_people(res, line, out);
    credited_people(res, line, out);
}

/// Names the user declared people (`--dict`), wherever printed.
fn user_people(res: &Resources, line: &LineText, out: &mut Vec<PersonMention>) {
    for name in &res.user_people {
        for (b, _) in line.text.match_indices(name.as_str()) {
            let span = line.span_of_bytes(b, b + name.len());
            if !out.iter().any(|p| p.span.overlaps(span)) {
                out.push(PersonMention {
                    name: name.clone(),
                    span,
                    titles: Vec::new(),
                    role: PersonRole::Other,
                });
            }
        }
    }
}

/// A list of names closed by 等: 选出钱晶晶、何莉莉、林秀英等19名.
fn listed_people(res: &Resources, line: &LineText, out: &mut Vec<PersonMention>) {
    let chars = &line.chars;
    for k in 0..chars.len() {
        if chars[k] != '等' {
            continue;
        }
        // 等19名 / 等人 / 等同志: the list counts people (滑冰、滑雪等 does not).
        let mut m = k + 1;
        while m < chars.len()
            && (chars[m].is_ascii_digit() || "一二三四五六七八九十百余多".contains(chars[m]))
        {
            m += 1;
        }
        let counts_people =
            matches!(chars.get(m), Some('名' | '人' | '位')) || line.rest(m).starts_with("同志");
        // 王某、李某等出席会议: a list whose people then take part.
        let take_part = m == k + 1
            && res
                .roles
                .first(line.rest(m))
                .is_some_and(|(s, _, _)| s == 0);
        if !counts_people && !take_part {
            continue;
        }
        let mut names: Vec<(usize, usize)> = Vec::new();
        let mut end = k;
        loop {
            let found = [3usize, 2].into_iter().find_map(|len| {
                let s = end.checked_sub(len)?;
                let name = line.str_of(s, end);
                // 滑冰、滑雪等: words jieba knows are not names.
                let ordinary_word = line
                    .token_at(s)
                    .map(|i| {
                        let t = &line.tokens[i];
                        t.start == s && t.end == end && !t.tag.starts_with("nr")
                    })
                    .unwrap_or(false);
                (crate::resources::names::looks_like_name(name) && !ordinary_word)
                    .then_some((s, end))
            });
            if let Some((s, e)) = found {
                names.push((s, e));
                if s > 0 && chars[s - 1] == '、' {
                    end = s - 1;
                    continue;
                }
            }
            break;
        }
        let nr = names
            .iter()
            .filter(|(s, e)| jieba_says_name(res, line, *s, *e))
            .count();
        if names.len() < 2 || nr == 0 {
            continue;
        }
        for (s, e) in names {
            let span = line.span(s, e);
            if !out.iter().any(|p| p.span.overlaps(span)) {
                out.push(PersonMention {
                    name: line.str_of(s, e).to_string(),
                    span,
                    titles: Vec::new(),
                    role: PersonRole::Other,
                });
            }
        }
    }
}

/// A photo credit closing a line: … 老人吃上爱心饺子。 吴志刚 摄
fn credited_people(res: &Resources, line: &LineText, out: &mut Vec<PersonMention>) {
    let text = line.text.trim_end();
    let Some(body) = text.strip_suffix('摄') else {
        return;
    };
    let body = body.trim_end();
    let end = body.chars().count();
    for len in [3usize, 2] {
        let Some(s) = end.checked_sub(len) else {
            continue;
        };
        let name = line.sub(s, end);
        let delimited = s == 0 || !is_han(line.chars[s - 1]);
        if delimited && crate::resources::names::looks_like_name(&name) {
            let span = line.span(s, end);
            if !out.iter().any(|p| p.span.overlaps(span)) {
                out.push(PersonMention {
                    name,
                    span,
                    titles: Vec::new(),
                    role: PersonRole::Reporter,
                });
            }
            let _ = res;
            return;
        }
    }
}

/// Names already found in the article, found again where printed bare.
pub fn propagate_names(lines: &[LineText], persons: &mut Vec<PersonMention>) {
    let mut known: Vec<(String, PersonRole)> = Vec::new();
    for p in persons.iter() {
        if !known.iter().any(|(n, _)| *n == p.name) {
            known.push((p.name.clone(), p.role));
        }
    }
    known.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    // One searcher per name, built once for all lines of the article.
    let finders: Vec<memchr::memmem::Finder> = known
        .iter()
        .map(|(n, _)| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    let mut extra = Vec::new();
    for line in lines {
        for ((name, role), finder) in known.iter().zip(&finders) {
            // Non-overlapping occurrences, left to right.
            for bs in finder.find_iter(line.text.as_bytes()) {
                let span = line.span_of_bytes(bs, bs + name.len());
                let taken = persons
                    .iter()
                    .chain(extra.iter())
                    .any(|p: &PersonMention| p.span.overlaps(span));
                if taken {
                    continue;
                }
                extra.push(PersonMention {
                    name: name.clone(),
                    span,
                    titles: Vec::new(),
                    role: if *role == PersonRole::Reporter {
                        PersonRole::Reporter
                    } else {
                        PersonRole::Other
                    },
                });
            }
        }
    }
    persons.extend(extra);
    persons.sort_by_key(|p| p.span);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn check(s: &str) -> Vec<String> {
        let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
        find_people(&RES, &line, &[])
            .into_iter()
            .map(|p| {
                let t: Vec<String> = p.titles.iter().map(|t| t.text.clone()).collect();
                format!("{}[{}]{:?}", p.name, t.join("|"), p.role)
            })
            .collect()
    }

    #[test]
    fn people_title_chain_with_list() {
        assert_eq!(
            check("县委常委、常务副县长韩秀兰,副县长黄振东、陈丽娟出席会议。"),
            vec![
                "韩秀兰[县委常委|常务副县长]Official",
                "黄振东[副县长]Official",
                "陈丽娟[副县长]Official"
            ]
        );
    }

    #[test]
    fn people_verb_after_name_is_not_its_last_character() {
        // jieba reads 张伟到 as a name when a place follows.
        assert_eq!(
            check("副市长张伟到和龙市林业局调研,县长王强率队赴城关镇督查。"),
            vec!["张伟[副市长]Official", "王强[县长]Official"]
        );
    }

    #[test]
    fn people_surname_cut_off_by_jieba_stays_with_the_name() {
        // jieba reads 李|红梅 (红梅 a word, 红 a surname).
        assert_eq!(
            check("李红梅一行先后来到桃源镇石门村。"),
            vec!["李红梅[]Other"]
        );
        // 余 read as a numeral.
        assert_eq!(check("余文明强调,要统筹推进。"), vec!["余文明[]Other"]);
    }

    #[test]
    fn people_list_closed_by_deng_then_taking_part() {
        assert_eq!(
            check("县领导王建、赵红梅、孙伟、钱文斌等出席会议。"),
            vec![
                "王建[]Other",
                "赵红梅[]Other",
                "孙伟[]Other",
                "钱文斌[]Other"
            ]
        );
        // Things listed before 等 are no people.
        assert!(check("开展滑冰、滑雪、登山等参加人数多的活动。").is_empty());
    }

    #[test]
    fn people_given_name_with_one() {
        assert_eq!(
            check("常德市人大常委会副主任王一鸣率调研组来我县调研。副县长李强一行陪同。"),
            vec![
                "王一鸣[常德市人大常委会副主任]Official",
                "李强[副县长]Official"
            ]
        );
    }

    #[test]
    fn people_title_after_a_pointing_word() {
        assert_eq!(
            check("该县县委副书记、县长江海涛出席会议并讲话。"),
            vec!["江海涛[县委副书记|县长]Official"]
        );
    }

    #[test]
    fn people_glued_titles_split_at_posts() {
        assert_eq!(
            check("县委常委、县委组织部部长统战部长罗建新出席并讲话。"),
            vec!["罗建新[县委常委|县委组织部部长|统战部长]Official"]
        );
    }

    #[test]
    fn people_body_word_is_not_a_post() {
        assert_eq!(
            check("岳阳县人大常委会党组书记、主任陈立新要求机关全体党员干部下沉一线"),
            vec!["陈立新[岳阳县人大常委会党组书记|主任]Official"]
        );
    }

    #[test]
    fn people_reporters_in_lead() {
        assert_eq!(
            check("本报讯(记者 邓维明 徐国庆)按照市委要求"),
            vec!["邓维明[记者]Reporter", "徐国庆[记者]Reporter"]
        );
        assert_eq!(
            check("本报讯(通讯员院立新 王建华)今年以来"),
            vec!["院立新[通讯员]Reporter", "王建华[通讯员]Reporter"]
        );
    }

    #[test]
    fn people_two_character_names() {
        assert_eq!(
            check("副县长钟瑾、黄振东出席现场推进会"),
            vec!["钟瑾[副县长]Official", "黄振东[副县长]Official"]
        );
    }

    #[test]
    fn people_not_placeholders() {
        assert!(check("犯罪嫌疑人马某、温某被抓获").is_empty());
    }

    #[test]
    fn people_list_closed_by_a_count_of_people() {
        assert_eq!(
            check("最终选出钱晶晶、何莉莉、林秀英等19名“女工先锋”。"),
            vec!["钱晶晶[]Other", "何莉莉[]Other", "林秀英[]Other"]
        );
        assert!(check("组织篮球、乒乓球、羽毛球等群众体育项目比赛").is_empty());
    }

    #[test]
    fn people_photo_credit_at_line_end() {
        assert_eq!(
            check("50多名志愿者在清溪村包饺子。 吴志刚 摄"),
            vec!["吴志刚[]Reporter"]
        );
    }

    #[test]
    fn people_post_after_name_and_slogans() {
        assert_eq!(
            check("坚决维护习近平总书记核心地位"),
            vec!["习近平[总书记]Official"]
        );
        assert!(check("同时开展“千名党员进万家”活动").is_empty());
    }

    #[test]
    fn people_title_inside_an_organ_name_is_not_split() {
        assert_eq!(
            check("国网岳阳供电公司客户服务中心抄表班班长龙敏介绍。"),
            vec!["龙敏[国网岳阳供电公司客户服务中心抄表班班长]Official"]
        );
    }

    #[test]
    fn people_byline_line() {
        let line = LineText::tagged("(赵丽华 胡玉梅)", 0, LineKind::Byline, &RES.jieba);
        let p = find_people(&RES, &line, &[]);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|p| p.role == PersonRole::Reporter));
    }

    #[test]
    fn people_intern_on_a_byline_is_a_reporter() {
        assert_eq!(
            check("(本报记者 孙丽 实习生 马可)"),
            vec!["孙丽[本报记者]Reporter", "马可[实习生]Reporter"]
        );
    }
}
