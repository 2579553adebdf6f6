//! A small SQL builder for the figures: one text with placeholders for the backend, the values
//! beside it. The aggregations are plain SQL over indexed columns, the same on SQLite and
//! PostgreSQL except for the day of a timestamp in Shanghai.
use sea_orm::{DbBackend, Statement, Value};

pub struct Sql {
    backend: DbBackend,
    pub conds: Vec<String>,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Sql {
            backend,
            conds: Vec::new(),
            values: Vec::new(),
        }
    }

    /// A placeholder for `v`.
    pub fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }

    /// `col IN (…)` for a list of texts.
    pub fn in_list(&mut self, col: &str, vals: &[&str]) -> String {
        let ph: Vec<String> = vals.iter().map(|v| self.bind(v.to_string())).collect();
        format!("{col} IN ({})", ph.join(", "))
    }

    pub fn and(&mut self, cond: impl Into<String>) {
        self.conds.push(cond.into());
    }

    pub fn where_clause(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conds.join(" AND "))
        }
    }

    /// The Shanghai calendar day of a timestamp column, as 'YYYY-MM-DD' text.
    pub fn day_of(&self, col: &str) -> String {
        match self.backend {
            DbBackend::Postgres => format!("(({col}) AT TIME ZONE 'Asia/Shanghai')::date"),
            _ => format!("date({col}, '+8 hours')"),
        }
    }

    pub fn statement(&self, sql: String) -> Statement {
        Statement::from_sql_and_values(self.backend, sql, self.values.clone())
    }
}
