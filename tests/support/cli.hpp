#pragma once
// Runs the ratebench binary as a user would, capturing exit code, stdout and stderr.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace ratebench::testing {

struct CliResult {
    int exit_code;
    std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A fresh, empty directory under the system temp dir, unique per process and name.
inline std::filesystem::path scratch_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ratebench-test-" + std::to_string(getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline CliResult run_command_line(const std::string& prefix, const std::string& args) {
    static const auto io = scratch_dir("cli-io");
    const auto out = io / "stdout", err = io / "stderr";
    const std::string command = prefix + std::string(RATEBENCH_BINARY) + " " + args +
                                " </dev/null >" + out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out), slurp(err)};
}

inline CliResult run_cli(const std::string& args) { return run_command_line("", args); }

// Sends SIGTERM after `seconds`; the exit code is the program's own (128 + signal if killed).
inline CliResult run_cli_with_timeout(const std::string& args, int seconds) {
    return run_command_line("timeout --preserve-status -s TERM " + std::to_string(seconds) + " ", args);
}

}  // namespace ratebench::testing
