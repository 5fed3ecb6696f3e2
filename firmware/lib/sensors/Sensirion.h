#pragma once
// Sensirion I2C framing (SCD4x CO2, SHT4x temperature/humidity): 16-bit big-endian words each followed by a CRC-8
// (polynomial 0x31, init 0xFF), and the datasheet conversions. Pure functions; the bus lives in src/.

#include <stddef.h>
#include <stdint.h>

namespace twinscope {

static const uint8_t SCD4X_ADDRESS = 0x62;
static const uint16_t SCD4X_START_PERIODIC = 0x21b1;
static const uint16_t SCD4X_STOP_PERIODIC = 0x3f86;
static const uint16_t SCD4X_DATA_READY = 0xe4b8;
static const uint16_t SCD4X_READ_MEASUREMENT = 0xec05;
static const uint32_t SCD4X_STOP_DELAY_MS = 500;   // after stop_periodic_measurement
static const uint32_t SCD4X_READ_DELAY_MS = 1;     // between a read command and reading its reply
static const uint32_t SCD4X_PERIOD_MS = 5000;      // one measurement every 5 s in periodic mode

static const uint8_t SHT4X_ADDRESS = 0x44;
static const uint8_t SHT4X_MEASURE_HIGH = 0xfd;
static const uint32_t SHT4X_MEASURE_MS = 10;       // high repeatability: 8.3 ms max

uint8_t sensirion_crc8(const uint8_t *data, size_t n);

// Checks and unpacks `n_words` words from 3 * n_words bytes. False when any CRC is wrong.
bool sensirion_words(const uint8_t *raw, size_t n_words, uint16_t *words);

// A 16-bit command as the two bytes sent on the bus.
void sensirion_command(uint16_t command, uint8_t out[2]);

struct Scd4xMeasurement {
  float co2_ppm = 0;
  float temp_c = 0;
  float rh = 0;
};

// get_data_ready_status reply (3 bytes): ready when the low 11 bits are not all zero.
bool scd4x_data_ready(const uint8_t raw[3], bool &ready);
// read_measurement reply (9 bytes). False on a CRC error, or for co2 = 0, which the sensor reports before its
// first valid measurement.
bool scd4x_decode(const uint8_t raw[9], Scd4xMeasurement &out);

// SHT4x measurement reply (6 bytes): temperature, then humidity clipped to 0..100 % as the datasheet advises.
bool sht4x_decode(const uint8_t raw[6], float &temp_c, float &rh);

}  // namespace twinscope
