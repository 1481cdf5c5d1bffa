#ifndef REMNANT_CPROJ_SHIM_H
#define REMNANT_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
