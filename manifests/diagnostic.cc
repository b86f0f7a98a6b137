#include "manifests/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace edgecert::manifests {

std::string Diagnostic::Format() const {
  std::string out = location.file;
  out += ':' + std::to_string(location.line) + ':' + std::to_string(location.column) + ": ";
  if (!kind.empty()) {
    out += kind + '/' + (name.empty() ? std::string("<unnamed>") : name) + ": ";
  }
  out += message;
  return out;
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column, a.message) <
           std::tie(b.location.file, b.location.line, b.location.column, b.message);
  });
}

}  // namespace edgecert::manifests
