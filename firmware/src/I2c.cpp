#include "I2c.h"

#include <Wire.h>

namespace i2c {

bool probe(uint8_t address) {
  Wire.beginTransmission(address);
  return Wire.endTransmission() == 0;
}

bool write(uint8_t address, const uint8_t *data, size_t n) {
  Wire.beginTransmission(address);
  Wire.write(data, n);
  return Wire.endTransmission() == 0;
}

bool write_reg(uint8_t address, uint8_t reg, uint8_t value) {
  const uint8_t bytes[2] = {reg, value};
  return write(address, bytes, 2);
}

bool read(uint8_t address, uint8_t *data, size_t n) {
  // Exactly the (uint16_t, size_t, bool) overload: other argument types are ambiguous among Wire's overloads.
  if (Wire.requestFrom(static_cast<uint16_t>(address), n, true) != n) return false;
  for (size_t i = 0; i < n; i++) data[i] = static_cast<uint8_t>(Wire.read());
  return true;
}

bool read_reg(uint8_t address, uint8_t reg, uint8_t *data, size_t n) {
  Wire.beginTransmission(address);
  Wire.write(reg);
  if (Wire.endTransmission(false) != 0) return false;
  return read(address, data, n);
}

}  // namespace i2c
