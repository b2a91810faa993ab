/*
 * mojibake.h: Windows-1252, and the damage done by reading UTF-8 as
 * Windows-1252 or Latin-1 ("Ã©" for "é", "â€™" for "’").
 */
#ifndef HRTK_MOJIBAKE_H
#define HRTK_MOJIBAKE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The code point of a Windows-1252 byte (undefined bytes give their C1 control). */
int32_t cp1252_decode(unsigned char b);
/* The Windows-1252 (or Latin-1) byte that shows as cp, or -1. */
int cp1252_encode(int32_t cp);

/*
 * Appends s (valid UTF-8) to out with mojibake repaired: a run of characters
 * whose Windows-1252 or Latin-1 bytes form one valid multi-byte UTF-8
 * sequence becomes that character; repeated damage is undone up to three
 * times. A lead character followed by anything else ("NÃO", "SÃO PAULO")
 * is left alone. Returns the number of repairs.
 */
size_t mojibake_fix(struct buf *out, const char *s, size_t len);

#endif
