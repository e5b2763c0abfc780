// An LD_PRELOAD library for the I/O fault tests (docs/testing.md, "I/O faults"): it makes
// chosen write, sync, rename and link calls of the real binaries fail with a chosen
// errno, so the tests can check that each fault gives a clean error, loses nothing
// acknowledged, and that the next start recovers.
//
// Configured by the environment, read once at the first intercepted call:
//   WEERBAAR_FAULT_PATH     a substring of the file's path (an fd's path is read from
//                           /proc/self/fd/N; rename and link match either name);
//                           ending in '$', the whole path (a directory's own fsync
//                           apart from those of the files in it). Unset: the shim
//                           never fails anything.
//   WEERBAAR_FAULT_OPS      which calls, comma separated: write (write, pwrite,
//                           pwrite64, writev, pwritev, pwritev2), fsync (fsync,
//                           fdatasync), rename (rename, renameat, renameat2), link
//                           (link, linkat). Default: all four.
//   WEERBAAR_FAULT_ERRNO    EIO (default) or ENOSPC.
//   WEERBAAR_FAULT_SKIP     let this many matching calls through first (default 0).
//   WEERBAAR_FAULT_COUNT    then fail this many (default 1; 0: every one from then on).
//   WEERBAAR_FAULT_CONTROL  a file: the shim is armed only while it exists, and
//                           counts matching calls only while armed, so a test can
//                           fault a running server at the point it chooses.
//   WEERBAAR_FAULT_LOG      a file that gets one line per injected fault:
//                           "<call> <errno name> <path>", so the test can assert
//                           that the fault really fired, and count them.
//
// The server is multi-threaded: the counters are atomics, the configuration is
// read once (under a pthread_once), and the shim's own I/O goes through raw
// system calls so that it never calls itself.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum operation { op_write = 1, op_fsync = 2, op_rename = 4, op_link = 8 };

static pthread_once_t configured = PTHREAD_ONCE_INIT;
static const char* fault_path;
static const char* control_file;
static const char* log_file;
static unsigned ops = op_write | op_fsync | op_rename | op_link;
static int fault_errno = EIO;
static long skip_calls;
static long fail_calls = 1;
static long matched;  // matching calls seen while armed; atomic

static void configure(void) {
    fault_path = getenv("WEERBAAR_FAULT_PATH");
    if (fault_path != NULL && *fault_path == '\0') fault_path = NULL;
    control_file = getenv("WEERBAAR_FAULT_CONTROL");
    log_file = getenv("WEERBAAR_FAULT_LOG");
    const char* chosen_ops = getenv("WEERBAAR_FAULT_OPS");
    if (chosen_ops != NULL && *chosen_ops != '\0') {
        ops = 0;
        if (strstr(chosen_ops, "write") != NULL) ops |= op_write;
        if (strstr(chosen_ops, "fsync") != NULL) ops |= op_fsync;
        if (strstr(chosen_ops, "rename") != NULL) ops |= op_rename;
        if (strstr(chosen_ops, "link") != NULL) ops |= op_link;
    }
    const char* chosen_errno = getenv("WEERBAAR_FAULT_ERRNO");
    if (chosen_errno != NULL && strcmp(chosen_errno, "ENOSPC") == 0) fault_errno = ENOSPC;
    const char* skip = getenv("WEERBAAR_FAULT_SKIP");
    if (skip != NULL) skip_calls = strtol(skip, NULL, 10);
    const char* count = getenv("WEERBAAR_FAULT_COUNT");
    if (count != NULL) fail_calls = strtol(count, NULL, 10);
}

static int armed(void) {
    pthread_once(&configured, configure);
    if (fault_path == NULL) return 0;
    if (control_file == NULL) return 1;
    struct stat info;
    return syscall(SYS_newfstatat, AT_FDCWD, control_file, &info, 0) == 0;
}

static size_t path_of_fd(int fd, char* out, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const long length = syscall(SYS_readlinkat, AT_FDCWD, link, out, size - 1);
    if (length < 0) return 0;
    out[length] = '\0';
    return (size_t)length;
}

static void log_fault(const char* call, const char* path) {
    if (log_file == NULL) return;
    char line[4200];
    const int length = snprintf(line, sizeof line, "%s %s %s\n", call,
                                fault_errno == ENOSPC ? "ENOSPC" : "EIO", path);
    if (length <= 0) return;
    const long fd =
        syscall(SYS_openat, AT_FDCWD, log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    // One write with O_APPEND: lines of concurrent faults do not interleave.
    (void)!syscall(SYS_write, fd, line,
                   (size_t)length < sizeof line ? (size_t)length : sizeof line);
    syscall(SYS_close, fd);
}

static int matches(const char* path) {
    if (path == NULL) return 0;
    const size_t length = strlen(fault_path);
    if (length > 0 && fault_path[length - 1] == '$') {
        return strlen(path) == length - 1 && strncmp(path, fault_path, length - 1) == 0;
    }
    return strstr(path, fault_path) != NULL;
}

// Whether this call fails; if so, errno is set and the fault logged. Counting
// happens only for calls that match while armed, so SKIP and COUNT refer to
// "the Nth call that could have failed".
static int inject(enum operation op, const char* call, const char* path_a, const char* path_b) {
    if (!armed() || (ops & (unsigned)op) == 0) return 0;
    const char* path = NULL;
    if (matches(path_a)) path = path_a;
    if (path == NULL && matches(path_b)) path = path_b;
    if (path == NULL) return 0;
    const long index = __atomic_fetch_add(&matched, 1, __ATOMIC_SEQ_CST);
    if (index < skip_calls) return 0;
    if (fail_calls > 0 && index >= skip_calls + fail_calls) return 0;
    log_fault(call, path);
    errno = fault_errno;
    return 1;
}

static int inject_fd(enum operation op, const char* call, int fd) {
    if (!armed() || (ops & (unsigned)op) == 0) return 0;
    char path[4096];
    if (path_of_fd(fd, path, sizeof path) == 0) return 0;
    return inject(op, call, path, NULL);
}

// Paths given relative to a directory descriptor are matched as given plus the
// directory's own path, so a pattern naming the directory still matches.
static int inject_at(enum operation op, const char* call, int dir_a, const char* path_a, int dir_b,
                     const char* path_b) {
    if (!armed() || (ops & (unsigned)op) == 0) return 0;
    char full_a[8200];
    char full_b[8200];
    char dir[4096];
    snprintf(full_a, sizeof full_a, "%s", path_a);
    snprintf(full_b, sizeof full_b, "%s", path_b);
    if (dir_a != AT_FDCWD && path_a[0] != '/' && path_of_fd(dir_a, dir, sizeof dir) > 0) {
        snprintf(full_a, sizeof full_a, "%s/%s", dir, path_a);
    }
    if (dir_b != AT_FDCWD && path_b[0] != '/' && path_of_fd(dir_b, dir, sizeof dir) > 0) {
        snprintf(full_b, sizeof full_b, "%s/%s", dir, path_b);
    }
    return inject(op, call, full_a, full_b);
}

// The next definition of `name` (libc's), looked up once per function. Two threads
// may both look it up; they store the same value, atomically.
static void* next_definition(void** cache, const char* name) {
    void* found = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (found == NULL) {
        found = dlsym(RTLD_NEXT, name);
        __atomic_store_n(cache, found, __ATOMIC_RELEASE);
    }
    return found;
}

// POSIX allows a dlsym result to become a function pointer; ISO C spells it memcpy.
#define REAL(type, name, ...)                                 \
    static void* cached_##name;                               \
    type (*real_##name)(__VA_ARGS__);                         \
    {                                                         \
        void* found = next_definition(&cached_##name, #name); \
        memcpy(&real_##name, &found, sizeof found);           \
    }

ssize_t write(int fd, const void* buffer, size_t count) {
    REAL(ssize_t, write, int, const void*, size_t);
    if (inject_fd(op_write, "write", fd)) return -1;
    return real_write(fd, buffer, count);
}

ssize_t pwrite(int fd, const void* buffer, size_t count, off_t offset) {
    REAL(ssize_t, pwrite, int, const void*, size_t, off_t);
    if (inject_fd(op_write, "pwrite", fd)) return -1;
    return real_pwrite(fd, buffer, count, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t count, off64_t offset) {
    REAL(ssize_t, pwrite64, int, const void*, size_t, off64_t);
    if (inject_fd(op_write, "pwrite64", fd)) return -1;
    return real_pwrite64(fd, buffer, count, offset);
}

ssize_t writev(int fd, const struct iovec* vector, int count) {
    REAL(ssize_t, writev, int, const struct iovec*, int);
    if (inject_fd(op_write, "writev", fd)) return -1;
    return real_writev(fd, vector, count);
}

ssize_t pwritev(int fd, const struct iovec* vector, int count, off_t offset) {
    REAL(ssize_t, pwritev, int, const struct iovec*, int, off_t);
    if (inject_fd(op_write, "pwritev", fd)) return -1;
    return real_pwritev(fd, vector, count, offset);
}

ssize_t pwritev2(int fd, const struct iovec* vector, int count, off_t offset, int flags) {
    REAL(ssize_t, pwritev2, int, const struct iovec*, int, off_t, int);
    if (inject_fd(op_write, "pwritev2", fd)) return -1;
    return real_pwritev2(fd, vector, count, offset, flags);
}

int fsync(int fd) {
    REAL(int, fsync, int);
    if (inject_fd(op_fsync, "fsync", fd)) return -1;
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(int, fdatasync, int);
    if (inject_fd(op_fsync, "fdatasync", fd)) return -1;
    return real_fdatasync(fd);
}

int rename(const char* from, const char* to) {
    REAL(int, rename, const char*, const char*);
    if (inject_at(op_rename, "rename", AT_FDCWD, from, AT_FDCWD, to)) return -1;
    return real_rename(from, to);
}

int renameat(int from_dir, const char* from, int to_dir, const char* to) {
    REAL(int, renameat, int, const char*, int, const char*);
    if (inject_at(op_rename, "renameat", from_dir, from, to_dir, to)) return -1;
    return real_renameat(from_dir, from, to_dir, to);
}

int renameat2(int from_dir, const char* from, int to_dir, const char* to, unsigned flags) {
    REAL(int, renameat2, int, const char*, int, const char*, unsigned);
    if (inject_at(op_rename, "renameat2", from_dir, from, to_dir, to)) return -1;
    return real_renameat2(from_dir, from, to_dir, to, flags);
}

int link(const char* from, const char* to) {
    REAL(int, link, const char*, const char*);
    if (inject_at(op_link, "link", AT_FDCWD, from, AT_FDCWD, to)) return -1;
    return real_link(from, to);
}

// durable_file names an O_TMPFILE file through /proc/self/fd/N: the target name is
// the one that says which file it is.
int linkat(int from_dir, const char* from, int to_dir, const char* to, int flags) {
    REAL(int, linkat, int, const char*, int, const char*, int);
    if (inject_at(op_link, "linkat", from_dir, from, to_dir, to)) return -1;
    return real_linkat(from_dir, from, to_dir, to, flags);
}
