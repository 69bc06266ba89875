// libssh2 and its SFTP layer. Function-like macros (libssh2_session_init,
// libssh2_sftp_open, ...) are not imported by Swift: Swift calls the `_ex` forms.
// The one-liners below replace macros that have no `_ex` form.
#ifndef ML_CONNECTOR_CLIBSSH2_SHIM_H
#define ML_CONNECTOR_CLIBSSH2_SHIM_H
#include <libssh2.h>
#include <libssh2_sftp.h>

// Replaces LIBSSH2_SFTP_S_ISDIR(mode).
static inline int libssh2_sftp_s_isdir_mode(unsigned long mode) { return LIBSSH2_SFTP_S_ISDIR(mode); }
// Replaces LIBSSH2_SFTP_S_ISREG(mode).
static inline int libssh2_sftp_s_isreg_mode(unsigned long mode) { return LIBSSH2_SFTP_S_ISREG(mode); }

#endif
