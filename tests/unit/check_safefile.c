/*++
/* NAME
/*	check_safefile 1
/* SUMMARY
/*	unit tests of safefile(3): no planted link is followed
/* SYNOPSIS
/*	check_safefile
/* DESCRIPTION
/*	safefile_open() on a new file (exact mode whatever the umask), an
/*	existing one, a symbolic link (dangling or not), a hard link, a
/*	FIFO (for writing and for reading, which must not block), a
/*	directory; safefile_give() on a directory, a socket, a symbolic
/*	link in their place, and a socket with two links. The owner
/*	checks need two users and are tested as root by
/*	tests/integration/milter-paths.sh.
/*--*/

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vstr.h"
#include "safefile.h"

static char dir[64];
static char path[128];
static char target[128];
static VSTR *err;

static void setup(void)
{
    strcpy(dir, "/tmp/check_safefile.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    (void) snprintf(path, sizeof(path), "%s/f", dir);
    (void) snprintf(target, sizeof(target), "%s/target", dir);
    err = vstr_alloc(100);
    /* The file an attacker wants written. */
    FILE   *fp = fopen(target, "w");

    ck_assert_ptr_nonnull(fp);
    fputs("secret\n", fp);
    fclose(fp);
}

static void teardown(void)
{
    char    cmd[128];

    (void) snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    vstr_free(err);
}

/* refused - the error names the path and says why */

static void refused(int fd, const char *why)
{
    ck_assert_int_eq(fd, -1);
    ck_assert_int_eq(errno, EPERM);
    ck_assert_ptr_nonnull(strstr(vstr_str(err), path));
    ck_assert_msg(strstr(vstr_str(err), why) != 0, "got: %s", vstr_str(err));
}

/* target_intact - still 7 bytes, one link */

static void target_intact(void)
{
    struct stat st;

    ck_assert_int_eq(stat(target, &st), 0);
    ck_assert_int_eq(st.st_size, 7);
}

START_TEST(test_create_exact_mode)
{
    struct stat st;
    mode_t  old = umask(077);
    int     fd = safefile_open(path, O_WRONLY | O_CREAT, 0644, SAFEFILE_KEEP_UID, err);

    (void) umask(old);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0644);
    ck_assert_int_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
    close(fd);
    /* Existing: opened, its mode left alone. */
    ck_assert_int_eq(chmod(path, 0600), 0);
    fd = safefile_open(path, O_RDWR | O_APPEND | O_CREAT, 0644, SAFEFILE_KEEP_UID, err);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0600);
    close(fd);
}
END_TEST

START_TEST(test_symlink)
{
    ck_assert_int_eq(symlink(target, path), 0);
    refused(safefile_open(path, O_WRONLY | O_CREAT, 0644, SAFEFILE_KEEP_UID, err),
	    "is a symbolic link: refused");
    refused(safefile_open(path, O_RDONLY, 0, SAFEFILE_KEEP_UID, err),
	    "is a symbolic link: refused");
    target_intact();
    /* Dangling: O_CREAT must not create the target either. */
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(unlink(target), 0);
    ck_assert_int_eq(symlink(target, path), 0);
    refused(safefile_open(path, O_WRONLY | O_CREAT, 0644, SAFEFILE_KEEP_UID, err),
	    "is a symbolic link: refused");
    ck_assert_int_eq(access(target, F_OK), -1);
}
END_TEST

START_TEST(test_hard_link)
{
    ck_assert_int_eq(link(target, path), 0);
    refused(safefile_open(path, O_WRONLY | O_CREAT, 0644, SAFEFILE_KEEP_UID, err),
	    "has 2 hard links: refused");
    target_intact();
}
END_TEST

START_TEST(test_not_regular)
{
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    /* Neither blocks on the FIFO without a peer. */
    refused(safefile_open(path, O_WRONLY | O_CREAT, 0644, SAFEFILE_KEEP_UID, err),
	    "is not a regular file: refused");
    refused(safefile_open(path, O_RDONLY, 0, SAFEFILE_KEEP_UID, err),
	    "is not a regular file: refused");
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_eq(safefile_open(path, O_RDONLY, 0, SAFEFILE_KEEP_UID, err), -1);
}
END_TEST

START_TEST(test_missing)
{
    ck_assert_int_eq(safefile_open(path, O_RDONLY, 0, SAFEFILE_KEEP_UID, err), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* make_socket - a bound unix socket at path */

static int make_socket(void)
{
    struct sockaddr_un sun;
    int     fd = socket(AF_UNIX, SOCK_STREAM, 0);

    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sun, sizeof(sun)), 0);
    return (fd);
}

START_TEST(test_give)
{
    struct stat st;
    int     sock;
    mode_t  old = umask(077);

    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_eq(safefile_give(path, S_IFDIR, SAFEFILE_KEEP_UID, (gid_t) -1,
				   0755, &st, err), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0755);
    ck_assert_int_eq(rmdir(path), 0);
    sock = make_socket();
    ck_assert_int_eq(safefile_give(path, S_IFSOCK, SAFEFILE_KEEP_UID, (gid_t) -1,
				   0660, &st, err), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0660);
    ck_assert_int_eq(lstat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0660);
    /* A directory expected, a socket found. */
    ck_assert_int_eq(safefile_give(path, S_IFDIR, SAFEFILE_KEEP_UID, (gid_t) -1,
				   0755, &st, err), -1);
    close(sock);
    (void) umask(old);
}
END_TEST

START_TEST(test_give_refuses_links)
{
    struct stat st;
    char    other[140];
    int     sock;

    /* The socket swapped for a symbolic link: the target keeps its mode. */
    ck_assert_int_eq(chmod(target, 0600), 0);
    ck_assert_int_eq(symlink(target, path), 0);
    refused(safefile_give(path, S_IFSOCK, SAFEFILE_KEEP_UID, (gid_t) -1, 0666,
			  &st, err), "is a symbolic link, not a socket: refused");
    ck_assert_int_eq(stat(target, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0600);
    /* The directory swapped for a symbolic link to a directory. */
    refused(safefile_give(path, S_IFDIR, SAFEFILE_KEEP_UID, (gid_t) -1, 0755,
			  &st, err), "is not a directory (a symbolic link?): refused");
    ck_assert_int_eq(unlink(path), 0);
    /* A hard link to the file in place of the socket. */
    ck_assert_int_eq(link(target, path), 0);
    refused(safefile_give(path, S_IFSOCK, SAFEFILE_KEEP_UID, (gid_t) -1, 0666,
			  &st, err), "is not a socket: refused");
    ck_assert_int_eq(unlink(path), 0);
    /* A socket with a second name. */
    sock = make_socket();
    (void) snprintf(other, sizeof(other), "%s/other", dir);
    ck_assert_int_eq(link(path, other), 0);
    refused(safefile_give(path, S_IFSOCK, SAFEFILE_KEEP_UID, (gid_t) -1, 0666,
			  &st, err), "has 2 hard links: refused");
    close(sock);
}
END_TEST

static Suite *safefile_suite(void)
{
    Suite  *s = suite_create("safefile");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_create_exact_mode);
    tcase_add_test(tc, test_symlink);
    tcase_add_test(tc, test_hard_link);
    tcase_add_test(tc, test_not_regular);
    tcase_add_test(tc, test_missing);
    tcase_add_test(tc, test_give);
    tcase_add_test(tc, test_give_refuses_links);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(safefile_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
