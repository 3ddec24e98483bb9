//! People: names with the titles printed before them (县委常委、常务副县长韩秀兰),
//! lists sharing one title (副县长黄振东、陈丽娟), reporters in bylines
//! (本报讯 记者X, (通讯员X Y), a lone name closing an article), and names
//! that act without a title (韩秀兰强调).

use super::{AgencyMention, LineText, PersonMention, PersonRole, TitleMention};
use crate::ingest::LineKind;
use crate::resources::lexicon::TitleWord;
use crate::resources::{classes, LineWords, Resources};
use crate::text::is_han;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Characters that end a title chain when walking back from a post.
const CHAIN_STOP: &str =
    "的在和与及由对向为是等据经请从被让把将给跟随并又也都还就即有到了着过使令派任聘选共同";
/// Characters that never occur in a given name (一 does: 王一鸣).
const NOT_GIVEN: &str =
    "某的了在是和与及等到率赴就对被把县市区镇乡村局委会部省厅处科院所站队组办司们这那个二三四五六七八九十";
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

/// Words of address printed after a surname in place of a given name
/// (`data/appellations.txt`).
static APPELLATIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::resources::lexicon::word_lines(include_str!("../../data/appellations.txt")).collect()
});

/// A surname and a word of address (刘大爷, 王师傅) names nobody the graph
/// can tell apart from others: no person.
pub fn drop_appellations(res: &Resources, persons: &mut Vec<PersonMention>) {
    persons.retain(|p| {
        let chars: Vec<char> = p.name.chars().collect();
        let rest = |sl: usize| chars[sl..].iter().collect::<String>();
        !res.surnames
            .surname_len(&chars)
            .is_some_and(|sl| APPELLATIONS.contains(&rest(sl).as_str()))
    });
}

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
    parenthesised_credits(res, line, &mut out);
    titled_people(res, line, &words.titles, &mut out);
    acting_people(res, line, agencies, &mut out);
    user_people(res, line, &mut out);
    out.sort_by_key(|p| p.span);
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// 王某某(县委办主任), 李某(县委常委、副县长): titles printed in parentheses
/// right after a name that has none before it. Each part between 、 must
/// end with a post; anything else in parentheses (女, 左二) is no title.
/// People found by any rule of the article are held to it, line by line.
pub fn titles_in_parentheses(
    lines: &[LineText],
    words: &[LineWords],
    persons: &mut [PersonMention],
) {
    for (line, words) in lines.iter().zip(words) {
        // Most lines print no parentheses: nothing to gather there.
        if !line.text.contains(['(', '（']) {
            continue;
        }
        let end = line.start + line.chars.len();
        let mut on_line: Vec<&mut PersonMention> = persons
            .iter_mut()
            .filter(|p| line.start <= p.span.start && p.span.end <= end)
            .collect();
        titles_in_parentheses_of_line(line, &words.titles, &mut on_line);
    }
}

/// [`titles_in_parentheses`] on one line.
fn titles_in_parentheses_of_line(
    line: &LineText,
    titles: &[(usize, usize, TitleWord)],
    out: &mut [&mut PersonMention],
) {
    let chars = &line.chars;
    let post_ends: Vec<usize> = titles
        .iter()
        .filter(|(_, _, w)| *w == TitleWord::Post)
        .map(|&(_, e, _)| line.char_of(e))
        .collect();
    for p in out
        .iter_mut()
        .filter(|p| p.titles.is_empty() && p.role != PersonRole::Reporter)
    {
        let open = p.span.end - line.start;
        if !matches!(chars.get(open), Some('(' | '（')) {
            continue;
        }
        let Some(n) = chars[open + 1..]
            .iter()
            .take(MAX_TITLE + 1)
            .position(|&c| matches!(c, ')' | '）'))
        else {
            continue;
        };
        let close = open + 1 + n;
        let mut parts = Vec::new();
        let mut s = open + 1;
        for (k, &c) in chars.iter().enumerate().take(close + 1).skip(open + 1) {
            if k == close || c == '、' {
                parts.push((s, k));
                s = k + 1;
            }
        }
        let all_titles = parts.iter().all(|&(a, b)| {
            b > a && chars[a..b].iter().all(|&c| is_han(c)) && post_ends.contains(&b)
        });
        if all_titles {
            p.titles = parts
                .iter()
                .map(|&(a, b)| TitleMention {
                    text: line.str_of(a, b).to_string(),
                    span: line.span(a, b),
                })
                .collect();
            p.role = PersonRole::Official;
        }
    }
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
    floor: usize,
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
            && (!stops_title(line, s - 1) || skipped_start.is_some_and(|k| s > k))
            && prev_end != Some(s)
            && s > floor
        {
            s -= 1;
        }
        // 该县县委副书记, 我市市长: the page's place named by a pointing word
        // is no part of the title (its level word says which place).
        if s + 2 < ps
            && classes::is_deixis(chars[s])
            && chars[s] != '全'
            && classes::is_division_level_char(chars[s + 1])
        {
            s += 2;
        }
        s = after_people_verb(res, line, s, ps);
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

/// Does the character at local `k` stop a title read back over it: one of
/// [`CHAIN_STOP`] that jieba reads as a word of its own (有 in 有限公司
/// stops nothing), or before a level word, which jieba may glue it to
/// (据县|残联, 由旗|人大)?
fn stops_title(line: &LineText, k: usize) -> bool {
    CHAIN_STOP.contains(line.chars[k])
        && (line
            .token_at(k)
            .is_none_or(|i| line.tokens[i].end - line.tokens[i].start == 1)
            || line
                .chars
                .get(k + 1)
                .is_some_and(|&c| classes::is_level_char(c)))
}

/// Where a title read back to `s` from its post at `ps` starts when a verb
/// that takes people as its object is printed before the post as a word of
/// its own (听取|乡党委书记, 会见|县委书记): right after the last such verb.
/// jieba's words decide what is a word, so an organ named after a verb
/// (慰问团团长) keeps it.
fn after_people_verb(res: &Resources, line: &LineText, s: usize, ps: usize) -> usize {
    let Some(first) = line.token_at(s) else {
        return s;
    };
    line.tokens[first..]
        .iter()
        .take_while(|t| t.end <= ps)
        .filter(|t| t.start >= s && res.people_verbs.contains(line.str_of(t.start, t.end)))
        .map(|t| t.end)
        .last()
        .unwrap_or(s)
}

/// Names printed right after a title: 县委常委、常务副县长韩秀兰; 记者 周晓燕;
/// 副县长黄振东、陈丽娟 (a list shares the title); 县领导张某某李某某 (a
/// group label over names printed without separators).
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
    // Where each post's title would start if nothing before it were a name.
    let chain_starts: Vec<usize> = (0..posts.len())
        .map(|k| {
            title_chain(res, line, &posts, k, 0)
                .first()
                .map(|t| t.0)
                .unwrap_or(posts[k].0)
        })
        .collect();
    // A run of names printed without separators ends where a later title
    // starts with a level word or a place (…李某某县领导王某某 …).
    let title_starts_at = |e: usize| {
        e < chars.len()
            && posts.iter().zip(&chain_starts).any(|(p, &cs)| {
                cs <= e
                    && e < p.0
                    && (classes::is_level_char(chars[e])
                        || res
                            .gazetteer
                            .first(line.rest(e))
                            .is_some_and(|h| h.start == 0))
            })
    };
    // Names read so far end here: no later title reaches back over them.
    let mut names_end = 0;
    for (k, &(ps, pe, word)) in posts.iter().enumerate() {
        let reporter = word == TitleWord::Reporter;
        let mut pos = pe;
        // 记者 周某, 作者:周某, 记者|周某
        if reporter && pos < chars.len() && matches!(chars[pos], ' ' | ':' | '|') {
            pos += 1;
            while pos < chars.len() && chars[pos] == ' ' {
                pos += 1;
            }
        }
        // 副县长(挂职)某某: the post's qualifier stands between it and the name.
        if !reporter {
            pos = after_qualifier(chars, pos);
        }
        // A post directly followed by another post is part of a longer title.
        if posts.iter().any(|&(s, _, _)| s == pos) {
            continue;
        }
        let ends = |e: usize| {
            if title_starts_at(e)
                || posts.iter().any(|p| p.0 == e)
                || credit_mark_at(chars, e)
                || e >= chars.len()
                || !is_han(chars[e])
                || closes_firmly(res, line, e)
            {
                End::Firm
            } else if boundary(res, chars, e) {
                End::Weak
            } else {
                End::No
            }
        };
        // 执行主席由某某、某某担任: the post, then the list that fills it.
        let filled_by = word != TitleWord::Reporter
            && chars.get(pos) == Some(&'由')
            && !posts.iter().any(|&(s, _, _)| s == pos + 1);
        let names = if filled_by {
            let names = names_after_title(res, line, pos + 1, word, &posts, &ends);
            let end = names.last().map(|n| n.1).unwrap_or(pos);
            let rest = line.rest(end);
            if ["担任", "组成", "出任"].iter().any(|w| rest.starts_with(w)) {
                names
            } else {
                Vec::new()
            }
        } else {
            names_after_title(res, line, pos, word, &posts, &ends)
        };
        let Some(&(_, first_end)) = names.first() else {
            continue;
        };
        let floor = if names_end <= ps { names_end } else { 0 };
        let chain = title_chain(res, line, &posts, k, floor);
        // “百名教师万行家”: a slogan in quotes, not a person.
        let chain_start = chain.first().map(|t| t.0).unwrap_or(pos);
        if chain_start > 0 && chars[chain_start - 1] == '“' && chars.get(first_end) == Some(&'”')
        {
            continue;
        }
        names_end = names.last().map(|n| n.1).unwrap_or(names_end);
        let titles: Vec<TitleMention> = chain
            .iter()
            .filter(|_| word != TitleWord::Status)
            .map(|&(s, e)| TitleMention {
                text: line.str_of(s, e).to_string(),
                span: line.span(s, e),
            })
            .collect();
        let role = match word {
            TitleWord::Reporter => PersonRole::Reporter,
            TitleWord::Status => PersonRole::Other,
            _ => PersonRole::Official,
        };
        for (s, e) in names {
            out.push(PersonMention {
                name: line.str_of(s, e).to_string(),
                span: line.span(s, e),
                titles: titles.clone(),
                role,
            });
        }
    }
}

/// Longest qualifier of a post printed in parentheses (挂职, 正处级), in
/// characters.
const MAX_QUALIFIER: usize = 6;

/// Where the text after a post at local `pos` goes on past a qualifier in
/// parentheses (副县长(挂职)|, 副县长(正科级)|): a few Han characters, no
/// more; `pos` itself when none is printed there.
fn after_qualifier(chars: &[char], pos: usize) -> usize {
    if !matches!(chars.get(pos), Some('(' | '（')) {
        return pos;
    }
    let inside = chars[pos + 1..]
        .iter()
        .take(MAX_QUALIFIER + 1)
        .position(|&c| !is_han(c));
    match inside {
        Some(n) if n > 0 && matches!(chars[pos + 1 + n], ')' | '）') => pos + n + 2,
        _ => pos,
    }
}

/// The names a title at local `pos` introduces: one name, or a list of
/// them sharing the title — joined by 、 (officials) or spaces (reporters),
/// or printed without separators (市领导张某某李某某王某某出席). `ends(k)`:
/// may a name end at `k`?
fn names_after_title(
    res: &Resources,
    line: &LineText,
    pos: usize,
    word: TitleWord,
    posts: &[(usize, usize, TitleWord)],
    ends: &dyn Fn(usize) -> End,
) -> Vec<(usize, usize)> {
    let chars = &line.chars;
    let reporter = word == TitleWord::Reporter;
    let stop = |k: usize| posts.iter().any(|p| p.0 == k);
    let mut out = Vec::new();
    let mut at = pos;
    loop {
        let first = out.is_empty();
        let found = if first {
            name_after_title_at(res, line, at, word, ends, &stop)
        } else {
            listed_name_at(res, line, at, word, ends, &stop)
        };
        let Some(names) = found else {
            break;
        };
        let e = names.last().map(|n| n.1).unwrap_or(at);
        // 来源:, 编辑|: a label of the page, not a name.
        if matches!(chars.get(e), Some(':' | '|')) {
            break;
        }
        out.extend(names);
        // A list after the name shares its titles: 、 between officials,
        // spaces between reporters.
        if e + 1 < chars.len()
            && (chars[e] == '、' || (reporter && chars[e] == ' '))
            && !posts.iter().any(|&(s, _, _)| s == e + 1)
        {
            at = e + 1;
            continue;
        }
        break;
    }
    out
}

/// The name (or names printed without separators) right after a title.
fn name_after_title_at(
    res: &Resources,
    line: &LineText,
    pos: usize,
    word: TitleWord,
    ends: &dyn Fn(usize) -> End,
    stop: &dyn Fn(usize) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let chars = &line.chars;
    if let Some(len) = dotted_name_at(res, chars, pos) {
        return Some(vec![(pos, pos + len)]);
    }
    let mut single =
        name_at(res, chars, pos).filter(|&len| plausible_name(line, pos, pos + len, word, false));
    // After a group label (干部全覆盖, 领导包保) ordinary words are common: a
    // lone name there must read as one, or open a list.
    if matches!(word, TitleWord::Label | TitleWord::Status) {
        single = single.filter(|&len| {
            let e = pos + len;
            let unambiguous = !crate::resources::names::is_ambiguous_surname(chars[pos]);
            jieba_says_name(res, line, pos, e)
                || (unambiguous && ends(e) != End::No && plausible_name(line, pos, e, word, true))
                || (list_goes_on(res, line, e) && plausible_name(line, pos, e, word, false))
                || (closes_firmly(res, line, e) && plausible_name(line, pos, e, word, true))
        });
    }
    if let Some(len) = single {
        if ends(pos + len) != End::No {
            return Some(vec![(pos, pos + len)]);
        }
    }
    if let Some(run) = split_name_run(res, line, pos, word, ends, stop, 2) {
        return Some(run);
    }
    if let Some(len) = single {
        return Some(vec![(pos, pos + len)]);
    }
    if matches!(word, TitleWord::Label | TitleWord::Status) {
        // 旗领导某某、…: a transliterated name opening a list.
        return transliterated_name_at(res, line, pos)
            .filter(|&len| list_goes_on(res, line, pos + len))
            .map(|len| vec![(pos, pos + len)]);
    }
    transliterated_name_at(res, line, pos).map(|len| vec![(pos, pos + len)])
}

/// How well a name may end at a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Not here: the text goes on as the name would.
    No,
    /// A word that often follows names (和, 在, 一行).
    Weak,
    /// Punctuation, a title, a credit mark, 等 or a word of taking part.
    Firm,
}

/// Does a list of names go on after local `e`: 、 then a name, by surname
/// or transliterated?
fn list_goes_on(res: &Resources, line: &LineText, e: usize) -> bool {
    let chars = &line.chars;
    if chars.get(e) != Some(&'、') {
        return false;
    }
    let next = e + 1;
    name_at(res, chars, next)
        .is_some_and(|l| plausible_name(line, next, next + l, TitleWord::Label, false))
        || transliterated_name_at(res, line, next).is_some()
}

/// Does a name ending at local `e` close firmly: 等 or a word of taking
/// part (…干部某某等参加, …干部某某出席)?
fn closes_firmly(res: &Resources, line: &LineText, e: usize) -> bool {
    line.chars.get(e) == Some(&'等')
        || res
            .roles
            .first(line.rest(e))
            .is_some_and(|(s, _, _)| s == 0)
}

/// A name in a list after a titled name: as after a title, or, for
/// transliterated names without a surname of the table, the whole item
/// between two list marks.
fn listed_name_at(
    res: &Resources,
    line: &LineText,
    pos: usize,
    word: TitleWord,
    ends: &dyn Fn(usize) -> End,
    stop: &dyn Fn(usize) -> bool,
) -> Option<Vec<(usize, usize)>> {
    if let Some(found) = name_after_title_at(res, line, pos, word, ends, stop) {
        return Some(found);
    }
    let chars = &line.chars;
    // …、孔某某、包志平等出席: the list's last name, closed by 等, which
    // jieba may read into a word with it (平等).
    if let Some(sl) = res.surnames.surname_len(&chars[pos..]) {
        for given in [2, 1] {
            let e = pos + sl + given;
            let closed = chars.get(e) == Some(&'等')
                && chars[pos + sl..e]
                    .iter()
                    .all(|&c| is_han(c) && !NOT_GIVEN.contains(c));
            if closed && !(pos..e).any(stop) {
                return Some(vec![(pos, e)]);
            }
        }
    }
    let mut e = pos;
    while e < chars.len() && is_han(chars[e]) && e - pos < 6 {
        e += 1;
    }
    let delimited = e < chars.len() && matches!(chars[e], '、' | ',' | '。' | ';');
    let item = &chars[pos..e];
    let translit = item.iter().filter(|&&c| classes::is_translit(c)).count();
    (delimited
        && item.len() >= 2
        && 4 * translit >= 3 * item.len()
        && !item.iter().any(|&c| NOT_GIVEN.contains(c))
        && !(pos..e).any(stop))
    .then(|| vec![(pos, e)])
}

/// A credit mark after a reporter's name: 文/图, 图/文, 摄, 文 or 图 closing
/// the credit (记者某某文/图).
fn credit_mark_at(chars: &[char], e: usize) -> bool {
    let closes = |k: usize| k >= chars.len() || !is_han(chars[k]);
    match chars.get(e) {
        Some('文' | '图') => chars.get(e + 1) == Some(&'/') || closes(e + 1),
        Some('摄') => closes(e + 1),
        _ => false,
    }
}

/// Separators inside a transliterated name (艾买提·吐尔逊).
const NAME_DOTS: &str = "·•・‧∙";
/// Longest part of a transliterated name, in characters.
const MAX_NAME_PART: usize = 8;

/// Length of a transliterated name with dots (艾买提·吐尔逊) starting at
/// `pos`: Han parts joined by a middle dot, the last one ending where a
/// name may end (吐尔逊调研 → 吐尔逊).
fn dotted_name_at(res: &Resources, chars: &[char], pos: usize) -> Option<usize> {
    let part_end = |s: usize| {
        let mut e = s;
        while e < chars.len() && is_han(chars[e]) && e - s < MAX_NAME_PART {
            e += 1;
        }
        e
    };
    let mut e = part_end(pos);
    if e == pos || e >= chars.len() || !NAME_DOTS.contains(chars[e]) {
        return None;
    }
    while e < chars.len() && NAME_DOTS.contains(chars[e]) {
        let s = e + 1;
        let pe = part_end(s);
        if pe == s {
            return None;
        }
        // The last part ends at the first word that follows names.
        let cut = (s + 1..pe).find(|&k| boundary(res, chars, k)).unwrap_or(pe);
        e = cut;
        if cut < pe {
            break;
        }
    }
    let name = &chars[pos..e];
    (!name
        .iter()
        .any(|&c| NOT_GIVEN.contains(c) && !NAME_DOTS.contains(c)))
    .then_some(e - pos)
}

/// A parse of a run of names: its cost and the names' local spans.
type Parse = (u32, Vec<(usize, usize)>);

/// Names printed without separators after a group label or on a byline
/// (市领导张某某李某某王某某参加, 记者赵某钱某某): every name a surname and
/// one or two given characters, the run ending where a name may end.
/// Of the parses, the one with fewest two-character names wins (three is
/// the common length), then the one with fewer names.
fn split_name_run(
    res: &Resources,
    line: &LineText,
    pos: usize,
    word: TitleWord,
    ends: &dyn Fn(usize) -> End,
    stop: &dyn Fn(usize) -> bool,
    min_names: usize,
) -> Option<Vec<(usize, usize)>> {
    let chars = &line.chars;
    const MAX_NAMES: usize = 8;
    let limit = (pos + MAX_NAMES * 4).min(chars.len());
    if pos >= limit {
        return None;
    }
    // best[i - pos]: the best parse of chars[pos..i] as names.
    let mut best: Vec<Option<Parse>> = vec![None; limit - pos + 1];
    best[0] = Some((0, Vec::new()));
    for i in pos..limit {
        let Some((cost, names)) = best[i - pos].clone() else {
            continue;
        };
        // No name starts where a title does (…李某通讯员陈某…).
        if stop(i) {
            continue;
        }
        let Some(sl) = res.surnames.surname_len(&chars[i..]) else {
            continue;
        };
        for given in 1..=2 {
            let e = i + sl + given;
            if e > limit
                || stop(e - 1)
                || !chars[i + sl..e]
                    .iter()
                    .all(|&c| is_han(c) && !NOT_GIVEN.contains(c))
            {
                break;
            }
            if !plausible_name(line, i, e, word, true) {
                continue;
            }
            let c = cost + u32::from(sl + given == 2);
            let mut n = names.clone();
            n.push((i, e));
            let slot = &mut best[e - pos];
            let better = match slot {
                None => true,
                Some((bc, bn)) => c < *bc || (c == *bc && n.len() < bn.len()),
            };
            if better {
                *slot = Some((c, n));
            }
        }
    }
    // The run must end firmly — at punctuation, a title, a credit mark or
    // a word of taking part (…王某某李某某参加), not at any word that may
    // follow a name (和, 在) — and the first firm end closes it (not
    // 李某|某参加).
    //
    // The last name starts no later than jieba's reading of a name there
    // (罗小平|交流, not 罗小|平交流, which ends at the comma): inside a run
    // jieba often reads across names (张传忠景|文新张), but the name that
    // closes it is followed by no other.
    let starts_inside_a_name = |s: usize| {
        line.token_at(s).is_some_and(|i| {
            let t = &line.tokens[i];
            t.start < s && (2..=3).contains(&(t.end - t.start)) && t.tag.starts_with("nr")
        })
    };
    (pos + 1..=limit).find_map(|e| {
        let (_, names) = best[e - pos].as_ref()?;
        let last_start = names.last().map_or(pos, |n| n.0);
        (names.len() >= min_names && ends(e) == End::Firm && !starts_inside_a_name(last_start))
            .then(|| names.clone())
    })
}

/// Does local `[s, e)`, a surname and a given name, read as a name as jieba cuts the line? Not, in a run of names
/// (`in_run`), when the surname character starts an ordinary word that
/// ends elsewhere (通宵|坐: outside a run jieba often glues a surname to
/// the next character, 裴向|红); and, except on a reporter's credit, where
/// names are short and bare, not when the whole is one verb, adverb,
/// adjective or function word (应邀, 满意). (A given name that is a word
/// is common: 罗|建新, 孙|文静.)
fn plausible_name(line: &LineText, s: usize, e: usize, word: TitleWord, in_run: bool) -> bool {
    let token = |k: usize| line.token_at(k).map(|i| &line.tokens[i]);
    let function_tag = |t: &super::Token| {
        let tag = t.tag.as_str();
        !tag.starts_with("nr")
            && ["v", "d", "c", "p", "u", "r", "m", "q", "a", "f"]
                .iter()
                .any(|p| tag.starts_with(p))
    };
    if in_run {
        // 李某|连夜: a given name that is one adverb or function word.
        let given_word = line.tokens.iter().any(|t| {
            t.start > s
                && t.end == e
                && t.end - t.start >= 2
                && ["d", "c", "p", "u", "r", "m", "q", "f"]
                    .iter()
                    .any(|p| t.tag.starts_with(p))
        });
        if given_word {
            return false;
        }
        // After a group label, a name that is one word must be one jieba
        // reads as a name (领导|班子 is no name).
        let one_word = token(s).is_some_and(|t| t.start == s && t.end == e);
        if matches!(word, TitleWord::Label | TitleWord::Status)
            && one_word
            && !token(s).is_some_and(|t| t.tag.starts_with("nr"))
        {
            return false;
        }
    }
    if let Some(t) = token(s) {
        let glued = t.start == s && t.end - t.start >= 2 && t.end != e;
        if in_run && glued && !t.tag.starts_with("nr") && !t.tag.starts_with("ns") {
            return false;
        }
        let whole = t.start == s && t.end == e;
        if whole && word != TitleWord::Reporter && function_tag(t) {
            return false;
        }
    }
    true
}

/// A transliterated name after a title (州长阿木呷作报告, 副县长才让某某、…):
/// two to six characters up to where a name ends (a word that follows
/// names, or punctuation), nearly all of them characters that transliterate
/// Tibetan, Uyghur, Mongolian, Yi and other names
/// (`data/translit_chars.txt`).
fn transliterated_name_at(res: &Resources, line: &LineText, pos: usize) -> Option<usize> {
    let chars = &line.chars;
    if pos >= chars.len() || !classes::is_translit(chars[pos]) || boundary(res, chars, pos) {
        return None;
    }
    let e = (pos + 2..=(pos + 6).min(chars.len())).find(|&e| boundary(res, chars, e))?;
    let run = &chars[pos..e];
    let translit = run.iter().filter(|&&c| classes::is_translit(c)).count();
    (run.iter().all(|&c| is_han(c) && !NOT_GIVEN.contains(c)) && 4 * translit >= 3 * run.len())
        .then_some(e - pos)
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
                // 某某某孙某某出席: names printed before this one without a
                // separator, from a mark, act with it.
                for (a, b) in names_run_before(res, line, s) {
                    let span = line.span(a, b);
                    if !out.iter().any(|p| p.span.overlaps(span))
                        && !agencies.iter().any(|g| g.span.overlaps(span))
                    {
                        out.push(PersonMention {
                            name: line.sub(a, b),
                            span,
                            titles: Vec::new(),
                            role: PersonRole::Other,
                        });
                    }
                }
                break;
            }
        }
    }
    listed_people(res, line, out);
    credited_people(res, line, out);
}

/// The names printed without separators right before local `s`, back to
/// a mark or the line's start (…|某某某孙某某出席): every one a surname
/// and one or two characters, the run parsed whole.
fn names_run_before(res: &Resources, line: &LineText, s: usize) -> Vec<(usize, usize)> {
    let chars = &line.chars;
    let mut r = s;
    while r > 0 && is_han(chars[r - 1]) && s - r < 9 {
        r -= 1;
    }
    if r == s || (r > 0 && is_han(chars[r - 1])) || s - r < 2 {
        return Vec::new();
    }
    let ends = |e: usize| if e == s { End::Firm } else { End::No };
    let stop = |_: usize| false;
    split_name_run(res, line, r, TitleWord::Label, &ends, &stop, 1).unwrap_or_default()
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

/// The titles printed right before local character `pos` (副市长|…), with
/// the role they give, for a name found by other means (the tagger).
/// `titles` are the line's title words ([`Resources::line_words`]).
pub fn titles_ending_at(
    res: &Resources,
    line: &LineText,
    titles: &[(usize, usize, TitleWord)],
    pos: usize,
) -> Option<(Vec<TitleMention>, PersonRole)> {
    let posts: Vec<(usize, usize, TitleWord)> = titles
        .iter()
        .filter(|(_, _, w)| *w != TitleWord::Body)
        .map(|&(s, e, w)| (line.char_of(s), line.char_of(e), w))
        .collect();
    let k = posts.iter().position(|p| p.1 == pos)?;
    let word = posts[k].2;
    let titles = match word {
        TitleWord::Status => Vec::new(),
        _ => title_chain(res, line, &posts, k, 0)
            .iter()
            .map(|&(s, e)| TitleMention {
                text: line.str_of(s, e).to_string(),
                span: line.span(s, e),
            })
            .collect(),
    };
    let role = match word {
        TitleWord::Reporter => PersonRole::Reporter,
        TitleWord::Status => PersonRole::Other,
        _ => PersonRole::Official,
    };
    Some((titles, role))
}

/// Is `word` a place or organ that sends a report (某某镇, 某某县融媒体中心):
/// a name ending in a level character or an agency's head?
fn sender_of_report(res: &Resources, word: &str) -> bool {
    let n = word.chars().count();
    n >= 3
        && word.chars().all(is_han)
        && (word
            .chars()
            .last()
            .is_some_and(classes::is_division_level_char)
            || word.ends_with("街道")
            || res
                .agency_heads
                .find(word)
                .last()
                .is_some_and(|&(_, e, _)| e == word.len()))
}

/// Reporters credited in parentheses inside running text: after a
/// dateline (本报讯(吴志刚)6月2日…) or closing a paragraph (…办实事。(吴志刚)).
/// The parentheses hold only names, apart by spaces or 、, perhaps after
/// the outlet and a slash.
fn parenthesised_credits(res: &Resources, line: &LineText, out: &mut Vec<PersonMention>) {
    let chars = &line.chars;
    let mut i = 0;
    while i < chars.len() {
        if !matches!(chars[i], '(' | '（') {
            i += 1;
            continue;
        }
        let Some(len) = chars[i + 1..].iter().position(|&c| matches!(c, ')' | '）')) else {
            return;
        };
        let (open, close) = (i, i + 1 + len);
        i = close + 1;
        let before = chars[..open].iter().rev().find(|c| !c.is_whitespace());
        let after = chars[close + 1..].iter().find(|c| !c.is_whitespace());
        let opens_text = before.is_none_or(|&c| super::ends_sentence(c) || c == '讯');
        let closes_paragraph =
            after.is_none() && before.is_some_and(|&c| super::ends_sentence(c) || c == '”');
        if !(opens_text || closes_paragraph) {
            continue;
        }
        // (某某经济/王某 李某): the outlet, then its reporters.
        let first = (open + 1..close)
            .rev()
            .find(|&k| matches!(chars[k], '/' | '／'))
            .map_or(open + 1, |k| k + 1);
        let mut names = Vec::new();
        let mut s = first;
        for (k, &c) in chars.iter().enumerate().take(close + 1).skip(first) {
            if k == close || c.is_whitespace() || c == '、' {
                if s < k {
                    names.push((s, k));
                }
                s = k + 1;
            }
        }
        // (某某镇 王某): the place or organ that sends the report, then its
        // writers.
        if names.len() >= 2 && sender_of_report(res, &line.sub(names[0].0, names[0].1)) {
            names.remove(0);
        }
        // (通讯员 某某): a post that reads like a name (通 is a surname) is
        // the title of the names after it, read by the title rules.
        let all_names = !names.is_empty()
            && names.iter().all(|&(s, e)| {
                let word = line.sub(s, e);
                crate::resources::names::looks_like_name(&word) && res.titles.get(&word).is_none()
            });
        if !all_names {
            continue;
        }
        for (s, e) in names {
            let span = line.span(s, e);
            if !out.iter().any(|p| p.span.overlaps(span)) {
                out.push(PersonMention {
                    name: line.sub(s, e),
                    span,
                    titles: Vec::new(),
                    role: PersonRole::Reporter,
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

/// Items of a list that holds a person found elsewhere in the article
/// (某某、孙某某、陈某某和大会主席团成员在主席台就座: one of them is known)
/// are people too when they read as names — a surname and one or two
/// characters, or a transliterated name — and none is already something else.
pub fn listed_with_known_people(
    res: &Resources,
    lines: &[LineText],
    persons: &mut Vec<PersonMention>,
) {
    // Each person found makes their neighbours' case: until nothing new.
    loop {
        let before = persons.len();
        list_pass(res, lines, persons);
        if persons.len() == before {
            break;
        }
    }
}

/// One pass of [`listed_with_known_people`].
fn list_pass(res: &Resources, lines: &[LineText], persons: &mut Vec<PersonMention>) {
    let mut extra: Vec<PersonMention> = Vec::new();
    for line in lines {
        let items = list_items(&line.chars);
        for &(s, e) in &items {
            let span = line.span(s, e);
            if persons
                .iter()
                .chain(extra.iter())
                .any(|p| p.span.overlaps(span))
            {
                continue;
            }
            let known = |a: usize, b: usize| {
                let text = line.str_of(a, b);
                persons.iter().any(|p| p.name == text)
            };
            if !neighbour_known(&line.chars, &items, s, e, &known) {
                continue;
            }
            let name = line.str_of(s, e);
            let reads = crate::resources::names::looks_like_name(name)
                || transliterated_name_at(res, line, s) == Some(e - s);
            if reads {
                extra.push(PersonMention {
                    name: name.to_string(),
                    span,
                    titles: Vec::new(),
                    role: PersonRole::Other,
                });
            }
        }
    }
    persons.extend(extra);
    persons.sort_by_key(|p| p.span);
}

/// Items of the line's 、-lists, as local `(start, end)`: each run of Han
/// characters between two list marks, or between a list mark and
/// punctuation, 和, 及 or 等.
fn list_items(chars: &[char]) -> Vec<(usize, usize)> {
    let item = |c: char| is_han(c) && !"和及与等".contains(c);
    let mut out = Vec::new();
    for (k, &c) in chars.iter().enumerate() {
        if c != '、' {
            continue;
        }
        let mut e = k + 1;
        while e < chars.len() && item(chars[e]) && e - k <= 6 {
            e += 1;
        }
        if e > k + 1 {
            out.push((k + 1, e));
        }
        let mut s = k;
        while s > 0 && item(chars[s - 1]) && k - s < 6 {
            s -= 1;
        }
        let bounded = s == 0 || !is_han(chars[s - 1]) || "和及与".contains(chars[s - 1]);
        if s < k && bounded {
            out.push((s, k));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Is an item next to local `[s, e)` in its list a known person? `items`
/// are the line's [`list_items`].
fn neighbour_known(
    chars: &[char],
    items: &[(usize, usize)],
    s: usize,
    e: usize,
    known: &dyn Fn(usize, usize) -> bool,
) -> bool {
    items.iter().any(|&(a, b)| {
        ((b + 1 == s && chars[b] == '、') || (e + 1 == a && chars[e] == '、')) && known(a, b)
    })
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
    fn people_name_read_whole_is_not_cut_into_a_run() {
        assert_eq!(
            check("他与村党支部书记、村委会主任罗小平交流"),
            vec!["罗小平[村党支部书记|村委会主任]Official"]
        );
    }

    #[test]
    fn people_function_character_inside_a_word_is_no_stop() {
        // 有 of 有限公司 and 和 of 工业和信息化部 are inside words.
        assert_eq!(
            check("远景茶业有限公司负责人肖光明介绍"),
            vec!["肖光明[远景茶业有限公司负责人]Official"]
        );
        assert_eq!(
            check("工业和信息化部副部长甘国栋出席"),
            vec!["甘国栋[工业和信息化部副部长]Official"]
        );
        // Glued by jieba to a level word, it still stops the title.
        assert_eq!(
            check("据县残联理事长向东介绍"),
            vec!["向东[县残联理事长]Official"]
        );
    }

    #[test]
    fn people_credited_after_the_place_that_sends_the_report() {
        assert_eq!(
            check("村子变干净了。（石门镇 廖琴 何东）"),
            vec!["廖琴[]Reporter", "何东[]Reporter"]
        );
        assert!(sender_of_report(&RES, "县融媒体中心"));
        assert!(!sender_of_report(&RES, "廖琴"));
    }

    #[test]
    fn people_last_of_a_list_closed_by_deng() {
        assert_eq!(
            check("县领导罗建国、孔令辉、包志平等出席会议"),
            vec![
                "罗建国[县领导]Official",
                "孔令辉[县领导]Official",
                "包志平[县领导]Official"
            ]
        );
    }

    #[test]
    fn people_surname_and_word_of_address_is_nobody() {
        let person = |name: &str| PersonMention {
            name: name.to_string(),
            span: crate::text::Span::new(0, name.chars().count()),
            titles: Vec::new(),
            role: PersonRole::Other,
        };
        let mut ps = vec![
            person("刘大爷"),
            person("刘大海"),
            person("欧阳阿姨"),
            person("王师傅"),
        ];
        drop_appellations(&RES, &mut ps);
        let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["刘大海"]);
    }

    #[test]
    fn people_assistant_of_a_head_of_government() {
        assert_eq!(
            check("县长助理姚振华参加"),
            vec!["姚振华[县长助理]Official"]
        );
    }

    #[test]
    fn people_qualifier_of_a_post_in_parentheses() {
        assert_eq!(
            check("副市长（挂职）杜明辉，县委常委、副县长(正科级)田晓峰出席"),
            vec!["杜明辉[副市长]Official", "田晓峰[县委常委|副县长]Official"]
        );
        let at = |s: &str| after_qualifier(&s.chars().collect::<Vec<_>>(), 2);
        assert_eq!(at("县长(挂职)"), 6);
        // Digits, or more than a few characters, are no qualifier.
        assert_eq!(at("县长(2024年)"), 2);
        assert_eq!(at("县长(某某县人民政府党组书记)"), 2);
    }

    #[test]
    fn people_preposition_is_no_part_of_a_name() {
        // 王强对 is no run of names before 唐明 (王强 is found where the
        // article names him with a title, and carried here from there).
        assert_eq!(check("王强对唐明一行表示欢迎"), vec!["唐明[]Other"]);
    }

    #[test]
    fn people_post_in_credit_parentheses_is_no_name() {
        assert_eq!(
            check("本报讯（通讯员 岳青）3月2日，镇里召开会议。"),
            vec!["岳青[通讯员]Reporter"]
        );
    }

    #[test]
    fn people_verb_before_a_title_is_no_part_of_it() {
        assert_eq!(
            check("镇长刘海听取村党支部书记马林的汇报"),
            vec!["刘海[镇长]Official", "马林[村党支部书记]Official"]
        );
        assert_eq!(
            check("市长方强会见县委书记唐军一行"),
            vec!["方强[市长]Official", "唐军[县委书记]Official"]
        );
        // An organ named after such a verb keeps it.
        assert_eq!(
            check("他会见了县慰问团团长严冬"),
            vec!["严冬[县慰问团团长]Official"]
        );
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
            check("一同参加的还有王建、赵红梅、孙伟、钱文斌等出席会议。"),
            vec![
                "王建[]Other",
                "赵红梅[]Other",
                "孙伟[]Other",
                "钱文斌[]Other"
            ]
        );
        // Under a group label the label is their title.
        assert_eq!(
            check("县领导王建、赵红梅、孙伟、钱文斌等出席会议。"),
            vec![
                "王建[县领导]Official",
                "赵红梅[县领导]Official",
                "孙伟[县领导]Official",
                "钱文斌[县领导]Official"
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
    fn people_credited_in_parentheses() {
        assert_eq!(
            check("本报讯(吴志刚 李红)6月2日,县长王平到城关镇调研。"),
            vec!["吴志刚[]Reporter", "李红[]Reporter", "王平[县长]Official"]
        );
        assert_eq!(check("为群众办实事。(吴志刚)"), vec!["吴志刚[]Reporter"]);
        assert_eq!(
            check("(某某日报/吴志刚 李红)5月5日,县长到乡镇调研。"),
            vec!["吴志刚[]Reporter", "李红[]Reporter"]
        );
        // A name in parentheses inside a sentence is no credit.
        assert!(check("他的女儿(王芳)在外地工作。").is_empty());
    }

    #[test]
    fn people_byline_line() {
        let line = LineText::tagged("(赵丽华 胡玉梅)", 0, LineKind::Byline, &RES.jieba);
        let p = find_people(&RES, &line, &[]);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|p| p.role == PersonRole::Reporter));
    }

    #[test]
    fn people_group_label_is_the_title_of_its_list() {
        assert_eq!(
            check("市、县领导孙立平、钱文华、赵永康陪同调研。"),
            vec![
                "孙立平[县领导]Official",
                "钱文华[县领导]Official",
                "赵永康[县领导]Official"
            ]
        );
        assert_eq!(
            check("援藏干部周建平、吴晓东等深入牧区走访。"),
            vec!["周建平[援藏干部]Official", "吴晓东[援藏干部]Official"]
        );
        // Ordinary words after a label are no names.
        assert!(check("实现全县党外干部全覆盖,领导班子座谈中发言。").is_empty());
        assert!(check("动员全体机关干部和人大代表积极参与。").is_empty());
    }

    #[test]
    fn people_names_printed_without_separators() {
        assert_eq!(
            check("市领导张明远刘晓光县领导孙立平王建华参加"),
            vec![
                "张明远[市领导]Official",
                "刘晓光[市领导]Official",
                "孙立平[县领导]Official",
                "王建华[县领导]Official"
            ]
        );
        assert_eq!(
            check("本报讯(记者赵明亮李想通讯员陈海涛孙文静文/图)3日,丰乐镇举行活动。"),
            vec![
                "赵明亮[记者]Reporter",
                "李想[记者]Reporter",
                "陈海涛[通讯员]Reporter",
                "孙文静[通讯员]Reporter"
            ]
        );
        // A name followed by an adverb is one name, not two.
        assert_eq!(
            check("县长符立东立即作出部署。副县长李学雷连夜深入一线。"),
            vec!["符立东[县长]Official", "李学雷[副县长]Official"]
        );
    }

    #[test]
    fn people_credits_of_a_web_page() {
        assert_eq!(
            check("作者:周明 吴晓丽 来源:县融媒体中心 发布时间:2021-03-05"),
            vec!["周明[作者]Reporter", "吴晓丽[作者]Reporter"]
        );
        assert_eq!(
            check("撰稿:钱学军 编辑:吴小丽 审核:孙建"),
            vec![
                "钱学军[撰稿]Reporter",
                "吴小丽[编辑]Reporter",
                "孙建[审核]Reporter"
            ]
        );
        assert_eq!(
            check("记者|王明 编辑|赵丽"),
            vec!["王明[记者]Reporter", "赵丽[编辑]Reporter"]
        );
    }

    #[test]
    fn people_transliterated_names_after_titles() {
        assert_eq!(
            check("行署专员艾买提·吐尔逊调研。州长阿木呷作报告。"),
            vec!["艾买提·吐尔逊[行署专员]Official", "阿木呷[州长]Official"]
        );
        assert_eq!(
            check("副县长胡建军、尕玛次仁、才让东珠出席。"),
            vec![
                "胡建军[副县长]Official",
                "尕玛次仁[副县长]Official",
                "才让东珠[副县长]Official"
            ]
        );
        // A bare post before another is no name of its own.
        assert_eq!(
            check("县人大常委会主任伍春辉、副主任李静出席。"),
            vec!["伍春辉[县人大常委会主任]Official", "李静[副主任]Official"]
        );
    }

    #[test]
    fn people_post_filled_by_a_list() {
        assert_eq!(
            check("大会执行主席由孙立平、钱文华、赵永康担任。"),
            vec![
                "孙立平[大会执行主席]Official",
                "钱文华[大会执行主席]Official",
                "赵永康[大会执行主席]Official"
            ]
        );
    }

    #[test]
    fn people_names_run_before_an_act_word() {
        assert_eq!(
            check("张建国李红梅出席会议"),
            vec!["张建国[]Other", "李红梅[]Other"]
        );
    }

    #[test]
    fn people_words_of_standing_give_no_title() {
        assert_eq!(
            check("走进村民胡来宝家中,看望老党员孙德海、贫困户钱桂英。"),
            vec!["胡来宝[]Other", "孙德海[]Other", "钱桂英[]Other"]
        );
    }

    #[test]
    fn people_intern_on_a_byline_is_a_reporter() {
        assert_eq!(
            check("(本报记者 孙丽 实习生 马可)"),
            vec!["孙丽[本报记者]Reporter", "马可[实习生]Reporter"]
        );
    }
}
