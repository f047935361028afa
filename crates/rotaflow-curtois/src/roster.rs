//! The roster format: one line per staff member, one token per day.

use crate::{CurtoisError, Instance};

/// A roster for an [`Instance`]: for each staff member (in instance order) and each day,
/// the index of the shift type worked, or `None` for a day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurtoisRoster {
    /// `assignments[staff][day]`: an index into [`Instance::shifts`], or `None`.
    pub assignments: Vec<Vec<Option<usize>>>,
}

impl CurtoisRoster {
    /// The roster with every staff member off every day.
    pub fn empty(instance: &Instance) -> CurtoisRoster {
        CurtoisRoster {
            assignments: vec![vec![None; instance.horizon]; instance.staff.len()],
        }
    }

    /// Parse a published roster: `#` comments and blank lines are skipped; every other line
    /// is a staff ID followed by one whitespace-separated token per day, `-` for a day off,
    /// otherwise a shift ID. Every staff member must have exactly one line, in any order.
    ///
    /// # Errors
    /// A [`CurtoisError`]: unknown staff or shift ID, wrong number of day tokens, a staff
    /// member with two lines or none.
    pub fn parse(instance: &Instance, text: &str) -> Result<CurtoisRoster, CurtoisError> {
        let mut rows: Vec<Option<Vec<Option<usize>>>> = vec![None; instance.staff.len()];
        for (i, raw) in text.lines().enumerate() {
            let no = i + 1;
            let t = raw.trim_start_matches('\u{feff}').trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let tokens: Vec<&str> = t.split_whitespace().collect();
            if tokens.len() != instance.horizon + 1 {
                return Err(CurtoisError::FieldCount {
                    line: no,
                    expected: format!(
                        "{} fields (staff ID, then one token per day of the {}-day horizon)",
                        instance.horizon + 1,
                        instance.horizon
                    ),
                    found: tokens.len(),
                });
            }
            let e = instance
                .staff_index(tokens[0])
                .ok_or_else(|| CurtoisError::UnknownStaff {
                    line: no,
                    id: tokens[0].to_owned(),
                })?;
            let row = tokens[1..]
                .iter()
                .map(|&tok| {
                    if tok == "-" {
                        Ok(None)
                    } else {
                        instance.shift_index(tok).map(Some).ok_or_else(|| {
                            CurtoisError::UnknownShift {
                                line: no,
                                id: tok.to_owned(),
                            }
                        })
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            if rows[e].replace(row).is_some() {
                return Err(CurtoisError::Duplicate {
                    line: no,
                    what: format!("roster line for staff member `{}`", tokens[0]),
                });
            }
        }
        let assignments = rows
            .into_iter()
            .zip(&instance.staff)
            .map(|(row, s)| row.ok_or_else(|| CurtoisError::MissingStaffLine { id: s.id.clone() }))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CurtoisRoster { assignments })
    }

    /// The roster in the format [`CurtoisRoster::parse`] reads (no comment header), one line
    /// per staff member, LF line endings. An index outside the instance's shifts is written
    /// as `?`.
    pub fn to_text(&self, instance: &Instance) -> String {
        let mut out = String::new();
        for (s, row) in instance.staff.iter().zip(&self.assignments) {
            out.push_str(&s.id);
            for cell in row {
                out.push(' ');
                match cell {
                    None => out.push('-'),
                    Some(t) => out.push_str(instance.shifts.get(*t).map_or("?", |s| &s.id)),
                }
            }
            out.push('\n');
        }
        out
    }

    /// The shift worked by staff `e` on day `d`; `None` for a day off or a cell outside
    /// the roster.
    pub fn get(&self, e: usize, d: usize) -> Option<usize> {
        self.assignments.get(e).and_then(|r| r.get(d)).copied()?
    }
}
