#include "SimSensors.h"

#include "Interval.h"

namespace twinscope {

void SimScd4x::loop(uint32_t now_ms) {
  if (!reached(now_ms, next_)) return;
  next_ = now_ms + 5000;
  ppm_ = static_cast<float>(static_cast<int>(w_.co2() + w_.noise(8.0f)));  // the sensor reports whole ppm
  has_ = true;
}

void SimSht4x::loop(uint32_t now_ms) {
  if (has_ && !reached(now_ms, next_)) return;
  next_ = now_ms + 1000;
  t_ = w_.temp() + w_.noise(0.02f);
  h_ = w_.rh() + w_.noise(0.1f);
  has_ = true;
}

}  // namespace twinscope
