//! The classes of problem qingdan reports, each with a stable code.
//!
//! A tool reading `--message-format json` or `diff --format json` matches on `code`, never on
//! the message, which is worded for people, exists in two languages and may be reworded. A
//! code once published keeps its meaning; a retired one is not reused. Each class has a short
//! title in both languages: `docs/staff-guide.md` lists every code with its title and what to
//! do, and a test keeps the guide and this list in step.
//!
//! The list is grouped by the layer that reports the problem, in pipeline order.

use serde::{Serialize, Serializer};

use super::message::Lang;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal; )*) => {
        /// A class of problem (see the module's comment).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every class, in the order of this file.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code tools match on, e.g. `yaml-syntax`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The class's short title in `lang`.
            pub fn title(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Code::$variant, Lang::Zh) => $zh, (Code::$variant, Lang::En) => $en, )*
                }
            }
        }
    };
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

codes! {
    // ---- reading the content folder (read/) ----
    /// A stage stopped without reporting why: a bug.
    InternalStop = "internal-stop", "程序内部错误", "internal error";
    /// The content folder named by `--content` does not exist.
    ContentMissing = "content-missing", "内容文件夹不存在", "content folder missing";
    /// `site.yaml` could not be used at all.
    SiteUnusable = "site-unusable", "无法使用站点设置", "site.yaml unusable";
    /// No version file in `certificates/`.
    NoVersion = "no-version", "没有版本文件", "no version file";
    /// A version file ending in `.yml`.
    WrongExtension = "wrong-extension", "文件扩展名不对", "wrong file extension";
    /// A file or folder could not be read (the operating system's reason is given).
    ReadFailed = "read-failed", "无法读取", "cannot read";
    /// A symbolic link where qingdan reads only real files and folders.
    FileLink = "file-link", "不能使用符号链接", "symbolic link";
    /// A folder, pipe, device or socket where a file belongs.
    NotAFile = "not-a-file", "不是普通文件", "not a regular file";
    /// A path that leads outside the content folder.
    OutsideContent = "outside-content", "在内容文件夹以外", "outside the content folder";
    /// A file over its size limit.
    FileTooLarge = "file-too-large", "文件太大", "file too large";
    /// A file name that is not UTF-8.
    FileNameNotUtf8 = "file-name-not-utf8", "文件名编码不对", "file name not UTF-8";
    /// A text file not saved as UTF-8 (GBK/GB18030, UTF-16).
    NotUtf8 = "not-utf8", "文件不是 UTF-8 编码", "file not UTF-8";
    /// A control character YAML forbids.
    ControlCharacter = "control-character", "含有控制字符", "control character";

    // ---- YAML syntax (yaml/, decode/content/read_map.rs, decode/content/typing.rs) ----
    /// A line indented with a tab.
    YamlTab = "yaml-tab", "缩进中有制表符", "tab in indentation";
    /// Any other YAML syntax error (yaml-rust2's message, explained).
    YamlSyntax = "yaml-syntax", "YAML 格式错误", "YAML syntax error";
    /// Anchors, aliases, tags, a second document: YAML content does not use.
    YamlRefused = "yaml-refused", "不允许的 YAML 写法", "YAML construct not allowed";
    /// Lists and maps nested deeper than the parser allows.
    YamlTooDeep = "yaml-too-deep", "嵌套层数过多", "nested too deep";
    /// A full-width colon, space or comma where YAML needs the ASCII one.
    FullWidthSyntax = "full-width-syntax", "YAML 结构中用了全角符号", "full-width character in YAML structure";
    /// An unquoted text with a comma inside `{ … }`, which the comma split.
    CommaSplitText = "comma-split-text", "未加引号的文字被逗号分开", "unquoted text split by a comma";

    // ---- decoding the content (decode/) ----
    /// The content folder has no site.yaml.
    NoSiteYaml = "no-site-yaml", "缺少 site.yaml", "site.yaml missing";
    /// A value that should be a map of `key: value` lines is not.
    NotAMap = "not-a-map", "应当是“键: 值”", "not a map";
    /// A required field is missing.
    MissingField = "missing-field", "缺少必填字段", "required field missing";
    /// A value that should be a list is not.
    NotAList = "not-a-list", "应当是列表", "not a list";
    /// A key that is not a plain word (a list, a map, a number ...).
    KeyNotAWord = "key-not-a-word", "键不是普通的词", "key is not a word";
    /// A key the map does not have.
    UnknownKey = "unknown-key", "未知的键", "unknown key";
    /// A key given twice in one map.
    DuplicateKey = "duplicate-key", "键重复", "key given twice";
    /// A value that should be a single value is a list or a map.
    NotAValue = "not-a-value", "应当是单个值", "not a single value";
    /// A text that should be a string or translations is a list.
    NotAText = "not-a-text", "应当是文字", "not a text";
    /// A text without its default language.
    NoDefaultText = "no-default-text", "缺少默认语言的文字", "no text in the default language";
    /// A translation that is not `language-code: text`.
    BadTranslation = "bad-translation", "译文格式不对", "malformed translation";
    /// One language given twice in a text, or listed twice in site.yaml.
    DuplicateLanguage = "duplicate-language", "同一语言写了两次", "language given twice";
    /// A date that is not YYYY-MM-DD.
    BadDate = "bad-date", "日期格式不对", "not a date";
    /// A status other than `issued` or `cancelled`.
    UnknownStatus = "unknown-status", "状态不对", "unknown status";
    /// A language code (in a text or a policy file's name) that site.yaml does not configure.
    UnknownLanguage = "unknown-language", "未设置的语言", "language not configured";
    /// A content file whose name cannot be used (not a date, not an address).
    BadFileName = "bad-file-name", "文件名不能用", "unusable file name";
    /// A value holding a character no page can show (an escaped control character).
    Unprintable = "unprintable", "无法显示的字符", "unprintable character";
    /// A text that is empty or only white space.
    EmptyText = "empty-text", "文字为空", "empty text";
    /// A text field over the size limit.
    TextTooLong = "text-too-long", "文字过长", "text too long";
    /// An address that is not https:// (or an allowed path).
    BadAddress = "bad-address", "网址不允许", "address not allowed";
    /// site.yaml names no usable language.
    NoLanguage = "no-language", "没有可用的语言", "no usable language";
    /// A language code that is not a BCP 47 tag.
    BadLanguageCode = "bad-language-code", "语言代码不对", "not a language code";
    /// site.yaml lists no category.
    NoCategory = "no-category", "没有事项类别", "no category";
    /// A policy file's front matter missing or not closed.
    FrontMatter = "front-matter", "政策解读文件开头的信息有误", "front matter missing or open";
    /// A site identifier (党政机关网站标识, 公安机关备案号) a footer link cannot be made from.
    BadIdentifier = "bad-identifier", "标识号格式不对", "malformed identifier";
    /// A telephone number with characters no telephone number has.
    BadPhone = "bad-phone", "电话号码格式不对", "not a telephone number";

    // attachments, 施行日期 and 更正 (decode/attachments.rs, decode/content/publication.rs)
    /// An attachment's `file` that is not a plain path inside the content folder (absolute, `..`).
    AttachmentPath = "attachment-path", "附件路径不对", "attachment path not inside the content folder";
    /// An attachment's `file` that does not exist.
    AttachmentMissing = "attachment-missing", "附件文件不存在", "attachment file missing";
    /// An attachment whose extension is not one of the kinds qingdan publishes.
    AttachmentKind = "attachment-kind", "附件文件类型不允许", "attachment kind not allowed";
    /// An attachment whose first bytes are not those of the kind its extension names.
    AttachmentContent = "attachment-content", "附件内容与扩展名不符", "attachment content does not match its extension";
    /// A version's `effective` (施行日期) before its `date`.
    EffectiveBeforeDate = "effective-before-date", "施行日期早于发布日期", "effective date before publication";
    /// A correction (更正) dated before its version or before the correction above it.
    CorrectionDate = "correction-date", "更正日期不对", "correction misdated";

    // ---- checking the content as a whole (validate.rs) ----
    /// `base_url` without its final `/`.
    BaseUrlSlash = "base-url-slash", "网站地址结尾缺少 `/`", "site address without a final `/`";
    /// A category id that is not lowercase letters, digits and hyphens.
    InvalidCategoryId = "invalid-category-id", "类别 id 不符合要求", "invalid category id";
    /// Two categories with one id.
    DuplicateCategory = "duplicate-category", "类别 id 重复", "category listed twice";
    /// A version's `date` differs from its file name.
    DateMismatch = "date-mismatch", "日期与文件名不一致", "date differs from file name";
    /// Two versions with one date.
    DuplicateDate = "duplicate-date", "两个版本日期相同", "two versions with one date";
    /// An item id that cannot be a permanent address.
    InvalidId = "invalid-id", "事项 id 不符合要求", "invalid item id";
    /// Two items with one id in a version.
    DuplicateId = "duplicate-id", "事项 id 重复", "item id used twice";
    /// An item's category that site.yaml does not list.
    UnknownCategory = "unknown-category", "类别不存在", "unknown category";
    /// An item's category written by its name instead of its id (`婚姻家庭` for `family`).
    CategoryByName = "category-by-name", "写了类别名称而不是类别 id", "category name instead of id";
    /// A cancelled item without `alternative` (替代方式).
    MissingAlternative = "missing-alternative", "缺少替代方式", "no alternative";
    /// An item without `keywords`.
    NoKeywords = "no-keywords", "缺少搜索关键词", "no keywords";
    /// `renamed_from` names the item's own id.
    RenamedFromSelf = "renamed-from-self", "更名前后 id 相同", "renamed from itself";
    /// `renamed_from` names an id no earlier version published.
    RenamedFromUnknown = "renamed-from-unknown", "更名前的 id 不存在", "renamed from an unknown id";
    /// `renamed_from` names an id still listed in the same version.
    RenamedFromListed = "renamed-from-listed", "更名前的 id 仍在清单中", "renamed from a listed id";
    /// Two items continue one old id.
    RenamedTwice = "renamed-twice", "一个旧 id 被两个事项接续", "old id continued twice";
    /// Renames that lead back to where they started.
    RenameCycle = "rename-cycle", "更名形成循环", "renames form a cycle";
    /// A note whose key names no item of its version.
    NoteUnknownItem = "note-unknown-item", "说明对应的事项不存在", "note for no item";
    /// A policy translation without the default-language original.
    PolicyNoOriginal = "policy-no-original", "政策解读缺少原文", "policy without original";

    // new-version and adjustment checks
    /// The newest version still has the previous version's document number, title or summary.
    CopiedFromPreviousVersion = "copied-from-previous-version", "沿用了上一版本的文号、标题或调整说明", "copied from the previous version";
    /// The newest version adds, removes, renames, cancels, reinstates and changes nothing.
    VersionChangesNothing = "version-changes-nothing", "本版本与上一版本相比没有调整", "version changes nothing";
    /// A published version file differs from the one the last build read.
    PublishedVersionEdited = "published-version-edited", "已公布的版本文件被修改", "published version edited";
    /// A version file the last build read is gone from the content folder.
    PublishedVersionMissing = "published-version-missing", "已公布的版本文件被删除或改名", "published version deleted or renamed";
    /// A text changed in the default language but not in another.
    StaleTranslation = "stale-translation", "原文已修改而译文未修改", "translation may be stale";
    /// A document number (文号) not in the form GB/T 9704-2012 sets.
    DocumentNumberForm = "document-number-form", "文号格式不符合GB/T 9704-2012", "document number not in the GB/T 9704 form";

    // official publication checks
    /// A retained item's 设定依据 cites no law, regulation or State Council decision (no 《…》).
    BasisCitesNoLaw = "basis-cites-no-law", "设定依据未引用法律法规", "legal basis cites no law";
    /// An item the committee still issues names where to go instead (`refer_to`) (warning).
    ReferToOnIssued = "refer-to-on-issued", "保留出具的事项写了替代办理部门", "refer_to on an issued item";
    // search checks
    /// A synonym group in site.yaml none of whose words occurs in any item (warning).
    SynonymMatchesNothing = "synonym-matches-nothing", "同义词组在事项中找不到", "synonym group matches no item";
    // policy interpretation checks (decode/content/policy_meta.rs, decode/policy_images.rs,
    // validate/policy_links.rs)
    /// A 索引号 unlike those government sites publish (warning).
    IndexNumberForm = "index-number-form", "索引号格式不常见", "index number in an unusual form";
    /// `validity` with an unknown status, or without (or with a needless) date of repeal.
    BadValidity = "bad-validity", "有效性写法不对", "malformed validity";
    /// A policy's dates in an impossible order (written after published, repealed before written).
    PolicyDateOrder = "policy-date-order", "解读的日期先后不对", "policy dates out of order";
    /// A `form` other than `questions`.
    UnknownForm = "unknown-form", "解读形式不对", "unknown form";
    /// `form: questions` without a question.
    NoQuestions = "no-questions", "问答式解读没有问题", "no questions";
    /// `versions` names a date no version has.
    PolicyUnknownVersion = "policy-unknown-version", "解读对应的版本不存在", "policy names an unknown version";
    /// `versions` names a version whose document number is another.
    PolicyVersionDocument = "policy-version-document", "解读与版本的文号不一致", "policy and version name different documents";
    /// An image address that is not a file inside `policy/` (a web address, an absolute path, `..`).
    ImagePath = "image-path", "图片位置不对", "image not inside the policy folder";
    /// An image of a kind qingdan does not publish, or whose bytes are not of its kind.
    ImageKind = "image-kind", "图片类型不对", "image kind not allowed";
    /// An image without alternative text.
    ImageAlt = "image-alt", "图片缺少替代文字", "image without alt text";
    // places checks (decode/content/places.rs, validate/places.rs): places.yaml
    /// A `level` that is none of province, city, district, township, community.
    UnknownPlaceLevel = "unknown-place-level", "地点层级不对", "unknown place level";
    /// A `code` that is not 6 or 12 digits.
    BadDivisionCode = "bad-division-code", "区划代码格式不对", "not a division code";
    /// A place id that cannot be a permanent address.
    InvalidPlaceId = "invalid-place-id", "地点 id 不符合要求", "invalid place id";
    /// Two places with one id.
    DuplicatePlace = "duplicate-place", "地点 id 重复", "place id used twice";
    /// A `parent` that names no place.
    UnknownParentPlace = "unknown-parent-place", "上级地点不存在", "parent place not found";
    /// Places whose parents lead back to themselves.
    PlaceCycle = "place-cycle", "上级地点形成循环", "places form a cycle";
    /// More than one place without a parent, or none.
    PlaceRoot = "place-root", "最上级地点不是一个", "not exactly one top place";
    /// A place whose level is not below its parent's.
    PlaceLevelOrder = "place-level-order", "地点层级不低于上级地点", "level not below the parent's";
    /// A child's code that does not start with its parent's (warning).
    DivisionCodePrefix = "division-code-prefix", "区划代码与上级地点不一致", "code not under the parent's";
    // place inheritance (read/source/place_folders.rs, decode/content/place_delta.rs,
    // validate/places/inherit.rs): `places/<id>/<date>.yaml`, a place's deltas
    /// `places/` or an entry of it that is not a folder.
    NotAPlaceFolder = "not-a-place-folder", "不是地点文件夹", "not a place folder";
    /// A folder of `places/` that names no place of places.yaml.
    UnknownDeltaPlace = "unknown-delta-place", "调整文件夹没有对应的地点", "folder names no place";
    /// Delta folders in a content folder without places.yaml.
    DeltasWithoutPlaces = "deltas-without-places", "缺少 places.yaml", "deltas without places.yaml";
    /// A delta folder for the top place, whose list is `certificates/`.
    RootPlaceDelta = "root-place-delta", "最上级地点不用调整文件", "delta folder for the top place";
    /// A delta file whose name is not its `date`.
    DeltaDateMismatch = "delta-date-mismatch", "调整文件名与日期不一致", "file name is not the date";
    /// `exclude` or `override` of an id the parent's list does not have on the delta's date.
    NotInParentList = "not-in-parent-list", "上级清单没有这个事项", "not in the parent's list";
    /// `add` of an id the parent's list already has.
    AddedTwice = "added-in-parent-list", "上级清单已有这个事项", "already in the parent's list";
    /// An `override` key that a place cannot change.
    NotOverridable = "not-overridable", "这个字段不能由本地调整", "field cannot be overridden";
    /// `build --place ID` naming no place with a delta folder.
    NoSuchSection = "no-such-section", "没有这个地点的栏目", "no section for that place";
    /// A parent's later version drops an item a child's delta still overrides or excludes
    /// (warning).
    ParentDroppedItem = "parent-dropped-item", "上级清单已删去本地调整的事项", "parent dropped an adjusted item";

    // ---- the other lists (read/source/lists.rs, decode/content/lists.rs, validate/lists.rs) ----
    /// An entry of `lists/` that is not a folder of a kind of list.
    ListLayout = "list-layout", "清单文件夹结构不对", "lists folder laid out wrongly";
    /// A `kind` in site.yaml's `lists:`, or a folder of `lists/`, that names no kind of list.
    UnknownListKind = "unknown-list-kind", "清单种类不存在", "unknown kind of list";
    /// A kind of list declared twice in site.yaml's `lists:`.
    DuplicateListKind = "duplicate-list-kind", "清单种类重复", "kind of list declared twice";
    /// A folder `lists/<kind>/` of a kind site.yaml does not declare.
    UndeclaredList = "undeclared-list", "清单未在站点设置中列出", "list not declared";
    /// A kind declared in site.yaml without any version file.
    ListWithoutVersion = "list-without-version", "清单没有版本文件", "list without a version";

    // ---- the theme and the pages (read/theme.rs, emit/) ----
    /// `theme:` names something that is not a folder inside the content folder.
    ThemeFolder = "theme-folder", "主题文件夹不符合要求", "theme folder not usable";
    /// `theme:` names a folder that does not exist.
    ThemeMissing = "theme-missing", "主题文件夹不存在", "theme folder missing";
    /// A theme's folders not laid out as a theme's are (`templates` a file, folders in `i18n/`).
    ThemeLayout = "theme-layout", "主题文件夹结构不对", "theme folders laid out wrongly";
    /// A file at the top of the theme folder that is not part of a theme (ignored).
    ThemeExtraFile = "theme-extra-file", "主题里有无关文件", "file not part of a theme";
    /// A file of a kind a theme cannot use where it is.
    ThemeFileKind = "theme-file-kind", "主题文件类型不对", "wrong kind of theme file";
    /// A theme with too many files or too many bytes.
    ThemeTooLarge = "theme-too-large", "主题太大", "theme too large";
    /// No UI strings for a configured language.
    UiStringsMissing = "ui-strings-missing", "缺少界面文字", "UI strings missing";
    /// A theme's UI strings file that is not valid YAML.
    UiStringsSyntax = "ui-strings-syntax", "界面文字文件语法错误", "UI strings syntax error";
    /// A template that does not compile.
    TemplateSyntax = "template-syntax", "模板有错误", "template does not compile";
    /// A version's Excel workbook cannot be made (a sheet over Excel's limits).
    SpreadsheetFailed = "spreadsheet-failed", "无法生成 Excel 表格", "workbook cannot be made";
    /// A template that fails while a page is rendered.
    TemplateRender = "template-render", "生成页面时模板出错", "template failed to render";
    /// `footer.emblem` is not a file inside the content folder.
    EmblemPath = "emblem-path", "标识文件位置不对", "emblem outside the content folder";
    /// `footer.emblem` is not an image qingdan publishes.
    EmblemKind = "emblem-kind", "标识文件类型不对", "emblem not an image";

    // ---- writing the output (write/) ----
    /// The output folder holds something qingdan did not build.
    OutputNotOurs = "output-not-ours", "输出文件夹不是 qingdan 生成的", "output not built by qingdan";
    /// The output path exists and is not a folder, or names no folder.
    OutputNotFolder = "output-not-folder", "输出位置不是文件夹", "output not a folder";
    /// The output folder is, contains or lies inside the content or theme folder.
    OutputOverlap = "output-overlap", "输出文件夹与内容文件夹重叠", "output overlaps the sources";
    /// Another build is writing the output folder.
    OutputLocked = "output-locked", "另一次生成正在写入", "output locked by another build";
    /// The output folder cannot be locked at all.
    OutputLockFailed = "output-lock-failed", "无法锁定输出文件夹", "cannot lock the output";
    /// Writing, creating or moving a file or folder of the output failed.
    WriteFailed = "write-failed", "无法写入", "cannot write";
    /// A file that must be new exists already (a version file `new-version` would write).
    FileExists = "file-exists", "文件已存在", "file exists";
    /// A path the site writes that is not inside it, or that two files claim (or one needs as
    /// a folder what another is).
    OutputPath = "output-path", "网站文件路径无效或冲突", "bad or clashing site path";
    /// A file no build wrote stands where the new site writes.
    KeptFileClash = "kept-file-clash", "保留的文件与新网站冲突", "kept file in the way";
    /// Files no build wrote are kept in the output (warning).
    KeptFiles = "kept-files", "保留了非 qingdan 生成的文件", "files kept in the output";
    /// A site a stopped build had moved aside was put back (warning).
    SiteRestored = "site-restored", "已恢复原网站", "previous site restored";
    /// A build stopped while it updated the output in place; this one writes a whole site (warning).
    UpdateStopped = "update-stopped", "上次更新被中断", "interrupted update redone";
    /// The site to be swapped in has no manifest.json: a bug.
    OutputNoManifest = "output-no-manifest", "生成的网站缺少 manifest.json", "site without manifest";

    // manifest.rs: manifest.json and `qingdan verify`
    /// `verify` cannot read the copy's manifest.json.
    ManifestUnreadable = "manifest-unreadable", "无法读取 manifest.json", "cannot read manifest.json";
    /// The copy's manifest.json is not one qingdan wrote, or is damaged.
    ManifestInvalid = "manifest-invalid", "manifest.json 无法识别", "manifest.json is not valid";
    /// `verify` cannot read a file or folder of the copy it checks.
    VerifyUnreadable = "verify-unreadable", "无法读取要核对的文件", "cannot read a file to verify";

    // ---- importing a spreadsheet or document (import/) ----

    /// The file to import cannot be read as a spreadsheet, CSV or Word document.
    ImportFile = "import-file", "无法读取要导入的文件", "cannot read the file to import";
    /// No header row of a list was found in the file.
    ImportNoTable = "import-no-table", "没有找到清单表格", "no list table found";
    /// A column whose name the import does not know (read with `--map 列名=field`).
    ImportUnknownColumn = "import-unknown-column", "不认识的列", "unknown column";
    /// A cell whose value is not text (a formula error, a date).
    ImportUnreadableCell = "import-unreadable-cell", "读不出的单元格", "unreadable cell";
    /// A `--map` that is not `列名=field`.
    ImportMap = "import-map", "`--map` 的写法不对", "unusable --map";
    /// The date of the version to import cannot be used (not a date, not after the latest).
    ImportDate = "import-date", "版本日期不能用", "unusable version date";
    /// The content has no version to start from.
    ImportNoBase = "import-no-base", "没有可作底稿的版本", "no version to start from";

    // ---- the commands (cmd/) ----
    /// `diff` with one version only: nothing to compare.
    DiffOneVersion = "diff-one-version", "只有一个版本，无法比较", "only one version to compare";
    /// `diff` was given a date that no version has.
    DiffUnknownVersion = "diff-unknown-version", "没有这个日期的版本", "no version with that date";
    /// `diff`'s first date is not before its second.
    DiffOrder = "diff-order", "比较的两个版本先后颠倒", "versions compared in the wrong order";
    /// `new-version` was given something that is not a date.
    NewVersionDate = "new-version-date", "日期写法不对", "not a date";
    /// `new-version`'s date is not after the latest version's.
    NewVersionNotAfter = "new-version-not-after", "新版本的日期不晚于最新版本", "new version not after the latest";
    /// `new-version` found no version file to copy.
    NewVersionNoVersion = "new-version-no-version", "没有可以复制的版本文件", "no version file to copy";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_class_has_a_unique_code_and_a_title_in_chinese_and_english() {
        let mut seen = BTreeSet::new();
        for &code in Code::ALL {
            let id = code.as_str();
            assert!(seen.insert(id), "the code `{id}` is used twice");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "`{id}`: codes are lowercase words joined by hyphens"
            );
            assert!(has_han(code.title(Lang::Zh)), "`{id}` has no Chinese title");
            assert!(
                !has_han(code.title(Lang::En)),
                "`{id}`'s English title is Chinese"
            );
        }
    }
}
