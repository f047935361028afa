/*
 * The bad cases, from C: NULL arguments, invalid UTF-8, malformed JSON, validation errors,
 * an infeasible problem. Each call must return its status, write the error document (when
 * asked for) and leave the result pointer exactly as it was.
 *
 *   bad_inputs        prints one line per check and "N passed, M failed"; exit 1 on failure
 *
 * Build: cc -Iinclude examples/c/bad_inputs.c -Ltarget/debug -lrotaflow_ffi \
 *           -Wl,-rpath,"$PWD/target/debug" -o bad_inputs
 */
#include <stdio.h>
#include <string.h>

#include "rotaflow.h"

static int passed = 0, failed = 0;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAILED: %s\n", what);
    }
}

/* A value no call may write to an output: still there means "left alone". */
static char untouched_byte;
#define UNTOUCHED (&untouched_byte)

static const char *TINY =
    "{\"sites\": [{\"id\": \"P1\"}],"
    " \"clinicians\": [{\"id\": \"A\", \"roles\": [\"gp\"], \"rate_per_hour\": 100},"
    "                 {\"id\": \"B\", \"roles\": [\"gp\"], \"rate_per_hour\": 90}],"
    " \"shifts\": [{\"id\": \"S1\", \"site\": \"P1\", \"role\": \"gp\","
    "              \"start\": \"2026-12-07T08:30\", \"end\": \"2026-12-07T12:30\"}]}";

/*
 * Call rotaflow_solve and check: the status, that the roster output is left alone on
 * failure, and that the error document mentions `needle` (when not NULL). Frees what
 * rotaflow returned.
 */
static void expect_solve(const char *name, const char *problem, const char *options,
                         rotaflow_status want, const char *needle) {
    char *roster = UNTOUCHED;
    char *error = UNTOUCHED;
    rotaflow_status got = rotaflow_solve(problem, options, &roster, &error);
    char what[256];
    snprintf(what, sizeof what, "%s: status %s (want %s)", name, rotaflow_status_name(got),
             rotaflow_status_name(want));
    check(got == want, what);
    if (want == ROTAFLOW_STATUS_OK) {
        snprintf(what, sizeof what, "%s: roster written, error left alone", name);
        check(roster != UNTOUCHED && roster != NULL && error == UNTOUCHED, what);
        if (roster != UNTOUCHED) {
            rotaflow_string_free(roster);
        }
        return;
    }
    snprintf(what, sizeof what, "%s: roster left alone", name);
    check(roster == UNTOUCHED, what);
    snprintf(what, sizeof what, "%s: error document written", name);
    check(error != UNTOUCHED && error != NULL, what);
    if (error != UNTOUCHED && error != NULL) {
        snprintf(what, sizeof what, "%s: error document has \"errors\"", name);
        check(strncmp(error, "{\"errors\":[{", 12) == 0, what);
        if (needle != NULL) {
            snprintf(what, sizeof what, "%s: error document mentions %s", name, needle);
            check(strstr(error, needle) != NULL, what);
        }
        printf("%-28s %-18s %s\n", name, rotaflow_status_name(got), error);
        rotaflow_string_free(error);
    }
}

int main(void) {
    printf("rotaflow %s\n", rotaflow_version());

    /* A good call first, so that the failures below are failures of their input. */
    expect_solve("good problem", TINY, NULL, ROTAFLOW_STATUS_OK, NULL);
    expect_solve("good options", TINY, "{\"method\": \"flow\"}", ROTAFLOW_STATUS_OK, NULL);

    /* NULL arguments. */
    expect_solve("NULL problem", NULL, NULL, ROTAFLOW_STATUS_INVALID_ARGUMENT, "problem_json");
    {
        char *error = UNTOUCHED;
        rotaflow_status got = rotaflow_solve(TINY, NULL, NULL, &error);
        check(got == ROTAFLOW_STATUS_INVALID_ARGUMENT, "NULL roster_json_out: status");
        check(error != UNTOUCHED && strstr(error, "roster_json_out") != NULL,
              "NULL roster_json_out: error names it");
        if (error != UNTOUCHED) {
            rotaflow_string_free(error);
        }
    }
    {
        /* No error document wanted: the status alone. */
        char *roster = UNTOUCHED;
        rotaflow_status got = rotaflow_solve("{", NULL, &roster, NULL);
        check(got == ROTAFLOW_STATUS_MALFORMED_JSON, "NULL error_json_out: status");
        check(roster == UNTOUCHED, "NULL error_json_out: roster left alone");
    }
    rotaflow_string_free(NULL);
    rotaflow_problem_free(NULL);

    /* Invalid UTF-8, in the problem and in the options. */
    expect_solve("invalid UTF-8 problem", "{\"sites\": [{\"id\": \"P\xff\"}]}", NULL,
                 ROTAFLOW_STATUS_INVALID_UTF8, "invalid_utf8");
    expect_solve("invalid UTF-8 options", TINY, "{\"method\": \"\xc3\"}",
                 ROTAFLOW_STATUS_INVALID_UTF8, "options_json");

    /* Text that is not JSON. */
    expect_solve("empty problem", "", NULL, ROTAFLOW_STATUS_MALFORMED_JSON, "invalid_json");
    expect_solve("truncated problem", "{\"sites\": [", NULL, ROTAFLOW_STATUS_MALFORMED_JSON,
                 "invalid_json");
    expect_solve("malformed options", TINY, "{method: flow}", ROTAFLOW_STATUS_MALFORMED_JSON,
                 "invalid_json");

    /* JSON with problems: every one is listed with a pointer and a code. */
    expect_solve("unknown site",
                 "{\"sites\": [{\"id\": \"P1\"}],"
                 " \"clinicians\": [{\"id\": \"A\", \"roles\": [\"gp\"]}],"
                 " \"shifts\": [{\"id\": \"S1\", \"site\": \"P9\", \"role\": \"gp\","
                 "  \"start\": \"2026-12-07T08:30\", \"end\": \"2026-12-07T12:30\"}]}",
                 NULL, ROTAFLOW_STATUS_VALIDATION_FAILED, "\"pointer\":\"/shifts/0/site\"");
    expect_solve("misspelt limit",
                 "{\"clinicians\": [{\"id\": \"A\", \"roles\": [\"gp\"],"
                 " \"limits\": {\"max_shift\": 3}}]}",
                 NULL, ROTAFLOW_STATUS_VALIDATION_FAILED, "unknown_field");
    expect_solve("bad option", TINY, "{\"method\": \"simplex\"}",
                 ROTAFLOW_STATUS_VALIDATION_FAILED, "\"pointer\":\"/method\"");

    /* Answers that are not rosters. */
    expect_solve("infeasible",
                 "{\"sites\": [{\"id\": \"P1\"}],"
                 " \"clinicians\": [{\"id\": \"C1\", \"roles\": [\"gp\"],"
                 "   \"limits\": {\"min_shifts\": 2}}],"
                 " \"shifts\": [{\"id\": \"S1\", \"site\": \"P1\", \"role\": \"gp\","
                 "  \"start\": \"2026-12-07T08:00\", \"end\": \"2026-12-07T12:00\"}]}",
                 NULL, ROTAFLOW_STATUS_INFEASIBLE, "C1 must work at least 2");

    /* validate and score, in the same shape. */
    {
        char *error = UNTOUCHED;
        check(rotaflow_validate(TINY, NULL, &error) == ROTAFLOW_STATUS_OK &&
                  error == UNTOUCHED,
              "validate: a valid problem");
        char *problem = UNTOUCHED;
        rotaflow_status got = rotaflow_validate("{\"version\": 2}", &problem, &error);
        check(got == ROTAFLOW_STATUS_VALIDATION_FAILED && problem == UNTOUCHED,
              "validate: version 2 is refused");
        check(error != UNTOUCHED && strstr(error, "unsupported_version") != NULL,
              "validate: unsupported_version");
        if (error != UNTOUCHED) {
            rotaflow_string_free(error);
        }
    }
    {
        char *evaluation = UNTOUCHED;
        char *error = UNTOUCHED;
        rotaflow_status got =
            rotaflow_score(TINY, "[{\"shift\": \"S1\"}]", &evaluation, &error);
        check(got == ROTAFLOW_STATUS_VALIDATION_FAILED && evaluation == UNTOUCHED,
              "score: an assignment without a clinician");
        check(error != UNTOUCHED && strstr(error, "\"pointer\":\"/0/clinician\"") != NULL,
              "score: points at the assignment");
        if (error != UNTOUCHED) {
            rotaflow_string_free(error);
        }
        error = UNTOUCHED;
        got = rotaflow_score(TINY, "[{\"shift\": \"S1\", \"clinician\": \"A\"}]", &evaluation,
                             &error);
        check(got == ROTAFLOW_STATUS_OK && evaluation != UNTOUCHED && error == UNTOUCHED,
              "score: a good assignment");
        check(evaluation != UNTOUCHED && strstr(evaluation, "\"total\": 400.0") != NULL,
              "score: the total");
        if (evaluation != UNTOUCHED) {
            rotaflow_string_free(evaluation);
        }
    }

    /* A problem handle: parse once, solve twice; bad handles and bad parses. */
    {
        rotaflow_problem *problem = (rotaflow_problem *)UNTOUCHED;
        char *error = UNTOUCHED;
        check(rotaflow_problem_parse("{", &problem, &error) == ROTAFLOW_STATUS_MALFORMED_JSON &&
                  problem == (rotaflow_problem *)UNTOUCHED,
              "problem_parse: malformed, handle left alone");
        if (error != UNTOUCHED) {
            rotaflow_string_free(error);
        }
        error = UNTOUCHED;
        check(rotaflow_problem_parse(TINY, &problem, &error) == ROTAFLOW_STATUS_OK &&
                  error == UNTOUCHED,
              "problem_parse: good");
        for (int i = 0; i < 2; i++) {
            char *roster = UNTOUCHED;
            check(rotaflow_problem_solve(problem, NULL, &roster, &error) == ROTAFLOW_STATUS_OK,
                  "problem_solve: good");
            check(roster != UNTOUCHED && strstr(roster, "\"clinician\": \"B\"") != NULL,
                  "problem_solve: B is cheaper");
            if (roster != UNTOUCHED) {
                rotaflow_string_free(roster);
            }
        }
        char *roster = UNTOUCHED;
        check(rotaflow_problem_solve(NULL, NULL, &roster, NULL) ==
                      ROTAFLOW_STATUS_INVALID_ARGUMENT &&
                  roster == UNTOUCHED,
              "problem_solve: NULL handle");
        rotaflow_problem_free(problem);
    }

    /* Status names, including a number that is not a status. */
    check(strcmp(rotaflow_status_name(ROTAFLOW_STATUS_VALIDATION_FAILED),
                 "validation_failed") == 0,
          "status name");
    check(strcmp(rotaflow_status_name(12345), "unknown") == 0, "unknown status name");

    printf("bad_inputs: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
