#pragma once
// SIGINT, SIGTERM and SIGHUP end a run as the default action would (exit status 128 + signal,
// e.g. 130 for Ctrl-C), after removing the temporary file of a result being written: finished
// scenarios stay, the current one leaves no result file, and --resume completes the rest,
// reading back the current scenario's units that were already checkpointed
// (driver/unit_store.hpp; a checkpoint being written leaves a hidden temporary file, never read).
namespace ratebench {

void remove_pending_result_on_signal();

}  // namespace ratebench
