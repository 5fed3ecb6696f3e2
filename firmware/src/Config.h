#pragma once
// Build-time settings. Pins are for the ESP32-C6-DevKitC-1 (README.md "Wiring"); network settings come from
// secrets.ini as -D flags (see secrets.ini.example).

#ifndef TS_FW_VERSION
#define TS_FW_VERSION "1.0.0"
#endif

// I2C bus shared by SCD4x (0x62), SHT4x (0x44), BH1750 (0x23) and MPU-6050 (0x68).
#ifndef TS_PIN_SDA
#define TS_PIN_SDA 6
#endif
#ifndef TS_PIN_SCL
#define TS_PIN_SCL 7
#endif
#ifndef TS_I2C_HZ
#define TS_I2C_HZ 400000
#endif
// PIR output (push-pull, high on motion).
#ifndef TS_PIN_PIR
#define TS_PIN_PIR 2
#endif
// Hall switch output (open drain, low while the magnet is near: door closed).
#ifndef TS_PIN_HALL
#define TS_PIN_HALL 3
#endif
#ifndef TS_HALL_ACTIVE_LOW
#define TS_HALL_ACTIVE_LOW 1
#endif
// The DevKitC-1's addressable RGB LED. Set TS_LED_RGB 0 for a plain LED on TS_PIN_LED.
#ifndef TS_PIN_LED
#define TS_PIN_LED 8
#endif
#ifndef TS_LED_RGB
#define TS_LED_RGB 1
#endif

// Door IMU mounting: the device axis parallel to the hinge and the sign of an opening rotation.
#ifndef TS_HINGE_AXIS
#define TS_HINGE_AXIS 2
#endif
#ifndef TS_HINGE_SIGN
#define TS_HINGE_SIGN 1.0f
#endif

#ifndef TS_INTERVAL_MS
#define TS_INTERVAL_MS 1000
#endif
// Offline buffer. A full tele line is ~250 bytes: 96 KiB holds ~6 minutes at one reading per second.
#ifndef TS_OUTBOX_BYTES
#define TS_OUTBOX_BYTES (96 * 1024)
#endif

// Empty SSID: no Wi-Fi, no MQTT, no NTP; USB serial only.
#ifndef TS_WIFI_SSID
#define TS_WIFI_SSID ""
#endif
#ifndef TS_WIFI_PASSWORD
#define TS_WIFI_PASSWORD ""
#endif
#ifndef TS_MQTT_URI
#define TS_MQTT_URI ""
#endif
#ifndef TS_MQTT_USER
#define TS_MQTT_USER ""
#endif
#ifndef TS_MQTT_PASSWORD
#define TS_MQTT_PASSWORD ""
#endif
#ifndef TS_NTP_SERVER
#define TS_NTP_SERVER "pool.ntp.org"
#endif
// Empty: twinscope-<last three bytes of the MAC address>.
#ifndef TS_DEVICE_ID
#define TS_DEVICE_ID ""
#endif
