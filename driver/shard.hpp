#pragma once
// Splitting work units into slices (DESIGN.md s.9): `--shard K/N` runs the K-th of N slices of
// all units of the selection, and ratebench_mpi gives each rank one slice of a scenario's
// units. The split depends on the units alone (never on threads, ranks' speed or clocks), so
// every process computes the same one without talking to the others.
#include <cstddef>
#include <string>
#include <vector>

namespace ratebench {

struct Shard {
    int index = 1;  // K, 1-based
    int count = 1;  // N
};

// "K/N" with 1 <= K <= N. Throws InputError naming the text and the rule.
Shard parse_shard(const std::string& text);
std::string to_string(const Shard& shard);  // "K/N"

struct UnitCost {
    std::string scenario;
    std::size_t unit = 0;  // index in its scenario's plan
    double cost = 1.0;     // declared, relative
};

// The slice (0-based) of each unit, balanced by declared cost: longest processing time first,
// units sorted by (cost descending, scenario id, unit index), each given to the slice with the
// least cost so far (ties: the lowest slice). Throws std::invalid_argument for a cost that is
// not a positive finite number (a scenario's bug, not the user's input).
std::vector<int> assign_slices(const std::vector<UnitCost>& units, int slices);

}  // namespace ratebench
