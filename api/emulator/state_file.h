// The emulator's --state file: every object (server-side keys included), the id generator and the
// emulator clock, so a restarted emulator answers as if it had never stopped. The change history is
// not kept: it describes one run. Written atomically with mode 0600 (it holds emulator private keys).
// Pure functions over EmulatorState; callers hold the Emulator's lock.
#pragma once

#include <cpprest/json.h>

#include <string>

#include "api/emulator/emulator_state.h"
#include "common/status.h"

namespace edgecert::emulator {

struct SavedState {
  EmulatorState state{1};
  TimePoint clock_now;  // the emulator time when saved; time never runs backwards across restarts
};

web::json::value EncodeState(const EmulatorState& state, TimePoint now);
Result<SavedState> DecodeState(const web::json::value& json);

Status SaveStateFile(const std::string& path, const EmulatorState& state, TimePoint now);
// A missing file is NotFound (start empty); a corrupt one is InvalidArgument naming the path.
Result<SavedState> LoadStateFile(const std::string& path);

}  // namespace edgecert::emulator
