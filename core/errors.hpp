#pragma once
// Bad input (a file, a parameter) is an InputError whose message names the place, the problem
// and, where there is one, the fix. Numerical trouble is never an exception: it is an outcome.
#include <stdexcept>

namespace ratebench {

struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace ratebench
