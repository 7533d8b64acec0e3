/* rss - run a command, then write its wall time and peak memory.
 *
 *   rss RESULT_FILE COMMAND [ARG ...]
 *
 * Runs COMMAND (searched in PATH) with this process's standard streams,
 * and writes one line to RESULT_FILE: "SECONDS MAXRSS_KIB STATUS", the
 * wall-clock seconds from fork to exit, the child's peak resident set
 * (getrusage's ru_maxrss, in KiB on Linux) and its exit status (128+N when
 * killed by signal N).  Exits with the same status.  This does what GNU
 * time's %e and %M do, without needing GNU time installed. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: rss RESULT_FILE COMMAND [ARG ...]\n");
        return 2;
    }
    double start = mono_seconds();
    pid_t pid = fork();
    if (pid < 0) {
        perror("rss: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int wst;
    struct rusage ru;
    if (wait4(pid, &wst, 0, &ru) < 0) {
        perror("rss: wait4");
        return 1;
    }
    double secs = mono_seconds() - start;
    int status = WIFEXITED(wst) ? WEXITSTATUS(wst) : 128 + WTERMSIG(wst);
    FILE *f = fopen(argv[1], "w");
    if (!f || fprintf(f, "%.3f %ld %d\n", secs, ru.ru_maxrss, status) < 0 || fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    return status;
}
