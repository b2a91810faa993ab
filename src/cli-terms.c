/* cli-terms.c: the terms options shared by tok and count. */
#include <stdlib.h>
#include <string.h>

#include "cli-terms.h"

static void parse_ngrams(const struct cli *cli, struct terms_opts *o, const char *arg)
{
	const char *dash = strchr(arg, '-');
	char lo[16];
	size_t n;

	if (!dash) {
		o->ngram_min = o->ngram_max = (int)cli_long(cli, "--ngrams", arg, 1, TERMS_MAX_N);
		return;
	}
	n = (size_t)(dash - arg);
	if (n == 0 || n >= sizeof(lo))
		cli_usage_error(cli, "--ngrams: '%s' is not N or N-M", arg);
	memcpy(lo, arg, n);
	lo[n] = '\0';
	o->ngram_min = (int)cli_long(cli, "--ngrams", lo, 1, TERMS_MAX_N);
	o->ngram_max = (int)cli_long(cli, "--ngrams", dash + 1, 1, TERMS_MAX_N);
	if (o->ngram_max < o->ngram_min)
		cli_usage_error(cli, "--ngrams: '%s' ends before it starts", arg);
}

int terms_option(const struct cli *cli, struct terms_opts *o, int c)
{
	switch (c) {
	case OPT_TERMS_STOP:
		o->stop = optarg;
		return 1;
	case OPT_TERMS_STEM:
		o->stem = optarg;
		return 1;
	case OPT_TERMS_MIN_LEN:
		o->tok.min_len = (size_t)cli_long(cli, "--min-len", optarg, 0, 1000);
		return 1;
	case OPT_TERMS_KEEP_CASE:
		o->tok.keep_case = 1;
		return 1;
	case OPT_TERMS_CASEFOLD:
		o->tok.keep_case = 0;
		return 1;
	case OPT_TERMS_SPLIT_HYPHENS:
		o->tok.split_hyphens = 1;
		return 1;
	case OPT_TERMS_NGRAMS:
		parse_ngrams(cli, o, optarg);
		return 1;
	case OPT_TERMS_LANG:
		o->lang = optarg;
		return 1;
	case OPT_TERMS_NO_URLS:
		o->tok.no_urls = 1;
		return 1;
	case OPT_TERMS_STRIP_ACCENTS:
		o->tok.strip_accents = 1;
		return 1;
	default:
		return 0;
	}
}

void terms_setup(const struct cli *cli, struct terms *t, const struct terms_opts *o)
{
	struct buf err = BUF_INIT;

	if (terms_init(t, o, &err) < 0)
		cli_usage_error(cli, "%s", err.data ? err.data : "bad options");
	buf_release(&err);
}
