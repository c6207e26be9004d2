#ifndef LADDER_CBLAS_SHIM_H
#define LADDER_CBLAS_SHIM_H
#include <cblas.h>
#ifdef __linux__
#include <malloc.h>  /* mallopt: LadderTensor keeps activation-sized blocks in the heap */
#endif
#endif
