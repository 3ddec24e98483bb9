//! Repost detection: signatures, clustering, and precision and recall on a
//! set of pairs made here from sentences written for the tests.

use super::*;
use crate::ingest::Document;

/// Sign every article of a page given as text.
fn sign_page(name: &str, raw: &str) -> Vec<Signed> {
    let d = Document::from_text(name, raw);
    let ix = CharIndex::new(&d.text);
    d.articles
        .iter()
        .filter_map(|a| {
            sign_article(&d.text, &ix, a).map(|sig| Signed {
                doc: d.name.clone(),
                index: a.index,
                sig,
            })
        })
        .collect()
}

/// The signature of a page's one signed article.
fn sig_of(raw: &str) -> Signature {
    let s = sign_page("x.txt", raw);
    assert_eq!(s.len(), 1, "one signed article in {raw}");
    s.into_iter().next().unwrap().sig
}

/// Simplified -> one Traditional form, from the table ingest reads backwards.
fn traditional(s: &str) -> String {
    let mut back: HashMap<char, char> = HashMap::new();
    for line in include_str!("../../data/t2s_chars.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut f = line.split('\t');
        if let (Some(t), Some(s)) = (f.next(), f.next()) {
            let (t, s) = (t.chars().next().unwrap(), s.chars().next().unwrap());
            back.entry(s).or_insert(t);
        }
    }
    s.chars().map(|c| *back.get(&c).unwrap_or(&c)).collect()
}

const REPORT: &str = "本报讯(记者 孙立平)5月12日，全县乡村振兴工作推进会在县委党校召开。县委书记王志强出席会议并讲话，县长李秀英主持会议。\n\
会议传达学习了省市有关会议精神，通报了今年以来全县乡村振兴重点项目进展情况，青山镇、白河乡作了交流发言。\n\
王志强强调，各乡镇要把产业发展摆在突出位置，围绕茶叶、中药材和生态养殖三大产业，做实做细联农带农机制，让群众在家门口增收致富。\n\
李秀英要求，各部门要压实工作责任，倒排工期，挂图作战，确保年底前完成村级道路硬化和农村饮水提升工程。\n\
县领导张建国、刘海燕，各乡镇党委书记及县直有关部门主要负责人参加会议。";

/// The same meeting reported by another outlet in its own words.
const OTHER_REPORT: &str = "5月12日上午，我县召开乡村振兴工作推进会，县委书记王志强、县长李秀英等县领导出席。\n\
推进会上，青山镇和白河乡的负责同志先后发言，介绍了发展茶叶种植和林下中药材的做法。\n\
王志强在讲话中指出，产业兴旺是乡村振兴的基础，要用好东西部协作资金，引进龙头企业，把小农户纳入现代农业链条。\n\
会议还对下半年的人居环境整治、集体经济壮大等任务进行了部署，要求各地对照清单逐项销号。";

fn page(headline: &str, header: &str, body: &str) -> String {
    format!("{headline}\n{header}{body}\n(孙立平)\n")
}

#[test]
fn furniture_lines_are_known() {
    assert!(is_furniture("来源:县融媒体中心"));
    assert!(is_furniture("责任编辑：周明"));
    assert!(is_furniture("【发布时间】2024-05-12"));
    assert!(is_furniture("浏览次数"));
    assert!(!is_furniture("来源于群众的意见建议共23条"));
    assert!(!is_furniture("编辑部全体人员参加学习。"));
}

#[test]
fn a_copy_with_another_header_and_headline_is_one_article() {
    let a = sig_of(&page("全县推进乡村振兴", "", REPORT));
    let b = sig_of(&page(
        "我县召开乡村振兴工作推进会 王志强讲话",
        "来源:某县人民政府网\n发布时间:2024-05-13 09:12\n浏览次数:318\n",
        &format!("{REPORT}\n责任编辑:周明"),
    ));
    assert_eq!(a, b, "furniture and headline are not signed");
    assert!(a.same_article(&b));
}

#[test]
fn a_traditional_mirror_is_one_article() {
    let a = sig_of(&page("全县推进乡村振兴", "", REPORT));
    let t = page("全县推进乡村振兴", "", &traditional(REPORT));
    assert_ne!(t, page("全县推进乡村振兴", "", REPORT));
    let b = sig_of(&t);
    assert!(a.same_article(&b), "jaccard {}", a.jaccard(&b));
}

#[test]
fn a_cut_off_copy_is_one_article_a_quoted_line_is_not() {
    let a = sig_of(&page("全县推进乡村振兴", "", REPORT));
    let cut: String = REPORT
        .chars()
        .take(REPORT.chars().count() * 3 / 5)
        .collect();
    let b = sig_of(&page("全县推进乡村振兴", "", &cut));
    assert!(b.chars < a.chars);
    assert!(
        a.same_article(&b),
        "containment {} jaccard {}",
        a.containment(&b),
        a.jaccard(&b)
    );
    // One paragraph of the report inside another story is not a copy of it.
    let quoted = REPORT.lines().nth(2).unwrap();
    let c = sig_of(&page("茶产业发展", "", quoted));
    assert!(!a.same_article(&c));
}

#[test]
fn two_reports_of_one_meeting_in_their_own_words_are_two() {
    let a = sig_of(&page("全县推进乡村振兴", "", REPORT));
    let b = sig_of(&page("我县召开乡村振兴工作推进会", "", OTHER_REPORT));
    assert!(!a.same_article(&b), "containment {}", a.containment(&b));
}

#[test]
fn signature_field_round_trips_and_bad_fields_are_named() {
    let a = sig_of(&page("全县推进乡村振兴", "", REPORT));
    let f = a.to_field();
    assert_eq!(Signature::from_field(&f).unwrap(), a);
    let short = &f[..f.len() - 4];
    assert!(Signature::from_field(short)
        .unwrap_err()
        .contains("128 bins"));
    assert!(Signature::from_field("zz:1:0:")
        .unwrap_err()
        .contains("character count"));
    let mut bad = f.clone();
    bad.replace_range(f.len() - 4.., "00g0");
    assert!(Signature::from_field(&bad)
        .unwrap_err()
        .contains("hexadecimal"));
}

#[test]
fn short_articles_join_identical_copies_only() {
    assert!(sign_chars(&"县委常委会召开".chars().collect::<Vec<_>>()).is_none());
    let a = sig_of("县委常委会召开\n本报记者 孙立平\n");
    assert_eq!(a.shingles, 0);
    let b = sig_of("縣委常委會召開\n本報記者 孫立平\n");
    let c = sig_of("县委常委会召开\n本报记者 李秀英\n");
    assert!(a.same_article(&b));
    assert!(!a.same_article(&c));
    assert_eq!(Signature::from_field(&a.to_field()).unwrap(), a);
    let items: Vec<Signed> = [
        ("a.txt", "县委常委会召开\n本报记者 孙立平\n"),
        ("b.txt", "县委常委会召开\n本报记者 孙立平\n"),
    ]
    .iter()
    .flat_map(|(n, p)| sign_page(n, p))
    .collect();
    let r = cluster(items);
    assert_eq!((r.clusters, r.copies), (1, 1));
}

#[test]
fn clusters_choose_the_longest_copy_whatever_the_order() {
    let full = page("全县推进乡村振兴", "", REPORT);
    let cut: String = REPORT
        .chars()
        .take(REPORT.chars().count() * 7 / 10)
        .collect();
    let pages = [
        ("a.txt", page("全县推进乡村振兴", "来源:某县融媒\n", &cut)),
        ("b.txt", page("推进会召开", "", &traditional(REPORT))),
        ("c.txt", full.clone()),
        (
            "d.txt",
            page("我县召开乡村振兴工作推进会", "", OTHER_REPORT),
        ),
        ("e.txt", full),
    ];
    let items: Vec<Signed> = pages.iter().flat_map(|(n, p)| sign_page(n, p)).collect();
    let mut reversed = items.clone();
    reversed.reverse();
    for input in [items, reversed] {
        let r = cluster(input);
        assert_eq!((r.clusters, r.copies), (1, 3));
        // b.txt's Traditional text normalises to the same text as c and e;
        // of the identical texts the smallest name is canonical.
        assert_eq!(r.role("b.txt", 0), Some(&Role::Canonical { sources: 4 }));
        for d in ["a.txt", "c.txt", "e.txt"] {
            assert_eq!(
                r.role(d, 0),
                Some(&Role::Copy {
                    doc: "b.txt".into(),
                    index: 0
                }),
                "{d}"
            );
        }
        assert_eq!(r.role("d.txt", 0), None);
    }
}

// ---- Precision and recall on generated pairs --------------------------------

/// A fixed generator (splitmix64): the same pairs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const NAMES: &[&str] = &[
    "王志强",
    "李秀英",
    "张建国",
    "刘海燕",
    "陈立新",
    "杨国华",
    "赵文斌",
    "黄丽萍",
    "周明远",
    "吴晓东",
    "徐春梅",
    "孙卫东",
    "马玉兰",
    "朱振华",
    "胡永胜",
    "郭晓红",
];
const TITLES: &[&str] = &[
    "县委书记",
    "县长",
    "县委副书记",
    "常务副县长",
    "副县长",
    "县委常委、组织部部长",
    "县人大常委会主任",
    "县政协主席",
    "镇党委书记",
    "乡长",
];
const PLACES: &[&str] = &[
    "青山镇",
    "白河乡",
    "东湖村",
    "石桥社区",
    "南岭工业园区",
    "柳树湾村",
    "西坪镇",
    "红星街道",
    "龙泉乡",
    "高桥村",
];
const TOPICS: &[&str] = &[
    "乡村振兴",
    "安全生产",
    "人居环境整治",
    "防汛抗旱",
    "招商引资",
    "疫情防控",
    "义务教育",
    "森林防火",
    "耕地保护",
    "河长制",
    "营商环境",
    "民生实事",
    "粮食生产",
    "文明城市创建",
];
const VERBS: &[&str] = &[
    "压实",
    "聚焦",
    "统筹推进",
    "深入开展",
    "扎实做好",
    "持续抓好",
    "全面落实",
    "着力破解",
    "切实加强",
    "加快推进",
];
const OBJECTS: &[&str] = &[
    "主体责任",
    "重点项目建设",
    "隐患排查整治",
    "基层组织建设",
    "群众急难愁盼问题",
    "产业结构调整",
    "要素保障",
    "干部作风建设",
    "农村集体经济",
    "基础设施短板",
];
const ENDS: &[&str] = &[
    "确保各项任务按期完成",
    "切实增强群众获得感",
    "为全县高质量发展提供坚强保障",
    "推动工作落地见效",
    "以实际成效取信于民",
    "坚决守住底线",
    "形成工作合力",
];

/// One sentence of a report on a meeting about `topic`.
fn sentence(r: &mut Rng, topic: &str) -> String {
    let (n, t, p) = (r.pick(NAMES), r.pick(TITLES), r.pick(PLACES));
    let (v, o, e) = (r.pick(VERBS), r.pick(OBJECTS), r.pick(ENDS));
    match r.next() % 6 {
        0 => format!("{t}{n}强调，要{v}{o}，{e}。"),
        1 => format!("{n}指出，{topic}工作事关全局，各地各部门要{v}{o}，{e}。"),
        2 => format!("会上，{p}就{topic}工作作了交流发言，介绍了{v}{o}的做法和成效。"),
        3 => format!("{t}{n}要求，{p}要把{topic}摆在重要位置，{v}{o}，{e}。"),
        4 => format!("会议听取了{p}关于{o}情况的汇报，研究部署了下一步{topic}工作。"),
        _ => format!("{n}在{p}调研时说，要以{topic}为抓手，{v}{o}，{e}。"),
    }
}

/// A report of meeting `m` by outlet `k`: the same lead facts, the rest in
/// the outlet's own words.
fn report(m: usize, k: usize) -> (String, String) {
    let mut facts = Rng(1000 + m as u64);
    let topic = facts.pick(TOPICS);
    let (chair, place) = (facts.pick(NAMES), facts.pick(PLACES));
    let day = 1 + facts.next() % 28;
    let mut r = Rng((m as u64) << 8 | k as u64);
    let lead = if k == 0 {
        format!("本报讯(记者 孙立平)6月{day}日，全县{topic}工作会议在{place}召开，县委书记{chair}出席会议并讲话。")
    } else {
        format!("6月{day}日上午，我县召开{topic}工作会议。县委书记{chair}在{place}出席并讲话。")
    };
    let mut body = vec![lead];
    let n = 5 + (r.next() % 6) as usize;
    for _ in 0..n {
        body.push(sentence(&mut r, topic));
    }
    (format!("全县{topic}工作会议召开"), body.join("\n"))
}

/// The copies of one report a crawl might find, each a page.
fn variants(headline: &str, body: &str, r: &mut Rng) -> Vec<String> {
    let chars: Vec<char> = body.chars().collect();
    let cut = |f: f64| -> String { chars[..(chars.len() as f64 * f) as usize].iter().collect() };
    let header = "来源:县人民政府网\n发布时间:2024-06-20 10:05\n浏览次数:1024\n";
    let f1 = 0.5 + (r.next() % 45) as f64 / 100.0;
    let f2 = 0.5 + (r.next() % 45) as f64 / 100.0;
    vec![
        page(headline, "", body),
        page(headline, header, &format!("{body}\n责任编辑:周明远")),
        page(&format!("【转载】{headline}（图）"), "", body),
        traditional(&page(headline, header, body)),
        page(headline, "", &format!("{}……", cut(f1))),
        traditional(&page("县里开会了", header, &cut(f2))),
    ]
}

#[test]
fn precision_and_recall_on_generated_pairs() {
    // 40 meetings, each reported by two outlets in their own words; each
    // report found in six copies.
    let mut items = Vec::new();
    let mut truth: HashMap<String, (usize, usize)> = HashMap::new();
    let mut r = Rng(7);
    for m in 0..40 {
        for k in 0..2 {
            let (h, body) = report(m, k);
            for (v, p) in variants(&h, &body, &mut r).iter().enumerate() {
                let name = format!("m{m:02}_{k}_{v}.txt");
                let signed = sign_page(&name, p);
                assert_eq!(signed.len(), 1, "{name}: {p}");
                truth.insert(name, (m, k));
                items.extend(signed);
            }
        }
    }
    let reposts = cluster(items.clone());
    let canon = |s: &Signed| match reposts.role(&s.doc, s.index) {
        Some(Role::Copy { doc, index }) => (doc.clone(), *index),
        _ => (s.doc.clone(), s.index),
    };
    let (mut tp, mut fp, mut fn_, mut same_meeting_fp) = (0usize, 0usize, 0usize, 0usize);
    // Margins: the least containment of a true pair, the most of two
    // reports of one meeting.
    let (mut least_true, mut most_other) = (1.0f64, 0.0f64);
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            let same = truth[&a.doc] == truth[&b.doc];
            let c = a.sig.containment(&b.sig);
            if same {
                least_true = least_true.min(c);
            } else if truth[&a.doc].0 == truth[&b.doc].0 {
                most_other = most_other.max(c);
            }
            let found = canon(a) == canon(b);
            match (same, found) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    if truth[&a.doc].0 == truth[&b.doc].0 {
                        same_meeting_fp += 1;
                    }
                }
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let rc = tp as f64 / (tp + fn_) as f64;
    println!(
        "repost pairs: tp {tp} fp {fp} (same meeting {same_meeting_fp}) fn {fn_}: precision {p:.4} recall {rc:.4}; \
         containment: true pairs >= {least_true:.3}, reports of one meeting <= {most_other:.3}"
    );
    assert_eq!(tp + fn_, 80 * 15);
    assert!(p >= 0.99, "precision {p}");
    assert!(rc >= 0.95, "recall {rc}");
}

#[test]
fn stories_on_one_pattern_with_other_leads_are_two() {
    // Stock sentences of my own, shared by two briefs that open on other
    // dates, places and officials.
    let stock = "要压实工作责任，强化督促检查，对工作不力的严肃追责问责。\n\
要进一步提高政治站位，切实增强责任感和紧迫感，确保各项工作落到实处。\n\
近年来，该项工作坚持高标准规划、高质量推进，取得了明显成效。\n\
各级各部门要加强协调配合，形成工作合力，推动工作取得实效。";
    let a = sig_of(&page(
        "督查组督查我县防汛工作",
        "",
        &format!(
            "3月4日，市第二督查组在我县就防汛工作开展情况进行督导检查，副县长张建国陪同。\n{stock}"
        ),
    ));
    let b = sig_of(&page(
        "督查组督查我区食品安全工作",
        "",
        &format!("8月10日，市第四督查组在我区就食品安全工作开展情况进行督导检查，区长刘海燕陪同。\n{stock}"),
    ));
    assert!(
        a.containment(&b) >= MIN_CONTAINMENT,
        "{}",
        a.containment(&b)
    );
    assert!(
        a.lead_jaccard(&b) < MIN_LEAD_JACCARD,
        "{}",
        a.lead_jaccard(&b)
    );
    assert!(!a.same_article(&b));
}

#[test]
fn signed_chars_are_the_letters_and_digits_of_the_unicode_tables() {
    assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
    for c in ['县', 'a', 'Z', '7', '７', 'é'] {
        assert!(signed_char(c), "{c}");
    }
    for c in [' ', '，', '。', '、', '-', '\u{3000}'] {
        assert!(!signed_char(c), "{c:?}");
    }
}

#[test]
fn same_bins_counts_the_equal_bins() {
    let a = [1u16, 2, 3, 4];
    assert_eq!(same_bins(&a, &[1, 0, 3, 0]), 2);
    assert_eq!(same_bins(&a, &a), 4);
    assert_eq!(same_bins(&a, &[0; 4]), 0);
}
