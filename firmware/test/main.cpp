// Test entry point: the exit code is the result (0 = all passed). Under QEMU, semihosting passes it through.
#include "TinyTest.h"

int main() { return tinytest::run_all() == 0 ? 0 : 1; }
