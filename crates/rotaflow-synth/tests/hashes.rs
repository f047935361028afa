//! The generator's bytes, pinned: the sha256 of `Problem::to_json()` (what `rotaflow
//! generate` writes) for a spread of options, recorded from the generator before it moved
//! out of the core crate and onto jiff's calendar. A change to any of these is a change to
//! every benchmark, demo and test built on generated problems.

use rotaflow_synth::{GenerateOptions, generate};
use sha2::{Digest, Sha256};

fn sha256(options: &GenerateOptions) -> String {
    let problem = generate(options).expect("generates");
    let digest = Sha256::digest(problem.to_json().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `rotaflow generate`'s defaults: the library's, with seed 1.
fn command(f: impl FnOnce(&mut GenerateOptions)) -> GenerateOptions {
    let mut options = GenerateOptions {
        seed: 1,
        ..GenerateOptions::default()
    };
    f(&mut options);
    options
}

fn library(f: impl FnOnce(&mut GenerateOptions)) -> GenerateOptions {
    let mut options = GenerateOptions::default();
    f(&mut options);
    options
}

#[test]
fn the_command_line_cases_are_byte_identical() {
    let cases = [
        (
            "rotaflow generate",
            command(|_| {}),
            "665903cd30aebd1d837cc52f6a0ab87ace1fe8df0d428aaaa47fd5a1623de5e1",
        ),
        (
            "--days 28",
            command(|o| o.days = 28),
            "d9e2d734f74c66dadad60d3c56b85407bc101eb0d88e66f9c4893e7cf5ca782e",
        ),
        (
            "--regions 3",
            command(|o| o.regions = 3),
            "e63f69edd385195d845ba42bba2b3623352582f2a9b05326c8a4bc9d56563fb4",
        ),
        (
            "--clinicians 40 --sites 5 --days 3 --seed 7",
            command(|o| {
                o.clinicians = 40;
                o.sites = 5;
                o.days = 3;
                o.seed = 7;
            }),
            "d93a368ad5f67279e76c41e22806795e827a64d65f47f746dbbb5f32c70ab033",
        ),
    ];
    for (name, options, want) in cases {
        assert_eq!(sha256(&options), want, "{name}");
    }
}

#[test]
fn a_national_week_is_byte_identical() {
    let options = GenerateOptions {
        seed: 1,
        ..GenerateOptions::national()
    };
    assert_eq!(
        sha256(&options),
        "1cbc25064cadcf85d2a8614a503f105ce698405546d8e15f396bb90c669d7093",
        "--national"
    );
}

#[test]
fn leap_days_clock_changes_and_calendar_edges_are_byte_identical() {
    let start = |start: &str, days: usize| {
        library(|o| {
            o.start = start.to_owned();
            o.days = days;
        })
    };
    let cases = [
        (
            "the defaults",
            library(|_| {}),
            "b65a96c1d2a434e668d41bd48011b8a606f59b5720fa56d33ca22cd3e9acdb7b",
        ),
        (
            "across 29 February 2028",
            start("2028-02-27", 10),
            "f2691d8c49ef8342267c061eabc5b519ae86f1d7e4a62ebe40b6bf2b707c4511",
        ),
        (
            "across the spring clock change (29 March 2026)",
            start("2026-03-27", 10),
            "63569daf0cc7cddc5d7c19e84f86ee0a2edd7acc6c6b1e8ef76e1ed579f0a870",
        ),
        (
            "across the autumn clock change (25 October 2026)",
            start("2026-10-23", 10),
            "1a1912e78e030f92f84a209d294c87502867e86821b63e34219d2d095276251c",
        ),
        (
            "a leap year, odd sizes",
            GenerateOptions {
                clinicians: 300,
                sites: 40,
                days: 366,
                start: "2028-01-01".to_owned(),
                seed: 9,
                ..GenerateOptions::default()
            },
            "859837cc74f7d3df1313b5d962f85d71565227a231161fba4d4ac2aac9d3d330",
        ),
        (
            "the last day jiff and the options allow",
            library(|o| {
                o.start = "9999-12-30".to_owned();
                o.days = 1;
                o.clinicians = 20;
            }),
            "96af91c3c1202b2e205c4d1393a5c07aa25bb63054c91c97c25e45cb9a67da36",
        ),
        (
            "the first year",
            library(|o| {
                o.start = "0001-01-01".to_owned();
                o.days = 9;
                o.clinicians = 50;
                o.sites = 6;
            }),
            "6c3403651aaf41b7bd5de692e84ef490f8b82f97f2f352818cf21e3c832d13bf",
        ),
    ];
    for (name, options, want) in cases {
        assert_eq!(sha256(&options), want, "{name}");
    }
}
