//! Synthetic content for benchmarks: a valid content folder of N items × V versions in zh-CN
//! and en, deterministic from a seed, and optionally the same items as a Hugo site.
//!
//! Shared by `examples/synth.rs` (the command line) and the benchmarks in `benches/`, which
//! include it with `#[path = "..."] mod synth;`.
//!
//! Each version is a full snapshot, as staff write them. From one version to the next about
//! 5 % of the items change a field, 1 % are cancelled (and get an `alternative`), 1 % are
//! added, 0.5 % are removed, 0.3 % are renamed (`renamed_from`) and 0.1 % of the cancelled
//! items are reinstated; every touched item gets a note. Field sizes follow the sample
//! district in `content/`: about 2 KB of YAML per item and version.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// A named size: `district`, `city`, `province`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    pub name: &'static str,
    pub items: usize,
    pub versions: usize,
}

pub const TIERS: [Tier; 3] = [
    Tier {
        name: "district",
        items: 60,
        versions: 10,
    },
    Tier {
        name: "city",
        items: 1_000,
        versions: 20,
    },
    Tier {
        name: "province",
        items: 10_000,
        versions: 10,
    },
];

pub fn tier(name: &str) -> Option<Tier> {
    TIERS.iter().copied().find(|t| t.name == name)
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Items in the first version.
    pub items: usize,
    pub versions: usize,
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub versions: usize,
    /// Items in the first and in the last version.
    pub first_items: usize,
    pub last_items: usize,
    /// Distinct ids ever published (one item page per id and language).
    pub ids: usize,
    pub changed: usize,
    pub cancelled: usize,
    pub reinstated: usize,
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    /// Bytes of YAML written under certificates/.
    pub yaml_bytes: u64,
}

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, enough for reproducible synthetic data.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5151_d1a2_c0de_0042)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `x` rounded up or down at random so that the expected value is `x`.
    pub fn round(&mut self, x: f64) -> usize {
        let floor = x.floor();
        floor as usize + usize::from(self.chance(x - floor))
    }
}

// ---------------------------------------------------------------------------------------------
// The model.

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bi {
    pub zh: String,
    pub en: String,
}

pub fn bi(zh: impl Into<String>, en: impl Into<String>) -> Bi {
    Bi {
        zh: zh.into(),
        en: en.into(),
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub name: Bi,
    pub category: usize,
    pub cancelled: bool,
    pub purpose: Bi,
    pub basis: Bi,
    pub requested_by: Bi,
    pub issuer: Bi,
    pub materials: Vec<Bi>,
    pub steps: Vec<Bi>,
    pub time_limit: Bi,
    pub fee: Option<Bi>,
    pub keywords: Vec<Bi>,
    pub alternative: Option<Bi>,
    pub renamed_from: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub date: String,
    pub title: Bi,
    pub document: String,
    pub summary: Bi,
    pub notes: Vec<(String, Bi)>,
    pub items: Vec<Item>,
}

// ---------------------------------------------------------------------------------------------
// Word lists: (zh, en, id word).

const CATEGORIES: [(&str, &str, &str); 8] = [
    ("family", "婚姻家庭", "Marriage and family"),
    (
        "identity",
        "户籍身份",
        "Household registration and identity",
    ),
    ("residence", "居住与经营场所", "Homes and business premises"),
    (
        "social-security",
        "社会保障与救助",
        "Social security and assistance",
    ),
    ("property", "房屋土地与财产", "Housing, land and assets"),
    ("health", "医疗健康", "Health and disability"),
    (
        "legal",
        "治安与法律事务",
        "Public security and legal matters",
    ),
    (
        "party-and-school",
        "党员管理与学校",
        "Party members and schools",
    ),
];

const SUBJECTS: [(&str, &str, &str); 40] = [
    ("亲属关系", "kinship", "kinship"),
    ("居住情况", "residence", "residence"),
    ("婚姻状况", "marital status", "marital"),
    ("家庭收入", "household income", "income"),
    ("无违法犯罪记录", "no criminal record", "no-record"),
    ("生存状况", "being alive", "alive"),
    ("死亡情况", "a death", "death"),
    ("家庭经济困难", "family financial hardship", "hardship"),
    ("残疾情况", "a disability", "disability"),
    ("土地承包经营权", "a land contract", "land-contract"),
    ("宅基地使用", "use of a homestead plot", "homestead"),
    (
        "房屋权属来源",
        "the origin of house ownership",
        "house-origin",
    ),
    ("务工经历", "work history", "work"),
    ("独生子女", "being an only child", "only-child"),
    ("出生情况", "a birth", "birth"),
    ("抚养关系", "child support", "child-support"),
    ("赡养关系", "support of a parent", "elder-support"),
    ("监护关系", "guardianship", "guardianship"),
    ("失业情况", "unemployment", "unemployment"),
    ("最低生活保障", "the minimum living allowance", "dibao"),
    ("养老服务需求", "need for old-age care", "old-age"),
    ("退役军人身份", "veteran status", "veteran"),
    ("党员身份", "Party membership", "party"),
    ("学生在读", "school enrolment", "student"),
    ("经营场所使用", "use of business premises", "premises"),
    ("车辆归属", "vehicle ownership", "vehicle"),
    ("林木林地权属", "forest rights", "forest"),
    ("病残情况", "a long illness", "illness"),
    ("户口迁移", "a hukou transfer", "hukou-transfer"),
    ("分户情况", "household separation", "separation"),
    ("姓名更正", "a corrected name", "name-fix"),
    ("出生日期更正", "a corrected date of birth", "birth-date"),
    ("流动人口登记", "migrant registration", "migrant"),
    ("房屋租赁", "tenancy", "tenancy"),
    ("征地补偿", "land requisition compensation", "requisition"),
    (
        "房屋拆迁安置",
        "resettlement after demolition",
        "resettlement",
    ),
    ("医疗救助", "medical assistance", "medical-aid"),
    ("丧葬补助", "a funeral grant", "funeral"),
    ("计划生育情况", "family planning", "family-planning"),
    ("外出务工", "working away from home", "away"),
];

const QUALIFIERS: [(&str, &str, &str); 12] = [
    ("", "", "general"),
    ("外出务工人员", " for migrant workers", "migrant-worker"),
    ("老年人", " for older people", "elderly"),
    ("未成年人", " for minors", "minor"),
    ("农村居民", " for rural residents", "rural"),
    ("城镇居民", " for urban residents", "urban"),
    ("困难群众", " for people in difficulty", "in-need"),
    ("办理贷款用", " for a bank loan", "loan"),
    ("子女入学用", " for a child's school place", "school-entry"),
    ("社会保险用", " for social insurance", "insurance"),
    ("出国（境）用", " for travel abroad", "abroad"),
    ("司法诉讼用", " for court proceedings", "court"),
];

const TASKS: [(&str, &str); 16] = [
    ("办理继承公证", "arranging a notarized inheritance"),
    ("申请保险理赔", "claiming insurance"),
    ("办理银行贷款", "applying for a bank loan"),
    (
        "申请最低生活保障",
        "applying for the minimum living allowance",
    ),
    ("办理子女入学", "enrolling a child at school"),
    ("办理户口迁移", "moving a household registration"),
    ("申请公共租赁住房", "applying for public rental housing"),
    ("领取养老金", "drawing a pension"),
    ("申请医疗救助", "applying for medical assistance"),
    ("办理出国（境）手续", "applying to travel abroad"),
    (
        "申请征地补偿",
        "claiming compensation for requisitioned land",
    ),
    ("办理不动产登记", "registering real estate"),
    ("申请助学金", "applying for a student grant"),
    ("办理社会保险转移", "transferring social insurance"),
    ("办理营业执照", "applying for a business licence"),
    ("代办亲属事务", "handling matters on a relative's behalf"),
];

const LAWS: [(&str, &str); 12] = [
    (
        "中华人民共和国民法典",
        "Civil Code of the People's Republic of China",
    ),
    (
        "中华人民共和国村民委员会组织法",
        "Organic Law of the Villagers' Committees",
    ),
    (
        "中华人民共和国城市居民委员会组织法",
        "Organic Law of the Urban Residents' Committees",
    ),
    ("社会救助暂行办法", "Interim Measures for Social Assistance"),
    ("中华人民共和国土地管理法", "Land Administration Law"),
    ("中华人民共和国农村土地承包法", "Rural Land Contracting Law"),
    (
        "中华人民共和国户口登记条例",
        "Regulations on Household Registration",
    ),
    ("中华人民共和国社会保险法", "Social Insurance Law"),
    (
        "中华人民共和国残疾人保障法",
        "Law on the Protection of Persons with Disabilities",
    ),
    (
        "中华人民共和国老年人权益保障法",
        "Law on the Protection of the Rights of the Elderly",
    ),
    ("中华人民共和国退役军人保障法", "Veterans Protection Law"),
    ("婚姻登记条例", "Regulations on Marriage Registration"),
];

const CLAUSES: [(&str, &str); 8] = [
    (
        "村（居）民委员会协助有关部门核实当事人的有关情况",
        "the committee helps the authorities check the facts about the applicant",
    ),
    (
        "有关部门可以请当事人所在地的基层组织提供必要的证明",
        "the authorities may ask the local grassroots organization for the necessary proof",
    ),
    (
        "申请人应当如实提供本人和家庭成员的有关情况",
        "applicants must truthfully state the facts about themselves and their family",
    ),
    (
        "受理机关应当对申请人提交的材料进行审查",
        "the receiving office examines the papers the applicant submits",
    ),
    (
        "基层群众性自治组织应当协助做好相关工作",
        "grassroots self-governing organizations assist with the related work",
    ),
    (
        "核实工作可以通过入户调查、邻里访问等方式进行",
        "checks may be made by home visits and by asking neighbours",
    ),
    (
        "有关情况应当在村（居）务公开栏公示",
        "the facts are posted on the committee's public notice board",
    ),
    (
        "证明材料应当由出具单位盖章确认",
        "the issuing body confirms the certificate with its seal",
    ),
];

const AGENCIES: [(&str, &str); 14] = [
    ("公安派出所", "The police station"),
    ("民政部门", "The civil affairs department"),
    (
        "人力资源和社会保障部门",
        "The human resources and social security department",
    ),
    ("卫生健康部门", "The health department"),
    (
        "自然资源和规划部门",
        "The natural resources and planning department",
    ),
    (
        "住房和城乡建设部门",
        "The housing and urban-rural development department",
    ),
    ("教育部门", "The education department"),
    ("退役军人事务部门", "The veterans affairs department"),
    ("医疗保障部门", "The healthcare security department"),
    ("司法行政部门", "The justice department"),
    ("公证机构", "The notary office"),
    ("商业银行", "Commercial banks"),
    ("保险公司", "Insurance companies"),
    (
        "乡镇人民政府（街道办事处）",
        "The township government or sub-district office",
    ),
];

const ISSUERS: [(&str, &str); 3] = [
    (
        "村（居）民委员会",
        "The villagers' committee or residents' committee",
    ),
    ("村民委员会", "The villagers' committee"),
    ("社区居民委员会", "The community residents' committee"),
];

const MATERIALS: [(&str, &str); 18] = [
    ("申请人的居民身份证", "The applicant's ID card"),
    ("户口簿", "The household register (hukou booklet)"),
    ("结婚证或者离婚证", "Marriage or divorce certificate"),
    (
        "能说明亲属关系的材料",
        "Papers that show the family relationship",
    ),
    ("房屋租赁合同", "The tenancy agreement"),
    (
        "不动产权证书或者购房合同",
        "The real estate title certificate or purchase contract",
    ),
    ("近期免冠照片两张", "Two recent passport-size photos"),
    ("医院出具的诊断证明", "A diagnosis from the hospital"),
    ("残疾人证", "The disability certificate"),
    (
        "劳动合同或者务工单位出具的材料",
        "An employment contract or a letter from the employer",
    ),
    ("土地承包经营权证", "The land contract certificate"),
    ("死亡医学证明", "The medical certificate of death"),
    (
        "收入情况说明及银行流水",
        "A statement of income and bank statements",
    ),
    (
        "学校出具的在读材料",
        "A letter from the school confirming enrolment",
    ),
    ("退役证或者退伍证", "The discharge certificate"),
    (
        "委托书和受托人身份证件（委托办理的）",
        "A power of attorney and the agent's ID, if someone applies for you",
    ),
    (
        "邻里或者知情人签字的情况说明",
        "A statement signed by neighbours or others who know the facts",
    ),
    (
        "有关部门要求提供证明的书面材料",
        "The written request for proof from the authority that asks for it",
    ),
];

const STEPS_1: [(&str, &str); 4] = [
    (
        "向户籍地或者经常居住地的村（居）民委员会提出申请",
        "Apply to the committee where your hukou is registered or where you usually live",
    ),
    (
        "到村（社区）便民服务站提交书面申请和材料",
        "Hand in a written application and your papers at the village or community service desk",
    ),
    (
        "通过政务服务网或者手机端提出申请",
        "Apply on the government services website or the mobile app",
    ),
    (
        "由本人或者委托他人到村（居）民委员会申请",
        "Apply in person, or send someone with a power of attorney, to the committee",
    ),
];

const STEPS_2: [(&str, &str); 4] = [
    (
        "工作人员核对材料，必要时入户了解情况",
        "Staff check your papers and visit your home if needed",
    ),
    (
        "村（居）民委员会通过走访邻里等方式核实",
        "The committee checks the facts, for example by asking neighbours",
    ),
    (
        "在村（居）务公开栏公示五个工作日",
        "The facts are posted on the committee's notice board for five working days",
    ),
    (
        "工作人员通过共享数据核对有关信息",
        "Staff check the facts against shared government data",
    ),
];

const STEPS_3: [(&str, &str); 4] = [
    (
        "核实无误后出具证明并加盖公章",
        "Once everything is confirmed, the committee issues the certificate with its seal",
    ),
    (
        "公示无异议的，出具证明",
        "If nobody objects during the notice period, the certificate is issued",
    ),
    (
        "不符合条件的，书面告知理由",
        "If you do not qualify, you are told why in writing",
    ),
    (
        "证明可以现场领取，也可以邮寄",
        "Collect the certificate in person or have it posted to you",
    ),
];

const KEYWORD_SUFFIXES: [(&str, &str); 6] = [
    ("证明", "certificate"),
    ("材料", "papers"),
    ("开证明", "get a certificate"),
    ("盖章", "official seal"),
    ("核实", "verification"),
    ("情况说明", "statement"),
];

const TIME_LIMITS: [(&str, &str); 6] = [
    ("即时办结", "Same day"),
    ("1 个工作日", "1 working day"),
    ("3 个工作日", "3 working days"),
    ("5 个工作日", "5 working days"),
    ("10 个工作日", "10 working days"),
    ("15 个工作日", "15 working days"),
];

const ALT_WAYS: [(&str, &str); 6] = [
    (
        "实行告知承诺制，由申请人书面承诺后办理",
        "a written promise from the applicant replaces the certificate",
    ),
    (
        "由该部门通过政务数据共享平台直接核验",
        "the office checks the facts directly through government data sharing",
    ),
    (
        "由申请人提供已有的有效证件代替",
        "a valid document the applicant already has is accepted instead",
    ),
    (
        "由该部门通过内部系统查询核实",
        "the office checks its own records",
    ),
    (
        "由该部门调查核实，不再要求申请人提供证明",
        "the office investigates itself and no longer asks the applicant for proof",
    ),
    (
        "由公证机构依法核实后出具公证书",
        "a notary checks the facts and issues a notarial certificate",
    ),
];

const CHANGE_REASONS: [(&str, &str); 8] = [
    (
        "根据上级部门最新要求，调整了办理材料。",
        "Updated to the latest requirements of the higher authorities.",
    ),
    (
        "数据共享接口开通后，办理时限相应缩短。",
        "Now that data sharing is in place, it takes less time.",
    ),
    (
        "办理流程按照“一网通办”要求重新梳理。",
        "The steps were reorganized for one-stop online services.",
    ),
    (
        "设定依据更新为现行有效的法规条款。",
        "The legal basis now cites the provisions in force.",
    ),
    (
        "索要单位机构改革后名称调整。",
        "The requesting agency was renamed in the government reorganization.",
    ),
    (
        "根据群众反馈，补充了关键词，便于检索。",
        "Keywords were added after feedback from residents, to help searches.",
    ),
    (
        "事项名称按照省级清单的统一表述修改。",
        "The name now follows the wording of the provincial list.",
    ),
    (
        "收费标准按照有关规定明确为免费。",
        "The fee was set to free of charge under the rules.",
    ),
];

const DISTRICT: (&str, &str) = ("江淮新区", "Jianghuai New District");

// ---------------------------------------------------------------------------------------------
// Composing items.

struct Gen {
    rng: Rng,
    next_seq: usize,
}

impl Gen {
    fn new_id(&mut self, subject: usize, qualifier: usize) -> String {
        self.next_seq += 1;
        format!(
            "{}-{}-{}",
            SUBJECTS[subject].2, QUALIFIERS[qualifier].2, self.next_seq
        )
    }

    fn name(&mut self, subject: usize, qualifier: usize, variant: usize) -> Bi {
        let (szh, sen, _) = SUBJECTS[subject];
        let (qzh, qen, _) = QUALIFIERS[qualifier];
        let (vzh, ven) = match variant {
            0 => ("证明", ""),
            1 => ("证明（补办）", " (replacement)"),
            _ => ("情况证明", " (statement)"),
        };
        bi(
            format!("{qzh}{szh}{vzh}"),
            format!("Proof of {sen}{qen}{ven}"),
        )
    }

    fn purpose(&mut self, subject: usize) -> Bi {
        let (szh, sen, _) = SUBJECTS[subject];
        let (t1zh, t1en) = *self.rng.pick(&TASKS);
        let (t2zh, t2en) = *self.rng.pick(&TASKS);
        bi(
            format!("{t1zh}、{t2zh}等事务时，用来说明申请人的{szh}，供有关部门审核时参考。"),
            format!("Used when {t1en} or {t2en}, to show {sen} so that the office handling the matter can check it."),
        )
    }

    fn basis(&mut self) -> Bi {
        let (lzh, len) = *self.rng.pick(&LAWS);
        let (l2zh, l2en) = *self.rng.pick(&LAWS);
        let (czh, cen) = *self.rng.pick(&CLAUSES);
        let (c2zh, c2en) = *self.rng.pick(&CLAUSES);
        let art = 2 + self.rng.below(120);
        let art2 = 2 + self.rng.below(300);
        bi(
            format!("《{lzh}》第{art}条：{czh}。《{l2zh}》第{art2}条规定，{c2zh}。"),
            format!(
                "Article {art} of the *{len}*: {cen}. Article {art2} of the *{l2en}* provides that {c2en}."
            ),
        )
    }

    fn pick_three(&mut self, xs: &[(&str, &str)]) -> Vec<Bi> {
        let mut picked: Vec<usize> = Vec::with_capacity(3);
        while picked.len() < 3 {
            let i = self.rng.below(xs.len());
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked.into_iter().map(|i| bi(xs[i].0, xs[i].1)).collect()
    }

    fn steps(&mut self) -> Vec<Bi> {
        [&STEPS_1[..], &STEPS_2[..], &STEPS_3[..]]
            .into_iter()
            .map(|list| {
                let (zh, en) = *self.rng.pick(list);
                bi(zh, en)
            })
            .collect()
    }

    fn keywords(&mut self, subject: usize) -> Vec<Bi> {
        let (szh, sen, _) = SUBJECTS[subject];
        let (kzh, ken) = *self.rng.pick(&KEYWORD_SUFFIXES[1..]);
        let (tzh, ten) = *self.rng.pick(&TASKS);
        vec![
            bi(format!("{szh}证明"), format!("{sen} certificate")),
            bi(format!("{szh}{kzh}"), format!("{sen} {ken}")),
            bi(tzh, ten),
        ]
    }

    fn alternative(&mut self) -> Bi {
        let (azh, aen) = *self.rng.pick(&AGENCIES);
        let (wzh, wen) = *self.rng.pick(&ALT_WAYS);
        let (w2zh, w2en) = *self.rng.pick(&ALT_WAYS);
        bi(
            format!(
                "村（居）民委员会不再出具。请直接向**{azh}**申请，{wzh}；确有需要的，{w2zh}。咨询电话见本页下方的政策咨询。"
            ),
            format!(
                "The committee no longer issues this. Apply directly to **{}**: {wen}. Where that is not enough, {w2en}. The phone number for questions is under Policy questions below.",
                aen.to_lowercase()
            ),
        )
    }

    fn item(&mut self) -> Item {
        let subject = self.rng.below(SUBJECTS.len());
        let qualifier = self.rng.below(QUALIFIERS.len());
        let variant = self.rng.below(3);
        let (rzh, ren) = *self.rng.pick(&AGENCIES);
        let (izh, ien) = *self.rng.pick(&ISSUERS);
        let (tzh, ten) = *self.rng.pick(&TIME_LIMITS);
        Item {
            id: self.new_id(subject, qualifier),
            name: self.name(subject, qualifier, variant),
            category: subject % CATEGORIES.len(),
            cancelled: false,
            purpose: self.purpose(subject),
            basis: self.basis(),
            requested_by: bi(rzh, ren),
            issuer: bi(izh, ien),
            materials: self.pick_three(&MATERIALS),
            steps: self.steps(),
            time_limit: bi(tzh, ten),
            fee: self.rng.chance(0.7).then(|| bi("免费", "Free of charge")),
            keywords: self.keywords(subject),
            alternative: None,
            renamed_from: None,
        }
    }

    /// Change one field of `item`, as a published adjustment would.
    fn change_field(&mut self, item: &mut Item) {
        match self.rng.below(8) {
            0 => {
                let i = self.rng.below(3);
                let (zh, en) = *self.rng.pick(&MATERIALS);
                item.materials[i] = bi(zh, en);
                if item.materials[i] == item.materials[(i + 1) % 3] {
                    item.materials[i].zh.push_str("（原件）");
                    item.materials[i].en.push_str(" (original)");
                }
            }
            1 => {
                let i = self.rng.below(3);
                let list = [&STEPS_1[..], &STEPS_2[..], &STEPS_3[..]][i];
                let (zh, en) = *self.rng.pick(list);
                item.steps[i] = bi(format!("{zh}（可网上办理）"), format!("{en} (also online)"));
            }
            2 => {
                let (zh, en) = *self.rng.pick(&TIME_LIMITS);
                item.time_limit = bi(zh, en);
                if item.time_limit.zh == zh {
                    item.time_limit = bi(
                        format!("{zh}（加急 1 个工作日）"),
                        format!("{en} (1 day if urgent)"),
                    );
                }
            }
            3 => {
                item.basis = self.basis();
            }
            4 => {
                let (zh, en) = *self.rng.pick(&TASKS);
                item.purpose.zh.push_str(&format!("也可用于{zh}。"));
                item.purpose.en.push_str(&format!(" Also used when {en}."));
            }
            5 => {
                let (zh, en) = *self.rng.pick(&AGENCIES);
                item.requested_by = bi(
                    format!("{zh}（含下属机构）"),
                    format!("{en} and its branches"),
                );
            }
            6 => {
                item.fee = match item.fee {
                    Some(_) => None,
                    None => Some(bi("免费", "Free of charge")),
                };
            }
            _ => {
                let (zh, en) = *self.rng.pick(&KEYWORD_SUFFIXES);
                let first = item.keywords[0].clone();
                item.keywords[2] = bi(
                    format!("{}{zh}", first.zh.trim_end_matches("证明")),
                    format!("{} {en}", first.en.trim_end_matches(" certificate")),
                );
            }
        }
        if let Some(alt) = &mut item.alternative {
            // Keep cancelled items' text coherent after an edit.
            if self.rng.chance(0.3) {
                alt.zh.push_str("（已更新）");
                alt.en.push_str(" (updated)");
            }
        }
    }

    fn note(&mut self, zh: &str, en: &str) -> Bi {
        let (rzh, ren) = *self.rng.pick(&CHANGE_REASONS);
        bi(format!("{zh}{rzh}"), format!("{en}{ren}"))
    }
}

/// A random item not touched yet in this version that `want`s to be, marked as touched.
fn untouched(
    rng: &mut Rng,
    items: &[Item],
    touched: &mut [bool],
    want: impl Fn(&Item) -> bool,
) -> Option<usize> {
    for _ in 0..64 {
        let i = rng.below(items.len());
        if !touched[i] && want(&items[i]) {
            touched[i] = true;
            return Some(i);
        }
    }
    None
}

fn date_of(k: usize) -> String {
    format!("{:04}-{:02}-15", 2020 + k / 12, 1 + k % 12)
}

/// Every version of the list, built one from the other; calls `visit` with each version.
pub fn versions(p: &Params, mut visit: impl FnMut(usize, &Version, &Counts)) -> Stats {
    let mut g = Gen {
        rng: Rng::new(p.seed),
        next_seq: 0,
    };
    let mut items: Vec<Item> = (0..p.items).map(|_| g.item()).collect();
    items.sort_by_key(|i| i.category);
    let mut stats = Stats {
        versions: p.versions,
        first_items: items.len(),
        ..Stats::default()
    };
    let mut ids = items.len();
    for k in 0..p.versions {
        let mut notes: Vec<(String, Bi)> = Vec::new();
        let mut c = Counts::default();
        if k > 0 {
            let n = items.len() as f64;
            let mut touched = vec![false; items.len()];
            // Changes, cancellations, reinstatements and renames touch distinct items.
            for _ in 0..g.rng.round(n * 0.05) {
                if let Some(i) = untouched(&mut g.rng, &items, &mut touched, |_| true) {
                    g.change_field(&mut items[i]);
                    notes.push((items[i].id.clone(), g.note("", "")));
                    c.changed += 1;
                }
            }
            for _ in 0..g.rng.round(n * 0.01) {
                if let Some(i) = untouched(&mut g.rng, &items, &mut touched, |it| !it.cancelled) {
                    items[i].cancelled = true;
                    items[i].alternative = Some(g.alternative());
                    notes.push((
                        items[i].id.clone(),
                        g.note(
                            "列入村（居）民委员会不再出具的证明。",
                            "Now no longer issued by the committee. ",
                        ),
                    ));
                    c.cancelled += 1;
                }
            }
            for _ in 0..g.rng.round(n * 0.001) {
                if let Some(i) = untouched(&mut g.rng, &items, &mut touched, |it| it.cancelled) {
                    items[i].cancelled = false;
                    items[i].alternative = None;
                    notes.push((
                        items[i].id.clone(),
                        g.note(
                            "恢复由村（居）民委员会出具。",
                            "The committee issues it again. ",
                        ),
                    ));
                    c.reinstated += 1;
                }
            }
            for _ in 0..g.rng.round(n * 0.003) {
                if let Some(i) = untouched(&mut g.rng, &items, &mut touched, |_| true) {
                    let it = &mut items[i];
                    let old = std::mem::take(&mut it.id);
                    g.next_seq += 1;
                    let stem = old.rsplit_once('-').map_or(old.as_str(), |(s, _)| s);
                    it.id = format!("{stem}-{}", g.next_seq);
                    it.name.zh = it.name.zh.replacen("证明", "（居）证明", 1);
                    it.name.en.push_str(" (new wording)");
                    it.renamed_from = Some(old);
                    let id = it.id.clone();
                    notes.push((
                        id,
                        g.note(
                            "名称按省级清单统一，原链接自动跳转到本页。",
                            "Renamed to match the provincial list; the old address leads here. ",
                        ),
                    ));
                    ids += 1;
                    c.renamed += 1;
                }
            }
            let mut removed = vec![false; items.len()];
            for _ in 0..g.rng.round(n * 0.005) {
                if let Some(i) = untouched(&mut g.rng, &items, &mut touched, |_| true) {
                    removed[i] = true;
                    if g.rng.chance(0.5) {
                        notes.push((
                            items[i].id.clone(),
                            g.note("移出清单。", "Removed from the list. "),
                        ));
                    }
                    c.removed += 1;
                }
            }
            let mut i = 0;
            items.retain(|_| {
                i += 1;
                !removed[i - 1]
            });
            for _ in 0..g.rng.round(n * 0.01) {
                let item = g.item();
                // Insert beside an item of the same category, as staff would.
                let at = items
                    .iter()
                    .rposition(|x| x.category == item.category)
                    .map_or(items.len(), |p| p + 1);
                if g.rng.chance(0.5) {
                    notes.push((item.id.clone(), g.note("新增事项。", "New item. ")));
                }
                items.insert(at, item);
                ids += 1;
                c.added += 1;
            }
        }
        stats.changed += c.changed;
        stats.cancelled += c.cancelled;
        stats.reinstated += c.reinstated;
        stats.renamed += c.renamed;
        stats.removed += c.removed;
        stats.added += c.added;
        let date = date_of(k);
        let year = 2020 + k / 12;
        let (dzh, den) = DISTRICT;
        let version = Version {
            title: if k == 0 {
                bi(
                    format!("{dzh}村（社区）出具证明事项清单"),
                    format!("{den}: certificates issued by village and community committees"),
                )
            } else {
                bi(
                    format!("{dzh}村（社区）出具证明事项清单（{year}年第{k}次调整）"),
                    format!("{den}: certificates issued by village and community committees (adjustment {k}, {year})"),
                )
            },
            document: format!("江民〔{year}〕{}号", 3 + k * 7),
            summary: if k == 0 {
                bi(
                    format!("首次公布本区村（社区）出具证明事项清单，共 {} 项。清单以外的证明，村（居）民委员会一律不再出具。", items.len()),
                    format!("The first published list of the district, with {} items. Committees issue no certificate that is not on the list.", items.len()),
                )
            } else {
                bi(
                    format!(
                        "本次动态调整修改 {} 项、取消 {} 项、恢复 {} 项、更名 {} 项、移出 {} 项、新增 {} 项。调整后的清单共 {} 项，**以本清单为准**。",
                        c.changed, c.cancelled, c.reinstated, c.renamed, c.removed, c.added, items.len()
                    ),
                    format!(
                        "This adjustment changes {} items, cancels {}, reinstates {}, renames {}, removes {} and adds {}. The list now has {} items, and **this list is the one that applies**.",
                        c.changed, c.cancelled, c.reinstated, c.renamed, c.removed, c.added, items.len()
                    ),
                )
            },
            date,
            notes,
            items: items.clone(),
        };
        visit(k, &version, &c);
    }
    stats.last_items = items.len();
    stats.ids = ids;
    stats
}

/// What one version did, in numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub changed: usize,
    pub cancelled: usize,
    pub reinstated: usize,
    pub renamed: usize,
    pub removed: usize,
    pub added: usize,
}

// ---------------------------------------------------------------------------------------------
// YAML.

/// A scalar written plain when that is unambiguous, double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    let first = s.chars().next().unwrap_or(' ');
    let plain = !s.is_empty()
        && !first.is_ascii_digit()
        && !"-?:,[]{}#&*!|>'\"%@` ".contains(first)
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(char::is_control)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        );
    if plain {
        s.to_string()
    } else {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for ch in s.chars() {
            match ch {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

pub fn text(out: &mut String, indent: usize, key: &str, t: &Bi) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    let _ = writeln!(out, "{pad}  zh-CN: {}", scalar(&t.zh));
    let _ = writeln!(out, "{pad}  en: {}", scalar(&t.en));
}

fn list(out: &mut String, indent: usize, key: &str, ts: &[Bi]) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    for t in ts {
        let _ = writeln!(out, "{pad}  - zh-CN: {}", scalar(&t.zh));
        let _ = writeln!(out, "{pad}    en: {}", scalar(&t.en));
    }
}

pub fn version_yaml(v: &Version) -> String {
    let mut out = String::with_capacity(v.items.len() * 2300 + 4096);
    let _ = writeln!(
        out,
        "# 合成的基准测试数据（examples/synth.rs）：{} 公布的完整清单。",
        v.date
    );
    let _ = writeln!(out, "date: {}", v.date);
    text(&mut out, 0, "title", &v.title);
    let _ = writeln!(out, "document: {}", scalar(&v.document));
    text(
        &mut out,
        0,
        "issued_by",
        &bi(
            "江淮新区民政局",
            "Jianghuai New District Civil Affairs Bureau",
        ),
    );
    text(&mut out, 0, "summary", &v.summary);
    if !v.notes.is_empty() {
        out.push_str("notes:\n");
        for (id, note) in &v.notes {
            text(&mut out, 2, id, note);
        }
    }
    out.push_str("items:\n");
    let mut category = usize::MAX;
    for it in &v.items {
        if it.category != category {
            category = it.category;
            let _ = writeln!(
                out,
                "\n  # ---- {} ({})",
                CATEGORIES[category].1, CATEGORIES[category].0
            );
        }
        item_yaml(&mut out, it);
    }
    out
}

/// One item as an entry of a YAML list at two spaces' indent (`  - id: ...`), as version files
/// and the places tier's `add` lists hold it.
pub fn item_yaml(out: &mut String, it: &Item) {
    let _ = writeln!(out, "  - id: {}", it.id);
    if let Some(from) = &it.renamed_from {
        let _ = writeln!(out, "    renamed_from: {from}");
    }
    text(out, 4, "name", &it.name);
    let _ = writeln!(out, "    category: {}", CATEGORIES[it.category].0);
    let _ = writeln!(
        out,
        "    status: {}",
        if it.cancelled { "cancelled" } else { "issued" }
    );
    text(out, 4, "purpose", &it.purpose);
    text(out, 4, "basis", &it.basis);
    text(out, 4, "requested_by", &it.requested_by);
    text(out, 4, "issuer", &it.issuer);
    list(out, 4, "materials", &it.materials);
    list(out, 4, "steps", &it.steps);
    text(out, 4, "time_limit", &it.time_limit);
    if let Some(fee) = &it.fee {
        text(out, 4, "fee", fee);
    }
    list(out, 4, "keywords", &it.keywords);
    if let Some(alt) = &it.alternative {
        text(out, 4, "alternative", alt);
    }
}

fn site_yaml() -> String {
    let mut out = String::new();
    out.push_str("# 合成的基准测试站点（examples/synth.rs）。\n");
    text(
        &mut out,
        0,
        "title",
        &bi(
            "江淮新区村（社区）出具证明事项公开",
            "Jianghuai New District: certificates from village and community committees",
        ),
    );
    out.push_str("base_url: https://www.example.gov.cn/zmsx/\n");
    out.push_str("languages:\n  - { code: zh-CN, name: 中文 }\n  - { code: en, name: English }\n");
    text(
        &mut out,
        0,
        "publisher",
        &bi(
            "江淮新区民政局",
            "Jianghuai New District Civil Affairs Bureau",
        ),
    );
    out.push_str("contact:\n");
    text(
        &mut out,
        2,
        "department",
        &bi(
            "江淮新区民政局基层政权建设和社区治理科",
            "Grassroots Governance Section, Jianghuai New District Civil Affairs Bureau",
        ),
    );
    out.push_str("  phone: \"0551-0000000\"\n");
    text(
        &mut out,
        2,
        "address",
        &bi(
            "江淮新区政务服务中心三楼",
            "3rd floor, Jianghuai New District Government Services Centre",
        ),
    );
    out.push_str("footer:\n  site_code: \"3401000000\"\n  icp: \"皖ICP备00000000号-1\"\n  police_record: \"皖公网安备 34010002000000号\"\n  error_report_url: https://zfwzgl.www.gov.cn/exposure/jiucuo.html\n");
    out.push_str("categories:\n");
    for (id, zh, en) in CATEGORIES {
        let _ = writeln!(
            out,
            "  - id: {id}\n    name:\n      zh-CN: {}\n      en: {}",
            scalar(zh),
            scalar(en)
        );
    }
    out
}

const POLICY_ZH: &str = "---
title: 关于江淮新区村（社区）出具证明事项清单的政策解读
date: 2020-01-20
department: 江淮新区民政局
document: \"江民〔2020〕3号\"
related:
  - title: 关于改进和规范基层群众性自治组织出具证明工作的指导意见
    url: https://www.example.gov.cn/doc.html
---

## 一、出台背景

为切实减轻村（社区）负担，规范村（居）民委员会出具证明工作，区民政局会同有关部门梳理了村（社区）出具证明事项，形成本清单。

## 二、主要内容

| 类别 | 说明 |
| --- | --- |
| 保留事项 | 村（居）民委员会继续出具，办理时限和材料向社会公开 |
| 取消事项 | 不再出具，清单逐项写明替代方式 |

清单实行**动态调整**，每次调整都完整公布，并说明每一项变化的理由。
";

const POLICY_EN: &str = "---
title: Questions and answers on the district's list of certificates
date: 2020-01-20
department: Jianghuai New District Civil Affairs Bureau
document: \"江民〔2020〕3号\"
---

## 1. Why the list

To ease the load on villages and communities, the district reviewed every certificate that
committees were asked to issue and published this list.

## 2. What it says

| Kind | Meaning |
| --- | --- |
| Kept | The committee still issues it; time and papers are public |
| Cancelled | No longer issued; each entry says what to do instead |

The list is **adjusted** from time to time; each adjustment is published in full with the
reason for every change.
";

/// Bump when the generated text changes, so that `up_to_date` regenerates.
pub const GENERATOR: &str = "synth-1";

/// The stamp file written last into each generated folder.
const STAMP: &str = ".synth-stamp";

fn stamp(p: &Params) -> String {
    format!(
        "{GENERATOR} items={} versions={} seed={}\n",
        p.items, p.versions, p.seed
    )
}

/// Whether `out` (and `hugo`, when given) already hold what `write_content(p, ..)` writes.
/// Benchmarks reuse such folders: deleting and rewriting hundreds of megabytes just before a
/// timed build slows the build's own file creation on some file systems (ext4 without a
/// journal skips recently deleted inodes one by one).
pub fn up_to_date(p: &Params, out: &Path, hugo: Option<&Path>) -> bool {
    let fresh = |dir: &Path| fs::read_to_string(dir.join(STAMP)).is_ok_and(|s| s == stamp(p));
    fresh(out) && hugo.is_none_or(fresh)
}

/// Write a content folder; with `hugo`, also a Hugo site with the same items.
pub fn write_content(p: &Params, out: &Path, hugo: Option<&Path>) -> io::Result<Stats> {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out.join("certificates"))?;
    fs::create_dir_all(out.join("policy"))?;
    fs::write(out.join("site.yaml"), site_yaml())?;
    fs::write(out.join("policy/interpretation.md"), POLICY_ZH)?;
    fs::write(out.join("policy/interpretation.en.md"), POLICY_EN)?;
    let mut hugo_items = HugoItems::default();
    let mut result = Ok(());
    let mut yaml_bytes = 0u64;
    let mut stats = versions(p, |k, v, c| {
        if result.is_err() {
            return;
        }
        let yaml = version_yaml(v);
        yaml_bytes += yaml.len() as u64;
        result = fs::write(out.join(format!("certificates/{}.yaml", v.date)), yaml);
        if hugo.is_some() {
            hugo_items.record(k, v, c);
        }
    });
    result?;
    stats.yaml_bytes = yaml_bytes;
    if let Some(dir) = hugo {
        hugo_items.write(dir)?;
        fs::write(dir.join(STAMP), stamp(p))?;
    }
    fs::write(out.join(STAMP), stamp(p))?;
    Ok(stats)
}

// ---------------------------------------------------------------------------------------------
// The same items as a Hugo site: one page per item id and language, front matter holding the
// same fields and the item's history, a template producing comparable HTML, and a paginated
// list (250 per page, as qingdan's version pages).

#[derive(Default)]
struct HugoItems {
    /// id → (the item as last listed, its history: (date, event zh, event en, note)).
    items: BTreeMap<String, (Item, Vec<HistoryEntry>, Option<String>)>,
    previous: Vec<String>,
    last_date: String,
}

struct HistoryEntry {
    date: String,
    event: Bi,
    note: Option<Bi>,
}

impl HugoItems {
    fn record(&mut self, k: usize, v: &Version, _c: &Counts) {
        let notes: BTreeMap<&str, &Bi> = v.notes.iter().map(|(id, n)| (id.as_str(), n)).collect();
        let mut current = Vec::with_capacity(v.items.len());
        for it in &v.items {
            current.push(it.id.clone());
            let note = notes.get(it.id.as_str()).map(|n| (*n).clone());
            let event = match self.items.get(&it.id) {
                None if k == 0 => Some(bi("首次公布", "First published")),
                None => match &it.renamed_from {
                    Some(from)
                        if !self.items.contains_key(&it.id) && self.previous.contains(from) =>
                    {
                        if let Some(old) = self.items.get_mut(from) {
                            old.2 = Some(it.id.clone());
                        }
                        Some(bi(
                            format!("由 {from} 更名"),
                            format!("Renamed from {from}"),
                        ))
                    }
                    _ => Some(bi("新增", "Added")),
                },
                Some((old, _, _)) if old.cancelled != it.cancelled => Some(if it.cancelled {
                    bi("不再出具", "No longer issued")
                } else {
                    bi("恢复出具", "Issued again")
                }),
                Some(_) if note.is_some() => Some(bi("内容修改", "Changed")),
                Some(_) => None,
            };
            let entry = self
                .items
                .entry(it.id.clone())
                .or_insert_with(|| (it.clone(), Vec::new(), None));
            entry.0 = it.clone();
            if let Some(event) = event {
                entry.1.push(HistoryEntry {
                    date: v.date.clone(),
                    event,
                    note,
                });
            }
        }
        let listed: std::collections::HashSet<&str> = current.iter().map(String::as_str).collect();
        for id in &self.previous {
            if !listed.contains(id.as_str()) {
                if let Some(entry) = self.items.get_mut(id) {
                    if entry.2.is_none() {
                        entry.1.push(HistoryEntry {
                            date: v.date.clone(),
                            event: bi("移出清单", "Removed"),
                            note: notes.get(id.as_str()).map(|n| (*n).clone()),
                        });
                    }
                }
            }
        }
        self.previous = current;
        self.last_date = v.date.clone();
    }

    fn write(&self, dir: &Path) -> io::Result<()> {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
        let content = dir.join("content/items");
        fs::create_dir_all(&content)?;
        fs::create_dir_all(dir.join("layouts/_default"))?;
        fs::create_dir_all(dir.join("static/assets"))?;
        fs::write(dir.join("config.toml"), HUGO_CONFIG)?;
        fs::write(dir.join("layouts/_default/baseof.html"), HUGO_BASEOF)?;
        fs::write(dir.join("layouts/_default/single.html"), HUGO_SINGLE)?;
        fs::write(dir.join("layouts/_default/list.html"), HUGO_LIST)?;
        fs::write(dir.join("layouts/index.html"), HUGO_INDEX)?;
        fs::write(
            dir.join("static/assets/style.css"),
            "body{font-family:sans-serif;max-width:60rem;margin:auto}\n",
        )?;
        fs::write(
            dir.join("content/_index.md"),
            "---\ntitle: 江淮新区村（社区）出具证明事项公开\n---\n",
        )?;
        fs::write(
            dir.join("content/_index.en.md"),
            "---\ntitle: \"Jianghuai New District: certificates\"\n---\n",
        )?;
        fs::write(content.join("_index.md"), "---\ntitle: 证明事项\n---\n")?;
        fs::write(
            content.join("_index.en.md"),
            "---\ntitle: Certificates\n---\n",
        )?;
        let current: std::collections::HashSet<&str> =
            self.previous.iter().map(String::as_str).collect();
        for (id, (item, history, successor)) in &self.items {
            let state = if successor.is_some() {
                "renamed"
            } else if !current.contains(id.as_str()) {
                "removed"
            } else if item.cancelled {
                "cancelled"
            } else {
                "issued"
            };
            for (lang, suffix) in [(0, ""), (1, ".en")] {
                let page = hugo_page(item, history, state, successor.as_deref(), lang);
                fs::write(content.join(format!("{id}{suffix}.md")), page)?;
            }
        }
        Ok(())
    }
}

fn pick(t: &Bi, lang: usize) -> &str {
    if lang == 0 {
        &t.zh
    } else {
        &t.en
    }
}

fn hugo_page(
    item: &Item,
    history: &[HistoryEntry],
    state: &str,
    successor: Option<&str>,
    lang: usize,
) -> String {
    let l = |t: &Bi| scalar(pick(t, lang));
    let mut out = String::with_capacity(4096);
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", l(&item.name));
    let _ = writeln!(out, "id: {}", item.id);
    let (cid, czh, cen) = CATEGORIES[item.category];
    let _ = writeln!(out, "category: {cid}");
    let _ = writeln!(
        out,
        "category_name: {}",
        scalar(if lang == 0 { czh } else { cen })
    );
    let _ = writeln!(
        out,
        "status: {}",
        if item.cancelled {
            "cancelled"
        } else {
            "issued"
        }
    );
    let _ = writeln!(out, "state: {state}");
    if let Some(s) = successor {
        let _ = writeln!(out, "successor: {s}");
    }
    if let Some(from) = &item.renamed_from {
        let _ = writeln!(out, "renamed_from: {from}");
    }
    let _ = writeln!(out, "purpose: {}", l(&item.purpose));
    let _ = writeln!(out, "requested_by: {}", l(&item.requested_by));
    let _ = writeln!(out, "issuer: {}", l(&item.issuer));
    for (key, xs) in [
        ("materials", &item.materials),
        ("steps", &item.steps),
        ("keywords", &item.keywords),
    ] {
        let _ = writeln!(out, "{key}:");
        for x in xs {
            let _ = writeln!(out, "  - {}", l(x));
        }
    }
    let _ = writeln!(out, "time_limit: {}", l(&item.time_limit));
    if let Some(fee) = &item.fee {
        let _ = writeln!(out, "fee: {}", l(fee));
    }
    if let Some(alt) = &item.alternative {
        let _ = writeln!(out, "alternative: {}", l(alt));
    }
    out.push_str("history:\n");
    for h in history {
        let _ = writeln!(out, "  - date: \"{}\"\n    event: {}", h.date, l(&h.event));
        if let Some(note) = &h.note {
            let _ = writeln!(out, "    note: {}", l(note));
        }
    }
    out.push_str("---\n\n");
    // The legal basis (Markdown) is the page body.
    out.push_str(pick(&item.basis, lang));
    out.push('\n');
    out
}

const HUGO_CONFIG: &str = r#"baseURL = "https://www.example.gov.cn/zmsx/"
title = "江淮新区村（社区）出具证明事项公开"
defaultContentLanguage = "zh-cn"
defaultContentLanguageInSubdir = false
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
paginate = 250
enableRobotsTXT = false

[languages.zh-cn]
languageName = "中文"
languageCode = "zh-CN"
weight = 1
title = "江淮新区村（社区）出具证明事项公开"

[languages.en]
languageName = "English"
languageCode = "en"
weight = 2
title = "Jianghuai New District: certificates from village and community committees"

[markup.goldmark.renderer]
unsafe = false
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body>
<header>
<a class="site-title" href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav><ul>
<li><a href="{{ .Site.Home.RelPermalink }}">{{ if eq .Site.Language.Lang "en" }}Home{{ else }}首页{{ end }}</a></li>
<li><a href="{{ "items/" | relLangURL }}">{{ if eq .Site.Language.Lang "en" }}Certificates{{ else }}证明事项{{ end }}</a></li>
</ul></nav>
<ul class="languages">{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}"{{ if eq .Lang $.Lang }} aria-current="true"{{ end }}>{{ .Language.LanguageName }}</a></li>{{ end }}</ul>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>
<p>{{ if eq .Site.Language.Lang "en" }}Publisher: Jianghuai New District Civil Affairs Bureau{{ else }}主办单位：江淮新区民政局{{ end }}</p>
<p>网站标识码 3401000000 · <a href="https://beian.miit.gov.cn/">皖ICP备00000000号-1</a> · 皖公网安备 34010002000000号 · <a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html">我为政府网站找错</a></p>
</footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
{{ $en := eq .Site.Language.Lang "en" }}
<article class="item item-{{ .Params.state }}">
<h1>{{ .Title }}</h1>
<p class="answer answer-{{ .Params.state }}">
{{ if eq .Params.state "issued" }}{{ if $en }}Your committee issues this certificate.{{ else }}村（居）民委员会可以出具此证明。{{ end }}
{{ else if eq .Params.state "cancelled" }}{{ if $en }}Your committee no longer issues this certificate.{{ else }}村（居）民委员会不再出具此证明。{{ end }}
{{ else if eq .Params.state "renamed" }}{{ if $en }}This item continues as{{ else }}本事项已更名为{{ end }} <a href="../{{ .Params.successor }}/">{{ .Params.successor }}</a>
{{ else }}{{ if $en }}Removed from the list.{{ end }}{{ if not $en }}已移出清单。{{ end }}{{ end }}
</p>
{{ with .Params.alternative }}<section class="alternative"><h2>{{ if $en }}What to do instead{{ else }}替代方式{{ end }}</h2>{{ . | markdownify }}</section>{{ end }}
<dl class="fields">
<dt>{{ if $en }}Category{{ else }}类别{{ end }}</dt><dd>{{ .Params.category_name }}</dd>
<dt>{{ if $en }}Used for{{ else }}证明用途{{ end }}</dt><dd>{{ .Params.purpose }}</dd>
<dt>{{ if $en }}Legal basis{{ else }}设定依据{{ end }}</dt><dd>{{ .Content }}</dd>
<dt>{{ if $en }}Requested by{{ else }}索要单位{{ end }}</dt><dd>{{ .Params.requested_by }}</dd>
<dt>{{ if $en }}Issued by{{ else }}出具主体{{ end }}</dt><dd>{{ .Params.issuer }}</dd>
<dt>{{ if $en }}What to bring{{ else }}办理材料{{ end }}</dt><dd><ul>{{ range .Params.materials }}<li>{{ . }}</li>{{ end }}</ul></dd>
<dt>{{ if $en }}How to apply{{ else }}办理流程{{ end }}</dt><dd><ol>{{ range .Params.steps }}<li>{{ . }}</li>{{ end }}</ol></dd>
<dt>{{ if $en }}Time{{ else }}办理时限{{ end }}</dt><dd>{{ .Params.time_limit }}</dd>
<dt>{{ if $en }}Fee{{ else }}收费{{ end }}</dt><dd>{{ with .Params.fee }}{{ . }}{{ else }}{{ if $en }}Free of charge{{ else }}免费{{ end }}{{ end }}</dd>
<dt>{{ if $en }}Keywords{{ else }}关键词{{ end }}</dt><dd>{{ delimit .Params.keywords ", " }}</dd>
</dl>
<section class="history"><h2>{{ if $en }}History{{ else }}历史{{ end }}</h2>
<ol>{{ range .Params.history }}<li><time datetime="{{ .date }}">{{ .date }}</time> {{ .event }}{{ with .note }}<div class="note">{{ . | markdownify }}</div>{{ end }}</li>{{ end }}</ol>
</section>
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByTitle }}
<ul class="items">{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="status-{{ .Params.state }}">{{ .Params.state }}</span> <small>{{ .Params.category_name }}</small></li>{{ end }}</ul>
<nav class="pager">{{ if $pager.HasPrev }}<a rel="prev" href="{{ $pager.Prev.URL }}">←</a>{{ end }} {{ $pager.PageNumber }} / {{ $pager.TotalPages }} {{ if $pager.HasNext }}<a rel="next" href="{{ $pager.Next.URL }}">→</a>{{ end }}</nav>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ $items := where .Site.RegularPages "Section" "items" }}
<p>{{ len (where $items "Params.state" "issued") }} / {{ len $items }}</p>
<p><a href="{{ "items/" | relLangURL }}">{{ if eq .Site.Language.Lang "en" }}All certificates{{ else }}全部证明事项{{ end }}</a></p>
{{ end }}
"#;
