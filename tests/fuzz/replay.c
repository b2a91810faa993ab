/*
 * replay.c: runs a fuzz harness over its seed folder once, without
 * libFuzzer, so that make check (plain and under the sanitizers) replays
 * every seed and every crash kept as a regression seed.
 *   t-fuzz-NAME [FILE...]   (no FILE: every file in SEED_DIR, by name)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, alloc = 0, n;

	if (!f) {
		perror(path);
		return 1;
	}
	do {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 65536;
			data = realloc(data, alloc);
			if (!data) {
				fprintf(stderr, "%s: out of memory\n", path);
				fclose(f);
				return 1;
			}
		}
		n = fread(data + len, 1, alloc - len, f);
		len += n;
	} while (n);
	fclose(f);
	/* an exact-size copy, so that ASan sees any read past the input */
	{
		uint8_t *exact = malloc(len ? len : 1);

		memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char **names = NULL, path[4096];
	size_t n = 0, i;
	struct dirent *e;
	DIR *dir;
	int bad = 0;

	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++)
			bad |= replay_file(argv[i]);
		return bad;
	}
	if (!(dir = opendir(SEED_DIR))) {
		perror(SEED_DIR);
		return 1;
	}
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", SEED_DIR, names[i]);
		bad |= replay_file(path);
		free(names[i]);
	}
	free(names);
	printf("%zu seeds replayed from %s\n", n, SEED_DIR);
	return bad;
}
