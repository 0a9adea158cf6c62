#pragma once
// Numbers as report text. fmt never consults the locale unless asked, so a report written
// under de_DE reads 0.5, not 0,5.
#include <optional>
#include <string>

namespace ratebench {

// `digits` significant digits, %g style: "0.9921", "1.235e-05", "NaN", "inf".
std::string number_text(double x, int digits = 4);
// As number_text, or an en dash when there is nothing to show.
std::string number_text(const std::optional<double>& x, int digits = 4);
// Wall-clock durations: "0.65 s", "12.3 s", "4.2 min".
std::string seconds_text(double seconds);
// A short duration with its unit, three significant digits: "23.4 ms", "200 µs", "1.5 ns".
std::string duration_text(double seconds);
// A fraction as a percentage without trailing noise: 0.05 -> "5%", 0.125 -> "12.5%".
std::string percent_text(double fraction);

}  // namespace ratebench
