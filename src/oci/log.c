/*
 * log.c -- kiln-oci's errors, where runc's callers look for them.
 *
 * containerd's runc shim passes `--log FILE --log-format json` and, when a
 * command fails, reports the last line of FILE whose "level" is "error"
 * (runc writes one JSON object a line: level, msg, time, as logrus does).
 * podman passes no --log and shows the runtime's stderr. So an error goes
 * to both: a line in the log file in its format, and "kiln-oci: MESSAGE"
 * on stderr.
 */
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"

/* Appends `line` to the log file; a log that cannot be written loses the
 * line, and stderr still has it. */
static void append(const char *path, const char *line)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (fd < 0)
        return;
    size_t len = strlen(line);
    ssize_t n = write(fd, line, len);
    (void)n;
    close(fd);
}

/* The text format: logrus's `time="..." level=error msg="..."`, with the
 * message's quotes and backslashes escaped. */
static void append_text(const char *path, const char *stamp, const char *msg)
{
    char line[2 * 4096 + 128];
    size_t n = (size_t)snprintf(line, sizeof line, "time=\"%s\" level=error msg=\"", stamp);
    for (const char *m = msg; *m && n + 4 < sizeof line; m++) {
        if (*m == '"' || *m == '\\')
            line[n++] = '\\';
        line[n++] = *m == '\n' ? ' ' : *m;
    }
    line[n++] = '"';
    line[n++] = '\n';
    line[n] = '\0';
    append(path, line);
}

static void append_json(const char *path, const char *stamp, const char *msg)
{
    json_object *o = json_object_new_object();
    if (!o)
        return;
    json_object_object_add(o, "level", json_object_new_string("error"));
    json_object_object_add(o, "msg", json_object_new_string(msg));
    json_object_object_add(o, "time", json_object_new_string(stamp));
    const char *text = json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    size_t len = text ? strlen(text) : 0;
    char *line = text ? malloc(len + 2) : NULL;
    if (line) {
        memcpy(line, text, len);
        memcpy(line + len, "\n", 2);
        append(path, line);
        free(line);
    }
    json_object_put(o);
}

void ko_error(const ko_log *log, const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "kiln-oci: %s\n", msg);
    if (!log->path)
        return;
    char stamp[64] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (log->json)
        append_json(log->path, stamp, msg);
    else
        append_text(log->path, stamp, msg);
}
