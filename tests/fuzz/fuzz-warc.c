/* fuzz-warc.c: the WARC reader and payload decoder on arbitrary (maybe gzip) bytes. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	struct warc_record r;
	struct warc_payload p;
	struct warc w;
	char path[64];
	int fd = memfd_create("warc", 0), rc, records = 0;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (warc_open(&w, path) == 0) {
		warc_record_init(&r);
		while ((rc = warc_next(&w, &r, &err)) != 0 && records++ < 10000) {
			buf_reset(&err);
			if (rc == -2)
				break;
			if (rc < 0)
				continue;
			warc_payload_init(&p);
			warc_payload(&r, &p, &err);
			buf_reset(&err);
			warc_payload_release(&p);
		}
		warc_record_release(&r);
		warc_close(&w);
	}
	close(fd);
	buf_release(&err);
	return 0;
}
