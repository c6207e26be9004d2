#ifndef LADDER_CBLAS_SHIM_H
#define LADDER_CBLAS_SHIM_H
#include <cblas.h>
#endif
