#include "driver/interrupt.hpp"

#include "reports/result_file.hpp"

#include <csignal>
#include <unistd.h>

namespace ratebench {
namespace {

extern "C" void on_signal(int sig) {
    // Only async-signal-safe calls here: unlink, signal, raise.
    const char* pending = pending_result_file();
    if (pending[0] != '\0') unlink(pending);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace

void remove_pending_result_on_signal() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        sigaction(sig, &action, nullptr);
    }
}

}  // namespace ratebench
