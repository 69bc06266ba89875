// Typed wrappers for libcurl's variadic entry points, which Swift cannot call.
// Only static inline one-liners live here: no logic in C.
#ifndef ML_CONNECTOR_CCURL_SHIM_H
#define ML_CONNECTOR_CCURL_SHIM_H
#include <curl/curl.h>

// Replaces curl_easy_setopt(handle, option, long).
static inline CURLcode curl_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
// Replaces curl_easy_setopt(handle, option, curl_off_t).
static inline CURLcode curl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
// Replaces curl_easy_setopt(handle, option, char *): libcurl copies strings (since 7.17.0).
static inline CURLcode curl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
// Replaces curl_easy_setopt(handle, option, void *): userdata, error buffers, slists.
static inline CURLcode curl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
// Replaces curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION / HEADERFUNCTION, callback).
static inline CURLcode curl_easy_setopt_write_callback(CURL *h, CURLoption o, size_t (*cb)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, o, cb); }
// Replaces curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback).
static inline CURLcode curl_easy_setopt_read_callback(CURL *h, CURLoption o, size_t (*cb)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, o, cb); }
// Replaces curl_easy_getinfo(handle, info, long *).
static inline CURLcode curl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
// Replaces curl_easy_getinfo(handle, info, double *).
static inline CURLcode curl_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
// Replaces curl_easy_getinfo(handle, info, curl_off_t *).
static inline CURLcode curl_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
// Replaces curl_easy_getinfo(handle, info, char **).
static inline CURLcode curl_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }

#endif
