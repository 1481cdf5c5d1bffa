#ifndef REMNANT_CFUZZDRIVER_H
#define REMNANT_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for a program with its own `main` (compiler-rt's FuzzerInterface.h):
/// parses libFuzzer's flags from argv and runs `UserCb` on every input, as LLVMFuzzerTestOneInput.
/// SwiftPM renames an executable's `main` and aliases it at link time, so the harnesses cannot
/// leave `main` to libFuzzer; they call this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
