// Declarations only (CFuzzerDriver.h); the driver itself is in libFuzzer, linked by -sanitize=fuzzer.
#include "CFuzzerDriver.h"
