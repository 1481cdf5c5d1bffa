// The declaration in include/ is all this target provides; libFuzzer (-sanitize=fuzzer) defines it.
