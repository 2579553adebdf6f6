//! The server's message catalog: every string a person may read, in zh-CN and English.
//! The language comes from `Accept-Language` (zh-CN by default).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the first supported language in an `Accept-Language` header, by q-weight.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let Some(header) = header else {
            return Lang::Zh;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Lang::Zh
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or(Lang::Zh)
    }

    /// Chooses between a Chinese and an English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

macro_rules! messages {
    ($($name:ident => ($zh:expr, $en:expr),)*) => {
        /// A message a person may read. Add new ones here, with both languages.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            pub fn text(self, lang: Lang) -> &'static str {
                match self { $(Msg::$name => lang.pick($zh, $en),)* }
            }
        }
    };
}

messages! {
    Unauthenticated => ("请先登录。", "Please sign in."),
    Forbidden => ("您没有权限进行此操作。", "You are not allowed to do this."),
    NotFound => ("找不到该记录。", "Not found."),
    Internal => ("服务器出错了，请稍后再试。", "Something went wrong on our side. Please try again later."),
    RateLimited => ("登录失败次数过多，请稍后再试。", "Too many failed sign-ins. Please wait and try again."),
    FilingRateLimited => ("一小时内提交次数过多，请稍后再提交。已提交的内容不受影响。", "Too many filings in an hour. Please wait before filing again; what you already filed is safe."),
    Unavailable => ("系统繁忙，暂时无法处理，本次未作任何更改，请稍后重试。", "The service is busy and could not handle this; nothing was changed. Please try again shortly."),
    OutcomeUnknown => ("无法确认本次操作是否已保存。请稍后重试同一提交（不会重复保存），或刷新查看。", "We could not confirm whether this was saved. Try the same submission again shortly (it is never saved twice), or refresh to check."),
    Timeout => ("处理超时，无法确认是否已完成。请稍后重试同一提交（不会重复保存），或刷新查看。", "This took too long, and may or may not have completed. Try the same submission again shortly (it is never saved twice), or refresh to check."),
    SeenTooLongAgo => ("发现时间不能早于五年前，请检查日期。", "The time you saw it cannot be more than five years ago; please check the date."),
    BatchNotSupported => ("每个请求只能包含一个操作。", "Send one operation per request; batches are not accepted."),
    TooManyAliases => ("请求中的别名过多。", "The request uses too many aliases."),
    BadRequestBody => ("请求格式不正确。", "The request is malformed."),
    BodyTooLarge => ("请求内容过大。", "The request is too large."),
    InvalidCredentials => ("账号或密码不正确。", "Wrong account or password."),
    AccountPending => ("账号正在等待居委会核实。", "Your account is waiting for the neighbourhood committee to verify it."),
    AccountInactive => ("账号已停用或未通过核实。", "This account is deactivated or was not verified."),
    InvalidRefreshToken => ("登录已失效，请重新登录。", "Your session has ended. Please sign in again."),
    Required => ("此项必填。", "This field is required."),
    TooLong => ("内容过长。", "This is too long."),
    PhoneInvalid => ("请输入11位手机号码。", "Enter an 11-digit mobile number."),
    PhoneTaken => ("该手机号已注册。", "This mobile number is already registered."),
    LoginTaken => ("该账号名已被使用。", "This account name is already taken."),
    LoginInvalid => ("账号名只能包含字母、数字、点、横线和下划线，3至40位。", "Account names are 3–40 letters, digits, dots, dashes or underscores."),
    PasswordTooShort => ("密码至少8位。", "The password must have at least 8 characters."),
    PasswordTooLong => ("密码最多128位。", "The password can have at most 128 characters."),
    UnknownUnit => ("找不到该房屋。", "That unit does not exist."),
    UnknownCommunity => ("找不到该小区。", "That community does not exist."),
    UnknownSquad => ("找不到该中队。", "That squad does not exist."),
    UnknownCommittee => ("找不到该居委会。", "That neighbourhood committee does not exist."),
    UnknownPropertyFirm => ("找不到该物业服务企业。", "That property firm does not exist."),
    UnknownDistrict => ("找不到该区。", "That district does not exist."),
    UnknownMatter => ("找不到该执法事项。", "That enforcement matter does not exist."),
    ScopeMismatch => ("该角色需要对应的管辖范围。", "This role needs a matching scope."),
    NotPending => ("该账号不在待核实状态。", "This account is not waiting for verification."),
    InvalidDate => ("日期格式不正确（YYYY-MM-DD）。", "The date must be YYYY-MM-DD."),
    InvalidHolidayKind => ("类型须为 HOLIDAY 或 WORKDAY。", "The kind must be HOLIDAY or WORKDAY."),
    InvalidCategory => ("执法事项类别不正确。", "Unknown matter category."),
    InvalidFineRange => ("罚款金额范围不正确。", "The fine range is not valid."),
    InvalidCursor => ("分页游标无效。", "The page cursor is not valid."),
    PageTooLarge => ("每页最多100条。", "At most 100 items per page."),
    IdempotencyKeyInvalid => ("提交编号无效。", "The submission key is not valid."),
    IdempotencyConflict => ("该提交编号已用于另一份不同的内容。", "This submission key was already used for different content."),
    UnitOutsideCommunity => ("该房屋不在所选小区内。", "That unit is not in the chosen community."),
    CommunityOutsideScope => ("该小区不在您的服务范围内。", "That community is outside your area."),
    DissuasionRequired => ("物业报告须附劝阻记录（时间、方式、劝阻人、业主答复）。", "A property report needs the dissuasion record (when, how, who, the owner's answer)."),
    SourceRequired => ("请选择线索来源。", "Choose where the item came from."),
    SourceNotAllowed => ("该来源不能由您登记。", "You cannot enter items from this source."),
    NotAllowedNow => ("事项当前状态下不能进行此操作。", "This step is not possible in the item's current state."),
    DepartmentRequired => ("转办须填写接收部门。", "A referral needs the receiving department."),
    NotTheFiler => ("只有提交人可以评价。", "Only the person who filed it can rate it."),
    CannotJoin => ("只能附议本小区尚未办结的事项。", "You can only join open items of your own community."),
    AlreadyJoined => ("您已是该事项的提交人。", "You already filed or joined this item."),
    FutureTime => ("时间不能晚于现在。", "That time is in the future."),
    ExtensionDays => ("延期须为1至30个工作日。", "An extension is 1 to 30 working days."),
    CalendarNotExtended => ("节假日日历尚未覆盖该年份，请管理员补充；期限暂按工作日周一至周五计算。", "The holiday calendar does not cover that year yet; ask a supervisor to extend it. Deadlines count Monday to Friday meanwhile."),
    TooManyPhotos => ("每件最多上传9张照片。", "At most 9 photos per item."),
    PhotoTooLarge => ("照片不能超过10MB。", "A photo can be at most 10 MB."),
    PhotoNotAnImage => ("只能上传JPEG、PNG、WebP或HEIC照片。", "Only JPEG, PNG, WebP or HEIC photos can be uploaded."),
    PhotoTooManyPixels => ("照片像素过大（最多4000万像素）。", "The photo has too many pixels (at most 40 megapixels)."),
    PhotoCorrupt => ("照片已损坏，无法读取。", "The photo is damaged and cannot be read."),
    UploadTooLarge => ("上传内容过大：每张照片不超过10MB，最多9张。", "The upload is too large: at most 9 photos of 10 MB each."),
    PushEndpointInvalid => ("推送地址无效（须为https）。", "The push endpoint is not valid (it must be https)."),
    PushKeysInvalid => ("推送密钥无效。", "The push keys are not valid."),
    UnknownAssignee => ("承办人须为该中队在岗的执法队员。", "The assignee must be an active officer of the item's squad."),
    SupervisorReview => ("该事项因评价不满意已重新打开，须由中队长复核处理。", "Reopened after an unsatisfied rating: a supervisor handles the second look."),
    CannotDeactivateSelf => ("不能停用自己的账号。", "You cannot deactivate your own account."),
    MandatoryCase => ("该事项属于涉及小区公共安全的“应立尽立”事项（损坏房屋主体或承重结构、无防水要求的房间或阳台改为卫生间厨房间、损坏或占用移装共用设施设备），核查后只能立案查处，或经中队长批准豁免后办结。", "This matter must become a case (应立尽立: public safety — structure, waterproofing, shared facilities). Open a case, or ask a supervisor to approve an exemption."),
    RepeatNeedsCase => ("该点位为非历史存量问题的重复投诉，须对业主立案查处并核查物业履责；如属历史存量，请先标记并说明理由，或申请中队长批准豁免。", "A repeated complaint on a point that is not historical stock needs a case against the owner and a property duty check. Mark the point as historical stock with a reason, or ask a supervisor for an exemption."),
    RepeatNeedsOwner => ("非历史存量的重复投诉须对业主立案：请添加“业主”当事人。", "A repeated complaint needs a case against the owner: add a party of kind OWNER."),
    CaseConflict => ("案件已被他人更新，请刷新后再操作。", "Someone else changed this case: reload it and try again."),
    CaseNotAllowedNow => ("案件当前阶段不能进行此操作（不能跳过程序环节）。", "This step is not possible at the case's current stage (no stage can be skipped)."),
    FineOutOfRange => ("罚款金额超出该执法事项的法定幅度。", "The fine is outside the matter's legal range."),
    SeriousReasonRequired => ("罚款超过一般幅度，属情节严重，须填写理由。", "A fine above the ordinary range is for serious cases: give the reason."),
    FineNotAllowed => ("只有罚款决定才填写罚款金额。", "Only a fine has an amount."),
    RectifyDateRequired => ("责令限期改正须填写今天之后的改正期限。", "An order to rectify needs a deadline after today."),
    DemolishNeedsOrder => ("限期拆除须以“责令限期改正”决定作出。", "An order to demolish is an order to rectify."),
    SummaryLimit => ("简易程序仅适用于警告或小额罚款（个人200元以下、单位3000元以下）。", "The summary procedure is only for a warning or a small fine (up to 200 CNY for a person, 3,000 for an organisation)."),
    LegalReviewRequired => ("重大案件（个人罚款5000元以上、单位5万元以上、经听证或责令拆除）作出决定前须经法制审核。", "A major case (fine of 5,000 CNY or more for a person, 50,000 for an organisation, a hearing, or an order to demolish) needs legal review before the decision."),
    HearingWindowPassed => ("告知后5个工作日的听证申请期限已过。", "The 5 working days to ask for a hearing after the notice have passed."),
    HearingNoticeTooShort => ("听证须提前7个工作日通知当事人。", "A hearing must be notified 7 working days ahead."),
    HearingWindowOpen => ("当事人陈述、申辩和申请听证的5个工作日尚未届满；当事人书面放弃的，请勾选“已书面放弃”。", "The party's 5 working days to speak up or ask for a hearing are still running; if they waived it in writing, say so (waived)."),
    ItemMatterMismatch => ("投诉或报告的执法事项与案件不一致：只能并入同一违法行为的案件。", "The filing's matter differs from the case's: a filing joins only a case about its own violation."),
    HearingNotHeld => ("听证尚未举行，不能作出决定。", "The hearing has not been held yet: no decision before it."),
    HeavierThanNotice => ("决定不得重于告知的拟处罚（不因陈述申辩而加重处罚）。", "The decision cannot be heavier than the notice (no heavier penalty for speaking up)."),
    RestorationReportRequired => ("损坏房屋结构类案件（A1–A4）须附修复（鉴定）报告后方可结案。", "A structural-damage case (A1–A4) closes only with a restoration report attached."),
    PartyRequired => ("立案须至少有一名当事人。", "A case needs at least one party."),
    IdNumberInvalid => ("证件号码只能包含字母和数字。", "An ID number has only letters and digits."),
    ItemNotVerifying => ("只有核查中的投诉或报告可以立案或申请豁免。", "Only complaints and reports in verification can become a case or be exempted."),
    AlreadyInCase => ("该事项已立案。", "This item is already in a case."),
    ItemsDifferentCommunity => ("合并立案的事项须属于同一小区。", "Items joined in one case must be about the same community."),
    MatterRequired => ("请选择执法事项。", "Choose the enforcement matter."),
    ExemptionNotNeeded => ("该事项无须立案，可直接办结，不需要豁免。", "This item does not need a case: resolve it, no exemption needed."),
    ExemptionEvidenceRequired => ("申请豁免须附核查证据（如现场核查未发现违法行为的记录）。", "An exemption needs evidence (for example the on-site check that found no violation)."),
    ApprovalDays => ("延长期限须为1至90日。", "An extension is 1 to 90 days."),
    ApprovalNotPending => ("该申请已处理。", "This request was already decided."),
    SelfApproval => ("不能审批自己提出的申请。", "You cannot approve your own request."),
    SameHandlingUnit => ("案件已由该单位承办。", "The case is already handled by that unit."),
    DutyCheckNotOpen => ("该物业履责核查已有结论。", "This duty check is already concluded."),
    EvidencePhotoRequired => ("照片证据须附照片。", "Photo evidence needs a photo."),
    StockNeedsPoint => ("只有指明房屋和执法事项的点位可以标记为历史存量。", "Only a point with a unit and a matter can be marked as historical stock."),
    PeriodInvalid => ("统计期间不正确：结束日期不能早于开始日期，且最长五年。", "The period is not valid: the end cannot be before the start, and at most five years."),
    DateTooOld => ("日期不能早于一年前。", "The date cannot be more than a year ago."),
    EndBeforeStart => ("结束日期不能早于开始日期。", "The end cannot be before the start."),
    NoticeRequired => ("须先签署装修告知书、承诺书和装修管理协议，才能开始施工。", "Work can start only after the notice, commitment and renovation agreement are signed."),
    AgreementPhotoRequired => ("请附已签署页面的照片。", "Add a photo of the signed page."),
    PatrolBeforeStart => ("巡查时间不能早于开工日期。", "A patrol cannot be before the work started."),
    RenovationNotAllowedNow => ("该装修登记当前状态下不能进行此操作。", "This step is not possible in the registration's current state."),
    RenovationConflict => ("装修登记已被他人更新，请刷新后再操作。", "Someone else changed this registration: reload it and try again."),
    LocationInvalid => ("位置坐标不正确。", "The location is not valid."),
    FigurePeriodInvalid => ("统计期间不正确：须有开始和结束日期，结束不早于开始，最长366天。", "The period is not valid: give a start and an end, the end not before the start, at most 366 days."),
    UnknownCategory => ("未知的执法事项类别。", "Unknown matter category."),
    HotspotStartTooOld => ("开始日期不能早于三年前。", "The start cannot be more than three years ago."),
    AlreadyHotspot => ("该小区在此期间已是投诉集中点位。", "This community is already a hotspot in that period."),
    ImportUnknownCommunity => ("找不到该名称的小区。", "No community has this name."),
    ImportOutsideDistrict => ("该小区不在本区。", "This community is outside the district."),
    ImportAmbiguous => ("本区有多个同名小区，请在地址列写明地址以区分。", "Several communities of the district have this name: give the address to tell them apart."),
    ImportDuplicateLine => ("与前面某行是同一个小区。", "The same community as an earlier line."),
    CsvInvalid => ("CSV格式不正确：每行须有小区名称（不超过100字），可选地址。", "The CSV is not valid: each line needs a community name (at most 100 characters) and optionally an address."),
    CsvTooLong => ("一次最多导入2000行。", "At most 2,000 lines per import."),
    CsvEmpty => ("CSV中没有数据行。", "The CSV has no data lines."),
    WindowInvalid => ("分析期间不正确：结束不早于开始，最长366天。", "The window is not valid: the end not before the start, at most 366 days."),
    PlanBeforeHotspot => ("专项方案的开始日期不能早于该小区列为投诉集中点位的日期。", "The plan cannot start before the community became a hotspot."),
    PlanAfterHotspot => ("专项方案的开始日期不能晚于该点位的结束日期。", "The plan cannot start after the hotspot's period ended."),
    MeasuresRequired => ("专项方案至少须有一项措施。", "A plan needs at least one measure."),
    MeasureDueBeforePlan => ("措施的完成期限不能早于方案开始日期。", "A measure cannot be due before the plan starts."),
    MeasureDoneDate => ("完成日期须在方案开始之后、且不晚于今天。", "The date done must be after the plan started and not after today."),
    PracticeTagRequired => ("请至少选择一个“五治”标签。", "Choose at least one of the five governance tags."),
    PracticeConflict => ("该案例已被他人更新，请刷新后再操作。", "Someone else changed this write-up: reload it and try again."),
    PracticeNotInReview => ("该案例当前不在审核中。", "This write-up is not waiting for review."),
    ReturnReasonRequired => ("退回须写明理由。", "A return needs a reason."),
    WorkroomPhoneInvalid => ("电话号码只能包含数字、空格、括号、加号和连字符。", "A phone number has only digits, spaces, brackets, plus and hyphens."),
    OfficerNotInSquad => ("工作室的队员须为该小区所属中队在岗的执法队员。", "Workroom officers must be active officers of the community's squad."),
    DateOutOfRange => ("日期须在2000年至2100年之间。", "Dates must be between 2000 and 2100."),
    PatrolPeriodInvalid => ("勤务期间不正确：结束不早于开始，最长92天，日期在2000至2100年之间。", "The patrol period is not valid: the end not before the start, at most 92 days, dates between 2000 and 2100."),
    SquadRequired => ("区局安排勤务须指明中队。", "A district supervisor names the squad the plan is for."),
    VisitOutsidePlan => ("巡查日期须在勤务期间内。", "A visit's day must be inside the plan's period."),
    TwoOfficersRequired => ("每次巡查至少安排两名执法队员。", "Every visit needs at least two officers."),
    CommunityOutsideSquad => ("该小区不属于本中队。", "This community is not the squad's."),
    CheckinTime => ("签到时间须在巡查开始之后、且不晚于现在。", "A check-in's time must be after the patrol started and not in the future."),
    FindingUnitRequired => ("请选择发现问题的房屋（或并入已有诉求）。", "Choose the unit where it was found (or join an existing item)."),
    FindingNotSameProblem => ("只能并入同一小区、同一房屋、同一事项且仍在办理的诉求。", "A finding joins only an open item about the same community, unit and matter."),
    ExportQueryInvalid => ("导出参数不正确（日期须为YYYY-MM-DD，分组、来源、事项等须为有效值）。", "The export parameters are not valid (dates as YYYY-MM-DD; grouping, source and measure must be known values)."),
    UnknownDepartment => ("未找到该部门（须为本区的联动部门）。", "Unknown department (it must be one of the district's partner departments)."),
    ReferNotNow => ("只有已受理或核查中的诉求可以转办。", "Only accepted items, or items under verification, can be referred."),
    ReferralOpen => ("该诉求已有一份转办在办理中或被退回待处理，请先处理该转办。", "This item already has a referral waiting or returned; deal with that one first."),
    JointDepartmentRequired => ("联合执法须至少选择一个参加部门。", "A joint action needs at least one participating department."),
    UnitAlreadyVisited => ("该房屋已记录在本次联合执法中。", "That unit is already recorded in this joint action."),
    CaseNumberUnknown => ("未找到该案件编号，或该案件不由您办理。", "No case with that number that you handle."),
    RecheckBeforeAction => ("回头看日期不能早于联合执法日期。", "The re-check date cannot be before the joint action."),
    DepartmentKindInUse => ("该部门已有转办记录，不能更改其类型。", "This department already has referrals; its kind cannot change."),
    CaseOutsideAction => ("只能关联本次联合执法所在小区的案件。", "Only a case of the joint action's community can be linked."),
    AlreadyRechecked => ("该房屋已完成回头看。", "That unit has already been re-checked."),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::Zh).is_empty(), "{m:?}");
            assert!(!m.text(Lang::En).is_empty(), "{m:?}");
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En), "{m:?}");
        }
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(Lang::from_accept_language(None), Lang::Zh);
        assert_eq!(Lang::from_accept_language(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("zh-CN")), Lang::Zh);
        assert_eq!(
            Lang::from_accept_language(Some("fr, en;q=0.5, zh;q=0.8")),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language(Some("de")), Lang::Zh);
    }
}
