/* embed.c: looking up the data files compiled into the binary. */
#include <string.h>

#include "embed.h"

const struct embedded *embedded_find(const char *name)
{
	const struct embedded *e;

	for (e = embedded_files; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}
