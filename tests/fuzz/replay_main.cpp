// Replays a fuzz target's corpus without libFuzzer (g++, part of `make test`): every file in
// the directories named on the command line goes through LLVMFuzzerTestOneInput once. A
// finding aborts the process, as it would under the fuzzer.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    for (int a = 1; a < argc; ++a)
        for (const auto& entry : std::filesystem::directory_iterator(argv[a])) {
            if (!entry.is_regular_file()) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++replayed;
        }
    if (replayed == 0) {
        std::cerr << "replay: no corpus files found\n";
        return 1;
    }
    std::cout << "replayed " << replayed << " corpus files\n";
    return 0;
}
