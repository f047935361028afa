use crate::*;

const SMALL: &str = "# This is a comment. Comments start with #\r\n\
SECTION_HORIZON\r\n\
# The horizon length in days:\r\n\
14\r\n\
\r\n\
SECTION_SHIFTS\r\n\
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated\r\n\
E,480,\r\n\
L,480,E\r\n\
\r\n\
SECTION_STAFF\r\n\
A,E=14|L=14,4320,0,5,2,2,1\r\n\
B,E=0|L=14,4320,0,5,1,1,2\r\n\
\r\n\
SECTION_DAYS_OFF\r\n\
A,3\r\n\
B,1,2\r\n\
\r\n\
SECTION_SHIFT_ON_REQUESTS\r\n\
A,5,L,1\r\n\
\r\n\
SECTION_SHIFT_OFF_REQUESTS\r\n\
B,7,L,2\r\n\
\r\n\
SECTION_COVER\r\n\
0,E,1,100,1\r\n\
0,L,1,100,1\r\n";

/// `SMALL` with the first occurrence of `from` replaced by `to`.
fn with(from: &str, to: &str) -> String {
    assert!(SMALL.contains(from), "{from}");
    SMALL.replacen(from, to, 1)
}

fn err(text: &str) -> CurtoisError {
    match Instance::parse(text) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn parses_a_small_instance() {
    let i = Instance::parse(SMALL).expect("parses");
    assert_eq!(i.horizon, 14);
    assert_eq!(i.shifts.len(), 2);
    assert_eq!(i.shifts[1].cannot_follow, vec![0]);
    assert!(i.shifts[0].cannot_follow.is_empty());
    assert_eq!(i.staff[1].max_shifts, vec![0, 14]);
    assert_eq!(i.staff[1].days_off, vec![1, 2]);
    assert_eq!(i.staff[0].max_weekends, 1);
    assert_eq!(
        i.shift_off_requests,
        vec![ShiftRequest {
            staff: 1,
            day: 7,
            shift: 1,
            weight: 2
        }]
    );
    assert_eq!(i.cover.len(), 2);
    // LF endings parse to the same instance.
    assert_eq!(Instance::parse(&SMALL.replace("\r\n", "\n")), Ok(i));
}

#[test]
fn unknown_section() {
    let e = err(&with("SECTION_COVER", "SECTION_COVERS"));
    assert_eq!(
        e,
        CurtoisError::UnknownSection {
            line: 25,
            name: "SECTION_COVERS".into()
        }
    );
    assert!(e.to_string().starts_with("line 25: unknown section"));
}

#[test]
fn missing_and_duplicate_sections() {
    let e = err(&with("SECTION_SHIFT_OFF_REQUESTS\r\nB,7,L,2\r\n", ""));
    assert_eq!(
        e,
        CurtoisError::MissingSection {
            name: "SECTION_SHIFT_OFF_REQUESTS"
        }
    );
    let e = err(&with("SECTION_COVER", "SECTION_HORIZON"));
    assert!(matches!(
        e,
        CurtoisError::DuplicateSection {
            line: 25,
            name: "SECTION_HORIZON"
        }
    ));
    let e = err("14\r\nSECTION_HORIZON\r\n");
    assert!(matches!(e, CurtoisError::OutsideSection { line: 1, .. }));
}

#[test]
fn wrong_field_count() {
    let e = err(&with(
        "A,E=14|L=14,4320,0,5,2,2,1",
        "A,E=14|L=14,4320,0,5,2,2",
    ));
    assert!(
        matches!(
            e,
            CurtoisError::FieldCount {
                line: 12,
                found: 7,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("expected 8 fields"), "{e}");
    let e = err(&with("0,L,1,100,1", "0,L,1,100"));
    assert!(matches!(
        e,
        CurtoisError::FieldCount {
            line: 27,
            found: 4,
            ..
        }
    ));
    let e = err(&with("A,5,L,1", "A,5,L,1,9"));
    assert!(matches!(
        e,
        CurtoisError::FieldCount {
            line: 20,
            found: 5,
            ..
        }
    ));
}

#[test]
fn not_a_number() {
    let e = err(&with("L,480,E", "L,48O,E"));
    assert_eq!(
        e,
        CurtoisError::NotANumber {
            line: 9,
            expected: "a shift length in minutes",
            found: "48O".into()
        }
    );
    let e = err(&with("\r\n14\r\n", "\r\nfourteen\r\n"));
    assert!(matches!(e, CurtoisError::NotANumber { line: 4, .. }));
    let e = err(&with("A,5,L,1", "A,5,L,-1"));
    assert!(matches!(
        e,
        CurtoisError::NotANumber {
            line: 20,
            expected: "a request weight",
            ..
        }
    ));
    // A negative zero is zero (Instance 15 has `-0` requirements); other signs are not.
    let i = Instance::parse(&with("0,L,1,100,1", "0,L,-0,100,1")).expect("parses");
    assert_eq!(i.cover[1].requirement, 0);
    let e = err(&with("0,L,1,100,1", "0,L,-1,100,1"));
    assert!(matches!(e, CurtoisError::NotANumber { line: 27, .. }));
    let e = err(&with("B,E=0|L=14", "B,E=x|L=14"));
    assert!(matches!(e, CurtoisError::NotANumber { line: 13, .. }));
}

#[test]
fn unknown_ids() {
    let e = err(&with("L,480,E", "L,480,X"));
    assert_eq!(
        e,
        CurtoisError::UnknownShift {
            line: 9,
            id: "X".into()
        }
    );
    let e = err(&with("B,1,2", "C,1,2"));
    assert_eq!(
        e,
        CurtoisError::UnknownStaff {
            line: 17,
            id: "C".into()
        }
    );
    let e = err(&with("A,5,L,1", "A,5,N,1"));
    assert!(matches!(e, CurtoisError::UnknownShift { line: 20, .. }));
    let e = err(&with("0,L,1,100,1", "0,Q,1,100,1"));
    assert!(matches!(e, CurtoisError::UnknownShift { line: 27, .. }));
    let e = err(&with("A,E=14|L=14", "A,E=14|M=14"));
    assert!(matches!(e, CurtoisError::UnknownShift { line: 12, .. }));
    // A shift missing from MaxShifts.
    let e = err(&with("A,E=14|L=14", "A,E=14"));
    assert!(matches!(e, CurtoisError::Invalid { line: 12, .. }), "{e:?}");
}

#[test]
fn day_out_of_range() {
    let e = err(&with("B,1,2", "B,1,14"));
    assert_eq!(
        e,
        CurtoisError::DayOutOfRange {
            line: 17,
            day: 14,
            horizon: 14
        }
    );
    assert!(e.to_string().contains("expected 0..=13"), "{e}");
    let e = err(&with("0,L,1,100,1", "99,L,1,100,1"));
    assert!(matches!(e, CurtoisError::DayOutOfRange { line: 27, .. }));
}

#[test]
fn duplicates_and_zero_horizon() {
    let e = err(&with("0,L,1,100,1", "0,E,1,100,1"));
    assert!(matches!(e, CurtoisError::Duplicate { line: 27, .. }));
    let e = err(&with("L,480,E", "E,480,E"));
    assert!(matches!(e, CurtoisError::Duplicate { line: 9, .. }));
    let e = err(&with("\r\n14\r\n", "\r\n0\r\n"));
    assert!(matches!(e, CurtoisError::Invalid { line: 4, .. }));
    assert!(Instance::parse("").is_err());
}

#[test]
fn roster_errors() {
    let i = Instance::parse(SMALL).expect("parses");
    let ok = "A E E - - - L L - - - - - - -\nB - - - - - - - - - - - - - L\n";
    assert!(CurtoisRoster::parse(&i, ok).is_ok());
    let e = CurtoisRoster::parse(&i, "# c\nA E E - - - L L - - - - - -\n");
    assert!(matches!(
        e,
        Err(CurtoisError::FieldCount {
            line: 2,
            found: 14,
            ..
        })
    ));
    let e = CurtoisRoster::parse(&i, &ok.replace("A E E", "A E X"));
    assert!(matches!(e, Err(CurtoisError::UnknownShift { line: 1, .. })));
    let e = CurtoisRoster::parse(&i, &ok.replace("B -", "Z -"));
    assert!(matches!(e, Err(CurtoisError::UnknownStaff { line: 2, .. })));
    let e = CurtoisRoster::parse(&i, &ok.replace("B -", "A -"));
    assert!(matches!(e, Err(CurtoisError::Duplicate { line: 2, .. })));
    let e = CurtoisRoster::parse(&i, "A E E - - - L L - - - - - - -\n");
    assert_eq!(e, Err(CurtoisError::MissingStaffLine { id: "B".into() }));
}

#[test]
fn hard_rules_on_a_small_roster() {
    let i = Instance::parse(SMALL).expect("parses");
    let rules = |text: &str| -> Vec<HardRule> {
        let r = CurtoisRoster::parse(&i, text).expect("roster parses");
        penalty(&i, &r)
            .hard_violations
            .iter()
            .map(|v| v.rule)
            .collect()
    };
    let b = "B - - - - - - - - - - - - - -\n";
    // Edge runs are exempt from the minimum rules; interior ones are not.
    assert!(rules(&format!("A E - - - - - - - - - - - - L\n{b}")).is_empty());
    assert_eq!(
        rules(&format!("A - - - - E - - - - - - - - -\n{b}")),
        vec![HardRule::MinConsecutiveShifts]
    );
    assert_eq!(
        rules(&format!("A E E - E E - - - - - - - - -\n{b}")),
        vec![HardRule::DaysOff, HardRule::MinConsecutiveDaysOff]
    );
    // L then E is forbidden, E then L is not.
    assert_eq!(
        rules(&format!("A - - - - L E - - - - - - - -\n{b}")),
        vec![HardRule::ShiftRotation]
    );
    assert!(rules(&format!("A - - - - E L - - - - - - - -\n{b}")).is_empty());
    // Six in a row (max 5); two weekends (max 1).
    assert_eq!(
        rules(&format!("A - - - - E E E E E E - - - -\n{b}")),
        vec![HardRule::MaxConsecutiveShifts]
    );
    assert_eq!(
        rules(&format!("A - - - - - E E - - - - - E E\n{b}")),
        vec![HardRule::MaxWeekends]
    );
    // B may not work E.
    assert_eq!(
        rules("A - - - - - - - - - - - - - -\nB E - - - - - - - - - - - - -\n"),
        vec![HardRule::MaxShifts]
    );
    // Shape problems are reported, not panicked on.
    let mut r = CurtoisRoster::empty(&i);
    r.assignments[0].pop();
    r.assignments[1][0] = Some(7);
    r.assignments.push(Vec::new());
    let s = penalty(&i, &r);
    assert_eq!(
        s.hard_violations
            .iter()
            .filter(|v| v.rule == HardRule::Shape)
            .count(),
        3
    );
}

#[test]
fn soft_penalty_on_a_small_roster() {
    let i = Instance::parse(SMALL).expect("parses");
    // Nobody works: cover under on day 0 for E and L (200), A's shift-on request (1).
    let s = penalty(&i, &CurtoisRoster::empty(&i));
    assert_eq!(
        (s.cover, s.shift_on_requests, s.shift_off_requests),
        (200, 1, 0)
    );
    assert_eq!(s.penalty, 201);
    // A works E on day 0 and L on day 5 (request met); B works L on days 0 and 7
    // (shift-off request hit, 2).
    let text = "A E - - - - L - - - - - - - -\nB L - - - - - - L - - - - - -\n";
    let r = CurtoisRoster::parse(&i, text).expect("parses");
    let s = penalty(&i, &r);
    assert_eq!(
        (s.cover, s.shift_on_requests, s.shift_off_requests),
        (0, 0, 2)
    );
    assert_eq!(r.to_text(&i), text);
    // A second L on day 0 is one over (weight 1).
    let mut r2 = r.clone();
    r2.assignments[0][0] = Some(1);
    let s2 = penalty(&i, &r2);
    assert_eq!(s2.cover, 100 + 1);
}

#[test]
fn a_minimum_above_its_maximum_is_refused_at_its_line() {
    // Found by fuzzing (fuzz/regressions/curtois/min-above-max-*): such an instance was
    // read, and its conversion then failed rotaflow's validation.
    for (line, found) in [
        ("A,E=14|L=14,600,900,5,2,2,1", "900 above 600"),
        ("A,E=14|L=14,4320,0,2,5,2,1", "5 above 2"),
    ] {
        let e = err(&with("A,E=14|L=14,4320,0,5,2,2,1", line));
        match &e {
            CurtoisError::Invalid {
                line: 12, found: f, ..
            } => assert_eq!(f, found),
            other => panic!("{line}: {other:?}"),
        }
        assert!(e.to_string().starts_with("line 12: expected Min"), "{e}");
    }
}

#[test]
fn a_horizon_beyond_ten_years_is_refused_at_its_line() {
    // Found by fuzzing (fuzz/regressions/curtois/huge-horizon-*): `111111114` days reserved
    // a cover table of gigabytes and aborted the reader.
    let e = err(&with("\r\n14\r\n", "\r\n111111114\r\n"));
    assert!(matches!(e, CurtoisError::Invalid { line: 4, .. }), "{e:?}");
    assert!(e.to_string().contains("a horizon of 1 to 3660 days"), "{e}");
    assert!(Instance::parse(&with("\r\n14\r\n", "\r\n3660\r\n")).is_ok());
}
