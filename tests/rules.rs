//! Table-driven rule tests: sentences in, edges out, in both languages.
//! The sentences are invented for these tests.

use stancegraph::extract::Engine;
use stancegraph::lexicon::Lexicon;
use stancegraph::{Article, Format, Lang};

fn article(title: &str, paras: &[&str]) -> Article {
    let mut items = vec![(true, title.to_string())];
    items.extend(paras.iter().map(|p| (false, p.to_string())));
    Article {
        id: "t".into(),
        source: "test".into(),
        format: Format::PlainText,
        title: Some(title.into()),
        outlet: "test".into(),
        date: Some("2023-03-15".into()),
        published: None,
        url: None,
        author: None,
        lang: Lang::Zh,
        paragraphs: Article::paragraphs_from(items),
        removed: vec![],
        warnings: vec![],
    }
}

fn edges(engine: &Engine, paras: &[&str]) -> Vec<String> {
    let x = engine.extract(&article("测试", paras));
    let mut v: Vec<String> = x
        .relations
        .iter()
        .map(|r| format!("{} {} {}", r.source, r.relation, r.target))
        .collect();
    v.sort();
    v.dedup();
    v
}

struct Case {
    name: &'static str,
    text: &'static [&'static str],
    want: &'static [&'static str],
    not: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "zh svo",
        text: &["荷兰政府14日发表声明指责俄罗斯。"],
        want: &["netherlands accuse russia"],
        not: &[],
    },
    Case {
        name: "zh coordination of sources",
        text: &["德国、法国、意大利和欧盟等联手发表声明谴责伊朗。"],
        want: &["germany accuse iran", "france accuse iran", "italy accuse iran", "eu accuse iran"],
        not: &[],
    },
    Case {
        name: "zh embassy list expands to one embassy per host",
        text: &["我国驻德国、法国、荷兰使馆随即发声驳斥，表示强烈不满。"],
        want: &["china.embassy.germany rebut germany", "china.embassy.france rebut france", "china.embassy.netherlands rebut netherlands"],
        not: &["china.embassy.germany rebut france"],
    },
    Case {
        name: "zh speaker attribution and evaluation",
        text: &["中国驻荷兰使馆发言人表示，荷方的说法完全是无中生有。"],
        want: &["china.embassy.netherlands rebut netherlands"],
        not: &[],
    },
    Case {
        name: "zh speaker carries over to a role-word sentence",
        text: &["中国驻德国使馆发言人15日表示，中方从不支持任何黑客行为。发言人强调，德方的指控缺乏任何事实证据。"],
        want: &["china.embassy.germany rebut germany"],
        not: &[],
    },
    Case {
        name: "zh demand",
        text: &["欧盟在声明中敦促俄罗斯立即停止恶意网络活动。"],
        want: &["eu demand russia"],
        not: &[],
    },
    Case {
        name: "zh negation removes the attack",
        text: &["俄罗斯外交部表示，俄方从未对波兰发动网络攻击。"],
        want: &[],
        not: &["russia attack poland"],
    },
    Case {
        name: "zh verbal 攻击 is accuse, cyber 攻击 is attack",
        text: &["澳大利亚发表声明攻击中国。", "声明称，朝鲜黑客攻击了日本的银行系统。"],
        want: &["australia accuse china", "north_korea attack japan"],
        not: &["australia attack china"],
    },
    Case {
        name: "zh passive",
        text: &["立陶宛被俄罗斯指责干涉内政。"],
        want: &["russia accuse lithuania"],
        not: &["lithuania accuse russia"],
    },
    Case {
        name: "zh dateline names no actor",
        text: &["新华社北京3月15日电 日本政府宣布追加制裁措施。"],
        want: &[],
        not: &["china accuse japan", "japan accuse china"],
    },
    Case {
        name: "zh mere mention gives nothing",
        text: &["法国和德国的代表出席了在比利时举行的会议。"],
        want: &[],
        not: &["france accuse germany"],
    },
    Case {
        name: "zh traditional characters",
        text: &["歐盟發表聲明譴責俄羅斯。"],
        want: &["eu accuse russia"],
        not: &[],
    },
    Case {
        name: "zh support 加入…行列",
        text: &["加拿大宣布加入美国的行列。"],
        want: &["canada support us"],
        not: &[],
    },
    Case {
        name: "en svo with coordination",
        text: &["Britain, Canada and Japan accused Russia of sabotage on Monday."],
        want: &["uk accuse russia", "canada accuse russia", "japan accuse russia"],
        not: &[],
    },
    Case {
        name: "en embedded claim",
        text: &["The Dutch government said Russia hacked Microsoft last year."],
        want: &["netherlands accuse russia", "russia attack microsoft"],
        not: &[],
    },
    Case {
        name: "en negation",
        text: &["Poland did not accuse Germany of anything."],
        want: &[],
        not: &["poland accuse germany"],
    },
    Case {
        name: "en threat",
        text: &["Germany warned that it would hold Russia accountable."],
        want: &["germany threaten russia"],
        not: &[],
    },
    Case {
        name: "zh comitative partner",
        text: &["瑞典政府表示，愿与芬兰和挪威站在一起。"],
        want: &["sweden support finland", "sweden support norway"],
        not: &["finland support norway"],
    },
    Case {
        name: "zh abbreviation run before a counter",
        text: &["意西两国随后发表联合声明，谴责伊朗。"],
        want: &["italy accuse iran", "spain accuse iran"],
        not: &[],
    },
    Case {
        name: "zh state name before a bare ministry",
        text: &["波兰外交部发言人表示，立陶宛的说法毫无根据。"],
        want: &["poland.mfa.spokesperson rebut lithuania"],
        not: &["china.mfa.spokesperson rebut lithuania"],
    },
    Case {
        name: "zh hearsay gives no edge",
        text: &["芬兰外交部回应所谓俄罗斯网络入侵瑞典的报道。"],
        want: &[],
        not: &["russia attack sweden"],
    },
    Case {
        name: "zh passive governs one verb",
        text: &["伊朗被以色列公开指责支持黑客入侵沙特。"],
        want: &["israel accuse iran"],
        not: &["israel attack saudi_arabia", "israel support iran"],
    },
    Case {
        name: "en capital metonym and agent after a noun",
        text: &["Warsaw rejected the accusations from Minsk as groundless."],
        want: &["poland rebut belarus"],
        not: &["poland accuse belarus"],
    },
    Case {
        name: "en hyphenated compound is not the verb",
        text: &["Lithuania condemned Kremlin-backed groups targeting Latvia."],
        want: &["lithuania accuse russia"],
        not: &["russia support latvia"],
    },
    Case {
        name: "en negation shared by a verb list",
        text: &["Hungary said it had never organised, funded or tolerated hacking against Austria."],
        want: &[],
        not: &["hungary attack austria"],
    },
    Case {
        name: "zh wrongdoing in a speech makes the speaker accuse the doer",
        text: &["芬兰外交部发言人表示，俄罗斯一再干涉芬兰内政，对邻国说三道四。"],
        want: &["finland.mfa.spokesperson accuse russia"],
        not: &["russia accuse finland"],
    },
    Case {
        name: "zh wrongdoing in the outlet's voice gives no edge",
        text: &["分析认为，俄罗斯一再干涉邻国内政。"],
        want: &[],
        not: &["russia accuse finland"],
    },
    Case {
        name: "en wrongdoing owned by a possessor in a speech",
        text: &["The Estonian foreign minister said Russia's interference had gone on for years."],
        want: &["estonia accuse russia"],
        not: &[],
    },
    Case {
        name: "zh pejorative said by the victim rebuts and accuses the smearer",
        text: &["中国外交部发言人表示，日本抹黑中国，中方坚决反对。"],
        want: &["china.mfa.spokesperson rebut japan", "china.mfa.spokesperson accuse japan"],
        not: &["china accuse china"],
    },
    Case {
        name: "zh chained clause takes the subject of the clause before",
        text: &["瑞典政府公开指责伊朗，伊朗随即驳回，又向瑞方提出严正交涉。"],
        want: &["sweden accuse iran", "iran rebut sweden"],
        not: &["sweden rebut iran"],
    },
    Case {
        name: "zh lawsuit and reciprocal reaction",
        text: &["立陶宛公司对白俄罗斯提起诉讼。", "白俄罗斯外交部表示，将对立陶宛作出对等反应。"],
        want: &["belarus.mfa threaten lithuania"],
        not: &["lithuania threaten belarus"],
    },
    Case {
        name: "en ask ... to and take action against",
        text: &[
            "Norway asked Russia to release the fishermen.",
            "Iceland said it would take action against Russia.",
        ],
        want: &["norway demand russia", "iceland threaten russia"],
        not: &[],
    },
    Case {
        name: "en British doubled l in labelled",
        text: &["Latvia labelled Russia a terrorist state."],
        want: &["latvia accuse russia"],
        not: &[],
    },
    Case {
        name: "en linked ... to blames, the noun links to does not",
        text: &[
            "Finland linked the sabotage to Russia.",
            "Critics question Estonia's links to Russia.",
        ],
        want: &["finland accuse russia"],
        not: &["estonia accuse russia"],
    },
    Case {
        name: "en subordinate clause does not give its subject to the main cue",
        text: &["After Poland asked for help, Lithuania condemned Belarus."],
        want: &["lithuania accuse belarus"],
        not: &["poland accuse belarus"],
    },
    Case {
        name: "en agent after a filler word and a reduced relative clause",
        text: &["A trawler owned by a businessman close to Minsk and sanctioned by the EU was seized."],
        want: &["eu accuse belarus"],
        not: &["belarus accuse eu"],
    },
    Case {
        name: "en facing criticism from someone is passive",
        text: &["Hungary faces mounting criticism from the European Commission."],
        want: &["eu.commission accuse hungary"],
        not: &["hungary accuse eu"],
    },
    Case {
        name: "en a group after a preposition is no subject",
        text: &["An engineer who worked for the BBC until May has been charged with spying for Israel."],
        want: &[],
        not: &["bbc accuse israel"],
    },
    Case {
        name: "en a role's owner after for is the speaker",
        text: &["A spokesperson for the Latvian government said it condemned Russia."],
        want: &["latvia accuse russia"],
        not: &[],
    },
    Case {
        name: "en a cue noun's owner inside a prepositional phrase",
        text: &["The ruling follows years of Dutch accusations against Iran."],
        want: &["netherlands accuse iran"],
        not: &[],
    },
    Case {
        name: "zh an impersonal report has no speaker to carry over",
        text: &["华为的新工厂被认为得益于德国的产业政策。这项政策将拿出资金支持德国的芯片产业。"],
        want: &[],
        not: &["huawei support germany"],
    },
    Case {
        name: "zh a cited title is not speech",
        text: &["瑞典外交部长此前表示关注。更多内容可参阅此前报道《俄罗斯黑客入侵瑞典议会》。"],
        want: &[],
        not: &["sweden.foreign_minister accuse russia", "sweden accuse russia"],
    },
    Case {
        name: "zh a quoted name after a cue is its object, not the speaker",
        text: &[
            "芬兰外交部发言人表示，将继续关注。",
            "我们已就瑞典炒作“海莲花”组织一事表明立场，瑞典黑客入侵了芬兰议会网络。",
        ],
        want: &["sweden attack finland"],
        not: &["ocean_lotus accuse sweden"],
    },
    Case {
        name: "zh crossing actor names keep the leftmost word",
        text: &["白俄罗斯外交部发言人表示，立陶宛的说法毫无根据。"],
        want: &["belarus.mfa rebut lithuania"],
        not: &["russia.mfa.spokesperson rebut lithuania", "russia.mfa rebut lithuania"],
    },
    Case {
        name: "en claiming responsibility makes the group the doer",
        text: &["Killnet claimed responsibility for cyberattacks against Lithuania."],
        want: &["killnet attack lithuania"],
        not: &[],
    },
    Case {
        name: "en a short parenthesis breaks no clause",
        text: &["A group called Cyber Army of Russia Reborn (CARR) launched cyberattacks against Poland."],
        want: &["cyber_army_of_russia_reborn attack poland"],
        not: &[],
    },
    Case {
        name: "zh a name introduced after an actor's role is that actor later",
        text: &["国台办发言人林小文今天表示，将密切关注。", "林小文批评，民进党当局对外部势力言听计从。"],
        want: &["china.tao accuse taiwan"],
        not: &[],
    },
    Case {
        name: "zh Taiwan's Mainland Affairs Council",
        text: &["陆委会批评，中共当局一再打压台湾的国际空间。"],
        want: &["taiwan.mac accuse china"],
        not: &["china accuse taiwan"],
    },
    Case {
        name: "en who is told is no subject",
        text: &["A spokesperson for the Latvian government told Reuters it condemned Russia."],
        want: &["latvia accuse russia"],
        not: &["reuters accuse russia"],
    },
    Case {
        name: "en a role's person is met again by surname",
        text: &[
            "Estonian Foreign Ministry spokesperson Kadri Tamm said talks would go on.",
            "Tamm condemned Russia.",
        ],
        want: &["estonia.mfa.spokesperson accuse russia"],
        not: &["china.mfa.spokesperson accuse russia"],
    },
    Case {
        name: "zh an accuser named only in the question before the answer",
        text: &[
            "记者提问：据报道，瑞典和挪威认为一个中国黑客团伙进入了两国议会的网络。",
            "“有关国家又一次拿所谓黑客问题大做文章，以此诋毁中国。”外交部发言人说。",
        ],
        want: &["china.mfa.spokesperson rebut sweden", "china.mfa.spokesperson accuse norway"],
        not: &[],
    },
    Case {
        name: "zh a negated verb of stopping affirms the cue",
        text: &["挪威政府表示，俄罗斯从未停止针对挪威的间谍活动。"],
        want: &["russia attack norway", "norway accuse russia"],
        not: &[],
    },
    Case {
        name: "zh a verb of stopping alone negates",
        text: &["挪威政府表示，俄罗斯已经停止针对挪威的间谍活动。"],
        want: &[],
        not: &["russia attack norway"],
    },
    Case {
        name: "en never stopped spying",
        text: &["Officials in Oslo said Russia never stopped spying on Norway."],
        want: &["russia attack norway"],
        not: &[],
    },
    Case {
        name: "zh an owner with modifiers before the wrongdoing, under a locative",
        text: &["芬兰外交部发言人表示，在俄罗斯的长期恐吓下，芬兰不会改变立场。"],
        want: &["finland.mfa.spokesperson accuse russia"],
        not: &[],
    },
    Case {
        name: "en bare attacks count in an article about hacking; owner and adjective are agents",
        text: &[
            "Polish officials say hackers have targeted the country's water utilities for months.",
            "The cyber unit of the army has traced the intrusions to servers abroad.",
            "Hackers also leaked stolen data online.",
            "Poland says Russia's attacks on Polish railways doubled last year.",
            "Estonia published figures on Russian attacks against Estonian banks.",
        ],
        want: &["russia attack poland", "poland accuse russia", "russia attack estonia"],
        not: &["estonia attack russia"],
    },
    Case {
        name: "en bare attacks outside a cyber context are no cyber attack",
        text: &["Poland says Russia's attacks on Polish railways doubled last year."],
        want: &[],
        not: &["russia attack poland"],
    },
    Case {
        name: "en a relative clause between subject and verb; the target is the deed's agent",
        text: &["Poland, which has long backed Kyiv, has condemned the annexation by Russia."],
        want: &["poland support ukraine", "poland accuse russia"],
        not: &[],
    },
    Case {
        name: "en an objectless demand is addressed to whoever was told",
        text: &["The Japanese foreign minister told the Russian ambassador on Monday that talks should resume and urged restraint."],
        want: &["japan.foreign_minister demand russia"],
        not: &[],
    },
    Case {
        name: "en a family name given first is met alone later",
        text: &[
            "Chinese Foreign Minister Wang Yi met his Dutch counterpart on Monday.",
            "Wang said the Netherlands had spread groundless accusations.",
        ],
        want: &["china.foreign_minister rebut netherlands"],
        not: &[],
    },
    Case {
        name: "en a statement from a ministry is its speech",
        text: &["A statement from the Dutch foreign ministry said Russia must release the detained sailors."],
        want: &["netherlands demand russia"],
        not: &[],
    },
    Case {
        name: "en a cue noun's owner is its source, not the sentence subject",
        text: &["Russia's influence campaign aims to undermine Canadian support for Ukraine."],
        want: &["canada support ukraine"],
        not: &["russia support ukraine"],
    },
    Case {
        name: "en the object of 'urged X to' is X, never an actor in the infinitive",
        text: &["The Australian minister urged Pacific island states to confront Chinese pressure."],
        want: &[],
        not: &["australia demand china"],
    },
    Case {
        name: "zh a subject before 敦促 is no owner: inside MFA speech 中方 is the MFA",
        text: &["外交部发言人表示，中方敦促荷兰停止抹黑中国。"],
        want: &["china.mfa.spokesperson demand netherlands"],
        not: &["china demand netherlands"],
    },
    Case {
        name: "zh hackers affiliated with a government are its agents; a name inside a jieba compound (挪威议会) stands",
        text: &["调查人员发现，与俄罗斯政府有关联的黑客上月侵入了挪威议会的内部网络。"],
        want: &["russia attack norway"],
        not: &[],
    },
    Case {
        name: "zh an actor in a time frame is no speaker; a pair named by 之间 is no target",
        text: &["法国外交部长在访问日本期间公布的报告指控俄罗斯与西方国家之间的对抗加剧。"],
        want: &[],
        not: &["japan accuse russia", "japan accuse west", "france.foreign_minister accuse west"],
    },
    Case {
        name: "zh the second victim of 针对A和B is no attacker",
        text: &["瑞典政府表示，针对瑞典税务局和芬兰某电信公司的网络入侵源自俄罗斯。"],
        want: &[],
        not: &["finland attack russia", "sweden accuse finland"],
    },
    Case {
        name: "zh an evaluation naming an accusation reports the accusation too",
        text: &["据中国驻荷兰使馆消息，荷兰政府以所谓网络攻击为由公开对中方进行无端指责，中方对此坚决驳回。"],
        want: &["netherlands accuse china", "china.embassy.netherlands rebut netherlands"],
        not: &["china accuse netherlands"],
    },
    Case {
        name: "en denying charges with no accusation found answers the other side named just before",
        text: &[
            "A Belarusian court sentenced the Lithuanian reporter to ten years for espionage.",
            "Lithuania and the reporter's newspaper have firmly denied the charges.",
        ],
        want: &["lithuania rebut belarus"],
        not: &[],
    },
    Case {
        name: "zh 中方 speaking inside its mission's statement is the mission",
        text: &["中国驻欧盟使团发言人表示，欧盟声明缺乏事实依据，中方对此表示强烈不满。"],
        want: &["china.mission.eu rebut eu"],
        not: &["china rebut eu"],
    },
    Case {
        name: "zh a headline gives two colon speakers their say in turn",
        text: &["【判决】芬兰外交部：判决令人遗憾 大陆国台办：颠倒黑白"],
        want: &["china.tao accuse finland.mfa"],
        not: &["finland.mfa rebut china.tao", "finland.mfa accuse china.tao"],
    },
    Case {
        name: "en an expletive it names nobody; a noun's passive agent is its doer",
        text: &["Latvia's foreign minister said: \"It was clear for weeks that cyberattacks were launched against Latvian ministries by Moscow.\""],
        want: &["russia attack latvia"],
        not: &["latvia attack russia"],
    },
    Case {
        name: "zh an actor inside 对…表示 is no speaker; the sentence subject speaks on",
        text: &["外交部发表谈话，批评加拿大扩大出口管制，对加方把经贸问题政治化、损害中国企业利益表示强烈不满。"],
        want: &["china.mfa accuse canada", "china.mfa rebut canada"],
        not: &["china rebut canada"],
    },
    Case {
        name: "zh 署方 is the office that spoke before it",
        text: &["外交部驻港公署发言人批评英国议员发表涉港言论，署方对英方的做法表示坚决反对。"],
        want: &["china.mfa rebut uk"],
        not: &["china rebut uk"],
    },
    Case {
        name: "zh 据X网站消息 opens X's account; 中方 in the next paragraph is X",
        text: &[
            "据中国驻荷兰使馆网站消息，荷兰情报部门日前发布报告抹黑中国，中方对此表示坚决反对。",
            "中方要求荷方纠正错误做法。",
        ],
        want: &[
            "netherlands accuse china",
            "china.embassy.netherlands rebut netherlands",
            "china.embassy.netherlands demand netherlands",
        ],
        not: &["china rebut netherlands", "china demand netherlands"],
    },
    Case {
        name: "zh a paragraph opened by a speaker is the speaker's to its end",
        text: &["外交部发言人指出，近年来日方多次派员窃取中国企业机密。日本情报机构还对中国实施网络攻击。日方应当停止此类行为。"],
        want: &["china.mfa.spokesperson accuse japan", "china.mfa.spokesperson demand japan", "japan attack china"],
        not: &[],
    },
    Case {
        name: "zh the outlet's own paragraph that names no speaker stays the outlet's",
        text: &["日本情报机构还对中国实施网络攻击。日方应当停止此类行为。"],
        want: &["japan attack china"],
        not: &["china demand japan", "china accuse japan"],
    },
    Case {
        name: "zh a colon speaker stays the speaker when a reporting verb follows inside",
        text: &["汪文斌：我看到了你说的这篇报道。日本多年来对中国实施网络攻击。日方应当立即停止此类行为。"],
        want: &["china.mfa.spokesperson demand japan", "japan attack china"],
        not: &[],
    },
    Case {
        name: "zh a transliterated name is met by its last part; a quotation missing its opening mark is still the speaker's",
        text: &[
            "丹麦外交大臣安德斯·尼尔森表示：“丹麦的港口系统多次遭到入侵。”",
            "我们为此谴责俄罗斯，”尼尔森周四在议会说。",
        ],
        want: &["denmark accuse russia"],
        not: &[],
    },
    Case {
        name: "zh a Chinese family name alone names the person right before a reporting verb",
        text: &[
            "日本外务大臣上川阳子会见了记者。",
            "“我们敦促朝鲜停止挑衅，”上川说。",
            "韩国外交部发言人李东元会见了记者。",
            "“我们谴责朝鲜的挑衅，”李说。",
        ],
        want: &["japan.foreign_minister demand north_korea", "south_korea.mfa.spokesperson accuse north_korea"],
        not: &[],
    },
    Case {
        name: "zh an actor inside an earlier clause's object is no subject for a later reporting verb",
        text: &["与会各方同意扩大海上合作，提升防范伊朗无人机袭击的能力，并重申支持以色列。"],
        want: &[],
        not: &["iran support israel"],
    },
    Case {
        name: "zh a speaker named inside another's speech, with no mark after its verb, speaks to the end of its clause only",
        text: &["外交部表示，美方一方面强调公平竞争，一方面却打压中国企业，压缩其发展空间。"],
        want: &["china.mfa accuse us"],
        not: &[],
    },
    Case {
        name: "en a cue before 'that' takes the subject of the clause it opens as its object",
        text: &[
            "Britain's allegations that Iran funded the group drew a sharp response.",
            "Tehran faces allegations that it supplies drones to Moscow.",
        ],
        want: &["uk accuse iran"],
        not: &["iran accuse russia", "uk accuse russia"],
    },
    Case {
        name: "en a reduced relative 'linked to' attributes only a deed",
        text: &[
            "Norwegian officials said the port had seized a tanker linked to a Russian shipping magnate.",
            "Estonia said that the cyber intrusions linked to Russia had grown.",
            "Finland named a group, which it linked to Iran, as the culprit.",
        ],
        want: &["estonia accuse russia", "finland accuse iran"],
        not: &["norway accuse russia"],
    },
    Case {
        name: "en a spaced en dash ends the clause: no object beyond it",
        text: &["Oslo said it supported all efforts that bring calm – the first such remark since a Finnish envoy visited."],
        want: &[],
        not: &["norway support finland"],
    },
    Case {
        name: "zh a date or a short adverb before the subject keeps it the subject",
        text: &["2024年3月日本政府在会上表态，随后又公开支持菲律宾。"],
        want: &["japan support philippines"],
        not: &[],
    },
    Case {
        name: "zh a dateline is no part of the first clause: the subject after it speaks on",
        text: &["新华社柏林 5 月 3 日电 中国驻德国使馆发言人 3 日在答记者问时驳斥德方涉华指控，并表示中方坚决反对将网络安全问题政治化。"],
        want: &["china.embassy.germany rebut germany"],
        not: &["china rebut germany"],
    },
    Case {
        name: "en a pair anaphor written as a pattern: the two, modifiers, a plural head",
        text: &[
            "Sweden and Norway accused Moscow of jamming flights over the Arctic.",
            "Finland said on Friday that it stands with the two Nordic governments.",
        ],
        want: &["finland support sweden", "finland support norway"],
        not: &["finland support russia"],
    },
    Case {
        name: "zh a pair anaphor written as a pattern: 这两个 + head",
        text: &[
            "瑞典和挪威政府周一指责俄罗斯干扰北极航班。",
            "芬兰外长随后表示，芬兰坚定支持这两个北欧邻国。",
        ],
        want: &["finland support sweden", "finland support norway"],
        not: &["finland support russia"],
    },
    Case {
        name: "en support of an accusation supports the first accusers of the side accused",
        text: &[
            "Sweden and Norway accused Moscow of jamming flights over the Arctic.",
            "The European Commission also accused Russia of reckless conduct.",
            "Denmark and Iceland issued statements endorsing the accusation.",
        ],
        want: &[
            "denmark support sweden", "denmark support norway",
            "iceland support sweden", "iceland support norway",
        ],
        not: &["denmark support eu", "denmark support russia"],
    },
    Case {
        name: "en support with a plain object is no claim_author edge",
        text: &[
            "Sweden accused Moscow of jamming flights over the Arctic.",
            "Denmark backed the plan to share radar data.",
        ],
        want: &["sweden accuse russia"],
        not: &["denmark support sweden"],
    },
];

#[test]
fn rule_table() {
    let engine = Engine::new(Lexicon::shipped().expect("lexicon"));
    let mut failures = Vec::new();
    for c in CASES {
        let got = edges(&engine, c.text);
        for w in c.want {
            if !got.iter().any(|g| g == w) {
                failures.push(format!("{}: missing `{w}`; got {got:?}", c.name));
            }
        }
        for n in c.not {
            if got.iter().any(|g| g == n) {
                failures.push(format!("{}: unexpected `{n}`; got {got:?}", c.name));
            }
        }
        if c.want.is_empty() && c.not.is_empty() {
            unreachable!("a case must assert something");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Page furniture (a related-headlines tail after the article) yields
/// nothing: the headlines accuse and attack, the article does not.
#[test]
fn page_furniture_gives_no_edges() {
    let raw = "-\n挪威渔业部长访问冰岛\n挪威渔业部长周二抵达雷克雅未克，与冰岛方面讨论鳕鱼配额问题。双方表示将继续磋商。\n标签 渔业- 责任编辑: 王某 \n-\n美国指责俄罗斯网络攻击\n2023-05-02 09:12 国际 -\n德国谴责伊朗黑客入侵议会\n2023-05-02 08:40 国际 -\n日本敦促朝鲜停止导弹试射\n2023-05-01 22:10 国际 -\n相关推荐 -\n";
    let article = stancegraph::ingest::parse_bytes(
        raw.as_bytes(),
        "furniture.txt",
        "furniture",
        &Default::default(),
    )
    .expect("reads");
    let engine = Engine::new(Lexicon::shipped().expect("lexicon"));
    let x = engine.extract(&article);
    assert!(
        article
            .removed
            .iter()
            .any(|r| r.text.contains("美国指责俄罗斯")),
        "the headline list is removed"
    );
    assert!(
        x.relations.is_empty(),
        "{:?}",
        x.relations
            .iter()
            .map(|r| (&r.source, r.relation, &r.target))
            .collect::<Vec<_>>()
    );
}

/// Tracing changes nothing: `explain` lists exactly the edges `extract`
/// gives, sentence by sentence, and accounts for every cue.
#[test]
fn explain_reports_the_edges_extract_gives() {
    let engine = Engine::new(Lexicon::shipped().expect("lexicon"));
    for c in CASES {
        let a = article("测试", c.text);
        let x = engine.extract(&a);
        let e = engine.explain(&a);
        let listed: usize = e.sentences.iter().map(|s| s.edges.len()).sum();
        assert_eq!(listed, x.relations.len(), "{}", c.name);
        for s in &e.sentences {
            let cues = s.mentions.iter().filter(|m| m.kind == "cue").count();
            assert_eq!(cues, s.cues.len(), "{}: every cue is traced", c.name);
        }
    }
}

/// Every rule id the sample corpus and the rule table yield has a row in
/// `docs/rules.md`.
#[test]
fn every_rule_id_is_documented() {
    use stancegraph::ingest::{read_inputs, IngestOptions};
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/docs/rules.md")).unwrap();
    let engine = Engine::new(Lexicon::shipped().unwrap());
    let mut rules = std::collections::BTreeSet::new();
    for item in read_inputs(
        &[format!("{root}/examples/corpus")],
        &IngestOptions::default(),
    ) {
        let a = item.expect("every sample article reads");
        for r in engine.extract(&a).relations {
            rules.insert(r.rule);
        }
    }
    for c in CASES {
        for r in engine.extract(&article("测试", c.text)).relations {
            rules.insert(r.rule);
        }
    }
    assert!(rules.len() >= 8, "too few rule ids seen: {rules:?}");
    for r in &rules {
        let id = r.split_once('.').map_or(r.as_str(), |(_, id)| id);
        assert!(
            doc.contains(&format!("| `{id}` |")),
            "rule `{id}` ({r}) has no row in docs/rules.md"
        );
    }
}

/// An account the outlet relays on a source's authority (据X消息) gives
/// the relations to X and still counts for the outlet's own stance; the
/// same words said by X (X表示) are X's alone.
#[test]
fn relayed_account_counts_for_the_outlet_voice() {
    let engine = Engine::new(Lexicon::shipped().expect("lexicon"));
    let stance_of = |para: &str| {
        let x = engine.extract(&article("测试", &[para]));
        x.stances
            .iter()
            .map(|s| format!("{} {:?}", s.actor, s.stance))
            .collect::<Vec<_>>()
    };
    let relayed = stance_of("据中国驻荷兰使馆网站消息，荷兰方面的做法极不负责任。");
    assert!(
        relayed.iter().any(|s| s.starts_with("netherlands ")),
        "{relayed:?}"
    );
    let said = stance_of("中国驻荷兰使馆表示，荷兰方面的做法极不负责任。");
    assert!(
        !said.iter().any(|s| s.starts_with("netherlands ")),
        "{said:?}"
    );
}
