/*
 * Solve a rotaflow problem from C: read a problem file, solve it, print a summary and,
 * with -o, write the roster JSON (byte for byte what `rotaflow solve` writes).
 *
 *   solve PROBLEM.json [-o ROSTER.json] [--options '{"method": "flow"}']
 *
 * Build (from the repository root, after `cargo build -p rotaflow-ffi`):
 *   cc -Iinclude examples/c/solve.c -Ltarget/debug -lrotaflow_ffi \
 *      -Wl,-rpath,"$PWD/target/debug" -o solve
 *
 * Exit status: 0 a roster was found, 1 rotaflow refused or failed (the error document is
 * printed), 2 wrong command line, 3 a file could not be read or written.
 *
 * The summary picks a few fields out of the roster with strstr, to stay free of
 * dependencies; a real program would hand the roster to its JSON library (cJSON, jansson,
 * yyjson...).
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

/* The text after the first `"key": ` in json, or NULL. */
static const char *field(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *at = strstr(json, pattern);
    return at == NULL ? NULL : at + strlen(pattern);
}

/* How many times needle occurs in [from, until). */
static size_t count_between(const char *from, const char *until, const char *needle) {
    size_t n = 0;
    for (const char *at = strstr(from, needle); at != NULL && at < until;
         at = strstr(at + 1, needle)) {
        n++;
    }
    return n;
}

static void print_summary(const char *roster) {
    const char *status = field(roster, "status");
    const char *method = field(roster, "method");
    const char *objective = field(roster, "objective");
    const char *assignments = field(roster, "assignments");
    const char *unfilled = field(roster, "unfilled");
    const char *score = field(roster, "score");
    if (status == NULL || method == NULL || objective == NULL || assignments == NULL ||
        unfilled == NULL || score == NULL) {
        fprintf(stderr, "solve: the roster lacks an expected field\n");
        return;
    }
    printf("status:      %.*s\n", (int)strcspn(status, ",\n"), status);
    printf("method:      %.*s\n", (int)strcspn(method, ",\n"), method);
    printf("objective:   %.*s\n", (int)strcspn(objective, ",\n"), objective);
    printf("assignments: %zu\n", count_between(assignments, unfilled, "\"clinician\": "));
    printf("unfilled:    %zu shifts\n", count_between(unfilled, score, "\"missing\": "));
}

static int usage(void) {
    fprintf(stderr, "usage: solve PROBLEM.json [-o ROSTER.json] [--options JSON]\n");
    return 2;
}

int main(int argc, char **argv) {
    const char *problem_path = NULL, *output_path = NULL, *options = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            output_path = argv[++i];
        } else if (strcmp(argv[i], "--options") == 0 && i + 1 < argc) {
            options = argv[++i];
        } else if (argv[i][0] != '-' && problem_path == NULL) {
            problem_path = argv[i];
        } else {
            return usage();
        }
    }
    if (problem_path == NULL) {
        return usage();
    }

    char *problem = read_file(problem_path);
    if (problem == NULL) {
        fprintf(stderr, "solve: cannot read %s\n", problem_path);
        return 3;
    }

    /* Inputs are borrowed; rotaflow writes exactly one of roster and error. */
    char *roster = NULL;
    char *error = NULL;
    rotaflow_status status = rotaflow_solve(problem, options, &roster, &error);
    free(problem);

    if (status != ROTAFLOW_STATUS_OK) {
        /* error: {"errors": [{"pointer": ..., "code": ..., "message": ...}, ...]} */
        fprintf(stderr, "solve: rotaflow %s: %s (status %d)\n%s\n", rotaflow_version(),
                rotaflow_status_name(status), (int)status, error);
        rotaflow_string_free(error);
        return 1;
    }

    printf("rotaflow %s solved %s\n", rotaflow_version(), problem_path);
    print_summary(roster);

    int code = 0;
    if (output_path != NULL) {
        FILE *out = fopen(output_path, "wb");
        size_t len = strlen(roster);
        int written = out != NULL && fwrite(roster, 1, len, out) == len;
        if (out != NULL && fclose(out) != 0) {
            written = 0;
        }
        if (!written) {
            fprintf(stderr, "solve: cannot write %s\n", output_path);
            code = 3;
        } else {
            printf("roster written to %s\n", output_path);
        }
    }
    rotaflow_string_free(roster);
    return code;
}
