#pragma once
// Thin helpers over Wire for the sensor drivers: whole transfers that either succeed or report failure.

#include <stddef.h>
#include <stdint.h>

namespace i2c {

// True when a device acknowledges its address.
bool probe(uint8_t address);
bool write(uint8_t address, const uint8_t *data, size_t n);
bool write_reg(uint8_t address, uint8_t reg, uint8_t value);
bool read(uint8_t address, uint8_t *data, size_t n);
// Register read with a repeated start (MPU-6050 style).
bool read_reg(uint8_t address, uint8_t reg, uint8_t *data, size_t n);

}  // namespace i2c
