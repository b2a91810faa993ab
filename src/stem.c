/* stem.c: libstemmer behind hrtk's own names. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libstemmer.h>

#include "err.h"
#include "stem.h"

struct stemmer {
	struct sb_stemmer *sb;
};

/* ISO 639-1 codes for libstemmer's algorithm names. */
static const struct { const char *code, *name; } codes[] = {
	{ "ar", "arabic" }, { "hy", "armenian" }, { "eu", "basque" }, { "ca", "catalan" },
	{ "da", "danish" }, { "nl", "dutch" }, { "en", "english" }, { "fi", "finnish" },
	{ "fr", "french" }, { "de", "german" }, { "el", "greek" }, { "hi", "hindi" },
	{ "hu", "hungarian" }, { "id", "indonesian" }, { "ga", "irish" }, { "it", "italian" },
	{ "lt", "lithuanian" }, { "ne", "nepali" }, { "no", "norwegian" }, { "pt", "portuguese" },
	{ "ro", "romanian" }, { "ru", "russian" }, { "sr", "serbian" }, { "es", "spanish" },
	{ "sv", "swedish" }, { "ta", "tamil" }, { "tr", "turkish" }, { "yi", "yiddish" },
};

const char *stem_algorithm(const char *lang)
{
	const char **list = sb_stemmer_list(), **p;
	const char *name = lang;
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcasecmp(codes[i].code, lang))
			name = codes[i].name;
	for (p = list; *p; p++)
		if (!strcasecmp(*p, name))
			return *p;
	return NULL;
}

struct stemmer *stem_open(const char *lang, struct buf *err)
{
	const char *alg = stem_algorithm(lang);
	struct stemmer *st;
	struct sb_stemmer *sb;

	if (!alg || !(sb = sb_stemmer_new(alg, "UTF_8"))) {
		buf_addf(err, "no Snowball stemmer for '%s'", lang);
		return NULL;
	}
	st = emalloc(sizeof(*st));
	st->sb = sb;
	return st;
}

void stem_close(struct stemmer *st)
{
	if (!st)
		return;
	sb_stemmer_delete(st->sb);
	free(st);
}

const char *stem_word(struct stemmer *st, const char *w, size_t len, size_t *outlen)
{
	const sb_symbol *s;

	s = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)len);
	if (!s) {
		*outlen = len;
		return w;
	}
	*outlen = (size_t)sb_stemmer_length(st->sb);
	return (const char *)s;
}
