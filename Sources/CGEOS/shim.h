#ifndef REMNANT_CGEOS_SHIM_H
#define REMNANT_CGEOS_SHIM_H
// Only the reentrant (_r) API: every call names its context, so contexts are never shared by accident.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
