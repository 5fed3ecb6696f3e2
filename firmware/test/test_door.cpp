// Door angle integration and slam detection, driven by a simulated leaf with real angular rates at 100 Hz.
#include <math.h>

#include "DoorTracker.h"
#include "TinyTest.h"

using namespace twinscope;

namespace {

// A leaf on a hinge parallel to the IMU's z axis. The hall contact closes below 2 degrees.
struct Leaf {
  DoorTracker tracker;
  uint32_t now = 1000;
  float angle = 0;        // true angle, deg
  float bias = 0.8f;      // gyro zero-rate offset, deg/s
  float noise = 0;        // gyro noise on the hinge axis, uniform within +-noise deg/s
  uint32_t rng = 12345;
  bool accel = true;      // the IMU has an accelerometer
  float impact_g = 0;     // acceleration magnitude at the next contact (0: no impact)
  int slams = 0;
  int opened = 0;
  int closed = 0;
  uint32_t closed_ms = 0;  // when the last DOOR_CLOSED came
  bool has_contact = true;

  Leaf() : tracker(DoorAngleConfig(), SlamConfig()) {}

  // Turns at `rate` deg/s for `ms`, stopping at the frame (0) and at 120 degrees.
  void turn(float rate, uint32_t ms) {
    for (uint32_t t = 0; t < ms; t += 10) {
      const float before = angle;
      angle += rate * 0.01f;
      if (angle < 0) angle = 0;
      if (angle > 120) angle = 120;
      const float actual = (angle - before) / 0.01f;
      const bool contact = angle < 2.0f;
      const bool hit = contact && before >= 2.0f;
      ImuSample s;
      s.gyro_dps[0] = 0.3f;
      s.gyro_dps[1] = -0.2f;
      s.gyro_dps[2] = actual + bias + noise * next_noise();
      s.has_accel = accel;
      s.accel_g[2] = (hit && impact_g > 0) ? impact_g : 1.0f;
      now += 10;
      const uint8_t events = tracker.update(now, &s, has_contact, contact);
      slams += (events & DOOR_SLAM) ? 1 : 0;
      opened += (events & DOOR_OPENED) ? 1 : 0;
      closed += (events & DOOR_CLOSED) ? 1 : 0;
      if (events & DOOR_CLOSED) closed_ms = now;
    }
  }
  void rest(uint32_t ms) { turn(0, ms); }
  // Turns at a rate going from `from` to `to` deg/s over `ms`, a step every 10 ms.
  void ramp(float from, float to, uint32_t ms) {
    for (uint32_t t = 0; t < ms; t += 10) turn(from + (to - from) * static_cast<float>(t) / ms, 10);
  }
  float next_noise() {  // -1..1, a fixed sequence
    rng = rng * 1103515245u + 12345u;
    return static_cast<float>((rng >> 8) & 0xffff) / 32767.5f - 1.0f;
  }
};

}  // namespace

TEST(door, angle_follows_the_integrated_rate) {
  Leaf leaf;
  leaf.rest(2000);  // closed and still: the bias is learned
  CHECK_NEAR(leaf.tracker.rate(), 0, 0.2);
  leaf.turn(90, 1000);
  leaf.rest(500);
  CHECK_NEAR(leaf.angle, 90, 0.01);
  CHECK_NEAR(leaf.tracker.angle(), 90, 2.0);
  leaf.turn(-30, 1000);
  CHECK_NEAR(leaf.tracker.angle(), 60, 2.0);
  CHECK_EQ(leaf.opened, 1);
  CHECK_EQ(leaf.closed, 0);
}

TEST(door, hall_contact_re_zeroes_the_drift) {
  Leaf leaf;
  leaf.rest(2000);
  leaf.bias = 3.0f;  // the offset moves (temperature) while the door is open: the angle drifts
  leaf.turn(60, 1000);
  leaf.rest(10000);
  CHECK(leaf.tracker.angle() > 60 + 20);  // 10 s at ~2 deg/s of unlearned bias
  leaf.turn(-40, 2000);
  CHECK(leaf.tracker.closed());
  CHECK_EQ(leaf.tracker.angle(), 0);  // exactly: the contact says closed
  CHECK_EQ(leaf.closed, 1);
  leaf.rest(8000);  // a long rest against the frame: the new bias is learned, however far it moved
  CHECK_NEAR(leaf.tracker.bias(), 3.0, 0.05);
  leaf.turn(60, 1000);
  leaf.rest(1000);
  CHECK_NEAR(leaf.tracker.angle(), 60, 3.0);
}

TEST(bias, constant_bias_at_rest_is_learned) {
  Leaf leaf;
  leaf.noise = 0.1f;
  leaf.rest(1400);
  CHECK(leaf.tracker.bias() == 0.0f);  // not yet: less than 1.5 s of rest
  leaf.rest(1600);
  CHECK_NEAR(leaf.tracker.bias(), 0.8, 0.03);
  CHECK_NEAR(leaf.tracker.rate(), 0, 0.15);
  leaf.turn(60, 1000);
  const float opened = leaf.tracker.angle();
  leaf.rest(60000);  // a minute open: no drift to speak of
  CHECK_NEAR(leaf.tracker.angle(), opened, 0.5);
}

namespace {

// Learns the bias at rest, then opens the door starting with `onset` (the reed still closed), and leaves it open for
// a minute. Returns how far the angle drifted while it stood open; `bias_moved` is how much the onset taught.
float drift_after_onset(void (*onset)(Leaf &), float &bias_moved) {
  Leaf leaf;
  leaf.noise = 0.05f;
  leaf.rest(3000);
  const float learned = leaf.tracker.bias();
  CHECK_NEAR(learned, 0.8, 0.03);
  onset(leaf);
  CHECK(leaf.tracker.closed());  // the onset happened within the reed's range
  leaf.turn(60, 1000);
  CHECK(!leaf.tracker.closed());
  const float opened = leaf.tracker.angle();
  leaf.rest(60000);
  bias_moved = leaf.tracker.bias() - learned;
  return leaf.tracker.angle() - opened;
}

}  // namespace

TEST(bias, slow_opening_onset_is_not_learned) {
  float moved = 0;
  // Speeding up from rest to 3 deg/s over half a second: the first samples look like a still leaf.
  float drift = drift_after_onset([](Leaf &l) { l.ramp(0, 3, 500); }, moved);
  CHECK_NEAR(moved, 0, 0.01);
  CHECK_NEAR(drift, 0, 0.5);
  // A steady 1.5 deg/s for half a second: stable, but not for long enough to be rest.
  drift = drift_after_onset([](Leaf &l) { l.turn(1.5f, 500); }, moved);
  CHECK_NEAR(moved, 0, 0.01);
  CHECK_NEAR(drift, 0, 0.5);
}

TEST(bias, end_of_a_close_is_not_learned) {
  Leaf leaf;
  leaf.noise = 0.05f;
  leaf.rest(3000);
  const float learned = leaf.tracker.bias();
  leaf.turn(40, 1500);
  leaf.rest(1000);
  leaf.turn(-40, 1460);  // closing: the reed closes at ~1.6 degrees...
  CHECK(leaf.tracker.closed());
  leaf.ramp(-0.9f, 0, 150);  // ...and the leaf creeps on, slowing, before it settles
  float worst = 0;
  for (int i = 0; i < 300; i++) {  // 3 s at rest: the creep never shows in the bias, not even for a while
    leaf.rest(10);
    const float off = fabsf(leaf.tracker.bias() - learned);
    if (off > worst) worst = off;
  }
  CHECK_NEAR(worst, 0, 0.01);
}

TEST(door, without_hall_sensor_the_angle_is_free_running) {
  Leaf leaf;
  leaf.has_contact = false;
  leaf.bias = 0;
  leaf.turn(45, 1000);
  leaf.turn(-45, 1000);
  CHECK_NEAR(leaf.tracker.angle(), 0, 1.0);
  CHECK(!leaf.tracker.has_contact());
  CHECK_EQ(leaf.slams, 0);  // no contact, no slam
}

TEST(slam, fast_close_with_impact_is_a_slam) {
  Leaf leaf;
  leaf.rest(500);
  leaf.turn(45, 2000);  // opened slowly to 90
  leaf.rest(1000);
  leaf.impact_g = 2.5f;
  leaf.turn(-300, 400);  // slammed: 90 degrees in 0.3 s
  leaf.rest(300);
  CHECK_EQ(leaf.slams, 1);
  const SlamEvent &e = leaf.tracker.slam();
  CHECK(e.peak_rate_dps >= 290);
  CHECK(e.gyro[2] < -290);  // the sample at the peak, device axes (closing is negative here)
  CHECK(e.has_accel);
  CHECK_NEAR(e.accel[2], 2.5, 0.01);
  CHECK_EQ(leaf.tracker.angle(), 0);
}

TEST(slam, timed_at_the_peak_before_the_contact) {
  Leaf leaf;
  leaf.rest(500);
  leaf.turn(45, 2000);  // opened slowly to 90
  leaf.rest(1000);
  leaf.impact_g = 2.5f;
  leaf.turn(-350, 200);  // the fastest part of the swing, ending 20 degrees from the frame
  const uint32_t peak_ms = leaf.now;
  const float peak_angle = leaf.tracker.angle();
  const float peak_rate = leaf.tracker.rate();
  leaf.turn(-200, 300);  // slower over the last degrees: the contact ~100 ms later
  leaf.rest(300);
  CHECK_EQ(leaf.slams, 1);
  CHECK_EQ(leaf.closed, 1);
  const SlamEvent &e = leaf.tracker.slam();
  CHECK_EQ(e.at_ms, peak_ms);  // the event's time: the peak, not the contact
  CHECK_EQ(e.contact_ms, leaf.closed_ms);
  CHECK(e.contact_ms - e.at_ms >= 80);
  CHECK_NEAR(e.peak_rate_dps, -peak_rate, 0.001);
  CHECK_NEAR(e.gyro[2], -350 + leaf.bias, 0.01);  // the raw sample at the peak, device axes
  CHECK_NEAR(e.angle, peak_angle, 0.001);          // and the angle the device had then
  CHECK_NEAR(e.angle, 20, 3);
  CHECK(e.has_accel);
}

TEST(slam, fast_swing_that_does_not_close_is_not_a_slam) {
  Leaf leaf;
  leaf.rest(500);
  leaf.impact_g = 2.5f;
  leaf.turn(300, 400);  // flung open, as fast as a slam, stopping at 120 degrees
  leaf.rest(1000);
  leaf.turn(-300, 330);  // swung fast toward the frame but stopped at ~21 degrees
  leaf.rest(1000);
  CHECK_EQ(leaf.slams, 0);
  CHECK(!leaf.tracker.closed());
  leaf.turn(-20, 1500);  // then closed gently: a slow close after fast swings is still no slam
  leaf.rest(500);
  CHECK(leaf.tracker.closed());
  CHECK_EQ(leaf.slams, 0);
}

TEST(slam, slow_close_with_a_bump_is_not_a_slam) {
  Leaf leaf;
  leaf.rest(500);
  leaf.turn(45, 2000);
  leaf.rest(1000);
  leaf.impact_g = 2.0f;  // someone knocks while it closes slowly
  leaf.turn(-40, 3000);
  leaf.rest(300);
  CHECK(leaf.tracker.closed());
  CHECK_EQ(leaf.slams, 0);
}

TEST(slam, without_accelerometer_the_rate_alone_decides) {
  Leaf leaf;
  leaf.accel = false;
  leaf.rest(500);
  leaf.turn(45, 2000);
  leaf.turn(-300, 400);
  leaf.rest(300);
  CHECK_EQ(leaf.slams, 1);
  CHECK(!leaf.tracker.slam().has_accel);
}

TEST(slam, fast_close_without_impact_is_a_damped_close) {
  Leaf leaf;
  leaf.rest(500);
  leaf.turn(45, 2000);
  leaf.impact_g = 0;  // an accelerometer that felt nothing: a door closer caught it
  leaf.turn(-300, 400);
  leaf.rest(500);
  CHECK(leaf.tracker.closed());
  CHECK_EQ(leaf.slams, 0);
}

TEST(slam, one_event_per_slam) {
  Leaf leaf;
  leaf.rest(500);
  for (int i = 0; i < 3; i++) {
    leaf.turn(60, 1500);
    leaf.impact_g = 3.0f;
    leaf.turn(-400, 300);
    leaf.rest(1000);
  }
  CHECK_EQ(leaf.slams, 3);
  CHECK_EQ(leaf.closed, 3);
  CHECK_EQ(leaf.opened, 3);
}
