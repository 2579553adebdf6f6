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
