#include "Sensirion.h"

namespace twinscope {

uint8_t sensirion_crc8(const uint8_t *data, size_t n) {
  uint8_t crc = 0xff;
  for (size_t i = 0; i < n; i++) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; bit++) crc = (crc & 0x80) ? static_cast<uint8_t>((crc << 1) ^ 0x31) : crc << 1;
  }
  return crc;
}

bool sensirion_words(const uint8_t *raw, size_t n_words, uint16_t *words) {
  for (size_t i = 0; i < n_words; i++) {
    const uint8_t *group = raw + 3 * i;
    if (sensirion_crc8(group, 2) != group[2]) return false;
    words[i] = static_cast<uint16_t>((group[0] << 8) | group[1]);
  }
  return true;
}

void sensirion_command(uint16_t command, uint8_t out[2]) {
  out[0] = static_cast<uint8_t>(command >> 8);
  out[1] = static_cast<uint8_t>(command & 0xff);
}

bool scd4x_data_ready(const uint8_t raw[3], bool &ready) {
  uint16_t word;
  if (!sensirion_words(raw, 1, &word)) return false;
  ready = (word & 0x07ff) != 0;
  return true;
}

bool scd4x_decode(const uint8_t raw[9], Scd4xMeasurement &out) {
  uint16_t w[3];
  if (!sensirion_words(raw, 3, w) || w[0] == 0) return false;
  out.co2_ppm = w[0];
  out.temp_c = -45.0f + 175.0f * static_cast<float>(w[1]) / 65535.0f;
  out.rh = 100.0f * static_cast<float>(w[2]) / 65535.0f;
  return true;
}

bool sht4x_decode(const uint8_t raw[6], float &temp_c, float &rh) {
  uint16_t w[2];
  if (!sensirion_words(raw, 2, w)) return false;
  temp_c = -45.0f + 175.0f * static_cast<float>(w[0]) / 65535.0f;
  rh = -6.0f + 125.0f * static_cast<float>(w[1]) / 65535.0f;
  if (rh < 0) rh = 0;
  if (rh > 100) rh = 100;
  return true;
}

}  // namespace twinscope
