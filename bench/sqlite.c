/*
 * sqlite.c -- a real program for `make bench`: SQLite (the amalgamation,
 * linked in) builds an in-memory table, indexes it and answers queries.
 * With the argument 0 it returns before touching SQLite, which measures
 * what an engine spends loading and preparing a multi-megabyte module
 * before its first instruction of real work. Usage: sqlite [rows]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sqlite3.h"

static uint32_t check;

static int row(void *unused, int n, char **vals, char **names)
{
    (void)unused;
    (void)names;
    for (int i = 0; i < n; i++)
        for (const char *p = vals[i] ? vals[i] : "NULL"; *p; p++)
            check = (check << 5 | check >> 27) ^ (uint8_t)*p;
    return 0;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, row, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s\n", err ? err : "error");
        sqlite3_free(err);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int rows = argc > 1 ? atoi(argv[1]) : 400000;
    if (rows <= 0)
        return 0;
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return 1;
    sqlite3_stmt *ins;
    /* Temporary files (the sorter of CREATE INDEX) stay in memory: the
     * module is given no directory. */
    if (exec(db, "PRAGMA temp_store = MEMORY;"
                 "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT);"
                 "BEGIN;") ||
        sqlite3_prepare_v2(db, "INSERT INTO t(k, name) VALUES(?, ?)", -1, &ins, NULL))
        return 1;
    uint32_t s = 2463534242u;
    for (int i = 0; i < rows; i++) {
        char name[32];
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        snprintf(name, sizeof name, "item-%u", s % 100000u);
        sqlite3_bind_int(ins, 1, (int)(s % 1000u));
        sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return 1;
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    if (exec(db, "COMMIT;"
                 "CREATE INDEX tk ON t(k);"
                 "SELECT k, count(*), min(name), max(id) FROM t GROUP BY k"
                 "  ORDER BY count(*) DESC, k LIMIT 20;"
                 "SELECT count(*) FROM t WHERE name LIKE 'item-1%';"
                 "SELECT sum(length(name)), avg(k) FROM t WHERE k BETWEEN 100 AND 300;"
                 "SELECT a.k, count(*) FROM t a JOIN t b ON a.k = b.k"
                 "  WHERE a.id < 2000 AND b.id < 2000 GROUP BY a.k LIMIT 10;"
                 "DELETE FROM t WHERE k % 3 = 0;"
                 "SELECT count(*), sum(k) FROM t;"))
        return 1;
    sqlite3_close(db);
    printf("sqlite %d: check %08x\n", rows, check);
    return 0;
}
