/* embed.h: the default data files (stopwords/, concepts/, rules/) compiled in. */
#ifndef HRTK_EMBED_H
#define HRTK_EMBED_H

#include <stddef.h>

struct embedded {
	const char *name;	/* repo path, e.g. "stopwords/english.txt" */
	const char *data;	/* NUL-terminated */
	size_t len;
};

/* Ends with a row whose name is NULL. */
extern const struct embedded embedded_files[];

/* The embedded file with that repo path, or NULL. */
const struct embedded *embedded_find(const char *name);

#endif
