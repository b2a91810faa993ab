/*
 * cli-terms.h: the options of the terms layer (terms.h), spelled the same in
 * every command that turns text into terms (tok, count):
 *
 *	static const struct option longopts[] = { CLI_LONGOPTS, TERMS_LONGOPTS, ... };
 *	default:
 *		if (!terms_option(&cli, &topts, c))
 *			cli_common(&cli, c, argv);
 */
#ifndef HRTK_CLI_TERMS_H
#define HRTK_CLI_TERMS_H

#include "cli.h"
#include "terms.h"

/* Codes between the common options and OPT_CMD_BASE. */
enum {
	OPT_TERMS_STOP = 1050,
	OPT_TERMS_STEM,
	OPT_TERMS_MIN_LEN,
	OPT_TERMS_KEEP_CASE,
	OPT_TERMS_CASEFOLD,
	OPT_TERMS_SPLIT_HYPHENS,
	OPT_TERMS_NGRAMS,
	OPT_TERMS_LANG,
	OPT_TERMS_NO_URLS,
	OPT_TERMS_STRIP_ACCENTS
};

#define TERMS_LONGOPTS \
	{ "stop", required_argument, NULL, OPT_TERMS_STOP }, \
	{ "stem", required_argument, NULL, OPT_TERMS_STEM }, \
	{ "min-len", required_argument, NULL, OPT_TERMS_MIN_LEN }, \
	{ "keep-case", no_argument, NULL, OPT_TERMS_KEEP_CASE }, \
	{ "casefold", no_argument, NULL, OPT_TERMS_CASEFOLD }, \
	{ "split-hyphens", no_argument, NULL, OPT_TERMS_SPLIT_HYPHENS }, \
	{ "ngrams", required_argument, NULL, OPT_TERMS_NGRAMS }, \
	{ "lang", required_argument, NULL, OPT_TERMS_LANG }, \
	{ "no-urls", no_argument, NULL, OPT_TERMS_NO_URLS }, \
	{ "strip-accents", no_argument, NULL, OPT_TERMS_STRIP_ACCENTS }

#define TERMS_HELP \
	"      --lang LANG        language for elisions (fr, it) and auto lists; auto: per document\n" \
	"      --stop LANG|FILE   drop stop words: a language (code or name), auto, or a file\n" \
	"      --stem LANG        Snowball stems (libstemmer); auto: per document\n" \
	"      --min-len N        drop tokens shorter than N characters\n" \
	"      --casefold         fold case (the default); --keep-case keeps it\n" \
	"      --keep-case        keep the case of tokens\n" \
	"      --strip-accents    remove accents from tokens\n" \
	"      --split-hyphens    \"self-support\" gives \"self\" and \"support\"\n" \
	"      --ngrams N|N-M     n-grams of N (to M) terms joined by a space\n" \
	"      --no-urls          drop URLs and e-mail addresses\n"

/* Handles a terms option: returns 1, or 0 when c is not one. Bad values exit 2. */
int terms_option(const struct cli *cli, struct terms_opts *o, int c);
/* terms_init() or a usage error (exit 2) naming the problem. */
void terms_setup(const struct cli *cli, struct terms *t, const struct terms_opts *o);

#endif
