use uuid::Uuid;

use super::Role;

/// The scope an account is bound to (SPEC §1). Internal ids: never sent to a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A resident's home unit, and the community it is in.
    Unit { unit_id: i32, community_id: i32 },
    /// A neighbourhood committee: the communities it serves.
    Committee { committee_id: i32 },
    /// A property firm: the communities it manages.
    PropertyFirm { property_firm_id: i32 },
    /// An officer's or a squad leader's squad.
    Squad { squad_id: i32, district_id: i32 },
    /// A whole district (district-bureau supervisor, housing partner).
    District { district_id: i32 },
}

impl Scope {
    pub fn district_id(&self) -> Option<i32> {
        match self {
            Scope::Squad { district_id, .. } | Scope::District { district_id } => {
                Some(*district_id)
            }
            _ => None,
        }
    }
}

/// The authenticated caller, built once per request from the access token and the
/// account row (so a deactivated account stops at once).
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i32,
    pub uuid: Uuid,
    pub role: Role,
    pub scope: Scope,
    pub display_name: String,
    /// The login (refresh-token family) the request came with; none for internal actors.
    pub session: Option<Uuid>,
}
