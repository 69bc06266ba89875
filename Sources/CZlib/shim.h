// zlib. inflateInit2 / deflateInit2 are macros over the `_` functions that also pass
// ZLIB_VERSION and sizeof(z_stream); these one-liners keep that check intact.
#ifndef ML_CONNECTOR_CZLIB_SHIM_H
#define ML_CONNECTOR_CZLIB_SHIM_H
#include <zlib.h>

// Replaces inflateInit2(strm, windowBits).
static inline int zlib_inflate_init2(z_streamp s, int windowBits) { return inflateInit2(s, windowBits); }
// Replaces deflateInit2(strm, level, method, windowBits, memLevel, strategy).
static inline int zlib_deflate_init2(z_streamp s, int level, int windowBits) { return deflateInit2(s, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY); }

#endif
