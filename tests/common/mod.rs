//! Shared fixtures for the export tests: an actor catalog and invented
//! relation mentions in Chinese and English, with hostile text (quotes,
//! backslashes, newlines, `<script>`, `]]>`, `-->`, emoji) in labels,
//! sentences, cues, doc ids and outlets.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use stancegraph::{ActorCatalog, ActorInfo, Relation, RelationMention};

pub struct Catalog(pub BTreeMap<String, ActorInfo>);

impl ActorCatalog for Catalog {
    fn actor_info(&self, id: &str) -> ActorInfo {
        self.0
            .get(id)
            .cloned()
            .unwrap_or_else(|| ActorInfo::generic(id))
    }
}

fn actor(id: &str, kind: &str, zh: &str, en: &str) -> (String, ActorInfo) {
    let mut info = ActorInfo::generic(id);
    info.kind = kind.to_string();
    info.label_zh = zh.to_string();
    info.label_en = en.to_string();
    (id.to_string(), info)
}

pub fn catalog() -> Catalog {
    Catalog(
        [
            actor("china", "state", "中国", "China"),
            actor(
                "china.mfa",
                "ministry",
                "中国外交部",
                "Chinese Foreign Ministry",
            ),
            actor(
                "china.mfa.spokesperson",
                "office",
                "外交部发言人",
                "MFA spokesperson",
            ),
            actor(
                "china.embassy.uk",
                "embassy",
                "中国驻英国大使馆",
                "Chinese Embassy in the UK",
            ),
            actor(
                "china.mss",
                "ministry",
                "国家安全部",
                "Ministry of State Security",
            ),
            actor(
                "china.mod",
                "ministry",
                "国防部",
                "Ministry of National Defense",
            ),
            actor("us", "state", "美国", "United States"),
            actor(
                "us.doj",
                "ministry",
                "美国司法部",
                "US Department of Justice",
            ),
            actor(
                "us.state_department",
                "ministry",
                "美国国务院",
                "US State Department",
            ),
            actor("us.treasury", "ministry", "美国财政部", "US Treasury"),
            actor("uk", "state", "英国", "United Kingdom"),
            actor(
                "uk.ncsc",
                "agency",
                "英国国家网络安全中心",
                "UK National Cyber Security Centre",
            ),
            actor("eu", "igo", "欧盟", "European Union"),
            actor("nato", "igo", "北约", "NATO"),
            actor("west", "collective", "西方国家", "Western countries"),
            actor("huawei", "company", "华为", "Huawei"),
            actor("taiwan", "region", "台湾", "Taiwan"),
            actor("russia", "state", "俄罗斯", "Russia"),
            actor("japan", "state", "日本", "Japan"),
            actor("australia", "state", "澳大利亚", "Australia"),
            actor("un", "igo", "联合国", "United Nations"),
            actor("xinhua", "media", "新华社", "Xinhua"),
            actor(
                "apt31",
                "group",
                "黑客组织\"APT31\" \\ <script>alert(1)</script>",
                "APT31 ]]> --> & 😀\nsecond line",
            ),
        ]
        .into_iter()
        .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
pub fn mention(
    doc: &str,
    outlet: &str,
    date: Option<&str>,
    source: &str,
    relation: Relation,
    target: &str,
    cue: &str,
    sentence: &str,
    start: usize,
) -> RelationMention {
    RelationMention {
        doc: doc.to_string(),
        outlet: outlet.to_string(),
        date: date.map(str::to_string),
        source: source.to_string(),
        relation,
        target: target.to_string(),
        cue: cue.to_string(),
        rule: format!("{}.{}", if cue.is_ascii() { "en" } else { "zh" }, relation),
        sentence: sentence.to_string(),
        span: [start, start + sentence.chars().count()],
        confidence: 0.9,
    }
}

/// Fifteen mentions: the snapshot fixture.
pub fn fixture() -> Vec<RelationMention> {
    use Relation::*;
    vec![
        mention("bbc-001", "bbc", Some("2024-03-25"), "uk.ncsc", Accuse, "china.mss",
            "accused", "The NCSC accused China's Ministry of State Security of \"malicious\" cyber campaigns.", 0),
        mention("bbc-001", "bbc", Some("2024-03-25"), "uk", Accuse, "apt31",
            "blamed", "Britain blamed APT31 for the attack on the Electoral Commission.", 120),
        mention("bbc-002", "bbc", Some("2024-03-26"), "china.embassy.uk", Rebut, "uk",
            "dismissed", "The embassy dismissed the claims as \"completely fabricated\" -- a <script>smear</script>.", 0),
        mention("xinhua-17", "xinhua", Some("2024-03-26"), "china.mfa.spokesperson", Rebut, "us",
            "驳斥", "外交部发言人驳斥美方的\"无端指责\"，称其为\"政治操弄\"。", 40),
        mention("xinhua-17", "xinhua", Some("2024-03-26"), "china.mfa.spokesperson", Demand, "us",
            "敦促", "发言人敦促美方停止散布虚假信息 \\ 立即纠正错误做法。", 80),
        mention("xinhua-18", "xinhua", Some("2024-03-27"), "china.mfa", Demand, "uk",
            "要求", "中方要求英方停止炒作]]>所谓\"中国间谍\"问题。", 0),
        mention("rfi-5", "rfi", Some("2024-03-25T18:30:00+08:00"), "us.doj", Accuse, "apt31",
            "charged", "The Justice Department charged seven hackers linked to APT31.\nThey face up to 20 years 😀.", 10),
        mention("rfi-5", "rfi", Some("2024-03-25T18:30:00+08:00"), "us.treasury", Threaten, "china.mss",
            "sanctions", "Treasury threatened further sanctions against the MSS front company <!-- hidden -->.", 200),
        mention("rfi-6", "rfi", None, "us", Support, "uk",
            "stands with", "The United States stands with the United Kingdom, Blinken said.", 0),
        mention("rfi-6", "rfi", None, "nato", Support, "uk",
            "solidarity", "NATO expressed solidarity with the UK & its allies.", 90),
        mention("apd\"7", "a,b \"press\"", Some("2024-04-01"), "china.mod", Threaten, "taiwan",
            "警告", "国防部警告\"台独\"势力 --> 玩火必自焚。", 5),
        mention("apd\"7", "a,b \"press\"", Some("2024-04-01"), "apt31", Attack, "uk",
            "hacked", "APT31 hacked the Electoral Commission's servers; data of 40 million voters exposed.", 60),
        mention("bbc-003", "bbc", Some("2024-03-28"), "uk.ncsc", Accuse, "china.mss",
            "attributed", "The NCSC attributed the intrusion to China-state affiliated actors.", 30),
        mention("xinhua-19", "xinhua", Some("2024-03-28"), "china.mfa", Rebut, "west",
            "反驳", "外交部反驳西方国家的指控：\"毫无根据\"。", 12),
        mention("xinhua-19", "xinhua", Some("2024-03-28"), "china.mfa", Accuse, "x.unknown_actor",
            "指责", "中方指责某些势力\t幕后操纵。", 50),
    ]
}

/// The fixture plus more mentions among about twenty actors, for drawings
/// and the client test.
pub fn demo() -> Vec<RelationMention> {
    use Relation::*;
    let mut all = fixture();
    let extra: [(&str, Relation, &str); 24] = [
        ("us.state_department", Accuse, "china"),
        ("china.mfa", Rebut, "us.state_department"),
        ("eu", Demand, "china"),
        ("china.mfa", Rebut, "eu"),
        ("russia", Support, "china"),
        ("china", Support, "russia"),
        ("japan", Accuse, "china"),
        ("australia", Accuse, "china.mss"),
        ("china.embassy.uk", Accuse, "uk"),
        ("un", Demand, "russia"),
        ("us", Threaten, "huawei"),
        ("china.mfa", Demand, "us"),
        ("huawei", Rebut, "us"),
        ("xinhua", Accuse, "west"),
        ("west", Support, "taiwan"),
        ("china.mod", Attack, "taiwan"),
        ("us", Support, "taiwan"),
        ("china.mfa.spokesperson", Accuse, "japan"),
        ("nato", Accuse, "russia"),
        ("russia", Rebut, "nato"),
        ("us.doj", Accuse, "huawei"),
        ("uk", Demand, "china"),
        ("us", Accuse, "china.mss"),
        ("eu", Support, "uk"),
    ];
    for (i, (s, r, t)) in extra.into_iter().enumerate() {
        for k in 0..(1 + i % 3) {
            all.push(mention(
                &format!("demo-{:02}", i * 3 + k),
                ["bbc", "xinhua", "rfi"][(i + k) % 3],
                Some(&format!("2024-04-{:02}", 1 + (i + k) % 28)),
                s,
                r,
                t,
                "cue",
                &format!("Invented sentence {i}.{k}: {s} {r} {t}."),
                k * 100,
            ));
        }
    }
    all
}

/// Every file below `dir` (relative path -> bytes), for comparing output folders.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Reports a test that cannot run on this machine (no `../shared`, no
/// Graphviz `dot`) where `cargo test` shows it: straight to the terminal,
/// which the test harness does not capture, as `SKIPPED test: reason`.
/// Under CI (`CI` set; `.ci/run` sets it) a missing prerequisite fails the
/// test instead, since CI has them all.
pub fn skip(test: &str, reason: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {reason}, and CI must have every prerequisite");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
}

/// `../shared` (the real development articles) when its seeds are there;
/// otherwise the test is reported skipped and this is `None`.
pub fn shared(test: &str) -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join("seeds").is_dir() {
        Some(p)
    } else {
        skip(test, &format!("{} is absent", p.join("seeds").display()));
        None
    }
}

/// Whether Graphviz's `dot` runs here; when not, the test is reported
/// skipped.
pub fn system_dot(test: &str) -> bool {
    let ok = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip(test, "Graphviz dot is not installed");
    }
    ok
}

/// A copy of the shipped sample corpus in `dir` (so a test can add an
/// article of its own beside the ten).
#[allow(dead_code)]
pub fn sample_corpus_copy(dir: &Path) -> std::path::PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    dir.to_path_buf()
}

/// A JSON file, parsed.
#[allow(dead_code)]
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
