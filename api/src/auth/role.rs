use std::{fmt, str::FromStr};

/// A person's one role (SPEC §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum Role {
    /// 居民 / 市民
    Resident,
    /// 居委会 (居民区)
    Committee,
    /// 物业服务企业
    Property,
    /// 城管执法队员 (街镇中队)
    Officer,
    /// 中队长 / 区局
    Supervisor,
    /// 区房管 / 住房保障部门 (partner)
    Housing,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Resident,
        Role::Committee,
        Role::Property,
        Role::Officer,
        Role::Supervisor,
        Role::Housing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "RESIDENT",
            Role::Committee => "COMMITTEE",
            Role::Property => "PROPERTY",
            Role::Officer => "OFFICER",
            Role::Supervisor => "SUPERVISOR",
            Role::Housing => "HOUSING",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| anyhow::anyhow!("unknown role {s:?}"))
    }
}

/// Where an account is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, async_graphql::Enum)]
pub enum AccountStatus {
    /// A resident who registered and waits for the committee to verify the home.
    PendingVerification,
    Active,
    /// The committee did not confirm the resident's home.
    Rejected,
    Deactivated,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::PendingVerification => "PENDING_VERIFICATION",
            AccountStatus::Active => "ACTIVE",
            AccountStatus::Rejected => "REJECTED",
            AccountStatus::Deactivated => "DEACTIVATED",
        }
    }
}

impl FromStr for AccountStatus {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            AccountStatus::PendingVerification,
            AccountStatus::Active,
            AccountStatus::Rejected,
            AccountStatus::Deactivated,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| anyhow::anyhow!("unknown account status {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("ADMIN".parse::<Role>().is_err());
    }
}
