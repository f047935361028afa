/*
 * The planner's operations from C: solve a problem, then explain the roster, recommend
 * cover for a shift, price one more session (what-if), repair the roster after a
 * cancellation, and write the HTML report. Each result is written to a file in OUTDIR,
 * byte for byte what the `rotaflow` command writes:
 *
 *   roster.json     rotaflow solve PROBLEM
 *   explain.json    rotaflow explain PROBLEM roster.json --json
 *   recommend.json  rotaflow recommend PROBLEM roster.json --shift SHIFT -k 3 --json
 *   whatif.json     rotaflow whatif PROBLEM --top 5 --json
 *   replan.json     rotaflow replan PROBLEM roster.json --cancel CLINICIAN --change 100000 --json
 *   report.html     rotaflow solve PROBLEM --report report.html
 *
 * Then a few bad calls (an unknown shift, a bad change, NULL arguments), each of which must
 * return its status and leave the result pointer alone.
 *
 *   ops PROBLEM.json SHIFT CLINICIAN OUTDIR
 *
 * Build (from the repository root, after `cargo build -p rotaflow-ffi`):
 *   cc -Iinclude examples/c/ops.c -Ltarget/debug -lrotaflow_ffi \
 *      -Wl,-rpath,"$PWD/target/debug" -o ops
 *
 * Exit status: 0 every call did what it should, 1 one did not (printed), 2 wrong command
 * line, 3 a file could not be read or written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotaflow.h"

/* The whole file as a NUL-terminated string, or NULL. Free with free(). */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1) {
            break;
        }
        cap *= 2;
        char *bigger = realloc(buf, cap);
        if (bigger == NULL) {
            free(buf);
        }
        buf = bigger;
    }
    int failed = ferror(f);
    fclose(f);
    if (buf == NULL || failed) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int write_file(const char *dir, const char *name, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return 0;
    }
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static int failures = 0;

/*
 * After a call: on success write `result` to OUTDIR/name; on failure print the error
 * document. Frees what rotaflow returned. Returns 3 when the file cannot be written.
 */
static int handle(rotaflow_status status, char *result, char *error, const char *dir,
                  const char *name) {
    if (status != ROTAFLOW_STATUS_OK) {
        fprintf(stderr, "%s: %s (status %d): %s\n", name, rotaflow_status_name(status),
                (int)status, error != NULL ? error : "");
        rotaflow_string_free(error);
        failures++;
        return 0;
    }
    int ok = write_file(dir, name, result);
    rotaflow_string_free(result);
    if (!ok) {
        fprintf(stderr, "cannot write %s/%s\n", dir, name);
        return 3;
    }
    printf("%-15s written\n", name);
    return 0;
}

/* A call that must fail with `want`, leave the result alone and write an error document
 * that mentions `needle`. */
static void expect_failure(const char *what, rotaflow_status got, rotaflow_status want,
                           const char *result, char *error, const char *needle) {
    int ok = got == want && result == NULL && error != NULL &&
             (needle == NULL || strstr(error, needle) != NULL);
    printf("%-40s %-18s %s\n", what, rotaflow_status_name(got), error != NULL ? error : "");
    if (!ok) {
        printf("FAILED: %s (want %s)\n", what, rotaflow_status_name(want));
        failures++;
    }
    rotaflow_string_free(error);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s PROBLEM.json SHIFT CLINICIAN OUTDIR\n", argv[0]);
        return 2;
    }
    const char *shift = argv[2], *clinician = argv[3], *dir = argv[4];
    char *problem = read_file(argv[1]);
    if (problem == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 3;
    }

    char *roster = NULL, *error = NULL;
    rotaflow_status status = rotaflow_solve(problem, NULL, &roster, &error);
    if (status != ROTAFLOW_STATUS_OK) {
        fprintf(stderr, "solve: %s: %s\n", rotaflow_status_name(status), error);
        rotaflow_string_free(error);
        free(problem);
        return 1;
    }
    int rc = write_file(dir, "roster.json", roster) ? 0 : 3;

    char *out = NULL;
    error = NULL;
    status = rotaflow_explain(problem, roster, NULL, &out, &error);
    rc = rc ? rc : handle(status, out, error, dir, "explain.json");

    out = NULL, error = NULL;
    status = rotaflow_recommend(problem, roster, shift, 3, NULL, &out, &error);
    rc = rc ? rc : handle(status, out, error, dir, "recommend.json");

    out = NULL, error = NULL;
    status = rotaflow_whatif(problem, 5, &out, &error);
    rc = rc ? rc : handle(status, out, error, dir, "whatif.json");

    char changes[512];
    snprintf(changes, sizeof changes, "{\"changes\": [{\"cancel\": {\"clinician\": \"%s\"}}]}",
             clinician);
    out = NULL, error = NULL;
    status = rotaflow_replan(problem, roster, changes, "{\"change_weight\": 100000}", &out,
                             &error);
    rc = rc ? rc : handle(status, out, error, dir, "replan.json");

    out = NULL, error = NULL;
    status = rotaflow_report_html(problem, roster, &out, &error);
    rc = rc ? rc : handle(status, out, error, dir, "report.html");

    /* Bad calls: the status, the error document, and the result left alone (NULL). */
    out = NULL, error = NULL;
    status = rotaflow_recommend(problem, roster, "NO_SUCH_SHIFT", 3, NULL, &out, &error);
    expect_failure("recommend: unknown shift", status, ROTAFLOW_STATUS_VALIDATION_FAILED, out,
                   error, "\"pointer\":\"/shift\",\"code\":\"unknown_shift\"");
    out = NULL, error = NULL;
    status = rotaflow_replan(problem, roster, "[{\"cancel\": {\"clinician\": \"NOBODY\"}}]",
                             NULL, &out, &error);
    expect_failure("replan: unknown clinician", status, ROTAFLOW_STATUS_VALIDATION_FAILED, out,
                   error, "\"pointer\":\"/changes/0/clinician\"");
    out = NULL, error = NULL;
    status = rotaflow_replan(problem, roster, "[{\"cancel\": ", NULL, &out, &error);
    expect_failure("replan: changes not JSON", status, ROTAFLOW_STATUS_MALFORMED_JSON, out,
                   error, "invalid_json");
    out = NULL, error = NULL;
    status = rotaflow_explain(problem, NULL, NULL, &out, &error);
    expect_failure("explain: NULL roster", status, ROTAFLOW_STATUS_INVALID_ARGUMENT, out, error,
                   "roster_json");
    out = NULL, error = NULL;
    status = rotaflow_explain(problem, "[{\"shift\": \"S0001\", \"clinician\": \"\xff\"}]", NULL,
                              &out, &error);
    expect_failure("explain: roster not UTF-8", status, ROTAFLOW_STATUS_INVALID_UTF8, out, error,
                   "invalid_utf8");
    out = NULL, error = NULL;
    status = rotaflow_report_html(problem, "[]", &out, &error);
    expect_failure("report: a list is not a roster", status, ROTAFLOW_STATUS_VALIDATION_FAILED,
                   out, error, "not a roster");
    error = NULL;
    status = rotaflow_whatif(problem, 5, NULL, &error);
    expect_failure("whatif: NULL result pointer", status, ROTAFLOW_STATUS_INVALID_ARGUMENT, NULL,
                   error, "whatif_json_out");

    rotaflow_string_free(roster);
    free(problem);
    printf("ops: %d failed\n", failures);
    return rc ? rc : (failures == 0 ? 0 : 1);
}
