//! Field-level problems the user can fix: they travel as `userErrors` in mutation payloads.
use crate::i18n::Msg;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the input field, e.g. `["input", "phone"]`.
    pub field: Vec<&'static str>,
    /// Stable code clients may switch on, e.g. `PHONE_TAKEN`.
    pub code: &'static str,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str, msg: Msg) -> Self {
        Self {
            field: vec!["input", field],
            code,
            msg,
        }
    }

    /// A problem with the request as a whole (no single field).
    pub fn general(code: &'static str, msg: Msg) -> Self {
        Self {
            field: vec![],
            code,
            msg,
        }
    }
}

/// Collects every problem of an input at once, so the user fixes them in one go.
#[derive(Default, Debug)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn push(&mut self, field: &'static str, code: &'static str, msg: Msg) {
        self.0.push(FieldError::new(field, code, msg));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A required text: trimmed, non-empty, at most `max` characters.
    pub fn text(&mut self, field: &'static str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.push(field, "REQUIRED", Msg::Required);
        } else if v.chars().count() > max {
            self.push(field, "TOO_LONG", Msg::TooLong);
        }
        v.to_string()
    }

    pub fn password(&mut self, field: &'static str, value: &str) {
        let n = value.chars().count();
        if n < 8 {
            self.push(field, "PASSWORD_TOO_SHORT", Msg::PasswordTooShort);
        } else if n > 128 {
            self.push(field, "PASSWORD_TOO_LONG", Msg::PasswordTooLong);
        }
    }

    /// A mainland mobile number: 11 digits starting with 1.
    pub fn phone(&mut self, field: &'static str, value: &str) -> String {
        let v: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if !(v.len() == 11 && v.starts_with('1') && v.chars().all(|c| c.is_ascii_digit())) {
            self.push(field, "PHONE_INVALID", Msg::PhoneInvalid);
        }
        v
    }

    /// An account name: 3–40 of `[A-Za-z0-9._-]`, kept lower-case.
    pub fn login(&mut self, field: &'static str, value: &str) -> String {
        let v = value.trim().to_lowercase();
        let ok = (3..=40).contains(&v.len())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            self.push(field, "LOGIN_INVALID", Msg::LoginInvalid);
        }
        v
    }
}

/// An optional text: trimmed, cut to `max` characters, empty as none.
pub fn optional_text(s: Option<String>, max: usize) -> Option<String> {
    s.map(|v| v.trim().chars().take(max).collect::<String>())
        .filter(|v| !v.is_empty())
}

/// A client's idempotency key (made once per submission, the same for every retry): trimmed,
/// 1–100 bytes.
pub fn idempotency_key(key: &str) -> Result<String, Vec<FieldError>> {
    let k = key.trim();
    if k.is_empty() || k.len() > 100 {
        Err(vec![FieldError::new(
            "idempotencyKey",
            "IDEMPOTENCY_KEY_INVALID",
            Msg::IdempotencyKeyInvalid,
        )])
    } else {
        Ok(k.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_and_checked() {
        let mut p = Problems::default();
        assert_eq!(p.phone("phone", "139 0000-0001"), "13900000001");
        assert!(p.is_empty());
        p.phone("phone", "12345");
        p.phone("phone", "2390000000a");
        assert_eq!(p.0.len(), 2);
        assert_eq!(p.0[0].code, "PHONE_INVALID");
    }

    #[test]
    fn texts_are_required_and_bounded() {
        let mut p = Problems::default();
        assert_eq!(p.text("name", "  张三 ", 10), "张三");
        assert!(p.is_empty());
        p.text("name", "   ", 10);
        p.text("name", &"字".repeat(11), 10);
        let codes: Vec<_> = p.0.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["REQUIRED", "TOO_LONG"]);
    }

    #[test]
    fn logins_are_lower_case_and_plain() {
        let mut p = Problems::default();
        assert_eq!(p.login("login", "Officer.Wang"), "officer.wang");
        assert!(p.is_empty());
        p.login("login", "a b");
        p.login("login", "ab");
        assert_eq!(p.0.len(), 2);
    }
}
