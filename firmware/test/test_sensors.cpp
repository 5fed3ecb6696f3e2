// Sensor conversions against datasheet examples and hand-computed values.
#include "Bh1750.h"
#include "Mpu6050.h"
#include "Sensirion.h"
#include "TinyTest.h"

using namespace twinscope;

TEST(sensors, sensirion_crc_matches_the_datasheet_example) {
  const uint8_t beef[2] = {0xbe, 0xef};  // SCD4x / SHT4x datasheets: CRC(0xBEEF) = 0x92
  CHECK_EQ(sensirion_crc8(beef, 2), 0x92);
  uint8_t cmd[2];
  sensirion_command(SCD4X_READ_MEASUREMENT, cmd);
  CHECK_EQ(cmd[0], 0xec);
  CHECK_EQ(cmd[1], 0x05);
}

TEST(sensors, scd4x_measurement_decodes) {
  // SCD4x datasheet 3.5.2 example: CO2 0x01f4 = 500 ppm, T 0x6667 = 25 degC, RH 0x5eb9 = 37 %.
  uint8_t raw[9] = {0x01, 0xf4, 0, 0x66, 0x67, 0, 0x5e, 0xb9, 0};
  raw[2] = sensirion_crc8(raw, 2);
  raw[5] = sensirion_crc8(raw + 3, 2);
  raw[8] = sensirion_crc8(raw + 6, 2);
  Scd4xMeasurement m;
  CHECK(scd4x_decode(raw, m));
  CHECK_NEAR(m.co2_ppm, 500, 0.001);
  CHECK_NEAR(m.temp_c, 25.0, 0.01);
  CHECK_NEAR(m.rh, 37.0, 0.01);
  raw[4] ^= 1;  // a flipped bit on the bus
  CHECK(!scd4x_decode(raw, m));
  uint8_t zero[9] = {0, 0, 0, 0x66, 0x67, 0, 0x5e, 0xb9, 0};
  zero[2] = sensirion_crc8(zero, 2);
  zero[5] = sensirion_crc8(zero + 3, 2);
  zero[8] = sensirion_crc8(zero + 6, 2);
  CHECK(!scd4x_decode(zero, m));  // 0 ppm: no valid measurement yet
}

TEST(sensors, scd4x_data_ready_uses_the_low_eleven_bits) {
  uint8_t raw[3] = {0x80, 0x00, 0};
  raw[2] = sensirion_crc8(raw, 2);
  bool ready = true;
  CHECK(scd4x_data_ready(raw, ready));
  CHECK(!ready);
  raw[0] = 0x00, raw[1] = 0x06;
  raw[2] = sensirion_crc8(raw, 2);
  CHECK(scd4x_data_ready(raw, ready));
  CHECK(ready);
}

TEST(sensors, sht4x_conversion_and_clipping) {
  uint8_t raw[6] = {0x66, 0x66, 0, 0x80, 0x00, 0};
  raw[2] = sensirion_crc8(raw, 2);
  raw[5] = sensirion_crc8(raw + 3, 2);
  float t, rh;
  CHECK(sht4x_decode(raw, t, rh));
  CHECK_NEAR(t, -45 + 175 * 26214.0 / 65535.0, 0.001);
  CHECK_NEAR(rh, -6 + 125 * 32768.0 / 65535.0, 0.001);
  raw[3] = 0xff, raw[4] = 0xff;  // 119 % before clipping
  raw[5] = sensirion_crc8(raw + 3, 2);
  CHECK(sht4x_decode(raw, t, rh));
  CHECK_NEAR(rh, 100, 0.0001);
}

TEST(sensors, bh1750_counts_to_lux) {
  const uint8_t raw[2] = {0x83, 0x90};  // datasheet example: 0x8390 = 33680 counts -> 28067 lx
  CHECK_EQ(bh1750_count(raw), 33680);
  CHECK_NEAR(bh1750_lux(33680), 28066.67, 0.05);
  CHECK_NEAR(bh1750_lux(120, 138), 50.0, 0.001);   // doubled measurement time halves lux per count
  CHECK_NEAR(bh1750_lux(120, 69, true), 50.0, 0.001);
  CHECK_NEAR(bh1750_lux(0), 0, 0);
}

TEST(sensors, mpu6050_burst_to_units) {
  // accel x = +1 g at 2 g range (16384), y = -0.5 g, z = 0; temp 0 -> 36.53 degC;
  // gyro x = 131 (1 deg/s at 250), y = -32768, z = 1310
  const uint8_t raw[14] = {0x40, 0x00, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x83, 0x80, 0x00, 0x05, 0x1e};
  ImuSample s;
  float temp = 0;
  mpu6050_decode(raw, GyroRange::Dps250, AccelRange::G2, s, &temp);
  CHECK_NEAR(s.accel_g[0], 1.0, 1e-6);
  CHECK_NEAR(s.accel_g[1], -0.5, 1e-6);
  CHECK_NEAR(s.accel_g[2], 0, 1e-6);
  CHECK_NEAR(temp, 36.53, 1e-4);
  CHECK_NEAR(s.gyro_dps[0], 1.0, 1e-6);
  CHECK_NEAR(s.gyro_dps[1], -32768 / 131.0, 1e-3);
  CHECK_NEAR(s.gyro_dps[2], 10.0, 1e-6);
  CHECK(s.has_accel);
  mpu6050_decode(raw, GyroRange::Dps2000, AccelRange::G16, s);
  CHECK_NEAR(s.gyro_dps[2], 1310 / 16.4, 1e-3);
  CHECK_NEAR(s.accel_g[0], 8.0, 1e-6);
  CHECK_EQ(mpu6050_range_bits(static_cast<uint8_t>(GyroRange::Dps2000)), 0x18);
}
