#pragma once
// A tiny test framework that runs the same way on the host (g++, sanitizers) and on rv32imac under QEMU
// (picolibc, semihosting): no STL, no exceptions, no heap; a fixed registry filled by static constructors.
// Output: one `FAIL` line per failed check, one summary line per suite, then `TOTAL <n> passed, <m> failed`.

#include <stdint.h>
#include <stdio.h>
#include <string.h>

namespace tinytest {

typedef void (*TestFn)();

struct Case {
  const char *suite;
  const char *name;
  TestFn fn;
};

static const int MAX_CASES = 512;

inline Case *cases() {
  static Case all[MAX_CASES];
  return all;
}
inline int &case_count() {
  static int n = 0;
  return n;
}
inline int &current_failures() {
  static int n = 0;
  return n;
}
inline const Case *&current_case() {
  static const Case *c = nullptr;
  return c;
}

struct Registrar {
  Registrar(const char *suite, const char *name, TestFn fn) {
    if (case_count() < MAX_CASES) cases()[case_count()++] = Case{suite, name, fn};
  }
};

inline void report(const char *file, int line, const char *what) {
  if (current_failures()++ < 5) {  // the first few failures of a case are enough to see what went wrong
    const Case *c = current_case();
    printf("FAIL %s.%s: %s:%d: %s\n", c->suite, c->name, file, line, what);
  }
}

inline bool check(bool ok, const char *file, int line, const char *expr) {
  if (!ok) report(file, line, expr);
  return ok;
}

inline bool check_int(long long a, long long b, const char *file, int line, const char *expr) {
  if (a == b) return true;
  char text[256];
  snprintf(text, sizeof text, "%s (%lld != %lld)", expr, a, b);
  report(file, line, text);
  return false;
}

inline bool check_str(const char *a, const char *b, const char *file, int line, const char *expr) {
  if (a != nullptr && b != nullptr && strcmp(a, b) == 0) return true;
  if (current_failures() < 5) {
    const Case *c = current_case();
    printf("FAIL %s.%s: %s:%d: %s\n  got:    %s\n  wanted: %s\n", c->suite, c->name, file, line, expr,
           a ? a : "(null)", b ? b : "(null)");
  }
  current_failures()++;
  return false;
}

inline bool check_near(double a, double b, double tol, const char *file, int line, const char *expr) {
  const double d = a > b ? a - b : b - a;
  if (d <= tol) return true;
  char text[256];
  // Printed as integers in thousandths: picolibc's printf may be built without floating point.
  snprintf(text, sizeof text, "%s (%lld/1000 vs %lld/1000)", expr, static_cast<long long>(a * 1000),
           static_cast<long long>(b * 1000));
  report(file, line, text);
  return false;
}

// Runs every case, prints a summary per suite (in registration order) and a total. Returns the failed count.
inline int run_all() {
  int total_passed = 0, total_failed = 0;
  for (int i = 0; i < case_count(); i++) {
    const char *suite = cases()[i].suite;
    bool seen = false;
    for (int j = 0; j < i; j++) seen = seen || strcmp(cases()[j].suite, suite) == 0;
    if (seen) continue;
    int passed = 0, failed = 0;
    for (int j = i; j < case_count(); j++) {
      if (strcmp(cases()[j].suite, suite) != 0) continue;
      current_case() = &cases()[j];
      current_failures() = 0;
      cases()[j].fn();
      if (current_failures() == 0) passed++;
      else failed++;
    }
    printf("suite %-12s %3d passed, %d failed\n", suite, passed, failed);
    total_passed += passed;
    total_failed += failed;
  }
  printf("TOTAL %d passed, %d failed\n", total_passed, total_failed);
  return total_failed;
}

}  // namespace tinytest

#define TT_CAT2(a, b) a##b
#define TT_CAT(a, b) TT_CAT2(a, b)
#define TEST(suite, name)                                                                   \
  static void TT_CAT(test_##suite##_, name)();                                              \
  static tinytest::Registrar TT_CAT(reg_##suite##_, name)(#suite, #name, TT_CAT(test_##suite##_, name)); \
  static void TT_CAT(test_##suite##_, name)()

#define CHECK(cond) tinytest::check((cond), __FILE__, __LINE__, #cond)
#define CHECK_EQ(a, b) \
  tinytest::check_int(static_cast<long long>(a), static_cast<long long>(b), __FILE__, __LINE__, #a " == " #b)
#define CHECK_STR(a, b) tinytest::check_str((a), (b), __FILE__, __LINE__, #a " == " #b)
#define CHECK_NEAR(a, b, tol) tinytest::check_near((a), (b), (tol), __FILE__, __LINE__, #a " ~ " #b)
