/*
 * sqlite_test.c -- SQLite as a real WASI program: the amalgamation from
 * npm's better-sqlite3, unchanged, linked with this driver. Usage:
 *
 *   sqlite_test DIR ROWS
 *
 * creates DIR/test.db (DIR is a preopened directory), inserts ROWS rows in
 * one transaction, builds two indexes, checks query results against values
 * this driver computes itself from the same pseudo-random sequence, closes
 * the database, reopens the file and checks it again (integrity_check, the
 * same answers, a rolled-back transaction leaving no trace). SQLite's
 * journal file comes and goes beside the database, so file creation,
 * fsync, truncation and unlink all take part.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"
#include "../check.h"

enum { KEYS = 1000 };

typedef struct expected {
    long long rows, sum_k, in_range;   /* in_range: rows with 100 <= k < 200 */
    long long per_key[KEYS];
} expected;

static uint32_t next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static sqlite3 *db;

/* One integer from a query; -1 on error (printed). */
static long long query_int(const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        printf("sqlite: %s: %s\n", sql, sqlite3_errmsg(db));
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        printf("sqlite: %s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return v;
}

static int exec(const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        printf("sqlite: %s: %s\n", sql, err ? err : "?");
    sqlite3_free(err);
    return rc;
}

/* The checks made both before and after reopening. */
static void check_contents(const expected *e)
{
    CHECK_EQ(query_int("SELECT count(*) FROM t"), e->rows);
    CHECK_EQ(query_int("SELECT sum(k) FROM t"), e->sum_k);
    CHECK_EQ(query_int("SELECT count(*) FROM t WHERE k >= 100 AND k < 200"), e->in_range);
    CHECK_EQ(query_int("SELECT count(*) FROM t INDEXED BY t_k WHERE k = 7"), e->per_key[7]);
    CHECK_EQ(query_int("SELECT count(*) FROM t WHERE k = 999"), e->per_key[999]);
    /* name is derived from k, so the name index answers the same. */
    CHECK_EQ(query_int("SELECT count(*) FROM t INDEXED BY t_name WHERE name = 'key-0007'"),
             e->per_key[7]);
    /* The plan uses the index (SQLite decides; this keeps the test honest
     * that indexes were built and are found). */
    sqlite3_stmt *st;
    int uses_index = 0;
    if (sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT id FROM t WHERE k = 5", -1, &st,
                           NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW)
            uses_index |= strstr((const char *)sqlite3_column_text(st, 3), "t_k") != NULL;
        sqlite3_finalize(st);
    }
    CHECK(uses_index);
    /* A grouped query, checked row by row. */
    int groups = 0, bad = 0;
    if (sqlite3_prepare_v2(db, "SELECT k, count(*) FROM t GROUP BY k ORDER BY k", -1, &st,
                           NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            int k = sqlite3_column_int(st, 0);
            bad += k < 0 || k >= KEYS || sqlite3_column_int64(st, 1) != e->per_key[k];
            groups++;
        }
        sqlite3_finalize(st);
    }
    int want_groups = 0;
    for (int k = 0; k < KEYS; k++)
        want_groups += e->per_key[k] > 0;
    CHECK_EQ(groups, want_groups);
    CHECK_EQ(bad, 0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR ROWS\n", argv[0]);
        return 2;
    }
    static expected e;
    e.rows = atoll(argv[2]);
    char path[512];
    snprintf(path, sizeof path, "%s/test.db", argv[1]);
    remove(path);
    printf("sqlite %s: %lld rows in %s\n", sqlite3_libversion(), e.rows, path);

    CHECK_EQ(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ(exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, v REAL)"),
             SQLITE_OK);
    sqlite3_stmt *ins;
    CHECK_EQ(exec("BEGIN"), SQLITE_OK);
    CHECK_EQ(sqlite3_prepare_v2(db, "INSERT INTO t(k, name, v) VALUES(?, ?, ?)", -1, &ins,
                                NULL), SQLITE_OK);
    uint32_t s = 2463534242u;
    int failed_steps = 0;
    for (long long i = 0; i < e.rows; i++) {
        int k = (int)(next(&s) % KEYS);
        char name[16];
        snprintf(name, sizeof name, "key-%04d", k);
        sqlite3_bind_int(ins, 1, k);
        sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(ins, 3, k / 8.0);
        failed_steps += sqlite3_step(ins) != SQLITE_DONE;
        sqlite3_reset(ins);
        e.sum_k += k;
        e.in_range += k >= 100 && k < 200;
        e.per_key[k]++;
    }
    sqlite3_finalize(ins);
    CHECK_EQ(failed_steps, 0);
    CHECK_EQ(exec("COMMIT"), SQLITE_OK);
    CHECK_EQ(exec("CREATE INDEX t_k ON t(k)"), SQLITE_OK);
    CHECK_EQ(exec("CREATE INDEX t_name ON t(name)"), SQLITE_OK);
    check_contents(&e);
    CHECK_EQ(sqlite3_close(db), SQLITE_OK);

    /* Reopen the file: everything is still there and consistent. */
    CHECK_EQ(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    const char *ok = "";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        ok = (const char *)sqlite3_column_text(st, 0);
        CHECK(ok && strcmp(ok, "ok") == 0);
        sqlite3_finalize(st);
    } else {
        CHECK(!"integrity_check ran");
    }
    check_contents(&e);
    /* A transaction rolled back leaves no trace; one committed does. */
    CHECK_EQ(exec("BEGIN; DELETE FROM t WHERE k < 500; UPDATE t SET k = 0;"), SQLITE_OK);
    CHECK_EQ(query_int("SELECT count(*) FROM t WHERE k <> 0"), 0);
    CHECK_EQ(exec("ROLLBACK"), SQLITE_OK);
    check_contents(&e);
    CHECK_EQ(exec("DELETE FROM t WHERE k = 7"), SQLITE_OK);
    CHECK_EQ(query_int("SELECT count(*) FROM t"), e.rows - e.per_key[7]);
    CHECK_EQ(sqlite3_close(db), SQLITE_OK);
    CHECK_EQ(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ(query_int("SELECT count(*) FROM t WHERE k = 7"), 0);
    CHECK_EQ(query_int("SELECT count(*) FROM t"), e.rows - e.per_key[7]);
    CHECK_EQ(sqlite3_close(db), SQLITE_OK);
    printf("sqlite: sum(k) %lld, rows with k in [100, 200): %lld\n", e.sum_k, e.in_range);
    return check_done("sqlite");
}
