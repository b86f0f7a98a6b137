// Diagnostic: one problem found while loading manifests, with where it is and what it concerns.
// Plain value; safe to copy between threads.
#pragma once

#include <string>
#include <vector>

namespace edgecert::manifests {

// A position in a manifest file; line and column count from 1 (0 means "the whole file").
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool operator==(const SourceLocation&) const = default;
};

struct Diagnostic {
  SourceLocation location;
  std::string kind;     // e.g. "CertificatePack"; empty when the document's kind is not known
  std::string name;     // metadata.name; empty when not known
  std::string message;  // the cause, naming the field and what is allowed
  int system_error = 0;  // the errno when reading failed in the OS (EMFILE, EIO, ...); 0 otherwise

  // "file:line:col: Kind/name: message" (the "Kind/name: " part only when the kind is known).
  std::string Format() const;
};

// Orders by file, line, column, then message, so reports are stable whatever the check order.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace edgecert::manifests
