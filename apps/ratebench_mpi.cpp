// ratebench_mpi: `mpirun -n P ratebench_mpi run ...`, the same run command line as ratebench,
// its units spread over MPI ranks (driver/mpi/). Parsing and MPI set-up only.
#include "apps/run_options.hpp"
#include "core/errors.hpp"
#include "driver/mpi/mpi_run.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <mpi.h>

int main(int argc, char** argv) {
    using namespace ratebench;
    // OpenMP threads inside a rank; only the main thread calls MPI.
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    CLI::App app{"ratebench_mpi: ratebench run with the work units spread over MPI ranks"};
    app.require_subcommand(1);
    RunOptions run;
    add_run_subcommand(app, run);
    int code = 0;
    try {
        app.parse(argc, argv);
        code = mpi_run_command(run, MPI_COMM_WORLD, std::cout, std::cerr);
    } catch (const CLI::CallForHelp& e) {
        code = rank == 0 ? app.exit(e) : 0;
    } catch (const CLI::ParseError& e) {
        // Every rank parses the same arguments and fails alike; one reports.
        if (rank == 0) std::cerr << "ratebench_mpi: error: " << e.what() << " (see --help)\n";
        code = 2;
    } catch (const std::exception& e) {
        // Past planning, ranks wait for each other: a failure here must end the whole job.
        const bool input = dynamic_cast<const InputError*>(&e) || dynamic_cast<const std::filesystem::filesystem_error*>(&e);
        std::cerr << "ratebench_mpi: rank " << rank << " of " << size << ": " << (input ? "error: " : "internal error (please report): ")
                  << e.what() << '\n';
        const int failed = input ? 2 : 70;
        if (size > 1) MPI_Abort(MPI_COMM_WORLD, failed);
        code = failed;
    }
    MPI_Finalize();
    return code;
}
