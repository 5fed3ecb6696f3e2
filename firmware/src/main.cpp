// Twinscope sensor node for the ESP32-C6: builds the parts and hands them to the portable Device (lib/device),
// which does the rest in setup()/loop(). Hardware and settings: Config.h and README.md.
#include <Arduino.h>
#include <Wire.h>
#include <esp_mac.h>
#include <stdio.h>

#include "ArduinoBoard.h"
#include "Bh1750Sensor.h"
#include "Config.h"
#include "Device.h"
#include "GpioSensors.h"
#include "Log.h"
#include "MqttLink.h"
#include "Mpu6050Sensor.h"
#include "NetworkTime.h"
#include "Scd4xSensor.h"
#include "SerialLink.h"
#include "Sht4xSensor.h"

using namespace twinscope;

static const char *const TAG = "main";

namespace {

// Temperature and humidity from the SHT4x; from the SCD4x's own sensor when there is no SHT4x (less accurate: the
// SCD4x warms itself).
class ClimateFallback : public ClimateSensor {
 public:
  ClimateFallback(const ClimateSensor &first, const ClimateSensor &second) : first_(first), second_(second) {}
  bool climate(float &t, float &rh) const override { return first_.climate(t, rh) || second_.climate(t, rh); }

 private:
  const ClimateSensor &first_;
  const ClimateSensor &second_;
};

char g_dev_id[65];
SerialLink g_serial;
MqttLink g_mqtt;
ArduinoBoard g_board(g_serial, TS_PIN_LED, TS_LED_RGB != 0);
NvsStorage g_storage;
Scd4xSensor g_scd4x;
Sht4xSensor g_sht4x;
Bh1750Sensor g_bh1750;
Mpu6050Sensor g_imu;
PirSensor g_pir(TS_PIN_PIR);
HallSensor g_hall(TS_PIN_HALL, TS_HALL_ACTIVE_LOW != 0);
ClimateFallback g_climate(g_sht4x, g_scd4x);
NetworkTime g_time(TS_NTP_SERVER);
uint8_t g_ring[TS_OUTBOX_BYTES];
Outbox g_outbox(g_ring, sizeof g_ring);
const bool g_use_wifi = TS_WIFI_SSID[0] != '\0' && TS_MQTT_URI[0] != '\0';

DeviceConfig make_config() {
  DeviceConfig c;
  c.dev = g_dev_id;  // filled in setup(), before the device reads it
  c.fw = TS_FW_VERSION;
  c.hw = "esp32c6";
  c.interval_ms = TS_INTERVAL_MS;
  c.door.hinge_axis = TS_HINGE_AXIS;
  c.door.sign = TS_HINGE_SIGN;
  return c;
}

DeviceParts make_parts() {
  DeviceParts p;
  p.board = &g_board;
  p.storage = &g_storage;
  p.outbox = &g_outbox;
  p.links[0] = &g_serial;
  if (g_use_wifi) p.links[1] = &g_mqtt;
  Component *components[] = {&g_scd4x, &g_sht4x, &g_bh1750, &g_pir, &g_hall, &g_imu};
  for (size_t i = 0; i < sizeof components / sizeof components[0]; i++) p.components[i] = components[i];
  p.co2 = &g_scd4x;
  p.climate = &g_climate;
  p.light = &g_bh1750;
  p.motion = &g_pir;
  p.door = &g_hall;
  p.imu = &g_imu;
  if (g_use_wifi) p.signal = &g_mqtt;
  return p;
}

Device g_device(make_config(), make_parts());

void make_device_id() {
  if (TS_DEVICE_ID[0] != '\0') {
    snprintf(g_dev_id, sizeof g_dev_id, "%s", TS_DEVICE_ID);
    return;
  }
  uint8_t mac[6] = {0};
  esp_efuse_mac_get_default(mac);
  snprintf(g_dev_id, sizeof g_dev_id, "twinscope-%02x%02x%02x", mac[3], mac[4], mac[5]);
}

}  // namespace

void setup() {
  g_serial.begin(115200);
  make_device_id();
  g_board.begin();
  Wire.begin(TS_PIN_SDA, TS_PIN_SCL, static_cast<uint32_t>(TS_I2C_HZ));
  log_set_board(&g_board);
  if (g_use_wifi) {
    const MqttSettings settings = {TS_WIFI_SSID, TS_WIFI_PASSWORD, TS_MQTT_URI, TS_MQTT_USER, TS_MQTT_PASSWORD};
    g_mqtt.begin(g_dev_id, settings);
  } else {
    TS_LOGI(TAG, "no Wi-Fi settings: USB serial only");
  }
  g_device.setup();
}

void loop() {
  if (g_use_wifi) g_time.loop(g_device, g_mqtt.wifi_connected());
  g_device.loop();
  // Not a delay: one scheduler tick so the idle task runs (task watchdog, power management). The device keeps
  // its own timers; a 1 ms gap does not disturb the 100 Hz IMU sampling.
  vTaskDelay(1);
}
