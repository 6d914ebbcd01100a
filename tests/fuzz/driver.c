/*++
/* NAME
/*	driver 3
/* SUMMARY
/*	replay fuzz inputs without libFuzzer
/* SYNOPSIS
/*	fuzz_TARGET FILE|DIR...
/* DESCRIPTION
/*	Each fuzz target defines LLVMFuzzerTestOneInput(). Linked with this
/*	driver instead of libFuzzer, it runs every file named (or found in a
/*	named directory) through the target once: the seed corpus and every
/*	crash ever found become a regression test that runs in every build,
/*	under ASan/UBSan in the sanitizer build. Exit 0 when all inputs ran.
/*--*/

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* run_file - feed one file to the target */

static int run_file(const char *path)
{
    FILE   *fp;
    uint8_t *buf;
    long    size;

    if ((fp = fopen(path, "rb")) == 0) {
	perror(path);
	return (-1);
    }
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0
	|| fseek(fp, 0, SEEK_SET) != 0) {
	perror(path);
	fclose(fp);
	return (-1);
    }
    /* Exact-size copy so ASan sees any read past the input. */
    if ((buf = malloc(size ? (size_t) size : 1)) == 0) {
	fclose(fp);
	return (-1);
    }
    if (size && fread(buf, 1, (size_t) size, fp) != (size_t) size) {
	perror(path);
	free(buf);
	fclose(fp);
	return (-1);
    }
    fclose(fp);
    LLVMFuzzerTestOneInput(buf, (size_t) size);
    free(buf);
    return (0);
}

int     main(int argc, char **argv)
{
    int     i, runs = 0, errors = 0;

    for (i = 1; i < argc; i++) {
	struct stat st;

	if (stat(argv[i], &st) < 0) {
	    perror(argv[i]);
	    errors++;
	} else if (S_ISDIR(st.st_mode)) {
	    DIR    *dp = opendir(argv[i]);
	    struct dirent *de;

	    if (dp == 0) {
		perror(argv[i]);
		errors++;
		continue;
	    }
	    while ((de = readdir(dp)) != 0) {
		char    path[4096];

		if (de->d_name[0] == '.')
		    continue;
		if ((size_t) snprintf(path, sizeof(path), "%s/%s", argv[i],
				      de->d_name) >= sizeof(path)) {
		    fprintf(stderr, "path too long: %s/%s\n", argv[i], de->d_name);
		    errors++;
		    continue;
		}
		errors += run_file(path) < 0;
		runs++;
	    }
	    closedir(dp);
	} else {
	    errors += run_file(argv[i]) < 0;
	    runs++;
	}
    }
    printf("%s: %d inputs replayed, %d errors\n", argv[0], runs, errors);
    return (errors || runs == 0);
}
