// libFuzzer's driver, declared for Swift: SwiftPM names an executable's entry point <Module>_main and makes it
// `main`, which would hide libFuzzer's own `main`, so each harness's entry point hands over to the driver.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
