//! A synthetic corpus of county-newspaper pages, for benchmarks at scale.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --mb 1000 --seed 1 --out /tmp/corpus
//! ```
//!
//! Pages are built from sentence patterns (meetings, research visits,
//! inspections, campaigns), real places from the embedded gazetteer (each
//! page has a home county; its townships and invented villages appear in
//! it), agencies from templates, and a roster of officials per county that
//! recurs across pages, so that linking has real work to do. Namesakes are
//! made on purpose: some officials share a name with an official of another
//! county. About one page in thirty is written in GBK, as some papers are.
//!
//! Output: `OUT/NNNN/page_NNNNNN.txt`, a thousand pages a directory. The
//! same `--seed` and `--mb` give the same bytes.
//!
//! With `--real DIR` (repeatable), it measures the densities that decide
//! what a build costs on real pages (mentions of each type per KB, titles a
//! person, articles a page, sentence length, enumerations, bylines) on the
//! pages below DIR and on a sample of the generated pages, and prints both
//! side by side: the patterns here are tuned to keep each within 20 % of
//! the real pages'. Only the figures are computed; no real page's text is
//! kept or copied.

use std::io::Write;
use std::path::PathBuf;

const DIVISIONS: &str = include_str!("../data/divisions.tsv");
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞宇浩志国庆春梅东海波斌宏晓林云峰鑫瑞凯佳琳雪淑璋虹瑛荣俊忠德永金锋晨";
const VILLAGE: &str = "东西南北上下前后大小新旧柳杨李王张赵刘石河山沟坡庄堡峪湾岭泉井桥";
const TOPICS: [&str; 16] = [
    "大气污染防治",
    "脱贫攻坚",
    "乡村振兴",
    "安全生产",
    "森林防火",
    "疫情防控",
    "农村人居环境整治",
    "营商环境优化",
    "文明城市创建",
    "医疗改革",
    "防汛抗旱",
    "扫黑除恶专项斗争",
    "项目建设",
    "秋粮收购",
    "食品安全",
    "河长制",
];
/// Agencies as (short form, full-name head): the short form is printed with
/// the county's level word in front (县卫健局), the full form with its name.
const AGENCIES: [(&str, &str); 12] = [
    ("卫健局", "卫生健康局"),
    ("教育局", "教育局"),
    ("财政局", "财政局"),
    ("公安局", "公安局"),
    ("应急局", "应急管理局"),
    ("农业农村局", "农业农村局"),
    ("住建局", "住房和城乡建设局"),
    ("残联", "残疾人联合会"),
    ("民政局", "民政局"),
    ("水利局", "水利局"),
    ("人社局", "人力资源和社会保障局"),
    ("市场监管局", "市场监督管理局"),
];
const FILLER: [&str; 14] = [
    "要进一步提高政治站位,切实增强责任感和紧迫感,确保各项工作落到实处。",
    "各级各部门要加强协调配合,形成工作合力,推动工作取得实效。",
    "要坚持问题导向,对排查出的问题建立台账,明确责任,限期整改。",
    "会议通报了前一阶段工作进展情况,分析了存在的问题,安排部署了下一步工作。",
    "要压实工作责任,强化督促检查,对工作不力的严肃追责问责。",
    "近年来,该项工作坚持高标准规划、高质量推进,取得了明显成效。",
    "要坚持以人民为中心的发展思想,切实解决好群众最关心最直接最现实的利益问题。",
    "大家纷纷表示,将以此次活动为契机,立足本职岗位,为经济社会发展贡献力量。",
    "活动现场,工作人员向过往群众发放宣传资料,耐心解答群众咨询。",
    "此次活动共发放宣传资料两千余份,接受群众咨询三百余人次。",
    "要加強組織領導,確保各項措施落實到位。",
    "要统筹推进疫情防控和经济社会发展,全力以赴稳增长、促改革、调结构、惠民生、防风险。",
    "据了解,该项目总投资约三亿元,建成后将有效带动周边群众增收致富。",
    "他指出,要把思想和行动统一到上级决策部署上来,以更加务实的作风抓好落实。",
];

/// SplitMix64: small, fast, the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A county with its townships and the officials who recur on its pages.
struct County {
    name: String,
    /// 县, 市, 区 or 旗: the level word of its bodies (县委, 市长 …).
    level: char,
    townships: Vec<String>,
    /// (title, name), the first is the party secretary.
    roster: Vec<(String, String)>,
    /// The county paper's reporters, who sign most of its articles.
    reporters: Vec<String>,
}

fn person_name(rng: &mut Rng, surnames: &[char], given: &[char]) -> String {
    let mut s = String::new();
    s.push(*rng.pick(surnames));
    s.push(*rng.pick(given));
    if rng.chance(75) {
        s.push(*rng.pick(given));
    }
    s
}

fn counties(rng: &mut Rng, surnames: &[char], given: &[char]) -> Vec<County> {
    let mut names: Vec<(String, String)> = Vec::new(); // (code, name)
    let mut towns: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for line in DIVISIONS.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        match f[2] {
            "county" => names.push((f[0].to_string(), f[1].to_string())),
            "township" => towns
                .entry(f[3].to_string())
                .or_default()
                .push(f[1].to_string()),
            _ => {}
        }
    }
    let mut out: Vec<County> = Vec::new();
    for (code, name) in names {
        let level = name.chars().last().unwrap_or('县');
        let Some(t) = towns.remove(&code) else {
            continue;
        };
        if !matches!(level, '县' | '市' | '区' | '旗') || t.len() < 3 {
            continue;
        }
        let l = level;
        let posts = [
            format!("{l}委书记"),
            format!("{l}委副书记、{l}长"),
            format!("{l}委常委、常务副{l}长"),
            format!("{l}委常委、宣传部部长"),
            format!("{l}委常委、组织部部长"),
            format!("副{l}长"),
            format!("副{l}长"),
            format!("副{l}长"),
            format!("{l}人大常委会主任"),
            format!("{l}政协主席"),
        ];
        let mut roster = Vec::new();
        for p in posts {
            // One official in twenty shares a name with one of an earlier
            // county: namesakes that identity must keep apart.
            let name = if !out.is_empty() && rng.chance(5) {
                let other = &out[rng.below(out.len())];
                other.roster[rng.below(other.roster.len())].1.clone()
            } else {
                person_name(rng, surnames, given)
            };
            roster.push((p, name));
        }
        let reporters = (0..6).map(|_| person_name(rng, surnames, given)).collect();
        out.push(County {
            name,
            level,
            townships: t,
            roster,
            reporters,
        });
    }
    out
}

fn village(rng: &mut Rng, chars: &[char]) -> String {
    let mut s = String::new();
    s.push(*rng.pick(chars));
    s.push(*rng.pick(chars));
    s.push_str(if rng.chance(80) { "村" } else { "社区" });
    s
}

/// Sentences of the body: what real reports are mostly made of — who went
/// where with which departments, lists of places, departments and people —
/// with a plain clause or two between them. Written for this generator;
/// `{…}` fields are filled from the county.
struct Body<'a> {
    rng: &'a mut Rng,
    c: &'a County,
    village_chars: Vec<char>,
}

impl Body<'_> {
    fn town(&mut self) -> String {
        self.rng.pick(&self.c.townships).clone()
    }
    fn village(&mut self) -> String {
        village(self.rng, &self.village_chars)
    }
    fn agency(&mut self) -> String {
        let (short, _) = *self.rng.pick(&AGENCIES);
        format!("{}{short}", self.c.level)
    }
    fn official(&mut self) -> (String, String) {
        self.c.roster[self.rng.below(self.c.roster.len())].clone()
    }
    fn clause(&mut self) -> String {
        let f = *self.rng.pick(&FILLER);
        f.trim_end_matches('。').to_string()
    }

    /// One sentence, ending in 。.
    fn sentence(&mut self, topic: &str, lead: &str) -> String {
        let l = self.c.level;
        match self.rng.below(12) {
            0 => {
                let (t1, v1, t2) = (self.town(), self.village(), self.town());
                format!(
                    "{lead}一行先后来到{t1}{v1}和{t2}的项目现场,详细了解{topic}推进、资金使用、群众受益等情况,并与基层干部深入交流。"
                )
            }
            2 => {
                let (_, p) = self.official();
                format!("{p}表示,{},{}。", self.clause(), self.clause())
            }
            1 => {
                let (a1, a2, a3, t1, t2) = (
                    self.agency(),
                    self.agency(),
                    self.agency(),
                    self.town(),
                    self.town(),
                );
                format!("{a1}、{a2}、{a3}及{t1}、{t2}主要负责同志参加会议,并结合各自职责就下一步工作作了表态发言。")
            }
            3 => {
                let (t, v1, v2) = (self.town(), self.village(), self.village());
                let n = 3 + self.rng.below(9);
                format!(
                    "目前,{t}已在{v1}、{v2}等{n}个村建成{topic}示范点,{}。",
                    self.clause()
                )
            }
            4 => {
                let (a1, a2, t) = (self.agency(), self.agency(), self.town());
                format!(
                    "{a1}联合{a2}对{t}辖区内的重点单位开展了专项检查,{}。",
                    self.clause()
                )
            }
            5 => {
                let (_, p1) = self.official();
                let (_, p2) = self.official();
                let (_, p3) = self.official();
                format!("{l}领导{p1}、{p2}、{p3}参加活动,{}。", self.clause())
            }
            6 => {
                let t1 = self.town();
                let a = self.agency();
                format!(
                    "在{t1},{a}工作人员逐户走访,{},{}。",
                    self.clause(),
                    self.clause()
                )
            }
            7 => format!("{lead}强调,{},{}。", self.clause(), self.clause()),
            _ => format!("{},{}。", self.clause(), self.clause()),
        }
    }
}

/// One article: headline, lead sentence with a date and officials, a body
/// of several paragraphs, sometimes a second dated event and a byline.
fn article(rng: &mut Rng, c: &County, month: u32, surnames: &[char], given: &[char]) -> String {
    let l = c.level;
    let day = 1 + rng.below(28);
    let half = *rng.pick(&["上午", "下午", ""]);
    let topic = *rng.pick(&TOPICS);
    let town = rng.pick(&c.townships).clone();
    let vill = village(rng, &VILLAGE.chars().collect::<Vec<_>>());
    let lead_i = rng.below(c.roster.len());
    let (lead_title, lead) = c.roster[lead_i].clone();
    let (t2, p2) = c.roster[rng.below(c.roster.len())].clone();
    let (t3, p3) = c.roster[rng.below(c.roster.len())].clone();
    let (ag1s, ag1) = *rng.pick(&AGENCIES);
    let (ag2s, _) = *rng.pick(&AGENCIES);
    let reporter = rng.pick(&c.reporters).clone();
    // Correspondents come from the agencies and townships: a larger pool.
    let helper = person_name(rng, surnames, given);
    let mut s = String::new();
    let (head, lead_sentence) = match rng.below(5) {
        0 => (
            format!("{lead}到{town}调研{topic}工作"),
            format!(
                "{month}月{day}日{half},{lead_title}{lead}带领{l}{ag1s}、{l}{ag2s}等部门负责人深入{town}{vill}调研{topic}工作。"
            ),
        ),
        1 => (
            format!("{l}政府召开{topic}工作会议"),
            format!(
                "{month}月{day}日{half},{l}政府召开{topic}工作会议。{lead_title}{lead}出席会议并讲话,{t2}{p2}主持会议。"
            ),
        ),
        2 => (
            format!("市督查组督查我{l}{topic}工作"),
            format!(
                "{month}月{day}日,市第{}督查组在我{l}就{topic}工作开展情况进行督导检查。{lead_title}{lead}陪同督查。",
                ["一", "二", "三", "四"][rng.below(4)]
            ),
        ),
        3 => (
            format!("{town}开展{topic}宣传活动"),
            format!(
                "{month}月{day}日{half},{town}联合{c_name}{ag1}在{vill}开展{topic}宣传活动,{t3}{p3}参加活动。",
                c_name = c.name
            ),
        ),
        _ => (
            format!("{l}委理论学习中心组举行集中学习"),
            format!(
                "{month}月{day}日,{l}委理论学习中心组举行{topic}专题学习会。{lead_title}{lead}主持并讲话,{t2}{p2}、{t3}{p3}出席。"
            ),
        ),
    };
    s.push_str("### ");
    s.push_str(&head);
    s.push_str("\n\n");
    if rng.chance(BYLINE_CREDIT) {
        s.push_str(&format!("本报讯(记者{reporter} 通讯员{helper})"));
    }
    s.push_str(&lead_sentence);
    s.push_str("\n\n");
    let paragraphs = PARAGRAPHS.0 + rng.below(PARAGRAPHS.1);
    let second_event = rng.chance(SECOND_EVENT).then(|| rng.below(paragraphs));
    let mut body = Body {
        rng,
        c,
        village_chars: VILLAGE.chars().collect(),
    };
    for p in 0..paragraphs {
        if second_event == Some(p) {
            let day2 = 1 + body.rng.below(28);
            let (t, v) = (body.town(), body.village());
            let who = person_name(body.rng, surnames, given);
            s.push_str(&format!(
                "{month}月{day2}日,{t}党委书记{who}带队到{v}督导{topic}工作,{}。",
                body.clause()
            ));
        }
        for _ in 0..2 + body.rng.below(3) {
            s.push_str(&body.sentence(topic, &lead));
        }
        s.push_str("\n\n");
    }
    if body.rng.chance(BYLINE_END) {
        s.push_str(&reporter);
        s.push_str("\n\n");
    }
    s
}

/// Percent of articles opening with a credit (本报讯(记者… 通讯员…)).
const BYLINE_CREDIT: u64 = 22;
/// Percent of articles ending with the reporter's name on its own line.
const BYLINE_END: u64 = 22;
/// Body paragraphs: at least .0, and up to .1 - 1 more.
const PARAGRAPHS: (usize, usize) = (2, 3);
/// Percent of articles with a second dated event in the body.
const SECOND_EVENT: u64 = 15;
/// Bytes of a page (UTF-8) before its last article.
const PAGE_BYTES: usize = 2_600;

fn page(rng: &mut Rng, counties: &[County], surnames: &[char], given: &[char]) -> String {
    let c = rng.pick(counties);
    let month = 1 + rng.below(12) as u32;
    let mut s = String::from("\n\n");
    // Real pages hold one to a few articles.
    while s.len() < PAGE_BYTES {
        s.push_str(&article(rng, c, month, surnames, given));
    }
    s
}

/// What a build meets per page and per KB, as measured by govgraph's own
/// extraction (so a pattern counts only where the rules read it).
#[derive(Default)]
struct Density {
    pages: usize,
    articles: usize,
    /// UTF-8 bytes of the decoded text.
    bytes: usize,
    persons: usize,
    titles: usize,
    places: usize,
    agencies: usize,
    events: usize,
    sentences: usize,
    sentence_chars: usize,
    /// Sentences listing three items or more (two 、 or more).
    enumerations: usize,
    /// Byline lines and credits (本报讯(记者…)) of the articles.
    bylines: usize,
}

impl Density {
    fn add(&mut self, res: &govgraph::resources::Resources, doc: &govgraph::ingest::Document) {
        use govgraph::ingest::LineKind;
        let m = govgraph::extract::extract_document(res, doc);
        self.pages += 1;
        self.articles += doc.articles.len();
        self.bytes += doc.text.len();
        for a in &m.articles {
            self.persons += a.persons.len();
            self.titles += a.persons.iter().map(|p| p.titles.len()).sum::<usize>();
            self.places += a.places.len();
            self.agencies += a.agencies.len();
            self.events += a.events.len();
        }
        let chars: Vec<char> = doc.text.chars().collect();
        for a in &doc.articles {
            for l in &a.lines {
                let text: String = chars[l.span.start..l.span.end].iter().collect();
                match l.kind {
                    LineKind::Byline => self.bylines += 1,
                    LineKind::Body => {
                        if text.contains("记者") && text.contains('讯') {
                            self.bylines += 1;
                        }
                        for s in text.split(['。', '!', '?', ';']) {
                            let n = s.chars().count();
                            if n >= 4 {
                                self.sentences += 1;
                                self.sentence_chars += n;
                                if s.matches('、').count() >= 2 {
                                    self.enumerations += 1;
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// (name, value) of each figure.
    fn figures(&self) -> Vec<(&'static str, f64)> {
        let kb = self.bytes.max(1) as f64 / 1000.0;
        let per = |n: usize, d: usize| n as f64 / d.max(1) as f64;
        vec![
            ("persons / KB", self.persons as f64 / kb),
            ("places / KB", self.places as f64 / kb),
            ("agencies / KB", self.agencies as f64 / kb),
            ("events / KB", self.events as f64 / kb),
            ("titles / person", per(self.titles, self.persons)),
            ("articles / page", per(self.articles, self.pages)),
            (
                "KB / page",
                self.bytes as f64 / 1000.0 / self.pages.max(1) as f64,
            ),
            ("chars / sentence", per(self.sentence_chars, self.sentences)),
            ("enumerations / KB", self.enumerations as f64 / kb),
            ("bylines / article", per(self.bylines, self.articles)),
        ]
    }
}

/// The densities of the `*.txt` pages below `dirs` (unreadable pages are
/// named and skipped).
fn measure(res: &govgraph::resources::Resources, files: &[PathBuf]) -> Density {
    let mut d = Density::default();
    for f in files {
        match govgraph::ingest::Document::read(f) {
            Ok(doc) => d.add(res, &doc),
            Err(e) => eprintln!("gen_corpus: skipped: {e}"),
        }
    }
    d
}

/// Print the real pages' densities beside the generated ones, marking each
/// figure more than 20 % off.
fn compare(real_dirs: &[PathBuf], out: &std::path::Path) {
    let res = govgraph::resources::Resources::builtin().unwrap_or_else(|e| {
        eprintln!("gen_corpus: {e}");
        std::process::exit(2)
    });
    let real_files = govgraph::pipeline::page_inputs(real_dirs).unwrap_or_else(|e| {
        eprintln!("gen_corpus: --real: {e}");
        std::process::exit(2)
    });
    // A sample of the generated pages: the first 300 (pages are independent draws).
    let mut generated = govgraph::pipeline::page_inputs(&[out.to_path_buf()]).unwrap_or_default();
    generated.truncate(300);
    let real = measure(&res, &real_files);
    let made = measure(&res, &generated);
    println!(
        "{:<20} {:>10} {:>10} {:>7}   ({} real pages, {} generated pages sampled)",
        "density", "real", "generated", "ratio", real.pages, made.pages
    );
    for ((name, r), (_, g)) in real.figures().into_iter().zip(made.figures()) {
        let ratio = if r > 0.0 { g / r } else { f64::NAN };
        let flag = if (ratio - 1.0).abs() > 0.2 {
            "  > 20% off"
        } else {
            ""
        };
        println!("{name:<20} {r:>10.3} {g:>10.3} {ratio:>7.2}{flag}");
    }
}

fn main() {
    let mut mb: f64 = 10.0;
    let mut seed: u64 = 1;
    let mut out: Option<PathBuf> = None;
    let mut real: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("gen_corpus: {a} needs a value");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--mb" => mb = value().parse().unwrap_or(-1.0),
            "--seed" => seed = value().parse().unwrap_or(u64::MAX),
            "--out" => out = Some(PathBuf::from(value())),
            "--real" => real.push(PathBuf::from(value())),
            _ => {
                eprintln!("usage: gen_corpus --mb MEGABYTES --seed N --out DIR [--real DIR]...");
                std::process::exit(2)
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen_corpus --mb MEGABYTES --seed N --out DIR");
        std::process::exit(2)
    };
    if mb.is_nan() || mb <= 0.0 || seed == u64::MAX {
        eprintln!("gen_corpus: --mb must be a positive number, --seed an integer");
        std::process::exit(2)
    }
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut rng = Rng(seed);
    let counties = counties(&mut rng, &surnames, &given);
    let target = (mb * 1_000_000.0) as u64;
    let (mut written, mut pages) = (0u64, 0u64);
    while written < target {
        let text = page(&mut rng, &counties, &surnames, &given);
        let bytes: Vec<u8> = if rng.chance(3) {
            encoding_rs::GBK.encode(&text).0.into_owned()
        } else {
            text.into_bytes()
        };
        let dir = out.join(format!("{:04}", pages / 1000));
        if pages % 1000 == 0 {
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| {
                eprintln!("gen_corpus: {}: {e}", dir.display());
                std::process::exit(3)
            });
        }
        let path = dir.join(format!("page_{pages:06}.txt"));
        let mut f = std::fs::File::create(&path)
            .map(std::io::BufWriter::new)
            .unwrap_or_else(|e| {
                eprintln!("gen_corpus: {}: {e}", path.display());
                std::process::exit(3)
            });
        if let Err(e) = f.write_all(&bytes).and_then(|_| f.flush()) {
            eprintln!("gen_corpus: {}: {e}", path.display());
            std::process::exit(3)
        }
        written += bytes.len() as u64;
        pages += 1;
    }
    println!(
        "{pages} pages, {:.1} MB -> {} ({} counties)",
        written as f64 / 1e6,
        out.display(),
        counties.len()
    );
    if !real.is_empty() {
        compare(&real, &out);
    }
}
