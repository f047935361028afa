//! Facts about shifts and clinicians, and the objective's per-pair terms.
//!
//! Every per-pair term of `DESIGN.md`'s objective is defined here once, in
//! [`Index::pair_terms`]: the pay `rate_per_hour·hours + rate_per_shift`, the sum of the
//! matching preference weights, the distance, whether the clinician is one of the shift's
//! preferred clinicians, and whether the pair is in the previous roster. The evaluator
//! weighs them term by term; the flow and the MIP use their weighted sum
//! [`PairTerms::cost`] (`k_cs` of their formulations); explanations and what-if read both.
//! The facts are computed on demand from the compiled index (a handful of integer
//! comparisons and, where travel is priced, one distance), so they take no memory per
//! eligible pair and they are also defined for pairs that are not eligible, which the
//! evaluator must still score.

use super::{ClinicianIdx, Index, KindIdx, ShiftIdx, SiteIdx};
use crate::model::Weights;

/// Facts about one shift.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftFacts {
    /// Start, seconds since the Unix epoch.
    pub start: i64,
    /// End, seconds since the Unix epoch.
    pub end: i64,
    /// Real elapsed hours.
    pub hours: f64,
    /// The local date of the start, as an index into [`Index::days`].
    pub day: u32,
    /// The site.
    pub site: SiteIdx,
    /// The shift's kind, interned ([`Index::kinds`]).
    pub kind: Option<KindIdx>,
    /// Clinicians needed.
    pub headcount: u32,
    /// Cost per missing clinician (the shift's own or `weights.unfilled`).
    pub unfilled_penalty: f64,
    /// Cost per extra clinician; `None` when over-staffing is forbidden.
    pub over_penalty: Option<f64>,
    /// Most clinicians in all (`headcount` when over-staffing is forbidden; `None` when
    /// over-staffing is allowed without a cap).
    pub max_headcount: Option<u32>,
    /// The shift's `preferred_clinicians`, sorted.
    pub preferred: Vec<ClinicianIdx>,
}

/// One preference with its selectors resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PreferenceFacts {
    /// `site`, when given.
    pub site: Option<SiteIdx>,
    /// `kind`, when given: `Some(None)` for a kind no shift has (it matches nothing).
    pub kind: Option<Option<KindIdx>>,
    /// `day`, when given, as a day index (`u32::MAX` for a date outside the horizon,
    /// which matches no shift).
    pub day: Option<u32>,
    /// `shift`, when given.
    pub shift: Option<ShiftIdx>,
    /// Positive for a like, negative for a dislike.
    pub weight: f64,
}

/// Facts about one clinician.
#[derive(Debug, Clone, PartialEq)]
pub struct ClinicianFacts {
    /// Availability periods as instants; `None` means always available.
    pub availability: Option<Vec<(i64, i64)>>,
    /// Unavailable periods as instants.
    pub unavailable: Vec<(i64, i64)>,
    /// The preferences, in problem order.
    pub preferences: Vec<PreferenceFacts>,
    /// Each of `skills`' validity dates, in problem order (both `None` for a bare name).
    pub credentials: Vec<CredentialFacts>,
}

/// The dates a held skill is valid on, both inclusive; `None` means unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CredentialFacts {
    /// First valid day.
    pub from: Option<jiff::civil::Date>,
    /// Last valid day.
    pub until: Option<jiff::civil::Date>,
}

impl CredentialFacts {
    /// Whether the skill is valid on `day`.
    pub fn covers(&self, day: jiff::civil::Date) -> bool {
        self.from.is_none_or(|a| a <= day) && self.until.is_none_or(|b| day <= b)
    }
}

/// The objective's terms for one (clinician, shift) pair, unweighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairTerms {
    /// Pay: `rate_per_hour · hours + rate_per_shift`.
    pub pay: f64,
    /// The sum of the weights of the clinician's preferences that match the shift.
    pub preference: f64,
    /// Distance from home to the site, when it can be known (always computed by
    /// [`Index::pair_terms`]; by [`Index::pair_cost`] only when travel is priced).
    pub km: Option<f64>,
    /// The clinician is one of the shift's `preferred_clinicians`.
    pub preferred: bool,
    /// The pair is in the previous roster.
    pub previous: bool,
}

impl PairTerms {
    /// The weighted cost of working the pair, without the previous roster's reward:
    /// `w.cost·pay − w.preference·preference + w.travel_per_km·km − w.continuity·[preferred]`.
    pub fn assignment_cost(&self, w: &Weights) -> f64 {
        let mut cost = w.cost * self.pay - w.preference * self.preference;
        if w.travel_per_km != 0.0 {
            cost += w.travel_per_km * self.km.unwrap_or(0.0);
        }
        if w.continuity != 0.0 && self.preferred {
            cost -= w.continuity;
        }
        cost
    }

    /// `k_cs` of the solvers' formulations: [`PairTerms::assignment_cost`] less
    /// `w.change` for a pair of the previous roster (keeping it avoids the change cost).
    pub fn cost(&self, w: &Weights) -> f64 {
        let cost = self.assignment_cost(w);
        if self.previous { cost - w.change } else { cost }
    }
}

impl Index<'_> {
    /// The objective's terms for `c` working `s` (defined whether or not `c` is eligible).
    pub fn pair_terms(&self, c: ClinicianIdx, s: ShiftIdx) -> PairTerms {
        self.terms(c, s, true)
    }

    /// `k_cs`: the weighted per-pair cost of the solvers' formulations
    /// ([`PairTerms::cost`]).
    pub fn pair_cost(&self, c: ClinicianIdx, s: ShiftIdx) -> f64 {
        let w = &self.problem.weights;
        self.terms(c, s, w.travel_per_km != 0.0).cost(w)
    }

    fn terms(&self, c: ClinicianIdx, s: ShiftIdx, with_km: bool) -> PairTerms {
        let clin = &self.problem.clinicians[c.index()];
        let facts = &self.shifts[s.index()];
        PairTerms {
            pay: clin.rate_per_hour * facts.hours + clin.rate_per_shift,
            preference: self.preference_weight(c, s),
            km: if with_km {
                self.km(c, facts.site)
            } else {
                None
            },
            preferred: facts.preferred.binary_search(&c).is_ok(),
            previous: self.is_previous(s, c),
        }
    }

    /// The sum of the weights of `c`'s preferences that match `s`: a preference matches
    /// when every selector it gives (`site`, `kind`, `day`, `shift`) matches.
    pub fn preference_weight(&self, c: ClinicianIdx, s: ShiftIdx) -> f64 {
        let facts = &self.shifts[s.index()];
        let mut total = 0.0;
        for pr in &self.clinicians[c.index()].preferences {
            if pr.site.is_none_or(|x| x == facts.site)
                && pr.kind.is_none_or(|k| k.is_some() && k == facts.kind)
                && pr.day.is_none_or(|d| d == facts.day)
                && pr.shift.is_none_or(|x| x == s)
            {
                total += pr.weight;
            }
        }
        total
    }
}
