#ifndef LADDER_CLIBCRYPTO_SHIM_H
#define LADDER_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
