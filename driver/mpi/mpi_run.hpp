#pragma once
// `ratebench_mpi run ...` (DESIGN.md s.9): the run command with a scenario's units spread over
// MPI ranks. Built only when CMake finds MPI, so the plain ratebench never links it.
#include "driver/commands.hpp"

#include <iosfwd>
#include <mpi.h>

namespace ratebench {

// Every rank calls this after MPI_Init. Bad input is found by every rank alike and reported
// once (exit 2, nothing run). A rank that fails later reports and calls MPI_Abort: the job
// ends rather than hangs in a collective. The scenarios already written stay for --resume, and
// so do the units every rank had finished (checkpointed in --out, which all ranks share).
int mpi_run_command(const RunOptions& options, MPI_Comm comm, std::ostream& out, std::ostream& err);

}  // namespace ratebench
