#ifndef REMNANT_CCAIRO_SHIM_H
#define REMNANT_CCAIRO_SHIM_H
// Cairo's core API and the three vector/raster back ends Remnant writes: PDF, SVG, PNG (image surfaces).
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#endif
