//! The HTML report in a real browser (headless Chromium, Debian's `chromium`, which
//! `scripts/test` installs when it is missing): the page's script runs without an error,
//! the page is not blank, the search box filters and a heading sorts (driven through the
//! link fragment the script reads: `#q=…&sort=table:column`).
//!
//! The page's script records its errors on `body[data-errors]` (uncaught errors and
//! `console.error`) and sets `body[data-ready]` once set up; Chromium's `--dump-dom`
//! prints the DOM after the scripts ran.

use std::path::{Path, PathBuf};
use std::process::Command;

use rotaflow::SolveOptions;

fn chromium() -> PathBuf {
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        if let Some(dir) = std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .find(|d| d.join(name).is_file())
        {
            return dir.join(name);
        }
    }
    panic!(
        "no Chromium on PATH: the report's browser test needs Debian's `chromium` \
         (apt-get install -y chromium; ./scripts/test installs it when it can)"
    );
}

/// A fresh profile and no network: the report must need none.
fn browser(profile: &Path) -> Command {
    let mut c = Command::new(chromium());
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=10000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// This test process's scratch directory (in cargo's per-target scratch space; each
/// test removes it when it passes).
fn scratch_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report-browser-{}", std::process::id()))
}

/// A file in [`scratch_dir`].
fn scratch(name: &str) -> PathBuf {
    let dir = scratch_dir();
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir.join(name)
}

/// The report of a generated 300-clinician week, written to a file.
fn report() -> PathBuf {
    let path = scratch("report.html");
    if path.exists() {
        return path;
    }
    let options = rotaflow_synth::GenerateOptions {
        clinicians: 300,
        sites: 40,
        ..rotaflow_synth::GenerateOptions::default()
    };
    let problem = rotaflow_synth::generate(&options).expect("generates");
    let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
    let html = rotaflow::report_html(&problem, &roster).expect("report");
    std::fs::write(&path, html).expect("writes");
    path
}

/// The DOM after the scripts ran, for the report at `fragment`.
fn dom(page: &Path, fragment: &str, profile: &str) -> String {
    let out = browser(&scratch(profile))
        .arg("--dump-dom")
        .arg(format!("file://{}{fragment}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 DOM")
}

/// The `<body …>` tag of a dumped DOM.
fn body_tag(dom: &str) -> &str {
    let at = dom.find("<body").expect("a body");
    &dom[at..at + dom[at..].find('>').expect("tag end")]
}

/// Rows of the table with this id, and how many are hidden.
fn rows(dom: &str, id: &str) -> (usize, usize) {
    let at = dom.find(&format!("id=\"{id}\"")).expect("the table");
    let end = at + dom[at..].find("</table>").expect("table end");
    let body = &dom[at..end];
    let body = &body[body.find("<tbody>").expect("tbody")..];
    (
        body.matches("<tr").count(),
        body.matches("<tr class=\"hidden\"").count(),
    )
}

#[test]
fn the_report_runs_its_script_without_errors_and_is_not_blank() {
    let page = report();
    let dom = dom(&page, "", "plain");
    let body = body_tag(&dom);
    assert!(
        body.contains("data-ready=\"1\""),
        "the script did not finish: {body}"
    );
    assert!(!body.contains("data-errors"), "the page has errors: {body}");
    for part in [
        "class=\"fill\"",
        "class=\"hist\"",
        "id=\"q\"",
        "id=\"clinicians\"",
    ] {
        assert!(dom.contains(part), "{part} is missing");
    }
    // Not blank: a screenshot of the page holds far more than a blank page's few bytes.
    let shot = scratch("report.png");
    let blank_page = scratch("blank.html");
    std::fs::write(&blank_page, "<!DOCTYPE html><html><body></body></html>").expect("writes");
    let blank_shot = scratch("blank.png");
    for (html, png) in [(&page, &shot), (&blank_page, &blank_shot)] {
        let status = browser(&scratch("shots"))
            .arg("--window-size=1500,2200")
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("chromium runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    let (size, blank) = (
        std::fs::metadata(&shot).expect("screenshot").len(),
        std::fs::metadata(&blank_shot)
            .expect("blank screenshot")
            .len(),
    );
    assert!(
        size > 10 * blank,
        "the report's screenshot ({size} bytes) is not much more than a blank page's ({blank})"
    );
    let _ = std::fs::remove_dir_all(scratch_dir());
}

#[test]
fn the_search_box_filters_rows_and_a_heading_sorts() {
    let page = report();
    let all = dom(&page, "", "all");
    let (clinicians, hidden) = rows(&all, "clinicians");
    assert!(clinicians > 100, "{clinicians} working clinicians");
    assert_eq!(hidden, 0);
    // Search for one clinician: one timeline row left, every site row hidden.
    let first = {
        let at = all.find("id=\"clinicians\"").expect("timeline");
        let row = at + all[at..].find("<tbody><tr><th title=\"").expect("a row");
        let id_at = row + all[row..].find("\">").expect("title end") + 2;
        all[id_at..id_at + all[id_at..].find('<').expect("id end")].to_owned()
    };
    let searched = dom(&page, &format!("#q={first}"), "search");
    assert!(
        !body_tag(&searched).contains("data-errors"),
        "{}",
        body_tag(&searched)
    );
    let (n, hidden) = rows(&searched, "clinicians");
    assert_eq!(n - hidden, 1, "searching {first}");
    let (sites, hidden_sites) = rows(&searched, "sites");
    assert_eq!(hidden_sites, sites, "no site row mentions {first}");
    // Sort the timeline by shifts, most first: the first row has the most shifts.
    let sorted = dom(&page, "#sort=clinicians:1:desc", "sort");
    assert!(
        !body_tag(&sorted).contains("data-errors"),
        "{}",
        body_tag(&sorted)
    );
    let shifts = |dom: &str| -> Vec<u32> {
        let at = dom.find("id=\"clinicians\"").expect("timeline");
        let end = at + dom[at..].find("</table>").expect("end");
        dom[at..end]
            .match_indices("<td class=\"num\" data-v=\"")
            .step_by(2)
            .map(|(i, m)| {
                let v = &dom[at + i + m.len()..];
                v[..v.find('"').expect("quote")].parse().expect("a count")
            })
            .collect()
    };
    let sorted_counts = shifts(&sorted);
    let mut expected = shifts(&all);
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sorted_counts, expected);
    assert_ne!(
        shifts(&all),
        expected,
        "the generated week should not come sorted"
    );
    let _ = std::fs::remove_dir_all(scratch_dir());
}

/// The scenario comparison (`rotaflow::sweep_report_html`, `rotaflow compare`): no error,
/// one row per scenario (a failed one with its error), sorting by fill rate orders them.
#[test]
fn the_scenario_comparison_runs_and_sorts() {
    let mut scenarios = Vec::new();
    for (name, clinicians) in [("base", 200), ("a quarter off sick", 150), ("half", 100)] {
        let options = rotaflow_synth::GenerateOptions {
            clinicians,
            sites: 30,
            ..rotaflow_synth::GenerateOptions::default()
        };
        let problem = rotaflow_synth::generate(&options).expect("generates");
        let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        scenarios.push(rotaflow::scenario_row(name, &problem, &roster).expect("row"));
    }
    scenarios.push(rotaflow::ScenarioRow::failed(
        "broken",
        "/shifts/0/site: no site has the id `P9`",
    ));
    let page = scratch("compare.html");
    std::fs::write(&page, rotaflow::sweep_report_html(&scenarios)).expect("writes");
    let plain = dom(&page, "", "compare");
    let body = body_tag(&plain);
    assert!(body.contains("data-ready=\"1\""), "{body}");
    assert!(!body.contains("data-errors"), "{body}");
    assert_eq!(rows(&plain, "scenarios").0, 4);
    assert!(plain.contains("no site has the id `P9`"));
    // Fill rate is column 3; ascending, the solved scenarios come in fill order.
    let sorted = dom(&page, "#sort=scenarios:3", "compare-sorted");
    let order: Vec<&str> = ["base", "a quarter off sick", "half", "broken"]
        .into_iter()
        .map(|n| (sorted.find(&format!("<tr><td>{n}</td>")).expect(n), n))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    let mut by_fill: Vec<&rotaflow::ScenarioRow> =
        scenarios.iter().filter(|r| r.error.is_none()).collect();
    by_fill.sort_by(|a, b| a.fill_rate.total_cmp(&b.fill_rate));
    let expected: Vec<&str> = by_fill.iter().map(|r| r.name.as_str()).collect();
    let solved: Vec<&str> = order.iter().copied().filter(|n| *n != "broken").collect();
    assert_eq!(solved, expected);
    let _ = std::fs::remove_dir_all(scratch_dir());
}
